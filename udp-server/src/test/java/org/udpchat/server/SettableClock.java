package org.udpchat.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's clock for tests over real sockets: real time, as {@link MonotonicClock} keeps it (the
 * retransmission and acknowledgement timers need it to pass), plus whatever the test has moved it on, so
 * a ban or a mute of minutes can run out at once. The relay thread reads it while the test thread moves
 * it, hence the atomic offset.
 */
public final class SettableClock implements InstantSource {

    private final long originNanos = System.nanoTime();
    private final AtomicLong offsetMillis = new AtomicLong();

    /** Moves the clock on by {@code duration}, as if that much time had passed at once. */
    public void advance(Duration duration) {
        offsetMillis.addAndGet(duration.toMillis());
    }

    @Override
    public long millis() {
        return (System.nanoTime() - originNanos) / 1_000_000 + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
