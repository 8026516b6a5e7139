package org.udpchat.server;

import java.time.Instant;
import java.util.Optional;

/**
 * A ban or a mute as it is kept, in wall-clock instants so that it means the same after a restart: when it
 * was imposed (unknown for one read from a version-1 {@link ModerationFile}) and when it ends (never, for
 * one until lifted).
 */
record Sanction(Optional<Instant> imposed, Optional<Instant> ends) {

    Sanction {
        if (imposed == null || ends == null) {
            throw new NullPointerException(imposed == null ? "imposed == null" : "ends == null");
        }
    }

    /** Imposed at {@code now} for {@code term}. */
    static Sanction imposedAt(Instant now, Term term) {
        return new Sanction(
                Optional.of(now), term.isUntilLifted() ? Optional.empty() : Optional.of(now.plus(term.length())));
    }

    /** When it ends in milliseconds of the wall clock; {@link Long#MAX_VALUE} for never. */
    long endsMillis() {
        return ends.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
    }

    boolean hasEnded(long nowMillis) {
        return endsMillis() <= nowMillis;
    }

    /** What is left of it at {@code nowMillis}, before it ends. */
    Term remaining(long nowMillis) {
        return Term.until(endsMillis(), nowMillis);
    }
}
