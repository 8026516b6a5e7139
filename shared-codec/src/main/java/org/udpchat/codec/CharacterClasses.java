package org.udpchat.codec;

/** The kinds of characters that could forge a line or hide in a name. */
final class CharacterClasses {

    /** Joins emoji into one picture (👨‍👩‍👧) and shapes Indic and Persian words; cannot move or break text. */
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;

    /** Renders as an empty cell in most fonts, yet is neither whitespace nor default-ignorable. */
    static final int BRAILLE_BLANK = 0x2800;

    private CharacterClasses() {}

    /**
     * Characters that show as blank space or as nothing: Unicode's White_Space and space separators, the
     * default-ignorable characters (Hangul fillers among them, which render as wide blanks) and the blank
     * Braille pattern. A run of them can push what follows to the start of a terminal's next row.
     */
    static boolean isBlank(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || isInvisible(codePoint)
                || codePoint == BRAILLE_BLANK;
    }

    /** The two joiners, which a text may hold only between two visible characters ({@link ChatText#check}). */
    static boolean isJoiner(int codePoint) {
        return codePoint == ZERO_WIDTH_JOINER || codePoint == ZERO_WIDTH_NON_JOINER;
    }

    /**
     * Variation selectors (VS1–16, and the supplement's VS17–256): invisible, yet part of the character
     * before them, as in an emoji's presentation form (U+2764 U+FE0F).
     */
    static boolean isVariationSelector(int codePoint) {
        return (codePoint >= 0xFE00 && codePoint <= 0xFE0F) || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }

    /**
     * Characters no chat text may hold: controls (a newline would fake a whole line, an escape sequence
     * would repaint the terminal), format characters (bidi overrides and isolates reorder what is shown),
     * line and paragraph separators, and lone surrogates. The two joiners are the exception, see above: where
     * they may stand is {@link ChatText#check}'s rule.
     */
    static boolean isForbiddenInText(int codePoint) {
        if (codePoint == ZERO_WIDTH_JOINER || codePoint == ZERO_WIDTH_NON_JOINER) {
            return false;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Characters that render as nothing, so that two different names would look the same: Unicode's
     * Default_Ignorable_Code_Point set (joiners, variation selectors, fillers and the like).
     */
    static boolean isInvisible(int c) {
        return c == 0x00AD
                || c == 0x034F
                || c == 0x061C
                || c == 0x115F
                || c == 0x1160
                || (c >= 0x17B4 && c <= 0x17B5)
                || (c >= 0x180B && c <= 0x180F)
                || (c >= 0x200B && c <= 0x200F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2060 && c <= 0x206F)
                || c == 0x3164
                || (c >= 0xFE00 && c <= 0xFE0F)
                || c == 0xFEFF
                || c == 0xFFA0
                || (c >= 0xFFF0 && c <= 0xFFF8)
                || (c >= 0x1BCA0 && c <= 0x1BCA3)
                || (c >= 0x1D173 && c <= 0x1D17A)
                || (c >= 0xE0000 && c <= 0xE0FFF);
    }
}
