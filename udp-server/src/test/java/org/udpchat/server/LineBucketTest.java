package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One member's flood allowance: taking, refilling, and going on from a departed member's. */
class LineBucketTest {

    private static final FloodControl TEN_THEN_TWO = new FloodControl(10, 2);

    @Test
    void givesTheBurstThenALineEveryHalfSecond() {
        LineBucket bucket = new LineBucket();
        for (int i = 0; i < 10; i++) {
            assertTrue(bucket.tryTake(TEN_THEN_TWO, 1_000));
        }
        assertFalse(bucket.tryTake(TEN_THEN_TWO, 1_000));
        assertFalse(bucket.hasLine(TEN_THEN_TWO, 1_499));
        assertTrue(bucket.tryTake(TEN_THEN_TWO, 1_500));
        assertFalse(bucket.tryTake(TEN_THEN_TWO, 1_500));
    }

    @Test
    void saysWhenItWillNextHaveALineWithoutTakingOrRefilling() {
        LineBucket bucket = new LineBucket();
        assertEquals(1_000, bucket.lineDueMillis(TEN_THEN_TWO, 1_000), "full: now");
        for (int i = 0; i < 10; i++) {
            bucket.tryTake(TEN_THEN_TWO, 1_000);
        }

        assertEquals(1_500, bucket.lineDueMillis(TEN_THEN_TWO, 1_000));
        assertEquals(1_500, bucket.lineDueMillis(TEN_THEN_TWO, 1_499));
        assertFalse(bucket.hasLine(TEN_THEN_TWO, 1_499));
        assertEquals(1_500, bucket.lineDueMillis(TEN_THEN_TWO, 1_500));
        assertTrue(bucket.tryTake(TEN_THEN_TWO, 1_500));
        assertEquals(2_000, bucket.lineDueMillis(TEN_THEN_TWO, 1_800), "half a second after the last line");
        assertEquals(1_800, bucket.lineDueMillis(FloodControl.OFF, 1_800), "with flood control off: now");
    }

    @Test
    void aBucketTakenOverGoesOnWhereTheOtherLeftOff() {
        LineBucket spent = new LineBucket();
        for (int i = 0; i < 10; i++) {
            spent.tryTake(TEN_THEN_TWO, 1_000);
        }
        LineBucket next = new LineBucket();

        next.takeOver(spent);

        assertFalse(next.tryTake(TEN_THEN_TWO, 1_200));
        assertTrue(next.tryTake(TEN_THEN_TWO, 1_500));
    }

    @Test
    void tellsTheEmptierOfTwoBucketsLookedAtAtDifferentTimes() {
        LineBucket emptiedLate = new LineBucket();
        for (int i = 0; i < 10; i++) {
            emptiedLate.tryTake(TEN_THEN_TWO, 5_000);
        }
        LineBucket emptiedEarly = new LineBucket();
        for (int i = 0; i < 10; i++) {
            emptiedEarly.tryTake(TEN_THEN_TWO, 1_000); // has refilled 8 lines by 5 s
        }
        LineBucket unused = new LineBucket();

        assertTrue(emptiedLate.isEmptierThan(emptiedEarly));
        assertFalse(emptiedEarly.isEmptierThan(emptiedLate));
        assertTrue(emptiedEarly.isEmptierThan(unused));
        assertFalse(unused.isEmptierThan(emptiedEarly));
    }
}
