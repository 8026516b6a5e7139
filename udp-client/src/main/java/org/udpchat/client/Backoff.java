package org.udpchat.client;

import java.time.Duration;

/**
 * How long each reconnection attempt waits between its datagrams: {@link #FIRST} for the first attempt,
 * twice as long for each attempt after, at most {@link #MAX}, so that a server that is down is not
 * flooded, and one that is back is found within seconds. Pure state; one per reconnection.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofMillis(500);

    static final Duration MAX = Duration.ofSeconds(8);

    private Duration next = FIRST;

    /** The pause for the next attempt; the one after is twice as long, up to {@link #MAX}. */
    Duration next() {
        Duration pause = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return pause;
    }
}
