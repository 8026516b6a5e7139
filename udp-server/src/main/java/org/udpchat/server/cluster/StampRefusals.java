package org.udpchat.server.cluster;

import java.util.concurrent.atomic.LongAdder;
import org.tinylog.Logger;

/**
 * Counts what a node refused for want of a good {@link RoomStamp} (an event on a room's topic, an event or an
 * answer from the room log) and warns of it at most once every 10 s, with how many since: anything that reaches
 * the cluster port can send such, and must not fill the log. Thread-safe: refusals come from Hazelcast's threads.
 */
final class StampRefusals {

    private final LongAdder refused = new LongAdder();
    private final WarningThrottle warnings = new WarningThrottle();

    /** Counts one refusal of {@code what}, and warns of it unless a warning was given less than 10 s ago. */
    void refuse(String what, String room) {
        refused.increment();
        warnings.allow()
                .ifPresent(since -> Logger.warn(
                        "cluster: {} of room {} refused: its room stamp is not this cluster's sequencer's ({} more since"
                                + " the last warning)",
                        what,
                        room,
                        since));
    }

    /** How many were refused so far. */
    long count() {
        return refused.sum();
    }
}
