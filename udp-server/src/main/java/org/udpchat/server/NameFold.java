package org.udpchat.server;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UCharacterCategory;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.Collections;
import java.util.Set;

/**
 * What a name or a text looks like, with the differences a reader cannot see taken out: Unicode's own
 * answer (UTS #39 confusable skeletons, from ICU4J) rather than a hand-kept list.
 *
 * <p>A name's <em>fold</em> is: NFKC; then punctuation, symbols, separators, format and default-ignorable
 * characters dropped; then the UTS #39 skeleton; then case folding. The skeleton comes before case folding
 * so that {@code aIice} (capital I) folds like {@code alice}. That order alone would part {@code ＡＤＭＩＮ}
 * ({@code admln}: the skeleton turns capital I into l) from {@code admin} ({@code adrnin}: m looks like rn),
 * so a name has two folds, of itself and of its case-folded self, and two names look alike when their
 * folds meet. Owned by the relay thread, its only user: it remembers the last name it folded.
 */
final class NameFold {

    private final Normalizer2 nfkc = Normalizer2.getNFKCInstance();
    private final SpoofChecker skeletons =
            new SpoofChecker.Builder().setChecks(SpoofChecker.CONFUSABLE).build();

    /**
     * The name last folded, and its folds: one join asks for the same name's folds several times (is it the
     * administrator's? like a present member's? then to index it), and folding is the costliest step of a
     * join; a join storm asks for ten thousand names, each several times in a row.
     */
    private String lastName;

    private Set<String> lastFolds;

    /** The folds of {@code name}: one, or two when case folding first makes a difference. Immutable. */
    Set<String> of(String name) {
        if (name.equals(lastName)) {
            return lastFolds;
        }
        String asIs = fold(name);
        String caseFoldedFirst = fold(UCharacter.foldCase(name, true));
        lastFolds = asIs.equals(caseFoldedFirst) ? Set.of(asIs) : Set.of(asIs, caseFoldedFirst);
        lastName = name;
        return lastFolds;
    }

    /** Whether two sets of folds share one: whether their names look alike. */
    static boolean meet(Set<String> folds, Set<String> others) {
        return !Collections.disjoint(folds, others);
    }

    private String fold(String name) {
        String normal = nfkc.normalize(name);
        String letters = dropUnseen(normal);
        // A name of nothing but symbols keeps them: else every such name would look like every other.
        String shown = letters.isEmpty() ? normal : letters;
        return UCharacter.foldCase(skeletons.getSkeleton(shown), true);
    }

    /** Punctuation that never passes for a colon; see {@link #ofText}. */
    private static final String PLAINLY_NOT_A_COLON =
            ",.?!'\"、。，．？！\u2018\u2019\u201C\u201D\u2026\u00B7\u30FB~+-=<>^`|/\\*&%#@";

    /**
     * {@code text} as it shows, for finding a forged prefix in it. First every punctuation mark or math
     * symbol that is not plainly something else (a comma, a full stop, a question or exclamation mark, a
     * quote) is written as a colon: the confusable data does not map every mark drawn as two dots (U+FE30,
     * U+1361, U+1804, U+2E2C), and a text is better refused than relayed as a forged announcement. Then
     * NFKC and the skeleton (the look-alikes of a colon ICU knows, such as U+02D0, become a colon), then
     * blanks, combining marks and the remaining punctuation and symbols dropped. {@code 管理员 ：},
     * {@code 管理员̲:} and {@code 管理员 ፡} all show as {@code 管理员:}.
     */
    String ofText(String text) {
        String skeleton = skeletons.getSkeleton(nfkc.normalize(colonsMarked(text)));
        StringBuilder shown = new StringBuilder(skeleton.length());
        for (int i = 0; i < skeleton.length(); ) {
            int codePoint = skeleton.codePointAt(i);
            if (codePoint == ':' || !isUnseenInText(codePoint)) {
                shown.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return shown.toString();
    }

    /** {@code text} with every mark that may be drawn as a colon written as one, before NFKC can turn U+FE30 into U+2025. */
    private static String colonsMarked(String text) {
        StringBuilder marked = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (mayBeDrawnAsAColon(codePoint)) {
                marked.append(':');
            } else {
                marked.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return marked.toString();
    }

    /** Punctuation that is not plainly something else: see {@link #ofText}. */
    private static boolean mayBeDrawnAsAColon(int codePoint) {
        if (PLAINLY_NOT_A_COLON.indexOf(codePoint) >= 0) {
            return false;
        }
        switch (UCharacter.getType(codePoint)) {
            case UCharacterCategory.OTHER_PUNCTUATION:
            case UCharacterCategory.MATH_SYMBOL:
            case UCharacterCategory.MODIFIER_SYMBOL:
                return true;
            default:
                return false;
        }
    }

    private static String dropUnseen(String name) {
        StringBuilder kept = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (!isPunctuationOrBlank(codePoint)) {
                kept.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return kept.toString();
    }

    /** Punctuation, symbols, separators, format and default-ignorable characters: dropped from a name's fold. */
    private static boolean isPunctuationOrBlank(int codePoint) {
        if (UCharacter.hasBinaryProperty(codePoint, UProperty.DEFAULT_IGNORABLE_CODE_POINT)
                || UCharacter.isUWhiteSpace(codePoint)) {
            return true;
        }
        switch (UCharacter.getType(codePoint)) {
            case UCharacterCategory.CONNECTOR_PUNCTUATION:
            case UCharacterCategory.DASH_PUNCTUATION:
            case UCharacterCategory.START_PUNCTUATION:
            case UCharacterCategory.END_PUNCTUATION:
            case UCharacterCategory.INITIAL_PUNCTUATION:
            case UCharacterCategory.FINAL_PUNCTUATION:
            case UCharacterCategory.OTHER_PUNCTUATION:
            case UCharacterCategory.MATH_SYMBOL:
            case UCharacterCategory.CURRENCY_SYMBOL:
            case UCharacterCategory.MODIFIER_SYMBOL:
            case UCharacterCategory.OTHER_SYMBOL:
            case UCharacterCategory.SPACE_SEPARATOR:
            case UCharacterCategory.LINE_SEPARATOR:
            case UCharacterCategory.PARAGRAPH_SEPARATOR:
            case UCharacterCategory.FORMAT:
            case UCharacterCategory.CONTROL:
                return true;
            default:
                return false;
        }
    }

    /** As {@link #isPunctuationOrBlank}, and combining marks and the blank Braille pattern too. */
    private static boolean isUnseenInText(int codePoint) {
        return isMark(codePoint) || codePoint == 0x2800 || isPunctuationOrBlank(codePoint);
    }

    /** A combining mark: non-spacing, spacing or enclosing. */
    static boolean isMark(int codePoint) {
        int type = UCharacter.getType(codePoint);
        return type == UCharacterCategory.NON_SPACING_MARK
                || type == UCharacterCategory.ENCLOSING_MARK
                || type == UCharacterCategory.COMBINING_SPACING_MARK;
    }
}
