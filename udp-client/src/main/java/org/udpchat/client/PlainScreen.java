package org.udpchat.client;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The screen when stdin or stdout is not a terminal (a script, a pipe, a test): stdout, one message per
 * line, and stderr for problems, so that a script reads only chat. No prompt, no colour; a local
 * {@code HH:mm} before each line only when asked ({@code --timestamps}). Each call is one
 * {@code println}, which {@link PrintStream} makes atomic, so lines never interleave.
 */
final class PlainScreen implements Screen {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final PrintStream out;
    private final PrintStream err;
    private final Optional<Clock> timestamps;

    /** Messages go to {@code out}, problems to {@code err}; no timestamps. */
    PlainScreen(PrintStream out, PrintStream err) {
        this(out, err, Optional.empty());
    }

    /** As above, each line after the local time of {@code timestamps}, if given. */
    PlainScreen(PrintStream out, PrintStream err, Optional<Clock> timestamps) {
        this.out = out;
        this.err = err;
        this.timestamps = timestamps;
    }

    @Override
    public void show(LineKind kind, String text) {
        String line = timestamps
                .filter(clock -> kind != LineKind.HISTORY) // it carries the time it was said
                .map(clock -> LocalTime.now(clock).format(TIME) + " " + text)
                .orElse(text);
        (kind == LineKind.PROBLEM ? err : out).println(line);
    }
}
