package org.udpchat.codec;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which names may join the room, and when two names are the same name.
 *
 * <p>Two names are the same when their {@linkplain #key keys} are equal: NFKC-normalised and case-folded,
 * so that {@code Bob}, {@code BOB} and the full-width {@code Ｂｏｂ} cannot sit in one room pretending to
 * be different people, and no spelling of {@link #ADMINISTRATOR} can be taken.
 */
public final class Names {

    /** The name admin announcements are shown under; no member may join or speak as it. */
    public static final String ADMINISTRATOR = "管理员";

    /** Reserved keys: the administrator, and its traditional-script twin, which looks the same at a glance. */
    private static final Set<String> RESERVED_KEYS = Set.of(key(ADMINISTRATOR), key("管理員"));

    /** The rules a name can break, in the order they are checked. */
    public enum Problem {
        EMPTY,
        TOO_LONG,
        WHITESPACE,
        INVISIBLE_OR_CONTROL,
        RESERVED
    }

    private Names() {}

    /**
     * The first rule {@code name} breaks, or empty when it may join. The caller trims first: classic
     * clients may send spaces around the name, and they are not part of it.
     */
    public static Optional<Problem> check(String name) {
        Optional<Problem> shape = checkShape(name);
        if (shape.isPresent()) {
            return shape;
        }
        return isReserved(name) ? Optional.of(Problem.RESERVED) : Optional.empty();
    }

    /**
     * The rules every name of a person or a room keeps: not empty, at most {@link Limits#MAX_NAME_CODE_POINTS}
     * characters, no whitespace, nothing invisible or controlling. Never {@link Problem#RESERVED}.
     */
    static Optional<Problem> checkShape(String name) {
        if (name.isEmpty()) {
            return Optional.of(Problem.EMPTY);
        }
        if (name.codePointCount(0, name.length()) > Limits.MAX_NAME_CODE_POINTS) {
            return Optional.of(Problem.TOO_LONG);
        }
        for (int i = 0; i < name.length(); ) {
            int codePoint = name.codePointAt(i);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                return Optional.of(Problem.WHITESPACE);
            }
            if (CharacterClasses.isForbiddenInText(codePoint)
                    || CharacterClasses.isInvisible(codePoint)
                    || codePoint == CharacterClasses.BRAILLE_BLANK) {
                return Optional.of(Problem.INVISIBLE_OR_CONTROL);
            }
            i += Character.charCount(codePoint);
        }
        return Optional.empty();
    }

    /** Whether {@code name} is, or looks like, the administrator's. */
    public static boolean isReserved(String name) {
        return RESERVED_KEYS.contains(key(name));
    }

    /**
     * The form names are compared in: NFKC (full-width and compatibility forms become plain ones), then
     * case-folded (upper- then lower-casing also folds ß to ss and final sigma), then NFKC again because
     * case mapping can denormalise.
     */
    public static String key(String name) {
        String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }
}
