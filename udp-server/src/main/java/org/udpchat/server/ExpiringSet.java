package org.udpchat.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Things that hold for a {@link Term}: the operator's bans (by address) and mutes (by name). An entry
 * whose term has run out is forgotten when next looked at, so the set needs no timer. Owned by the relay
 * thread; time comes from the caller, so tests move it at will.
 *
 * @param <K> what is banned or muted
 */
final class ExpiringSet<K> {

    /** When each entry ends on the relay's clock; {@link Long#MAX_VALUE} for a term until lifted. */
    private final Map<K, Long> deadlines = new HashMap<>();

    /** {@code key} holds for {@code term} from {@code now}, replacing any term it had. */
    void put(K key, Term term, long now) {
        deadlines.put(key, term.deadlineAfter(now));
    }

    /** Forgets every entry whose term has run out, looked at or not. */
    void forgetEnded(long now) {
        deadlines.values().removeIf(deadline -> deadline <= now);
    }

    /** Lifts {@code key}; whether it was in force. */
    boolean remove(K key, long now) {
        Long deadline = deadlines.remove(key);
        return deadline != null && deadline > now;
    }

    /** What is left of the term of {@code key}, or empty when it does not hold (any more). */
    Optional<Term> remaining(K key, long now) {
        Long deadline = deadlines.get(key);
        if (deadline == null) {
            return Optional.empty();
        }
        if (deadline <= now) {
            deadlines.remove(key);
            return Optional.empty();
        }
        return Optional.of(Term.until(deadline, now));
    }

    /** What holds now, with what is left of each term. */
    Map<K, Term> inForce(long now) {
        forgetEnded(now);
        Map<K, Term> remaining = new LinkedHashMap<>();
        deadlines.forEach((key, deadline) -> remaining.put(key, Term.until(deadline, now)));
        return remaining;
    }
}
