package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomEvent.History;
import org.udpchat.codec.RoomEvent.Missed;
import org.udpchat.codec.RoomEvent.PrivateFrom;
import org.udpchat.codec.RoomEvent.Said;
import org.udpchat.codec.RoomEvent.YouAreIn;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.RelayFixture.NativeMember;

/**
 * Catch-up: what a native member missed, told as history after a move or after its session expired, bounded,
 * never twice, never to a classic member. Driven through {@link Relay} by a {@link RelayFixture}, whose fake
 * clock is the wall clock too, so each line's time is the test's.
 */
class HistoryTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("192.0.2.1", 5001);
    private static final InetSocketAddress BOB = new InetSocketAddress("192.0.2.2", 5002);
    private static final InetSocketAddress CAROL = new InetSocketAddress("192.0.2.3", 5003);
    private static final InetSocketAddress MALLORY = new InetSocketAddress("203.0.113.66", 6666);

    private static final long TIMEOUT_MILLIS = 30_000;
    /** Bob, who stays, acknowledges nothing: no stall may drop him while alice is away. */
    private static final Backlog PATIENT = new Backlog(2_048, 1 << 20, Duration.ofHours(1), Duration.ofSeconds(30));

    private static final ServerConfig CONFIG = RelayFixture.DEFAULTS
            .withSessionTimeout(Duration.ofMillis(TIMEOUT_MILLIS))
            .withSafeguards(RelayFixture.DEFAULTS.safeguards().withBacklog(PATIENT));

    private RelayFixture fixture = new RelayFixture(CONFIG);

    private long now() {
        return fixture.clock().millis();
    }

    private static History line(long number, long atMillis, RoomEvent event) {
        return new History(number, atMillis, event);
    }

    /**
     * Alice stops acknowledging (her laptop's lid closes) and bob keeps talking until her session expires;
     * bob stays, pinging.
     */
    private void aliceLapsesWhileBobTalks(NativeMember alice, NativeMember bob, String... lines) {
        for (String text : lines) {
            bob.chat(text);
            fixture.tick(1);
        }
        fixture.tick(TIMEOUT_MILLIS / 2);
        bob.ping();
        fixture.tick(TIMEOUT_MILLIS / 2 + 1);
        bob.ping();
        assertEquals(List.of("bob"), fixture.memberNames(), "alice's session expired");
    }

    @Test
    void aClientBackAfterItsSessionExpiredIsToldWhatTheRoomSaidSinceItsLastAcknowledgedLine() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.chat("one");
        alice.ack(2); // JOINED bob, SAID one: she saw "one"
        long twoAt = now();
        aliceLapsesWhileBobTalks(alice, bob, "two", "three");
        long threeAt = twoAt + 1;
        long fourAt = now();
        bob.chat("four"); // said while she was away altogether

        NativeMember back = fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        assertNotEquals(alice.token(), back.token(), "a new session");
        fixture.assertEvents(
                ALICE,
                line(2, twoAt, new Said("bob", "two")),
                line(3, threeAt, new Said("bob", "three")),
                line(4, fourAt, new Said("bob", "four")));
        fixture.forget();
        bob.chat("five");
        fixture.assertEvents(ALICE, new Said("bob", "five")); // live again: a plain line
    }

    @Test
    void anExpiredSessionsTokenWithoutItsResumptionSecretIsToldNothingAndTakesNothingAway() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.chat("one");
        alice.ack(2);
        aliceLapsesWhileBobTalks(alice, bob, "two", "three");

        // mallory read alice's token off the wire, and guesses at the secret only alice's keys ever carried
        NativeServerPacket answer = fixture.login(
                MALLORY,
                new NativeClientPacket.Login(
                        alice.token(), ResumptionSecret.random(new SecureRandom()), "mallory", "lobby"));

        assertInstanceOf(NativeServerPacket.Welcome.class, answer);
        for (RoomEvent event : fixture.outbox().eventsTo(MALLORY)) {
            assertTrue(!(event instanceof History) && !(event instanceof Missed), "told alice's history: " + event);
        }
        fixture.forget();

        fixture.rejoinNative(ALICE, "alice", "lobby", alice); // alice, with her secret, still gets hers

        assertEquals(
                List.of(new Said("bob", "two"), new Said("bob", "three")),
                fixture.outbox().eventsTo(ALICE).stream()
                        .filter(History.class::isInstance)
                        .map(event -> ((History) event).event())
                        .toList());
    }

    @Test
    void historyEventsAreNumberedInTheSessionLikeAnyOther() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        aliceLapsesWhileBobTalks(alice, bob, "one", "two");

        fixture.rejoinNative(ALICE, "alice", "lobby", alice);
        bob.chat("three");

        List<Long> seqs = fixture.outbox().packetsTo(ALICE).stream()
                .filter(NativeServerPacket.Event.class::isInstance)
                .map(p -> ((NativeServerPacket.Event) p).seq())
                .toList();
        assertEquals(List.of(1L, 2L, 3L), seqs, "history 1 and 2, then the live line 3");
    }

    @Test
    void aClientThatResumesItsLiveSessionIsToldNothingTwice() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.chat("one"); // alice's event 2, unacknowledged
        fixture.tick(5_000); // silent, not expired

        NativeMember back = fixture.rejoinNative(ALICE, "alice", "lobby", alice);
        back.ack(0);
        fixture.tick(2_000); // what is owed is resent

        assertEquals(List.of("alice", "bob"), fixture.memberNames(), "the same session, under its new token");
        for (RoomEvent event : fixture.outbox().eventsTo(ALICE)) {
            assertTrue(!(event instanceof History) && !(event instanceof Missed), "no history: " + event);
        }
        back.ack(2);
        fixture.forget();
        bob.chat("two");
        fixture.assertEvents(ALICE, new Said("bob", "two"));
    }

    @Test
    void privateMessagesAMemberHadNotAcknowledgedAreKeptForItsReturn() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ack(1);
        long sentAt = now();
        bob.ask(new RoomRequest.PrivateMessage("alice", "lunch?"));
        aliceLapsesWhileBobTalks(alice, bob, "anyone?");

        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(
                ALICE, line(0, sentAt, new PrivateFrom("bob", "lunch?")), line(1, sentAt, new Said("bob", "anyone?")));
    }

    @Test
    void aPrivateMessageToldAgainAndNotAcknowledgedIsKeptForASecondReturn() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ack(1);
        long sentAt = now();
        bob.ask(new RoomRequest.PrivateMessage("alice", "lunch?"));
        aliceLapsesWhileBobTalks(alice, bob);
        NativeMember back = fixture.rejoinNative(ALICE, "alice", "lobby", alice);
        fixture.assertEvents(ALICE, line(0, sentAt, new PrivateFrom("bob", "lunch?")));
        fixture.forget();

        aliceLapsesWhileBobTalks(back, bob); // her lid closes again before her client acknowledged it
        fixture.rejoinNative(ALICE, "alice", "lobby", back);

        fixture.assertEvents(ALICE, line(0, sentAt, new PrivateFrom("bob", "lunch?")));
    }

    @Test
    void whatAClientAcknowledgesAfterItsSessionExpiredIsNotToldAgain() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.ask(new RoomRequest.PrivateMessage("alice", "lunch?"));
        aliceLapsesWhileBobTalks(alice, bob, "one", "two");
        long threeAt = now();
        bob.chat("three");

        // her laptop wakes: her client shows what had reached it, and acknowledges it (JOINED, PRIVATE_FROM,
        // SAID one, SAID two) before it learns from the answer that its session is over
        fixture.receive(ALICE, new NativeClientPacket.Ack(alice.token(), 4));
        assertEquals(
                new NativeServerPacket.Ended(alice.token(), EndReason.EXPIRED),
                fixture.outbox().last(ALICE));
        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(ALICE, line(3, threeAt, new Said("bob", "three")));
    }

    @Test
    void aLateAcknowledgementOfPartOfWhatWasOwedLeavesTheRest() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        long oneAt = now();
        aliceLapsesWhileBobTalks(alice, bob, "one", "two");

        fixture.receive(ALICE, new NativeClientPacket.Ack(alice.token(), 2)); // JOINED, SAID one
        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(ALICE, line(2, oneAt + 1, new Said("bob", "two")));
    }

    @Test
    void privateMessagesBeyondTheBoundAreCountedNotKept() {
        fixture = new RelayFixture(CONFIG.withHistoryLines(2));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        long at = now();
        for (String text : List.of("p1", "p2", "p3")) {
            bob.ask(new RoomRequest.PrivateMessage("alice", text));
        }
        aliceLapsesWhileBobTalks(alice, bob);

        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(
                ALICE,
                new Missed(1, ""),
                line(0, at, new PrivateFrom("bob", "p2")),
                line(0, at, new PrivateFrom("bob", "p3")));
    }

    @Test
    void anAcknowledgedPrivateMessageIsNotToldAgain() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.ask(new RoomRequest.PrivateMessage("alice", "lunch?"));
        alice.ack(2); // JOINED bob, PRIVATE_FROM
        aliceLapsesWhileBobTalks(alice, bob);

        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(ALICE);
    }

    @Test
    void aGapLargerThanTheHistoryIsCountedBeforeTheLinesKept() {
        fixture = new RelayFixture(CONFIG.withHistoryLines(2));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ack(1);
        long firstAt = now();
        aliceLapsesWhileBobTalks(alice, bob, "1", "2", "3", "4", "5");

        fixture.rejoinNative(ALICE, "alice", "lobby", alice);

        fixture.assertEvents(
                ALICE,
                new Missed(3, "lobby"),
                line(4, firstAt + 3, new Said("bob", "4")),
                line(5, firstAt + 4, new Said("bob", "5")));
    }

    @Test
    void aMemberThatComesBackToARoomIsToldWhatItSaidMeanwhile() {
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        bob.chat("before"); // she heard this one live
        alice.ask(new RoomRequest.JoinRoom("games"));
        long missedAt = now();
        bob.chat("while you were out");
        fixture.forget();

        alice.ask(new RoomRequest.JoinRoom("lobby"));

        fixture.assertEvents(ALICE, new YouAreIn("lobby", 2), line(2, missedAt, new Said("bob", "while you were out")));
        fixture.forget();
        bob.chat("welcome back");
        fixture.assertEvents(ALICE, new Said("bob", "welcome back"));
    }

    @Test
    void aMemberThatComesBackToARoomAfterMoreThanItKeepsIsToldHowManyLinesItMissed() {
        fixture = new RelayFixture(CONFIG.withHistoryLines(2));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ask(new RoomRequest.JoinRoom("games"));
        long firstAt = now();
        for (int i = 1; i <= 5; i++) {
            bob.chat("line " + i);
        }
        fixture.forget();

        alice.ask(new RoomRequest.JoinRoom("lobby"));

        fixture.assertEvents(
                ALICE,
                new YouAreIn("lobby", 2),
                new Missed(3, "lobby"),
                line(4, firstAt, new Said("bob", "line 4")),
                line(5, firstAt, new Said("bob", "line 5")));
    }

    @Test
    void aMemberMovingIntoARoomNewToItIsToldItsRecentLinesWithNoGap() {
        fixture = new RelayFixture(CONFIG.withHistoryLines(2));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob", "games");
        long at = now();
        bob.chat("a");
        bob.chat("b");
        bob.chat("c");
        fixture.forget();

        alice.ask(new RoomRequest.JoinRoom("games"));

        fixture.assertEvents(
                ALICE, new YouAreIn("games", 2), line(2, at, new Said("bob", "b")), line(3, at, new Said("bob", "c")));
    }

    @Test
    void announcementsAndActionsAreLinesOfHistoryAndArrivalsAreNot() {
        NativeMember alice = fixture.joinNative(ALICE, "alice", "games");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        long at = now();
        fixture.relay().onAnnouncement("maintenance at noon");
        bob.ask(new RoomRequest.Action("waves"));
        fixture.joinClassic(CAROL, "carol");
        fixture.forget();

        alice.ask(new RoomRequest.JoinRoom("lobby"));

        fixture.assertEvents(
                ALICE,
                new YouAreIn("lobby", 3),
                line(1, at, new RoomEvent.Announced("maintenance at noon")),
                line(2, at, new RoomEvent.Acted("bob", "waves")));
    }

    @Test
    void withHistoryZeroNothingIsKeptOrTold() {
        fixture = new RelayFixture(CONFIG.withHistoryLines(0));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ask(new RoomRequest.JoinRoom("games"));
        bob.chat("unheard");
        fixture.forget();
        alice.ask(new RoomRequest.JoinRoom("lobby"));
        fixture.assertEvents(ALICE, new YouAreIn("lobby", 2));

        fixture.forget();
        bob.ask(new RoomRequest.PrivateMessage("alice", "psst"));
        aliceLapsesWhileBobTalks(alice, bob, "also unheard");
        fixture.rejoinNative(ALICE, "alice", "lobby", alice);
        fixture.assertEvents(ALICE);
    }

    @Test
    void classicMembersGetNoHistoryButTheirLinesAreKeptForNativeOnes() {
        NativeMember alice = fixture.joinNative(ALICE, "alice", "games");
        fixture.joinNative(BOB, "bob").chat("before carol came");
        long at = now();
        fixture.receive(CAROL, "L carol");
        fixture.receive(CAROL, "C carol hello");

        fixture.assertLines(CAROL, "OK", "carol : hello");
        fixture.forget();
        alice.ask(new RoomRequest.JoinRoom("lobby"));
        fixture.assertEvents(
                ALICE,
                new YouAreIn("lobby", 3),
                line(1, at, new Said("bob", "before carol came")),
                line(2, at, new Said("carol", "hello")));
    }

    @Test
    void aFirstLoginIsToldNoHistory() {
        fixture.joinNative(BOB, "bob").chat("hi");

        fixture.rejoinNative(ALICE, "alice", "lobby", null);

        fixture.assertEvents(ALICE);
    }

    @Test
    void aCatchUpTakesAtMostHalfOfWhatTheBacklogHasRoomFor() {
        Backlog small = new Backlog(8, 1 << 20, Duration.ofHours(1), Duration.ofSeconds(30));
        fixture = new RelayFixture(CONFIG.withSafeguards(CONFIG.safeguards().withBacklog(small)));
        NativeMember alice = fixture.joinNative(ALICE, "alice");
        NativeMember bob = fixture.joinNative(BOB, "bob");
        alice.ask(new RoomRequest.JoinRoom("games"));
        alice.ack(2); // JOINED bob, YOU_ARE_IN games
        for (int i = 1; i <= 10; i++) {
            bob.chat("line " + i);
            bob.ackReceived(); // his own lines come back to him: he keeps up
        }
        fixture.forget();

        alice.ask(new RoomRequest.JoinRoom("lobby"));

        List<RoomEvent> events = fixture.outbox().eventsTo(ALICE);
        assertEquals(new YouAreIn("lobby", 2), events.get(0));
        // 7 places left once YOU_ARE_IN is owed: 3 go to the catch-up, after the count of the rest
        assertEquals(new Missed(7, "lobby"), events.get(1));
        assertEquals(5, events.size(), events.toString());
        assertEquals(
                new Said("bob", "line 10"),
                assertInstanceOf(History.class, events.get(4)).event());
        assertEquals(List.of("alice", "bob"), fixture.memberNames(), "not dropped");
    }
}
