package org.udpchat.server.console;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The program's long options ({@code --name ARG}): how one is made, and how {@code --help} lists them, one
 * line each, the name in a column and the description beside it, wrapped to an 80-column terminal by what
 * it shows (a Chinese character is two columns, and a line may break between two of them).
 */
public final class LongOptions {

    /** The terminal {@code --help} is written for. */
    static final int WIDTH = 80;

    private static final int COLUMN = 26;

    /** Chinese punctuation that must not begin a line, and that which must not end one. */
    private static final String CLOSING = "，。、；：！？）」』》";

    private static final String OPENING = "（「『《";

    private LongOptions() {}

    /** {@code --name ARG}: an option that takes a value, shown in help as {@code argName}. */
    public static Option withArgument(String name, String argName) {
        return Option.builder().longOpt(name).hasArg().argName(argName).get();
    }

    /** {@code --name [ARG]}: an option whose value may be left out, shown in help as {@code [argName]}. */
    public static Option withOptionalArgument(String name, String argName) {
        return Option.builder()
                .longOpt(name)
                .hasArg()
                .optionalArg(true)
                .argName(argName)
                .get();
    }

    /** {@code --name}: an option that takes no value. */
    public static Option flag(String name) {
        return Option.builder().longOpt(name).get();
    }

    /**
     * The options of {@code options} in the order they were added, each {@code description} beside its
     * name and wrapped to {@value #WIDTH} columns (under the name when the name is too long to leave room).
     */
    public static String describe(Options options, Function<Option, String> description) {
        StringBuilder text = new StringBuilder();
        for (Option option : options.getOptions()) {
            String name = "  --" + option.getLongOpt() + argument(option);
            text.append(name);
            if (name.length() < COLUMN) {
                text.append(" ".repeat(COLUMN - name.length()));
            } else {
                text.append('\n').append(" ".repeat(COLUMN));
            }
            text.append(String.join("\n" + " ".repeat(COLUMN), wrap(description.apply(option), WIDTH - COLUMN)))
                    .append('\n');
        }
        return text.toString();
    }

    private static String argument(Option option) {
        if (!option.hasArg()) {
            return "";
        }
        return option.hasOptionalArg() ? " [" + option.getArgName() + "]" : " " + option.getArgName();
    }

    /**
     * {@code paragraph} in lines of at most {@code width} terminal columns, broken at spaces and between
     * Chinese characters (never before a closing mark such as {@code ，} or after an opening one).
     */
    static List<String> wrap(String paragraph, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int used = 0;
        boolean spaceBefore = false;
        for (int i = 0; i < paragraph.length(); ) {
            if (paragraph.charAt(i) == ' ') {
                spaceBefore = true;
                i++;
                continue;
            }
            int end = endOfWord(paragraph, i);
            String word = paragraph.substring(i, end);
            int wordWidth = Table.width(word);
            boolean space = spaceBefore && used > 0;
            if (used > 0 && used + (space ? 1 : 0) + wordWidth > width) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
                space = false;
            }
            line.append(space ? " " : "").append(word);
            used += (space ? 1 : 0) + wordWidth;
            spaceBefore = false;
            i = end;
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * Where the word at {@code start} ends: a run of letters up to a space or a wide character; or one wide
     * character. Either way with the closing marks after it, and with what follows when it is an opening
     * mark.
     */
    private static int endOfWord(String text, int start) {
        int end = start;
        int first = text.codePointAt(start);
        if (isWide(first)) {
            end += Character.charCount(first);
        } else {
            while (end < text.length() && text.charAt(end) != ' ' && !isWide(text.codePointAt(end))) {
                end += Character.charCount(text.codePointAt(end));
            }
        }
        while (end < text.length() && CLOSING.indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        if (OPENING.indexOf(text.charAt(end - 1)) >= 0 && end < text.length() && text.charAt(end) != ' ') {
            return endOfWord(text, end);
        }
        return end;
    }

    private static boolean isWide(int codePoint) {
        return Table.width(new String(Character.toChars(codePoint))) == 2;
    }
}
