package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.ScreenTerminal;

/**
 * A JLine terminal for tests: keys typed into it, and what a real xterm of {@link #COLUMNS} by {@link
 * #ROWS} would show of what was printed to it (JLine's own screen emulator renders the escape sequences),
 * so a test reads the screen as the operator would. JLine reads the keys on its own thread: tests wait for
 * the screen with a deadline.
 */
final class VirtualTerminal implements AutoCloseable {

    static final int COLUMNS = 80;
    static final int ROWS = 24;

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    /** What a few special keys send, as an xterm sends it. */
    static final String ENTER = "\r";

    static final String TAB = "\t";
    static final String BACKSPACE = "\u007f";
    static final String CTRL_A = "\u0001";
    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";
    static final String CTRL_E = "\u0005";
    /** The editor puts the xterm in application cursor mode ({@code ESC[?1h}), where arrows send ESC O. */
    static final String LEFT = "\u001bOD";

    static final String UP = "\u001bOA";

    private final Keys keys = new Keys();
    private final Printed printed = new Printed();
    private final Terminal terminal;

    VirtualTerminal() throws IOException {
        terminal = TerminalBuilder.builder()
                .system(false)
                .streams(keys, printed)
                .type("xterm-256color")
                .size(new Size(COLUMNS, ROWS))
                .encoding(StandardCharsets.UTF_8)
                .build();
    }

    /** The terminal, for a {@link LineEditor} to own. */
    Terminal terminal() {
        return terminal;
    }

    /** Types {@code text}: characters and key sequences, as the keyboard sends them. */
    void type(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            keys.queue.add(b & 0xFF);
        }
    }

    /** The screen's rows now, without trailing blanks (trailing empty rows dropped). */
    List<String> screen() {
        ScreenTerminal screen = new ScreenTerminal(COLUMNS, ROWS);
        screen.write(printed.text());
        List<String> rows = Arrays.stream(screen.toString().split("\n", -1))
                .map(String::stripTrailing)
                .toList();
        int last = rows.size();
        while (last > 0 && rows.get(last - 1).isEmpty()) {
            last--;
        }
        return rows.subList(0, last);
    }

    /** Waits up to 10 s until the screen satisfies {@code condition}; fails showing the screen if not. */
    List<String> awaitScreen(String what, Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long seen = printed.writes();
        List<String> rows = screen();
        while (!condition.test(rows)) {
            if (System.nanoTime() > deadline) {
                fail("the screen never showed " + what + "; it shows:\n" + String.join("\n", rows) + "\nprinted: "
                        + printed.text().replace("\u001b", "ESC"));
            }
            printed.awaitWriteAfter(seen, deadline);
            seen = printed.writes();
            rows = screen();
        }
        return rows;
    }

    /** Waits until the screen's last row is {@code row}: the line being edited, for one. */
    List<String> awaitLastRow(String row) {
        return awaitScreen(
                "'" + row + "' on its last row",
                rows -> !rows.isEmpty() && rows.get(rows.size() - 1).equals(row));
    }

    /** Waits until some row of the screen is {@code row}. */
    List<String> awaitRow(String row) {
        return awaitScreen("the row '" + row + "'", rows -> rows.contains(row));
    }

    @Override
    public void close() throws IOException {
        keys.queue.add(-1);
        terminal.close();
    }

    /** The keyboard: bytes in the order typed; a read waits for the next key. */
    private static final class Keys extends InputStream {
        final BlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        private boolean ended;

        @Override
        public int read() throws IOException {
            if (ended) {
                return -1;
            }
            try {
                int b = queue.take();
                ended = b < 0;
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a key", e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int first = read();
            if (first < 0) {
                return -1;
            }
            buffer[offset] = (byte) first;
            int count = 1;
            while (count < length && !queue.isEmpty() && queue.peek() >= 0) {
                buffer[offset + count++] = (byte) (int) queue.poll();
            }
            return count;
        }

        @Override
        public int available() {
            return queue.size();
        }
    }

    /** Everything printed to the terminal, as bytes; waiters are woken by each write. */
    private static final class Printed extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long writes;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            writes++;
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int offset, int length) {
            bytes.write(b, offset, length);
            writes++;
            notifyAll();
        }

        synchronized long writes() {
            return writes;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** Waits until there are more than {@code seen} writes, or until {@code deadlineNanos}. */
        synchronized void awaitWriteAfter(long seen, long deadlineNanos) {
            long left = deadlineNanos - System.nanoTime();
            while (writes == seen && left > 0) {
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                left = deadlineNanos - System.nanoTime();
            }
        }
    }
}
