package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.client.bench.IdleSchedule.NOT_AWAITING;

import org.junit.jupiter.api.Test;

/** When an idle member pings: the client's rule, with the client's numbers. */
class IdleScheduleTest {

    /** Heartbeat 10 s, a ping unanswered for 2 s is suspect, then probes every 1 s. */
    private final IdleSchedule schedule = new IdleSchedule(10_000, 2_000, 1_000);

    @Test
    void readsTheClientsOwnNumbers() {
        IdleSchedule client = IdleSchedule.ofClient();

        assertTrue(client.heartbeatMillis() > 0);
        assertTrue(client.idlePingsPerSecond() > 0);
    }

    @Test
    void pingsAfterAHeartbeatOfSendingNothing() {
        assertFalse(schedule.pingsAt(9_999, 0, 0, NOT_AWAITING));
        assertTrue(schedule.pingsAt(10_000, 0, 0, NOT_AWAITING));
    }

    @Test
    void aMemberThatHearsFromTheServerNeverProbes() {
        assertFalse(schedule.pingsAt(5_000, 0, 0, NOT_AWAITING), "its ping at 0 was answered");
    }

    @Test
    void probesOnceAPingWentUnansweredForAWhileButNotMoreOftenThanTheProbeInterval() {
        assertFalse(schedule.pingsAt(1_999, 0, 0, 0), "unanswered for 2 s only at 2000");
        assertTrue(schedule.pingsAt(2_000, 0, 0, 0));
        assertFalse(schedule.pingsAt(2_900, 2_000, 2_000, 0), "probed 900 ms ago");
        assertTrue(schedule.pingsAt(3_000, 2_000, 2_000, 0));
    }

    @Test
    void anIdleMemberWhosePingsAreAnsweredPingsEveryHeartbeat() {
        assertEquals(0.1, schedule.idlePingsPerSecond(), 1e-9);
    }
}
