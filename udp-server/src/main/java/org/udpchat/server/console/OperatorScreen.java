package org.udpchat.server.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The operator's screen while the line editor is open: every whole line written to one of its {@link
 * #stream streams} (the console's answers, the server's notes, the log) is printed above the prompt, so
 * nothing lands inside the line being typed.
 *
 * <p>Life: the lines go through a bounded queue to the thread {@code operator-screen}, which alone prints
 * them ({@code LineReader.printAbove} takes the editor's lock). So the relay thread, which logs, never waits
 * for the editor: the console thread holds that lock while it completes a name, and completing a name asks
 * the relay. {@link #detach} prints what is queued, stops the thread, and from then on every stream writes
 * its lines straight to the stream it stands for, in order, as if there had been no editor.
 */
final class OperatorScreen {

    /** Lines waiting to be printed: enough for a burst of log lines; past it, writers wait, as on a slow tty. */
    private static final int QUEUE_LINES = 10_000;

    /** How long {@link #detach} waits for the queued lines to be printed. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private record Pending(String text, PrintStream plain) {}

    private static final Pending STOP = new Pending("", null);

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Consumer<String> printAbove;
    private final Thread printer;
    /** Guarded by {@code this}: once true, lines go straight to their plain stream. */
    private boolean detached;

    /** @param printAbove prints one line above the editor's prompt (and redraws what is being typed) */
    OperatorScreen(Consumer<String> printAbove) {
        this.printAbove = printAbove;
        this.printer = new Thread(this::print, "operator-screen");
        printer.setDaemon(true); // detach ends it; a process that halts must not wait for it
        printer.start();
    }

    /**
     * A stream whose whole lines go above the prompt while the editor is open, and to {@code plain} once it
     * is closed. Autoflush; UTF-8.
     */
    PrintStream stream(PrintStream plain) {
        return new PrintStream(new LineSink(plain), true, StandardCharsets.UTF_8);
    }

    /** Prints what is queued, stops the printer, and sends every later line to its plain stream. */
    synchronized void detach() {
        if (detached) {
            return;
        }
        detached = true;
        try {
            queue.put(STOP);
            printer.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void post(String line, PrintStream plain) {
        if (detached) {
            plain.println(line);
            plain.flush();
            return;
        }
        try {
            queue.put(new Pending(line, plain));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plain.println(line); // not lost, if out of place
        }
    }

    private void print() {
        try {
            for (Pending line = queue.take(); line != STOP; line = queue.take()) {
                try {
                    printAbove.accept(line.text());
                } catch (RuntimeException e) {
                    line.plain().println(line.text()); // the terminal failed: the line still goes somewhere
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects bytes into lines; a line is posted whole, without its line ending. */
    private final class LineSink extends OutputStream {

        private final PrintStream plain;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(PrintStream plain) {
            this.plain = plain;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                line.reset();
                post(new String(bytes, 0, length, StandardCharsets.UTF_8), plain);
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }
    }
}
