package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bans and mutes as terms: what holds, for how long, and when it is forgotten. Time is passed in. */
class ExpiringSetTest {

    private static final long NOW = FakeClock.START_MILLIS;
    private static final long MINUTE = 60_000;

    private final ExpiringSet<String> entries = new ExpiringSet<>();

    /** What is left, read at {@code NOW}, of a term that ends {@code millis} later. */
    private static Optional<Term> left(long millis) {
        return Optional.of(Term.until(NOW + millis, NOW));
    }

    @Nested
    class Remaining {

        @Test
        void nothingHoldsForAKeyNeverPut() {
            assertEquals(Optional.empty(), entries.remaining("bob", NOW));
        }

        @Test
        void holdsForItsTermCountingDown() {
            entries.put("bob", Term.ofMinutes(5), NOW);

            assertEquals(left(5 * MINUTE), entries.remaining("bob", NOW));
            assertEquals(left(1), entries.remaining("bob", NOW + 5 * MINUTE - 1));
        }

        @Test
        void endsExactlyWhenItsTermRunsOutAndIsForgotten() {
            entries.put("bob", Term.ofMinutes(1), NOW);

            assertEquals(Optional.empty(), entries.remaining("bob", NOW + MINUTE));
            assertEquals(Optional.empty(), entries.remaining("bob", NOW), "forgotten, not just expired");
        }

        @Test
        void forgetsWhatHasRunOutWithoutBeingLookedAt() {
            entries.put("bob", Term.ofMinutes(1), NOW);
            entries.put("carol", Term.ofMinutes(5), NOW);

            entries.forgetEnded(NOW + 60_000);

            assertEquals(Map.of("carol", Term.ofMinutes(4)), entries.inForce(NOW + 60_000));
            assertFalse(entries.remove("bob", NOW), "bob was forgotten, not merely over");
        }

        @Test
        void aTermUntilLiftedHoldsForeverAndSaysSo() {
            entries.put("bob", Term.UNTIL_LIFTED, NOW);

            assertEquals(Optional.of(Term.UNTIL_LIFTED), entries.remaining("bob", NOW));
            assertEquals(Optional.of(Term.UNTIL_LIFTED), entries.remaining("bob", Long.MAX_VALUE - 1));
        }

        @Test
        void aLaterPutReplacesTheTerm() {
            entries.put("bob", Term.UNTIL_LIFTED, NOW);
            entries.put("bob", Term.ofMinutes(1), NOW);

            assertEquals(left(MINUTE), entries.remaining("bob", NOW));
        }

        @Test
        void aTermCountsFromWhenItWasPut() {
            entries.put("bob", Term.ofMinutes(5), NOW + MINUTE);

            assertEquals(left(6 * MINUTE), entries.remaining("bob", NOW));
        }

        @Test
        void keysAreIndependent() {
            entries.put("bob", Term.ofMinutes(1), NOW);

            assertEquals(Optional.empty(), entries.remaining("alice", NOW));
        }
    }

    @Nested
    class Removal {

        @Test
        void removingWhatHoldsSaysSoAndLiftsIt() {
            entries.put("bob", Term.ofMinutes(1), NOW);

            assertTrue(entries.remove("bob", NOW));
            assertEquals(Optional.empty(), entries.remaining("bob", NOW));
            assertFalse(entries.remove("bob", NOW), "already lifted");
        }

        @Test
        void removingATermUntilLiftedSaysItHeld() {
            entries.put("bob", Term.UNTIL_LIFTED, NOW);

            assertTrue(entries.remove("bob", NOW));
        }

        @Test
        void removingWhatExpiredSaysItDidNotHold() {
            entries.put("bob", Term.ofMinutes(1), NOW);

            assertFalse(entries.remove("bob", NOW + MINUTE));
        }

        @Test
        void removingWhatWasNeverPutSaysItDidNotHold() {
            assertFalse(entries.remove("bob", NOW));
        }
    }

    @Nested
    class InForce {

        @Test
        void listsWhatHoldsWithWhatIsLeftAndDropsWhatExpired() {
            entries.put("bob", Term.ofMinutes(5), NOW);
            entries.put("carol", Term.UNTIL_LIFTED, NOW);
            entries.put("dave", Term.ofMinutes(1), NOW);

            assertEquals(
                    Map.of("bob", Term.until(NOW + 5 * MINUTE, NOW + MINUTE), "carol", Term.UNTIL_LIFTED),
                    entries.inForce(NOW + MINUTE));
            assertEquals(Optional.empty(), entries.remaining("dave", NOW), "an expired entry is forgotten");
        }

        @Test
        void isEmptyWhenNothingWasPut() {
            assertEquals(Map.of(), entries.inForce(NOW));
        }
    }
}
