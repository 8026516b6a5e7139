package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deadlines for bans and mutes: what holds, for how long, and when it is forgotten. Time is passed in. */
class DeadlinesTest {

    private static final long NOW = FakeClock.START_MILLIS;
    private static final long MINUTE = 60_000;

    private final Deadlines<String> deadlines = new Deadlines<>();

    @Nested
    class Remaining {

        @Test
        void nothingHoldsForAKeyNeverPut() {
            assertEquals(OptionalLong.empty(), deadlines.remaining("bob", NOW));
        }

        @Test
        void holdsUntilItsDeadlineCountingDown() {
            deadlines.put("bob", NOW + 5 * MINUTE);

            assertEquals(OptionalLong.of(5 * MINUTE), deadlines.remaining("bob", NOW));
            assertEquals(OptionalLong.of(1), deadlines.remaining("bob", NOW + 5 * MINUTE - 1));
        }

        @Test
        void endsExactlyAtItsDeadlineAndIsForgotten() {
            deadlines.put("bob", NOW + MINUTE);

            assertEquals(OptionalLong.empty(), deadlines.remaining("bob", NOW + MINUTE));
            assertEquals(OptionalLong.empty(), deadlines.remaining("bob", NOW), "forgotten, not just expired");
        }

        @Test
        void foreverHoldsForeverAndSaysSo() {
            deadlines.put("bob", Deadlines.FOREVER);

            assertEquals(OptionalLong.of(Deadlines.FOREVER), deadlines.remaining("bob", NOW));
            assertEquals(OptionalLong.of(Deadlines.FOREVER), deadlines.remaining("bob", Long.MAX_VALUE - 1));
        }

        @Test
        void aLaterPutReplacesTheDeadline() {
            deadlines.put("bob", Deadlines.FOREVER);
            deadlines.put("bob", NOW + MINUTE);

            assertEquals(OptionalLong.of(MINUTE), deadlines.remaining("bob", NOW));
        }

        @Test
        void keysAreIndependent() {
            deadlines.put("bob", NOW + MINUTE);

            assertEquals(OptionalLong.empty(), deadlines.remaining("alice", NOW));
        }
    }

    @Nested
    class Removal {

        @Test
        void removingWhatHoldsSaysSoAndLiftsIt() {
            deadlines.put("bob", NOW + MINUTE);

            assertTrue(deadlines.remove("bob", NOW));
            assertEquals(OptionalLong.empty(), deadlines.remaining("bob", NOW));
            assertFalse(deadlines.remove("bob", NOW), "already lifted");
        }

        @Test
        void removingForeverSaysItHeld() {
            deadlines.put("bob", Deadlines.FOREVER);

            assertTrue(deadlines.remove("bob", NOW));
        }

        @Test
        void removingWhatExpiredSaysItDidNotHold() {
            deadlines.put("bob", NOW + MINUTE);

            assertFalse(deadlines.remove("bob", NOW + MINUTE));
        }

        @Test
        void removingWhatWasNeverPutSaysItDidNotHold() {
            assertFalse(deadlines.remove("bob", NOW));
        }
    }

    @Nested
    class InForce {

        @Test
        void listsWhatHoldsWithTheTimeLeftAndDropsWhatExpired() {
            deadlines.put("bob", NOW + 5 * MINUTE);
            deadlines.put("carol", Deadlines.FOREVER);
            deadlines.put("dave", NOW + MINUTE);

            assertEquals(Map.of("bob", 4 * MINUTE, "carol", Deadlines.FOREVER), deadlines.inForce(NOW + MINUTE));
            assertEquals(OptionalLong.empty(), deadlines.remaining("dave", NOW), "an expired entry is forgotten");
        }

        @Test
        void isEmptyWhenNothingWasPut() {
            assertEquals(Map.of(), deadlines.inForce(NOW));
        }
    }

    @Nested
    class Arithmetic {

        @Test
        void afterCountsWholeMinutesFromNow() {
            assertEquals(NOW + 5 * MINUTE, Deadlines.after(NOW, 5));
            assertEquals(NOW + 525_600 * MINUTE, Deadlines.after(NOW, 525_600), "a year");
        }

        @Test
        void afterZeroMinutesIsForever() {
            assertEquals(Deadlines.FOREVER, Deadlines.after(NOW, 0));
        }

        @ParameterizedTest(name = "{0} ms -> {1} min")
        @CsvSource({"1, 1", "59999, 1", "60000, 1", "60001, 2", "119999, 2", "120000, 2", "300000, 5", "299001, 5"})
        void minutesLeftRoundsUp(long remainingMillis, long minutes) {
            assertEquals(minutes, Deadlines.minutesLeft(remainingMillis));
        }

        @Test
        void minutesLeftOfForeverIsZero() {
            assertEquals(0, Deadlines.minutesLeft(Deadlines.FOREVER));
        }
    }
}
