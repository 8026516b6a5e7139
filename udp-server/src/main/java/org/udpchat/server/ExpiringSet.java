package org.udpchat.server;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Things that hold for a {@link Term}: the operator's bans (by address) and mutes (by name). An entry
 * whose term has run out is forgotten when next looked at, so the set needs no timer. Owned by the relay
 * thread; time (the wall clock's milliseconds) comes from the caller, so tests move it at will.
 *
 * @param <K> what is banned or muted
 */
final class ExpiringSet<K> {

    private final Map<K, Sanction> sanctions = new HashMap<>();

    /** {@code key} holds for {@code term} from {@code now}, replacing any term it had. */
    void put(K key, Term term, long now) {
        put(key, Sanction.imposedAt(Instant.ofEpochMilli(now), term));
    }

    /** {@code key} holds as {@code sanction} says, replacing any term it had. */
    void put(K key, Sanction sanction) {
        sanctions.put(key, sanction);
    }

    /** Forgets every entry whose term has run out, looked at or not. */
    void forgetEnded(long now) {
        sanctions.values().removeIf(sanction -> sanction.hasEnded(now));
    }

    /** Lifts {@code key}; whether it was in force. */
    boolean remove(K key, long now) {
        Sanction sanction = sanctions.remove(key);
        return sanction != null && !sanction.hasEnded(now);
    }

    /** What is left of the term of {@code key}, or empty when it does not hold (any more). */
    Optional<Term> remaining(K key, long now) {
        Sanction sanction = sanctions.get(key);
        if (sanction == null) {
            return Optional.empty();
        }
        if (sanction.hasEnded(now)) {
            sanctions.remove(key);
            return Optional.empty();
        }
        return Optional.of(sanction.remaining(now));
    }

    /** What holds now, with what is left of each term. */
    Map<K, Term> inForce(long now) {
        Map<K, Term> remaining = new LinkedHashMap<>();
        kept(now).forEach((key, sanction) -> remaining.put(key, sanction.remaining(now)));
        return remaining;
    }

    /** What holds now, as it is kept. */
    Map<K, Sanction> kept(long now) {
        forgetEnded(now);
        return new LinkedHashMap<>(sanctions);
    }
}
