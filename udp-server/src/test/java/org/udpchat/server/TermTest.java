package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How long a ban or a mute holds, and how the wire and the console count it. */
class TermTest {

    private static final long NOW = FakeClock.START_MILLIS;
    private static final long MINUTE = 60_000;

    @Test
    void aTermOfMinutesEndsThatManyMinutesAfterItStarts() {
        assertEquals(NOW + 5 * MINUTE, Term.ofMinutes(5).deadlineAfter(NOW));
        assertEquals(NOW + 525_600 * MINUTE, Term.ofMinutes(525_600).deadlineAfter(NOW), "a year");
        assertEquals(Duration.ofMinutes(5), Term.ofMinutes(5).length());
        assertFalse(Term.ofMinutes(5).isUntilLifted());
    }

    @Test
    void aTermUntilLiftedNeverEndsAndHasNoLength() {
        assertEquals(Long.MAX_VALUE, Term.UNTIL_LIFTED.deadlineAfter(NOW));
        assertTrue(Term.UNTIL_LIFTED.isUntilLifted());
        assertEquals(
                "a term until lifted has no length",
                assertThrows(IllegalStateException.class, Term.UNTIL_LIFTED::length)
                        .getMessage());
    }

    @Test
    void whatIsLeftOfATermUntilLiftedIsATermUntilLifted() {
        assertEquals(Term.UNTIL_LIFTED, Term.until(Long.MAX_VALUE, NOW));
    }

    @ParameterizedTest(name = "{0} ms -> {1} min")
    @CsvSource({"1, 1", "59999, 1", "60000, 1", "60001, 2", "119999, 2", "120000, 2", "300000, 5", "299001, 5"})
    void minutesLeftRoundUp(long remainingMillis, long minutes) {
        assertEquals(minutes, Term.until(NOW + remainingMillis, NOW).minutes());
    }

    @Test
    void aTermUntilLiftedCountsAsNoMinutes() {
        assertEquals(0, Term.UNTIL_LIFTED.minutes());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Term.MAX_MINUTES + 1, Long.MAX_VALUE})
    void refusesMinutesOutsideOneToAYear(long minutes) {
        assertEquals(
                "minutes " + minutes + " is not in 1..525600",
                assertThrows(IllegalArgumentException.class, () -> Term.ofMinutes(minutes))
                        .getMessage());
    }

    @Test
    void termsOfTheSameLengthAreEqual() {
        assertEquals(Term.ofMinutes(3), Term.until(NOW + 3 * MINUTE, NOW));
        assertEquals(
                Term.ofMinutes(3).hashCode(), Term.until(NOW + 3 * MINUTE, NOW).hashCode());
    }
}
