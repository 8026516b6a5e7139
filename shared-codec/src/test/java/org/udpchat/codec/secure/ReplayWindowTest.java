package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The replay window: which counters of one direction are new, checked by rule and against a model. */
class ReplayWindowTest {

    private static final int SIZE = ReplayWindow.SIZE;

    @Test
    void aNewWindowHasSeenNothingAndTakesCounterZero() {
        ReplayWindow window = new ReplayWindow();

        assertEquals(-1, window.highest());
        assertTrue(window.isFresh(0));
        assertTrue(window.isFresh(Long.MAX_VALUE));
        window.accept(0);
        assertFalse(window.isFresh(0));
        assertEquals(0, window.highest());
    }

    @Test
    void countersInOrderAreEachFreshOnce() {
        ReplayWindow window = new ReplayWindow();
        for (long counter = 0; counter < 10 * SIZE; counter++) {
            assertTrue(window.isFresh(counter), "counter " + counter);
            window.accept(counter);
            assertFalse(window.isFresh(counter), "counter " + counter + " again");
            assertEquals(counter, window.highest());
        }
    }

    @Test
    void countersReorderedWithinTheWindowAreEachTakenOnce() {
        ReplayWindow window = new ReplayWindow();
        window.accept(SIZE - 1L);
        for (long counter = SIZE - 2L; counter >= 0; counter--) {
            assertTrue(window.isFresh(counter), "counter " + counter);
            window.accept(counter);
        }
        for (long counter = 0; counter < SIZE; counter++) {
            assertFalse(window.isFresh(counter), "counter " + counter + " again");
        }
        assertEquals(SIZE - 1L, window.highest(), "a late counter does not move the window");
    }

    @Test
    void theWindowReachesExactlySizeMinusOneBehindTheHighest() {
        ReplayWindow window = new ReplayWindow();
        long highest = 5 * SIZE + 17;
        window.accept(highest);

        assertTrue(window.isFresh(highest - (SIZE - 1)), "the oldest counter the window still tells");
        assertFalse(window.isFresh(highest - SIZE), "one older: refused, as if replayed");
        assertFalse(window.isFresh(0));
        window.accept(highest - (SIZE - 1));
        assertFalse(window.isFresh(highest - (SIZE - 1)));
    }

    @Test
    void aCounterThatLeavesTheWindowIsRefusedEvenIfNeverSeen() {
        ReplayWindow window = new ReplayWindow();
        window.accept(10);
        assertTrue(window.isFresh(5));

        window.accept(10 + SIZE - 5);
        assertTrue(window.isFresh(6), "still inside: 6 is SIZE - 1 behind");
        assertFalse(window.isFresh(5), "now SIZE behind");
    }

    @ParameterizedTest
    @ValueSource(longs = {SIZE - 1, SIZE, SIZE + 1, 3 * SIZE, 1_000_000, 1L << 48, Long.MAX_VALUE - 200})
    void afterAFarJumpOnlyTheWindowBelowTheNewHighestIsFresh(long jump) {
        ReplayWindow window = new ReplayWindow();
        for (long counter = 0; counter < 100; counter++) {
            window.accept(counter);
        }
        long highest = 99 + jump;

        window.accept(highest);

        assertFalse(window.isFresh(highest));
        assertTrue(window.isFresh(highest - 1));
        assertTrue(window.isFresh(highest - (SIZE - 1)) || highest - (SIZE - 1) < 100);
        for (long old = 0; old < 100; old++) {
            // seen before the jump: refused, whether still inside the window (seen) or not (too old)
            assertFalse(window.isFresh(old), "counter " + old + " after a jump of " + jump);
        }
        for (long between = Math.max(100, highest - (SIZE - 1)); between < highest; between++) {
            assertTrue(window.isFresh(between), "never seen: " + between);
        }
    }

