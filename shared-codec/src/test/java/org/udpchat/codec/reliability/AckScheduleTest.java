package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a receiver acknowledges, driven by explicit clock readings in milliseconds. */
class AckScheduleTest {

    private final AckSchedule schedule = new AckSchedule();

    @Test
    void constantsAreTheDocumentedOnes() {
        assertEquals(16, AckSchedule.EVERY);
        assertEquals(50, AckSchedule.DELAY_MILLIS);
    }

    @Test
    void aDelayedAckNeverOutlastsTheRetransmitFloor() {
        assertTrue(AckSchedule.DELAY_MILLIS < RetransmitTimer.MIN_RTO_MILLIS);
    }

    @Test
    void owesNothingAtFirst() {
        assertFalse(schedule.isDue(0));
        assertFalse(schedule.isDue(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, schedule.deadlineMillis());
    }

    @Test
    void isDueOnceEveryDeliveriesWait() {
        for (int i = 1; i < AckSchedule.EVERY; i++) {
            schedule.onDelivered(1_000);
            assertFalse(schedule.isDue(1_000), "after " + i);
        }

        schedule.onDelivered(1_000);

        assertTrue(schedule.isDue(1_000));
    }

    @Test
    void isDueTheDelayAfterTheFirstUnacknowledgedDeliveryNotBefore() {
        schedule.onDelivered(1_000);

        assertFalse(schedule.isDue(1_000));
        assertFalse(schedule.isDue(1_049));
        assertTrue(schedule.isDue(1_050));
        assertTrue(schedule.isDue(5_000));
    }

    @Test
    void laterDeliveriesDoNotPutTheDeadlineOff() {
        schedule.onDelivered(1_000);
        schedule.onDelivered(1_010);
        schedule.onDelivered(1_049);

        assertEquals(1_050, schedule.deadlineMillis());
        assertTrue(schedule.isDue(1_050));
    }

    @Test
    void theDeadlineIsTheDelayAfterTheFirstDelivery() {
        schedule.onDelivered(1_000);

        assertEquals(1_000 + AckSchedule.DELAY_MILLIS, schedule.deadlineMillis());
    }

    @Test
    void anIrregularArrivalMakesItDueAtOnce() {
        schedule.onIrregular();

        assertTrue(schedule.isDue(0));
        assertTrue(schedule.isDue(Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, schedule.deadlineMillis());
    }

    @Test
    void anIrregularArrivalOverridesAPendingDelay() {
        schedule.onDelivered(1_000);

        schedule.onIrregular();

        assertTrue(schedule.isDue(1_001));
        assertEquals(Long.MIN_VALUE, schedule.deadlineMillis());
    }

    @Test
    void sendingAnAckOwesNothingMore() {
        schedule.onDelivered(1_000);
        schedule.onIrregular();

        schedule.onAckSent();

        assertFalse(schedule.isDue(1_000));
        assertFalse(schedule.isDue(100_000));
        assertEquals(Long.MAX_VALUE, schedule.deadlineMillis());
    }

    @Test
    void sendingAnAckResetsTheCount() {
        for (int i = 0; i < AckSchedule.EVERY; i++) {
            schedule.onDelivered(1_000);
        }
        schedule.onAckSent();

        for (int i = 1; i < AckSchedule.EVERY; i++) {
            schedule.onDelivered(1_005);
        }

        assertFalse(schedule.isDue(1_005));
        schedule.onDelivered(1_005);
        assertTrue(schedule.isDue(1_005));
    }

    @Test
    void afterAnAckTheDelayCountsFromTheNextDelivery() {
        schedule.onDelivered(1_000);
        schedule.onAckSent();

        schedule.onDelivered(2_000);

        assertEquals(2_050, schedule.deadlineMillis());
        assertFalse(schedule.isDue(2_049));
        assertTrue(schedule.isDue(2_050));
    }

    @Test
    void anAckSentWithNothingOwedChangesNothing() {
        schedule.onAckSent();

        assertFalse(schedule.isDue(0));
        assertEquals(Long.MAX_VALUE, schedule.deadlineMillis());
    }

    @Test
    void theDeadlineIsAtOnceWhenEveryDeliveriesWait() {
        for (int i = 0; i < AckSchedule.EVERY; i++) {
            schedule.onDelivered(1_000);
        }

        assertTrue(schedule.isDue(1_000));
        assertTrue(schedule.deadlineMillis() <= 1_000, "deadline " + schedule.deadlineMillis());
    }
}
