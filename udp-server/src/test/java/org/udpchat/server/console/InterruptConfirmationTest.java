package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Ctrl-C at the console: the first warns, a second within 3 s closes the room. */
class InterruptConfirmationTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final InterruptConfirmation interrupts = new InterruptConfirmation(() -> now);

    @Test
    void aFirstCtrlCOnlyWarns() {
        assertFalse(interrupts.confirms());
    }

    @Test
    void aSecondWithinThreeSecondsConfirms() {
        interrupts.confirms();
        now = now.plusMillis(2_999);

        assertTrue(interrupts.confirms());
    }

    @Test
    void aSecondExactlyThreeSecondsLaterStillConfirms() {
        interrupts.confirms();
        now = now.plus(InterruptConfirmation.WINDOW);

        assertTrue(interrupts.confirms());
    }

    @Test
    void twoFourSecondsApartAreTwoFirsts() {
        assertFalse(interrupts.confirms());
        now = now.plus(Duration.ofSeconds(4));

        assertFalse(interrupts.confirms());
        now = now.plus(Duration.ofSeconds(1));
        assertTrue(interrupts.confirms(), "the second first one can be confirmed in its turn");
    }

    @Test
    void afterAConfirmationTheNextCtrlCIsAFirstAgain() {
        interrupts.confirms();
        assertTrue(interrupts.confirms());

        assertFalse(interrupts.confirms());
    }
}
