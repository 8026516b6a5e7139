package org.udpchat.server;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;

/**
 * The name rules that need Unicode's data, beyond the shape {@link Names} checks: a name may not look like
 * the administrator's, nor mix scripts, nor carry a mark that stands apart from its letter. Whether it
 * looks like a present member's is {@link Rooms#memberLookingLike}'s question, with the same
 * {@link NameFold}. Owned by the relay thread.
 */
final class NameRules {

    /**
     * Names that would pass for the operator: the administrator in both scripts and the usual English
     * words. The console's prompt words are added to these (see the constructor).
     */
    private static final List<String> RESERVED =
            List.of(Names.ADMINISTRATOR, "管理員", "admin", "administrator", "operator", "root");

    /** No name may hold these anywhere, once folded: {@code 管理员_}, {@code [管理员]}, {@code 管理员̲}. */
    private static final List<String> NEVER_INSIDE = List.of(Names.ADMINISTRATOR, "管理員");

    private final NameFold fold;
    private final Set<String> reservedFolds = new HashSet<>();
    private final List<String> neverInsideFolds;
    private final Normalizer2 nfc = Normalizer2.getNFCInstance();
    private final SpoofChecker scripts = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .build();

    NameRules(NameFold fold) {
        this.fold = fold;
        for (String name : RESERVED) {
            reservedFolds.addAll(fold.of(name));
        }
        // The console's prompt (admin> or 管理员 :) in every language the server speaks: its fold drops
        // the punctuation and blanks, leaving the word that would pass for the operator.
        for (Locale language : List.of(Locale.CHINESE, Locale.ENGLISH)) {
            reservedFolds.addAll(fold.of(Texts.of(language).get("console.prompt")));
        }
        neverInsideFolds = NEVER_INSIDE.stream().map(fold::ofText).toList();
    }

    /**
     * Whether {@code name} looks like the administrator's: its fold meets a reserved name's, or holds
     * {@code 管理员} or {@code 管理員}. The caller has checked its shape.
     */
    Optional<Refusal> checkAdministrator(String name) {
        Set<String> folds = fold.of(name);
        if (NameFold.meet(folds, reservedFolds) || holdsAdministrator(folds)) {
            return Optional.of(new Refusal(RefusalReason.NAME_LOOKS_LIKE, 0)); // no subject: the administrator
        }
        return Optional.empty();
    }

    /**
     * Whether {@code name} mixes scripts beyond UTS #39's moderately restrictive level (Latin with Cyrillic
     * or Greek, say) or holds invisible characters, as ICU's SpoofChecker finds, or carries a stray mark.
     */
    Optional<Refusal> checkScripts(String name) {
        if (scripts.failsChecks(name) || hasStrayMark(name)) {
            return Optional.of(new Refusal(RefusalReason.NAME_MIXED_SCRIPTS, 0));
        }
        return Optional.empty();
    }

    private boolean holdsAdministrator(Set<String> folds) {
        for (String folded : folds) {
            for (String administrator : neverInsideFolds) {
                if (folded.contains(administrator)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code name}, composed (NFC), still has a combining mark that does not belong with its letter:
     * one with no letter before it, one on a Han character, or one whose scripts (Script_Extensions) do not
     * include its letter's. Thai and Devanagari vowel signs never compose yet belong to their letters, so
     * they pass; {@code a} + U+0301 composes to {@code á}, and {@code a} + U+0332 (a low line, of no script)
     * is refused.
     */
    private boolean hasStrayMark(String name) {
        String composed = nfc.normalize(name);
        int base = -1;
        for (int i = 0; i < composed.length(); ) {
            int codePoint = composed.codePointAt(i);
            if (NameFold.isMark(codePoint)) {
                if (base < 0) {
                    return true;
                }
                int script = UScript.getScript(base);
                if (script == UScript.HAN || !UScript.hasScript(codePoint, script)) {
                    return true;
                }
            } else {
                base = codePoint;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }
}
