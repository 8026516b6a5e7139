package org.udpchat.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Addresses that may not rejoin for a while: one of their members was dropped for not keeping up a moment
 * ago. Without the pause a member could fall behind, be dropped and come back under a new name, over and
 * over; with it, each round costs it the pause. By {@link AddressKey}, as the per-address limits count.
 * Owned by the relay thread; time comes from the caller.
 */
final class RejoinPauses {

    private final Duration pause;
    private final ExpiringSet<AddressKey> paused = new ExpiringSet<>();

    /** @param pause how long an address waits; zero for no pause at all */
    RejoinPauses(Duration pause) {
        this.pause = pause;
    }

    /** A member from {@code address} was dropped at {@code nowMillis} for not keeping up. */
    void pause(InetAddress address, long nowMillis) {
        if (!pause.isZero()) {
            paused.forgetEnded(nowMillis); // an address that never came back is looked at no more: forget it here
            paused.put(AddressKey.of(address), Term.of(pause), nowMillis);
        }
    }

    /** What is left of the pause on {@code address}, or empty when it may join. */
    Optional<Term> of(InetAddress address, long nowMillis) {
        return paused.remaining(AddressKey.of(address), nowMillis);
    }
}
