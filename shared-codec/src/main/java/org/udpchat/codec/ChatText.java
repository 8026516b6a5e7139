package org.udpchat.codec;

import java.util.Optional;

/**
 * Which texts may be said in the room: members' chat, actions and private messages, and the operator's
 * announcements, which are spared the rule against long blank runs.
 */
public final class ChatText {

    /**
     * The most blank characters a member's text may hold in a row: enough to line things up, too few to
     * push a forged line to the start of a terminal's next row.
     */
    public static final int MAX_BLANK_RUN = 8;

    /** The rules a text can break, in the order they are checked. */
    public enum Problem {
        /**
         * Nothing to read: empty, or only blank characters ({@link #isBlank}). A blank line is not chat; it
         * would reach every member as {@code alice :}.
         */
        EMPTY,
        TOO_LONG,
        /**
         * A control, format or separator character, or a joiner (ZWJ, ZWNJ) that does not stand alone between
         * two visible characters (see {@link #check}).
         */
        INVISIBLE_OR_CONTROL,
        /** More than {@link #MAX_BLANK_RUN} blank characters in a row (see {@link CharacterClasses#isBlank}). */
        BLANK_RUN,
        /**
         * The text holds what looks like the announcement's prefix, {@code 管理员 :}. Only the server finds
         * this one: it takes Unicode's confusable data, which the codec does without.
         */
        LOOKS_LIKE_ANNOUNCEMENT
    }

    private ChatText() {}

    /**
     * Whether {@code text} has nothing to read: it is empty, or every character in it is blank (whitespace,
     * a space separator, a default-ignorable character such as a joiner or a Hangul filler, or the blank
     * Braille pattern). Such a text is refused as {@link Problem#EMPTY}; a client does not send it at all.
     */
    public static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!CharacterClasses.isBlank(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * The first rule {@code text}, said by member {@code name}, breaks, or empty when it may be relayed,
     * as far as the codec can tell (never {@link Problem#LOOKS_LIKE_ANNOUNCEMENT}). The text is too long
     * when the line every member receives, {@code <name> : <text>}, would not fit in one datagram; the
     * client refuses such a line rather than cut it.
     *
     * <p>The two joiners, ZERO WIDTH JOINER (U+200D) and ZERO WIDTH NON-JOINER (U+200C), are format
     * characters that a text may hold only where they do their work: one at a time, between two visible
     * characters (an emoji and the next in 👩‍👩‍👧, two letters of a Persian or Indic word). A variation
     * selector counts as visible there, since it belongs to the character before it (❤️‍🔥). Anywhere else,
     * at an end, beside a blank or beside another joiner, a joiner joins nothing and only hides: it is
     * refused as {@link Problem#INVISIBLE_OR_CONTROL}, as every other format character is.
     */
    public static Optional<Problem> check(String name, String text) {
        Optional<Problem> shape = checkShape(name, text);
        if (shape.isPresent()) {
            return shape;
        }
        return hasLongBlankRun(text) ? Optional.of(Problem.BLANK_RUN) : Optional.empty();
    }

    /**
     * As {@link #check}, for the operator's announcements and kick reasons: they may hold blank runs, since
     * nobody can forge a line by them.
     */
    public static Optional<Problem> checkAnnouncement(String text) {
        return checkShape(Names.ADMINISTRATOR, text);
    }

    private static boolean hasLongBlankRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            run = CharacterClasses.isBlank(codePoint) ? run + 1 : 0;
            if (run > MAX_BLANK_RUN) {
                return true;
            }
            i += Character.charCount(codePoint);
        }
        return false;
    }

    private static Optional<Problem> checkShape(String name, String text) {
        if (text.isEmpty()) {
            return Optional.of(Problem.EMPTY);
        }
        if (ServerPacket.Line.chatLength(name, text) > Limits.MAX_DATAGRAM_BYTES) {
            return Optional.of(Problem.TOO_LONG);
        }
        int before = -1; // the code point before the one looked at; -1 at the start
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            if (CharacterClasses.isForbiddenInText(codePoint)) {
                return Optional.of(Problem.INVISIBLE_OR_CONTROL);
            }
            if (CharacterClasses.isJoiner(codePoint)
                    && !(joinable(before) && next < text.length() && joinable(text.codePointAt(next)))) {
                return Optional.of(Problem.INVISIBLE_OR_CONTROL);
            }
            before = codePoint;
            i = next;
        }
        // after the characters: a text of joiners alone is refused for them, not as blank
        return isBlank(text) ? Optional.of(Problem.EMPTY) : Optional.empty();
    }

    /** Whether a joiner may stand beside {@code codePoint} (-1: no character, the text's end). */
    private static boolean joinable(int codePoint) {
        return codePoint >= 0
                && !CharacterClasses.isJoiner(codePoint)
                && (!CharacterClasses.isBlank(codePoint) || CharacterClasses.isVariationSelector(codePoint));
    }

    /**
     * The bytes a private message's text gives up to the mark that tells a classic recipient it is
     * private: {@code alice (private) : hi} is longer than {@code alice : hi} by at most this much, in
     * every language the server speaks.
     */
    public static final int PRIVATE_MARK_BYTES = 12;

    /**
     * As {@link #check}, for a private message from {@code name}: its text has {@link #PRIVATE_MARK_BYTES}
     * fewer bytes to use. (An action, {@code * alice waves}, takes as many bytes as {@code alice : waves},
     * so {@link #check} holds for it as it is.)
     */
    public static Optional<Problem> checkPrivate(String name, String text) {
        if (!text.isEmpty() && Utf8.encodedLength(text) > maxPrivateBytes(name)) {
            return Optional.of(Problem.TOO_LONG); // before the characters, as check does
        }
        return check(name, text);
    }

    /** The most UTF-8 bytes a private message from {@code name} may take. */
    public static int maxPrivateBytes(String name) {
        return maxBytes(name) - PRIVATE_MARK_BYTES;
    }

    /** The most UTF-8 bytes a text said by {@code name} may take. */
    public static int maxBytes(String name) {
        return Limits.MAX_DATAGRAM_BYTES - ServerPacket.Line.chatLength(name, "");
    }

    /**
     * {@code text} made safe to print as one line: surrounding whitespace trimmed, each line break
     * turned into a space and every other character a chat text may not hold into U+FFFD. For showing
     * text from servers that do not follow these rules (the classic one wraps its notices in newlines).
     */
    public static String printable(String text) {
        String trimmed = text.strip();
        StringBuilder shown = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); ) {
            int codePoint = trimmed.codePointAt(i);
            if (codePoint == '\n' || codePoint == '\r') {
                shown.append(' ');
            } else if (CharacterClasses.isForbiddenInText(codePoint)) {
                shown.append('\uFFFD');
            } else {
                shown.appendCodePoint(codePoint);
            }
            i += Character.charCount(codePoint);
        }
        return shown.toString();
    }
}
