package org.udpchat.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.udpchat.codec.EndReason;

/**
 * Tokens of native sessions that have ended, and why, so that a late datagram carrying one is answered
 * (a kicked client learns it was kicked even if the kick event was lost) instead of silently dropped.
 * Bounded: the oldest are forgotten first. Owned by the relay thread.
 */
final class EndedSessions {

    /** Enough to outlive any client's retries many times over on a busy server. */
    static final int REMEMBERED = 10_000;

    private final Map<Long, EndReason> ended = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EndReason> eldest) {
            return size() > REMEMBERED;
        }
    };

    void remember(long token, EndReason reason) {
        ended.put(token, reason);
    }

    Optional<EndReason> reasonFor(long token) {
        return Optional.ofNullable(ended.get(token));
    }
}
