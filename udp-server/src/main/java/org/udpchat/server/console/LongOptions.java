package org.udpchat.server.console;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The program's long options ({@code --name ARG}): how one is made, and how {@code --help} lists them, one
 * line each, the name in a column and the description beside it.
 */
public final class LongOptions {

    private static final int COLUMN = 26;

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

    /** One line per option of {@code options}, in the order they were added. */
    public static String describe(Options options) {
        StringBuilder text = new StringBuilder();
        for (Option option : options.getOptions()) {
            String name = "  --" + option.getLongOpt() + (option.hasArg() ? " " + option.getArgName() : "");
            text.append(name);
            text.append(" ".repeat(Math.max(1, COLUMN - name.length())));
            text.append(option.getDescription()).append('\n');
        }
        return text.toString();
    }
}
