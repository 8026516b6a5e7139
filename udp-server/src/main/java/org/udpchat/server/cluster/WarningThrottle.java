package org.udpchat.server.cluster;

import java.util.OptionalLong;

/**
 * Keeps a warning that anything reaching the cluster port can trigger from filling the log: at most one every
 * 10 s, the next one saying how many were held back meanwhile. Thread-safe, for what Hazelcast's threads hear
 * (the relay's {@code LogThrottle} does the same for its one thread).
 */
final class WarningThrottle {

    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private boolean warned;
    private long lastWarning;
    private long heldBack;

    /**
     * Whether a warning may be logged now: if so, how many were held back since the last one (and the count starts
     * again); if not, it is counted as held back.
     */
    synchronized OptionalLong allow() {
        long now = System.nanoTime();
        if (warned && now - lastWarning < INTERVAL_NANOS) {
            heldBack++;
            return OptionalLong.empty();
        }
        warned = true;
        lastWarning = now;
        long since = heldBack;
        heldBack = 0;
        return OptionalLong.of(since);
    }
}
