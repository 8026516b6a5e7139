package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.codec.reliability.PingRule.NOT_AWAITING;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a client pings and when it gives the server up: the rule alone, its times given. */
class PingRuleTest {

    @Test
    void pingsAfterAHeartbeatOfSendingNothing() {
        assertFalse(PingRule.pingsAt(9_999, 0, 0, NOT_AWAITING, false));
        assertTrue(PingRule.pingsAt(10_000, 0, 0, NOT_AWAITING, false));
        assertEquals(10_000, PingRule.nextPingMillis(0, 0, NOT_AWAITING, false));
    }

    @Test
    void aClientWithOtherNodesToGoToBeatsFaster() {
        long heartbeat = PingRule.FAILOVER_HEARTBEAT_MILLIS;
        assertFalse(PingRule.pingsAt(2_999, 0, 0, NOT_AWAITING, false, heartbeat));
        assertTrue(PingRule.pingsAt(3_000, 0, 0, NOT_AWAITING, false, heartbeat));
        assertEquals(3_000, PingRule.nextPingMillis(0, 0, NOT_AWAITING, false, heartbeat));
        assertEquals(2_000, PingRule.nextPingMillis(0, 0, 0, false, heartbeat), "probing does not wait for it");
    }

    @Test
    void sendingAnythingPutsTheHeartbeatOff() {
        assertFalse(PingRule.pingsAt(12_000, 3_000, 0, NOT_AWAITING, false), "an acknowledgement went at 3 s");
        assertEquals(13_000, PingRule.nextPingMillis(3_000, 0, NOT_AWAITING, false));
    }

    @Test
    void probesOnceAPingWentUnansweredForTwoSecondsButNotMoreOftenThanOnceASecond() {
        assertFalse(PingRule.pingsAt(1_999, 0, 0, 0, false), "unanswered for 2 s only at 2000");
        assertTrue(PingRule.pingsAt(2_000, 0, 0, 0, false));
        assertEquals(2_000, PingRule.nextPingMillis(0, 0, 0, false));
        assertFalse(PingRule.pingsAt(2_900, 2_000, 2_000, 0, false), "probed 900 ms ago");
        assertTrue(PingRule.pingsAt(3_000, 2_000, 2_000, 0, false));
        assertEquals(3_000, PingRule.nextPingMillis(2_000, 2_000, 0, false));
    }

    @Test
    void measuresTheRoundTripEveryTwoSecondsWhileMessagesAreInFlight() {
        assertFalse(PingRule.pingsAt(1_999, 1_500, 0, NOT_AWAITING, true));
        assertTrue(PingRule.pingsAt(2_000, 1_500, 0, NOT_AWAITING, true), "however recently it sent");
        assertEquals(2_000, PingRule.nextPingMillis(1_500, 0, NOT_AWAITING, true));
    }

    @Test
    void theFirstUnansweredPingStartsTheWaitAndLaterOnesDoNotMoveIt() {
        assertEquals(10_000, PingRule.awaitingAfterPing(10_000, NOT_AWAITING));
        assertEquals(10_000, PingRule.awaitingAfterPing(12_000, 10_000));
    }

    @Test
    void theServerIsGoneSixSecondsAfterAPingNothingAnswered() {
        assertFalse(PingRule.isSilent(1_000_000, NOT_AWAITING), "heard since its last ping: never silent");
        assertFalse(PingRule.isSilent(15_999, 10_000));
        assertTrue(PingRule.isSilent(16_000, 10_000));
    }

    @Test
    void anIdleClientFacingADeadServerHeartbeatsThenProbesAndGivesUpOnAProbesTime() {
        long lastSent = 0;
        long lastPing = 0;
        long awaiting = NOT_AWAITING;
        List<Long> pings = new ArrayList<>();
        long gaveUp = -1;
        for (long now = 0;
                now <= 20_000 && gaveUp < 0;
                now = PingRule.nextPingMillis(lastSent, lastPing, awaiting, false)) {
            if (PingRule.pingsAt(now, lastSent, lastPing, awaiting, false)) {
                pings.add(now);
                lastSent = now;
                lastPing = now;
                awaiting = PingRule.awaitingAfterPing(now, awaiting);
            }
            if (PingRule.isSilent(now, awaiting)) {
                gaveUp = now;
            }
        }

        assertEquals(List.of(10_000L, 12_000L, 13_000L, 14_000L, 15_000L, 16_000L), pings);
        assertEquals(16_000, gaveUp, "found at a probe's time: the silence needs no deadline of its own");
    }
}
