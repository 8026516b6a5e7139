package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * An xterm for tests: a keyboard the test types on, a JLine terminal over it for the program, and the
 * {@link VirtualScreen} it writes to, with waits (under a deadline) for what the screen shows.
 */
final class VirtualTerminal implements AutoCloseable {

    static final long DEADLINE_MILLIS = 5_000;

    private final int columns;
    private final int rows;
    final VirtualScreen screen;
    private PipedOutputStream keys;

    VirtualTerminal(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        this.screen = new VirtualScreen(columns, rows);
    }

    /** A new JLine terminal on the same screen, reading what is typed from now on. */
    Terminal open() throws IOException {
        if (keys != null) {
            keys.close();
        }
        keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 4096);
        return TerminalBuilder.builder()
                .system(false)
                .streams(in, screen)
                .type("xterm-256color")
                .size(new Size(columns, rows))
                .encoding(StandardCharsets.UTF_8)
                .build();
    }

    /** Types {@code text}: keys as an xterm sends them (Enter is {@code \r}, Ctrl-C {@code \003}). */
    void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Waits until {@code condition} holds of the screen's lines; returns them. */
    List<String> awaitScreen(String what, Predicate<List<String>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        List<String> lines = screen.lines();
        while (!condition.test(lines)) {
            if (System.nanoTime() - deadline > 0) {
                fail("the screen never showed " + what + "; it shows:\n" + String.join("\n", lines) + "\nfrom:\n"
                        + screen.written());
            }
            Thread.sleep(5); // polling under a deadline: the program's threads write when they will
            lines = screen.lines();
        }
        return lines;
    }

    /** Waits until the last line on the screen is {@code expected}; returns the lines. */
    List<String> awaitLastLine(String expected) throws InterruptedException {
        return awaitScreen(
                "'" + expected + "' last",
                lines -> !lines.isEmpty() && lines.get(lines.size() - 1).equals(expected));
    }

    @Override
    public void close() throws IOException {
        if (keys != null) {
            keys.close();
        }
    }
}