    @Test
    void theBitsOfSkippedCountersDoNotRememberOlderOnes() {
        // Counter c and c + SIZE share a bit; after a jump, the bit stands for the new one, which was never seen.
        ReplayWindow window = new ReplayWindow();
        for (long counter = 0; counter < SIZE; counter++) {
            window.accept(counter);
        }
        window.accept(SIZE + 500L);

        for (long counter = SIZE; counter < SIZE + 500L; counter++) {
            assertTrue(window.isFresh(counter), "counter " + counter);
        }
        assertFalse(window.isFresh(501), "seen, and still within the window");
        assertFalse(window.isFresh(500), "older than the window");
    }

    @Test
    void aDuplicateIsNeverAccepted() {
        ReplayWindow window = new ReplayWindow();
        window.accept(7);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> window.accept(7));
        assertEquals("counter 7 is not fresh", e.getMessage());
        window.accept(9);
        assertThrows(IllegalArgumentException.class, () -> window.accept(7));
        assertThrows(IllegalArgumentException.class, () -> window.accept(9));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, -2, Long.MIN_VALUE, Long.MIN_VALUE + 1, -(1L << 48)})
    void aNegativeCounterIsNeverFresh(long counter) {
        ReplayWindow window = new ReplayWindow();
        assertFalse(window.isFresh(counter));
        assertThrows(IllegalArgumentException.class, () -> window.accept(counter));
        window.accept(5);
        assertFalse(window.isFresh(counter));
        assertEquals(5, window.highest(), "a refused counter changes nothing");
    }

    @Test
    void theLargestCounterIsTakenAndTheOnesBelowItStillAre() {
        ReplayWindow window = new ReplayWindow();
        window.accept(Long.MAX_VALUE);

        assertFalse(window.isFresh(Long.MAX_VALUE));
        assertTrue(window.isFresh(Long.MAX_VALUE - 1));
        assertTrue(window.isFresh(Long.MAX_VALUE - (SIZE - 1)));
        assertFalse(window.isFresh(Long.MAX_VALUE - SIZE));
    }

    /**
     * Thousands of random steps, each checked against a model that remembers every accepted counter in a
     * set: a counter is fresh exactly when it is not negative, was never accepted, and is above the
     * highest or less than {@link ReplayWindow#SIZE} below it.
     */
    @Test
    void agreesWithASetOfEverythingAcceptedOverRandomSteps() {
        for (long seed : new long[] {1, 2, 3, 0x5EED_CAFEL, -42}) {
            SplittableRandom random = new SplittableRandom(seed);
            ReplayWindow window = new ReplayWindow();
            Set<Long> accepted = new HashSet<>();
            long highest = -1;
            for (int step = 0; step < 20_000; step++) {
                long counter = next(random, highest);
                boolean expected =
                        counter >= 0 && !accepted.contains(counter) && (counter > highest || highest - counter < SIZE);
                String replay = "seed " + seed + ", step " + step + ", counter " + counter + ", highest " + highest;
                assertEquals(expected, window.isFresh(counter), replay);
                if (expected && random.nextInt(4) != 0) {
                    window.accept(counter);
                    accepted.add(counter);
                    highest = Math.max(highest, counter);
                }
                assertEquals(highest, window.highest(), replay);
            }
        }
    }

    /** A counter near the highest, at the window's edges, far ahead, far behind, or negative. */
    private static long next(SplittableRandom random, long highest) {
        long base = Math.max(highest, 0);
        switch (random.nextInt(10)) {
            case 0:
                return base + 1 + random.nextInt(SIZE * 3); // ahead, maybe past the window's reach
            case 1:
                return base - SIZE + random.nextInt(3) - 1; // at the edge of the window
            case 2:
                return base - random.nextInt(SIZE * 2); // behind, inside or outside
            case 3:
                return -1 - random.nextInt(1000);
            case 4:
                return base + 1 + random.nextLong(1L << 40); // a far jump
            default:
                return base - 64 + random.nextInt(128); // the usual: reordering near the front
        }
    }
}
