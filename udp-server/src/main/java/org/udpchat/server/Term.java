package org.udpchat.server;

import java.time.Duration;

/**
 * How long a ban or a mute holds: for a while, or until the operator lifts it. This is the server's one
 * spelling of "for ever"; the wire and the operator's console write it as no minutes, 0 ({@link #minutes}).
 * A term counts from when it is read: a ban's remaining term shrinks as the relay's clock moves.
 */
public final class Term {

    /** Until the operator lifts it. */
    public static final Term UNTIL_LIFTED = new Term(Long.MAX_VALUE);

    /** A year: the longest term with an end; for longer, a term until lifted. */
    public static final long MAX_MINUTES = 525_600;

    private static final long MINUTE_MILLIS = 60_000;

    private final long millis;

    private Term(long millis) {
        this.millis = millis;
    }

    /** For {@code minutes} whole minutes, 1 to {@link #MAX_MINUTES}. */
    public static Term ofMinutes(long minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes " + minutes + " is not in 1.." + MAX_MINUTES);
        }
        return new Term(minutes * MINUTE_MILLIS);
    }

    /** For {@code length}, positive. */
    static Term of(Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a term of " + length + " is not positive");
        }
        return new Term(length.toMillis());
    }

    /** The rest of a term that ends at {@code deadlineMillis}, read at {@code nowMillis}, before the end. */
    static Term until(long deadlineMillis, long nowMillis) {
        return deadlineMillis == Long.MAX_VALUE ? UNTIL_LIFTED : new Term(deadlineMillis - nowMillis);
    }

    /** When the term, starting at {@code nowMillis}, ends on the relay's clock ({@link Long#MAX_VALUE}: never). */
    long deadlineAfter(long nowMillis) {
        return isUntilLifted() ? Long.MAX_VALUE : nowMillis + millis;
    }

    public boolean isUntilLifted() {
        return millis == Long.MAX_VALUE;
    }

    /** How long the term lasts; only for a term that ends. */
    public Duration length() {
        if (isUntilLifted()) {
            throw new IllegalStateException("a term until lifted has no length");
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Whole minutes, rounded up, as the wire and the console count a term: "5 more minutes" from 4m01s
     * on; 0 for a term until lifted.
     */
    public long minutes() {
        return isUntilLifted() ? 0 : (millis + MINUTE_MILLIS - 1) / MINUTE_MILLIS;
    }

    /** Whole seconds, rounded up; only for a term that ends. */
    long seconds() {
        return (length().toMillis() + 999) / 1000;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Term term && term.millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }

    @Override
    public String toString() {
        return isUntilLifted() ? "until lifted" : Duration.ofMillis(millis).toString();
    }
}
