package org.udpchat.client;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** One line per option, {@code --name ARG} in a column and the description beside it. */
final class OptionsHelp {

    private static final int COLUMN = 26;

    private OptionsHelp() {}

    static String describe(Options options) {
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
