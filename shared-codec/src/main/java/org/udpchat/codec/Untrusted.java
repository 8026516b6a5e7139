package org.udpchat.codec;

/** Showing text that came off the network in a message or a log line without letting it forge either. */
public final class Untrusted {

    private static final int QUOTE_LIMIT = 40;

    private Untrusted() {}

    /**
     * Quotes {@code text}: at most {@value #QUOTE_LIMIT} characters, with control, invisible and
     * direction-changing characters (and the quote and backslash themselves) shown as {@code \}{@code uXXXX}
     * escapes ({@code \}{@code u{XXXXX}} above U+FFFF).
     */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); ) {
            if (shown == QUOTE_LIMIT) {
                quoted.append('…');
                break;
            }
            int codePoint = text.codePointAt(i);
            if (CharacterClasses.isForbiddenInText(codePoint)
                    || CharacterClasses.isInvisible(codePoint)
                    || codePoint == '\''
                    || codePoint == '\\') {
                // \\u{1F600}-style above the BMP, so that five hex digits cannot be misread as four and a digit
                quoted.append(String.format(codePoint > 0xFFFF ? "\\u{%X}" : "\\u%04X", codePoint));
            } else {
                quoted.appendCodePoint(codePoint);
            }
            shown++;
            i += Character.charCount(codePoint);
        }
        return quoted.append('\'').toString();
    }
}
