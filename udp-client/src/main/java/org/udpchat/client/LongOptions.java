package org.udpchat.client;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jline.utils.WCWidth;

/**
 * The program's long options ({@code --name ARG}): how one is made, and how {@code --help} lists them, one
 * line each, the name in a column and the description beside it.
 */
public final class LongOptions {

    private static final int COLUMN = 26;
    private static final int WIDTH = 80;

    private LongOptions() {}

    /** {@code --name ARG}: an option that takes a value, shown in help as {@code argName}. */
    public static Option withArgument(String name, String argName, String description) {
        return Option.builder()
                .longOpt(name)
                .hasArg()
                .argName(argName)
                .desc(description)
                .get();
    }

    /** {@code --name}: an option that takes no value. */
    public static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).get();
    }

    /**
     * The options of {@code options} in the order they were added, each description beside its name and
     * wrapped to an 80-column terminal (under the name when the name is too long to leave room).
     */
    public static String describe(Options options) {
        StringBuilder text = new StringBuilder();
        for (Option option : options.getOptions()) {
            String name = "  --" + option.getLongOpt() + (option.hasArg() ? " " + option.getArgName() : "");
            text.append(name);
            if (name.length() < COLUMN) {
                text.append(" ".repeat(COLUMN - name.length()));
            } else {
                text.append('\n').append(" ".repeat(COLUMN));
            }
            appendWrapped(option.getDescription(), text);
        }
        return text.toString();
    }

    /** Wraps at blanks, by the columns a terminal gives each word: two for each Chinese character. */
    private static void appendWrapped(String description, StringBuilder text) {
        int room = WIDTH - COLUMN;
        int used = 0;
        for (String word : description.split(" ")) {
            int width = word.codePoints()
                    .map(WCWidth::wcwidth)
                    .map(w -> Math.max(w, 0))
                    .sum();
            if (used > 0 && used + 1 + width > room) {
                text.append('\n').append(" ".repeat(COLUMN));
                used = 0;
            } else if (used > 0) {
                text.append(' ');
                used++;
            }
            text.append(word);
            used += width;
        }
        text.append('\n');
    }
}
