package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A program's stdout or stderr under test: collects what it prints and waits for expected text. */
public final class CapturedOutput extends OutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    public PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        notifyAll();
    }

    public synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Waits up to {@code deadline} until everything printed so far satisfies {@code condition}. */
    public synchronized String await(Predicate<String> condition, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.test(text())) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                fail("waited " + deadline + " for " + what + "; the screen shows:\n" + text());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
        return text();
    }

    public String awaitContains(String expected) {
        return await(text -> text.contains(expected), Peer.DEADLINE, "'" + expected + "'");
    }

    /** The whole lines printed so far; a line still being printed is not one yet. */
    public List<String> lines() {
        String printed = text();
        return printed.substring(0, printed.lastIndexOf('\n') + 1).lines().toList();
    }

    /** Waits up to {@link Peer#DEADLINE} until a whole line printed so far is {@code line}. */
    public void awaitLine(String line) {
        awaitLine(line, Peer.DEADLINE);
    }

    /** Waits up to {@code deadline} until a whole line printed so far is {@code line}. */
    public void awaitLine(String line, Duration deadline) {
        await(
                printed -> firstLineMatching(Pattern.compile(Pattern.quote(line)), printed)
                        .isPresent(),
                deadline,
                "the line '" + line + "'");
    }

    /**
     * Waits up to {@link Peer#DEADLINE} until a whole line printed so far matches {@code pattern}; returns the
     * first that does.
     */
    public String awaitLineMatching(Pattern pattern) {
        String text = await(
                printed -> firstLineMatching(pattern, printed).isPresent(),
                Peer.DEADLINE,
                "a line matching " + pattern);
        return firstLineMatching(pattern, text).orElseThrow();
    }

    /** Only lines already ended count: a line still being printed may yet go on. */
    private static Optional<String> firstLineMatching(Pattern pattern, String printed) {
        return printed.substring(0, printed.lastIndexOf('\n') + 1)
                .lines()
                .filter(line -> pattern.matcher(line).matches())
                .findFirst();
    }
}
