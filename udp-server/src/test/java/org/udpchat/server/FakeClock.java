package org.udpchat.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test says so, so no test depends on real time. */
final class FakeClock implements InstantSource {

    /** 2023-11-14, a realistic wall-clock time: far from zero, as the real clock is. */
    static final long START_MILLIS = 1_700_000_000_000L;

    private long millis;

    FakeClock() {
        this(START_MILLIS);
    }

    FakeClock(long startMillis) {
        this.millis = startMillis;
    }

    void advance(Duration duration) {
        millis += duration.toMillis();
    }

    void advanceMillis(long delta) {
        millis += delta;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
