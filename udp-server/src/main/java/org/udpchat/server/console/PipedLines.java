package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The operator's lines read plainly, one {@code readLine} each: from a pipe or a script (no prompt), or
 * from a terminal the line editor cannot drive (a prompt before each line, as before there was an editor).
 */
final class PipedLines implements ConsoleInput {

    private final BufferedReader in;
    private final PrintStream out;
    private final Optional<String> prompt;

    PipedLines(BufferedReader in, PrintStream out, Optional<String> prompt) {
        this.in = in;
        this.out = out;
        this.prompt = prompt;
    }

    @Override
    public Entry next() throws IOException {
        if (prompt.isPresent()) {
            out.print(prompt.get());
            out.flush();
        }
        String line = in.readLine();
        return line == null ? new End() : new Line(line);
    }

    @Override
    public boolean isEditor() {
        return false;
    }
}
