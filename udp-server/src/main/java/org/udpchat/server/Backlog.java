package org.udpchat.server;

import java.time.Duration;

/**
 * How far one native member may fall behind before it is dropped: events sent and not acknowledged, and
 * events waiting to be sent, at most {@code maxEvents} and {@code maxBytes} together; and no
 * acknowledgement for {@code stallTimeout} while any wait. A member dropped so may not rejoin from its
 * address for {@code rejoinPause}, so dropping it and its return cannot be repeated to any effect.
 *
 * @param rejoinPause zero for none
 */
public record Backlog(int maxEvents, int maxBytes, Duration stallTimeout, Duration rejoinPause) {

    /** Two thousand events or a megabyte: minutes of a busy room, and bounded memory for a thousand members. */
    public static final Backlog DEFAULTS = new Backlog(2_048, 1 << 20, Duration.ofSeconds(15), Duration.ofSeconds(30));

    public Backlog {
        if (maxEvents < 1 || maxBytes < 1) {
            throw new IllegalArgumentException(
                    "a backlog of at least 1 event and 1 byte: " + maxEvents + ", " + maxBytes);
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero() || rejoinPause.isNegative()) {
            throw new IllegalArgumentException(
                    "a positive stall timeout and a rejoin pause of 0 or more: " + stallTimeout + ", " + rejoinPause);
        }
    }
}
