package org.udpchat.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Things that hold until a moment, or for ever: the operator's bans (by address) and mutes (by name).
 * Expired entries are forgotten when next looked at, so the table needs no timer. Owned by the relay
 * thread; time comes from the caller, so tests move it at will.
 *
 * @param <K> what is banned or muted
 */
final class Deadlines<K> {

    /** The deadline of something that holds until it is lifted. */
    static final long FOREVER = Long.MAX_VALUE;

    private final Map<K, Long> untilMillis = new HashMap<>();

    /** {@code key} holds until {@code until} (epoch of the relay's clock), or {@link #FOREVER}. */
    void put(K key, long until) {
        untilMillis.put(key, until);
    }

    /** Lifts {@code key}; whether it was in force. */
    boolean remove(K key, long now) {
        Long until = untilMillis.remove(key);
        return until != null && until > now;
    }

    /**
     * The milliseconds {@code key} still holds for, {@link #FOREVER} if until lifted, or empty when it does
     * not hold (any more).
     */
    OptionalLong remaining(K key, long now) {
        Long until = untilMillis.get(key);
        if (until == null) {
            return OptionalLong.empty();
        }
        if (until <= now) {
            untilMillis.remove(key);
            return OptionalLong.empty();
        }
        return OptionalLong.of(until == FOREVER ? FOREVER : until - now);
    }

    /** What holds now, with the milliseconds each still holds for ({@link #FOREVER} if until lifted). */
    Map<K, Long> inForce(long now) {
        untilMillis.values().removeIf(until -> until <= now);
        Map<K, Long> remaining = new LinkedHashMap<>();
        untilMillis.forEach((key, until) -> remaining.put(key, until == FOREVER ? FOREVER : until - now));
        return remaining;
    }

    /** The deadline {@code minutes} from {@code now}; 0 minutes means {@link #FOREVER}. */
    static long after(long now, long minutes) {
        return minutes == 0 ? FOREVER : now + minutes * 60_000;
    }

    /** Whole minutes, rounded up, of {@code remainingMillis}; 0 for {@link #FOREVER}. */
    static long minutesLeft(long remainingMillis) {
        return remainingMillis == FOREVER ? 0 : (remainingMillis + 59_999) / 60_000;
    }
}
