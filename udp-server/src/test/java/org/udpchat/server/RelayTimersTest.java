package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.NativeServerPacket.Ended;
import org.udpchat.codec.NativeServerPacket.Event;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.reliability.RetransmitTimer;
import org.udpchat.server.RelayFixture.NativeMember;

/**
 * The relay's timers as deadlines, on a {@link FakeClock}: how long it says the loop may sleep, and that
 * what falls due still happens on time when the loop comes back. An idle relay asks to be woken only for
 * what idle members can still come to (expiry), not every few milliseconds.
 */
class RelayTimersTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 43001);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 43002);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 43003);

    private static final long TIMEOUT_MILLIS = 30_000;

    private static final ServerConfig CONFIG = RelayFixture.DEFAULTS
            .withLimits(RoomLimits.ofMembers(20))
            .withSessionTimeout(Duration.ofMillis(TIMEOUT_MILLIS));

    private final RelayFixture fixture = new RelayFixture(CONFIG);

    private long untilDue() {
        return fixture.relay().millisUntilDue();
    }

    @Test
    void anEmptyRelayHasNothingTimed() {
        assertEquals(Long.MAX_VALUE, untilDue());
    }

    @Test
    void classicMembersWithoutAnIdleTimeoutSetNoTimer() {
        fixture.joinClassic(CAROL, "carol");
        fixture.joinClassic(BOB, "bob"); // carol is told at once: her room's bucket is full

        assertEquals(Long.MAX_VALUE, untilDue());
    }

    @Test
    void anIdleNativeMemberWakesTheRelayOnlyWhenItsSessionCouldExpire() {
        fixture.joinNative(ALICE, "alice");

        long until = untilDue();

        assertTrue(
                until > TIMEOUT_MILLIS && until <= TIMEOUT_MILLIS + SessionTimers.COARSE_SLACK_MILLIS,
                "the expiry, on the coarse grid: " + until);
    }

    @Test
    void aTurnOfTheTimersBeforeAnythingIsDueDoesNothing() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.joinNative(BOB, "bob"); // alice's event 1
        alice.ack(1);
        fixture.forget();
        long until = untilDue();

        fixture.tick(TIMEOUT_MILLIS); // both silent exactly the timeout: not expired yet

        fixture.assertNothingSentTo(ALICE, BOB);
        assertEquals(List.of("alice", "bob"), fixture.memberNames());
        assertEquals(until - TIMEOUT_MILLIS, untilDue());
    }

    @Test
    void aPingDoesNotBringTheWakeUpSooner() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        long until = untilDue();
        fixture.tick(10_000);

        alice.ping();

        assertEquals(until - 10_000, untilDue(), "re-armed when the old deadline passes, not at every ping");
    }

    @Test
    void anExpiryAPingPushedOnIsReArmedWhenTheOldOnePassesAndStillComesOnTime() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.tick(20_000);
        alice.ping();
        fixture.tick(10_001); // the deadline armed at the join has passed

        assertEquals(List.of("alice"), fixture.memberNames());
        long until = untilDue();
        assertTrue(
                until >= 20_000 && until <= 20_000 + SessionTimers.COARSE_SLACK_MILLIS,
                "re-armed at the ping's timeout: " + until);
        fixture.tick(19_999); // silent exactly the timeout since the ping
        assertEquals(List.of("alice"), fixture.memberNames());

        fixture.tick(1);

        assertEquals(List.of(), fixture.memberNames());
    }

    @Test
    void anEventSentMakesItsResendTheNextDeadline() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.joinNative(BOB, "bob"); // alice's event 1

        assertEquals(RetransmitTimer.INITIAL_RTO_MILLIS, untilDue());
        fixture.tick(RetransmitTimer.INITIAL_RTO_MILLIS - 1);
        fixture.assertNothingSentTo(ALICE);
        fixture.tick(1);
        fixture.assertEvents(ALICE, new RoomEvent.Joined("bob"));

        alice.ack(1);

        assertTrue(untilDue() > RetransmitTimer.MAX_RTO_MILLIS, "nothing to resend: " + untilDue());
    }

    @Test
    void anAcknowledgementThatTookTheEarliestResendLeavesNoTimerDueForever() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.joinNative(BOB, "bob"); // alice's event 1, due for resending at 1000
        fixture.tick(900);
        fixture.joinClassic(CAROL, "carol"); // alice's event 2, sent at 900
        alice.ack(1); // the window's earliest deadline, 1000, is gone with event 1
        fixture.forget();

        fixture.tick(100); // the stale deadline passes: the visit finds nothing due and looks again

        fixture.assertNothingSentTo(ALICE);
        assertTrue(untilDue() > 0, "event 2's resend is still ahead, not due on every turn of the loop");
    }

    @Test
    void anEventSentToAnIdleMemberBringsItsWakeUpSooner() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.tick(20_000);
        alice.ping();
        fixture.forget();

        fixture.joinClassic(CAROL, "carol"); // alice's event 1, long before her session could expire

        assertEquals(RetransmitTimer.INITIAL_RTO_MILLIS, untilDue());
    }

    @Test
    void aSessionThatStopsAcknowledgingIsStillDroppedOnTime() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob"); // alice's event 1, never acknowledged
        bob.ack(0);
        long stall = Backlog.DEFAULTS.stallTimeout().toMillis();
        for (long heard = 0; heard < stall; heard += 5_000) {
            fixture.tick(5_000);
            alice.ping();
            bob.ping();
        }
        assertEquals(List.of("alice", "bob"), fixture.memberNames(), "stalled exactly the stall timeout");

        fixture.tick(1);

        assertEquals(List.of("bob"), fixture.memberNames());
        assertEquals(
                new Event(bob.token(), 1, 0, new RoomEvent.Dropped("alice")),
                fixture.outbox()
                        .packetsTo(BOB)
                        .get(fixture.outbox().packetsTo(BOB).size() - 1));
    }

    @Test
    void aClassicMembersIdleTimeoutIsItsDeadlineAndSpeakingPushesItOn() {
        fixture.restart(CONFIG.withClassicIdleTimeout(Duration.ofSeconds(60)));
        fixture.joinClassic(CAROL, "carol");
        long until = untilDue();
        assertTrue(until > 60_000 && until <= 61_000, "the idle timeout, on a coarse grid: " + until);
        fixture.tick(30_000);
        fixture.receive(CAROL, "C carol still here");
        fixture.forget();
        fixture.tick(30_001); // the deadline armed at the join has passed
        assertEquals(List.of("carol"), fixture.memberNames());
        fixture.tick(29_999);
        assertEquals(List.of("carol"), fixture.memberNames());

        fixture.tick(1);

        assertEquals(List.of(), fixture.memberNames());
        fixture.assertLines(CAROL, "EXIT");
        assertEquals(Long.MAX_VALUE, untilDue());
    }

    @Test
    void aClassicMemberThatLeftSetsNoTimer() {
        fixture.restart(CONFIG.withClassicIdleTimeout(Duration.ofSeconds(60)));
        fixture.joinClassic(CAROL, "carol");

        fixture.receive(CAROL, "Q carol");

        assertEquals(Long.MAX_VALUE, untilDue());
    }

    @Test
    void aNoticeWaitingForItsRoomsBucketIsTheNextDeadline() {
        for (int i = 0; i <= RoomNotices.BURST; i++) { // the first is told of each of the next BURST
            fixture.joinClassic(new InetSocketAddress("192.0.2.1", 44000 + i), "m" + i);
        }
        InetSocketAddress first = new InetSocketAddress("192.0.2.1", 44000);
        fixture.forget();

        fixture.joinClassic(new InetSocketAddress("192.0.2.1", 44100), "late"); // the bucket is empty

        fixture.assertNothingSentTo(first);
        assertEquals(RoomNotices.REFILL_MILLIS, untilDue());
        fixture.tick(RoomNotices.REFILL_MILLIS - 1);
        fixture.assertNothingSentTo(first);
        fixture.tick(1);
        assertEquals(1, fixture.outbox().textsTo(first).size(), "told of the late one as the bucket refilled");
        assertEquals(Long.MAX_VALUE, untilDue());
    }

    @Test
    void aKickedSessionEndsWhenItsLingerRunsOut() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        fixture.joinClassic(CAROL, "carol"); // alice's event 1
        fixture.relay().onKick("alice", "");
        fixture.forget();
        for (long waited = 0; waited < NativeProtocol.LINGER_MILLIS; ) {
            long until = untilDue();
            assertTrue(until > 0 && until <= NativeProtocol.LINGER_MILLIS - waited, "next: " + until);
            fixture.tick(until); // resends, never acknowledged, until the linger runs out
            waited += until;
        }
        assertEquals(Long.MAX_VALUE, untilDue(), "the lingering session has ended");
        fixture.forget();

        alice.ping();

        fixture.assertPackets(ALICE, new Ended(alice.token(), EndReason.KICKED));
    }
}
