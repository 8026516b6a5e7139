package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When an idle member pings: the client's rule, with the client's numbers. */
class IdleScheduleTest {

    /** Heartbeat 5 s, suspect after 2 s, probe every 1 s. */
    private final IdleSchedule schedule = new IdleSchedule(5_000, 2_000, 1_000);

    @Test
    void readsTheClientsOwnNumbers() {
        IdleSchedule client = IdleSchedule.ofClient();

        assertTrue(client.heartbeatMillis() > 0);
        assertTrue(client.idlePingsPerSecond() > 0);
    }

    @Test
    void pingsAfterAHeartbeatOfSendingNothing() {
        assertFalse(schedule.pingsAt(4_999, 0, 4_999, 4_999));
        assertTrue(schedule.pingsAt(5_000, 0, 4_999, 4_999));
    }

    @Test
    void probesOnceItHasHeardNothingForAWhileButNotMoreOftenThanTheProbeInterval() {
        assertFalse(schedule.pingsAt(1_999, 1_500, 0, 1_500), "heard 2 s ago only at 2000");
        assertFalse(schedule.pingsAt(2_400, 1_500, 0, 1_500), "probed 900 ms ago");
        assertTrue(schedule.pingsAt(2_500, 1_500, 0, 1_500));
    }

    @Test
    void anIdleMemberWhosePingsAreAnsweredPingsWhenSuspicionComesFirst() {
        assertEquals(0.5, schedule.idlePingsPerSecond(), 1e-9, "suspicious 2 s after each pong");
        assertEquals(0.1, new IdleSchedule(10_000, 15_000, 1_000).idlePingsPerSecond(), 1e-9, "heartbeat first");
    }
}
