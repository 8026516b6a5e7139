package org.udpchat.server.console;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Ctrl-C at the console closes the room for everyone, so it takes two: the first warns, a second within
 * {@link #WINDOW} confirms. Used by the {@code admin-console} thread alone.
 */
final class InterruptConfirmation {

    /** How long after a first Ctrl-C a second one closes the room. */
    static final Duration WINDOW = Duration.ofSeconds(3);

    private final InstantSource clock;
    private Instant warned; // the first Ctrl-C not yet confirmed, or null

    InterruptConfirmation(InstantSource clock) {
        this.clock = clock;
    }

    /**
     * Takes a Ctrl-C: true when it confirms one less than {@link #WINDOW} ago (close the room), false when
     * it is a first one (warn; it may be confirmed from now on).
     */
    boolean confirms() {
        Instant now = clock.instant();
        boolean confirmed = warned != null && !now.isAfter(warned.plus(WINDOW));
        warned = confirmed ? null : now;
        return confirmed;
    }
}
