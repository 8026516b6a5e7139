package org.udpchat.server;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The relay's clock: milliseconds from {@link System#nanoTime}, which never jumps. The relay only ever
 * subtracts readings (idle times, timeouts, deadlines), and a wall clock stepped by NTP would expire
 * every session at once, or stop every timer for the length of the step. The instants it gives are
 * therefore not dates.
 */
final class MonotonicClock implements InstantSource {

    private final long originNanos = System.nanoTime();

    @Override
    public long millis() {
        return (System.nanoTime() - originNanos) / 1_000_000;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
