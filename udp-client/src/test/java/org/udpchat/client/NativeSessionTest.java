package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;

/**
 * The client's half of a native session with no socket and no real time: a {@link ScriptedServer}
 * records what it sends, the test hands it the server's packets and moves its clock. Its timers
 * (resends, acknowledgements, heartbeats, probes, round-trip pings, the silence that means reconnect),
 * how each way of ending maps to an exit status, the name and room it follows, what it reports as
 * possibly lost after a server restart, and the queue of typed lines.
 */
class NativeSessionTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;

    private final ScriptedServer server = new ScriptedServer();
    private NativeSession session = session("alice", "lobby");
    private CompletableFuture<Void> quitting;
    private CompletableFuture<Integer> finishing;

    @AfterEach
    void stopQuitting() throws Exception {
        if (quitting != null || finishing != null) {
            session.end(ExitStatus.OK);
        }
        if (quitting != null) {
            quitting.get(5, TimeUnit.SECONDS);
        }
        if (finishing != null) {
            finishing.get(5, TimeUnit.SECONDS);
        }
    }

    private NativeSession session(String name, String room) {
        return new NativeSession(server, server.joined(TOKEN, name, room), server.clock());
    }

    private static NativeServerPacket.Event event(long seq, RoomEvent event) {
        return new NativeServerPacket.Event(TOKEN, seq, 0, event);
    }

    /** The session quits on another thread, as the sender does; returns once the quit is sent. */
    private void startQuitting() throws Exception {
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> {}));
        assertInstanceOf(NativeClientPacket.Quit.class, server.next());
    }

    /**
     * The end of input, on another thread as the sender meets it; returns once it waits for the server
     * (the session's lock is free only then), or has returned already.
     */
    private CompletableFuture<Integer> startFinishing() {
        finishing = CompletableFuture.supplyAsync(session::awaitLinesAcknowledged);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!session.isFinishing() && !finishing.isDone()) {
            assertTrue(System.nanoTime() < deadline, "the end of input did not start waiting for the server");
            Thread.onSpinWait();
        }
        return finishing;
    }

    /**
     * Runs the receiver's loop until {@code until}: takes what the server answers, else waits (no time
     * at all) until the next timer, and runs the timers.
     *
     * @return the times at which the timers asked to reconnect
     */
    private List<Long> receiveUntil(long until) {
        List<Long> reconnectAsked = new ArrayList<>();
        while (server.now() < until) {
            server.receive(session.untilNextTimer()).ifPresent(session::onDatagram);
            if (session.onTimers()) {
                reconnectAsked.add(server.now());
            }
        }
        return reconnectAsked;
    }

    /**
     * Runs the timers as the receiver does while nothing arrives: waking when the session says its next
     * timer falls due, until {@code until}.
     *
     * @return the times at which the timers asked to reconnect
     */
    private List<Long> idleUntil(long until) {
        List<Long> reconnectAsked = new ArrayList<>();
        while (server.now() < until) {
            server.advanceTo(
                    Math.min(until, server.now() + session.untilNextTimer().toMillis()));
            if (session.onTimers()) {
                reconnectAsked.add(server.now());
            }
        }
        return reconnectAsked;
    }

    // Timers

    @Test
    void aHeartbeatUnansweredForTwoSecondsIsProbedOnceASecondAndSixSecondsOfSilenceAsksToReconnect() {
        List<Long> reconnectAsked = idleUntil(17_000);

        assertEquals(
                List.of(10_000L, 12_000L, 13_000L, 14_000L, 15_000L, 16_000L, 17_000L),
                server.timesOf(NativeClientPacket.Ping.class));
        assertEquals(List.of(16_000L, 17_000L), reconnectAsked);
        assertEquals(
                Collections.nCopies(7, new NativeClientPacket.Ping(TOKEN, 0)),
                server.rest(),
                "pings, and nothing else");
    }

    @Test
    void aSessionWithOtherNodesToGoToPingsEveryThreeSecondsAndGivesItsNodeUpWithinNine() {
        session = new NativeSession(
                server, server.joined(TOKEN, "alice", "lobby"), server.clock(), PingRule.FAILOVER_HEARTBEAT_MILLIS);

        List<Long> reconnectAsked = idleUntil(9_000);

        assertEquals(
                List.of(3_000L, 5_000L, 6_000L, 7_000L, 8_000L, 9_000L), server.timesOf(NativeClientPacket.Ping.class));
        assertEquals(List.of(9_000L), reconnectAsked, "the node's death noticed 9 s after the last thing sent");
    }

    @Test
    void anIdleSessionWithAServerThatAnswersPingsOnlyEveryTenSeconds() {
        server.answer(packet ->
                packet instanceof NativeClientPacket.Ping ? List.of(new NativeServerPacket.Pong(TOKEN, 0)) : List.of());

        assertEquals(List.of(), receiveUntil(60_000), "answered: never a reason to reconnect");

        assertEquals(
                List.of(10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L),
                server.timesOf(NativeClientPacket.Ping.class),
                "a heartbeat, and no probes: the server answers each");
    }

    @Test
    void sendsAHeartbeatAfterTenSecondsWithNothingToSay() {
        for (long t = 1; t <= 20_500; t++) {
            server.advanceTo(t);
            if (t % 1_000 == 0) {
                session.onDatagram(server.datagram(
                        new NativeServerPacket.Ack(TOKEN, 0))); // the server is there, so nothing to probe
            }
            assertFalse(session.onTimers(), "at " + t);
        }

        assertEquals(List.of(10_000L, 20_000L), server.timesOf(NativeClientPacket.Ping.class));
        assertEquals(
                List.of(new NativeClientPacket.Ping(TOKEN, 0), new NativeClientPacket.Ping(TOKEN, 0)), server.rest());
    }

    @Test
    void measuresTheRoundTripWithAPingEveryTwoSecondsWhileMessagesAreInFlight() {
        session.say("hello");
        long seq = 0;
        for (long t = 100; t <= 12_000; t += 100) {
            server.advanceTo(t);
            if (t % 500 == 0) {
                // the room is busy, so the server is heard; at 7 s it has relayed the chat and acknowledges it
                session.onDatagram(server.datagram(new NativeServerPacket.Event(
                        TOKEN, ++seq, t >= 7_000 ? 1 : 0, new RoomEvent.Said("bob", "hi"))));
            }
            session.onTimers();
        }

        assertEquals(List.of(2_000L, 4_000L, 6_000L), server.timesOf(NativeClientPacket.Ping.class));
    }

    @Test
    void resendsAMessageEachTimeItsTimeoutPassesUntilAcknowledged() {
        session.say("hello");
        for (long t = 1; t <= 5_000; t++) {
            server.advanceTo(t);
            if (t == 3_500) {
                session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));
            }
            session.onTimers();
        }

        // the initial timeout is 1 s; doubling it stops at 1 s (RetransmitTimer.MAX_BACKOFF_MILLIS)
        assertEquals(List.of(0L, 1_000L, 2_000L, 3_000L), server.timesOf(NativeClientPacket.Chat.class));
        assertEquals(
                Collections.nCopies(4, new NativeClientPacket.Chat(TOKEN, 1, 0, "hello")),
                server.sentOf(NativeClientPacket.Chat.class));
    }

    @Test
    void acknowledgesAnEventTwentyMillisecondsAfterItArrived() {
        server.advanceTo(100);
        session.onDatagram(server.datagram(event(1, new RoomEvent.Said("bob", "hi"))));
        server.advanceTo(100 + AckSchedule.DELAY_MILLIS - 1);
        session.onTimers();
        assertEquals(List.of(), server.rest(), "not yet: more may come to acknowledge at once");

        server.advanceTo(100 + AckSchedule.DELAY_MILLIS);
        session.onTimers();

        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, 1)), server.rest());
    }

    @Test
    void acknowledgesEveryEighthEventAtOnce() {
        for (int seq = 1; seq <= AckSchedule.EVERY; seq++) {
            session.onDatagram(server.datagram(event(seq, new RoomEvent.Said("bob", "hi " + seq))));
        }
        session.onTimers();

        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, AckSchedule.EVERY)), server.rest());
    }

    @Test
    void acknowledgesAtOnceWhatArrivesOutOfOrder() {
        session.onDatagram(server.datagram(event(2, new RoomEvent.Said("bob", "second"))));
        session.onTimers();

        assertEquals(
                List.of(new NativeClientPacket.Ack(TOKEN, 0)),
                server.rest(),
                "the server must learn that 1 is missing");
    }

    @Test
    void echoesAPathChallenge() {
        session.onDatagram(server.datagram(new NativeServerPacket.PathChallenge(TOKEN, 42)));

        assertEquals(List.of(new NativeClientPacket.PathResponse(TOKEN, 42)), server.rest());
    }

    @Test
    void asksNothingOfTheTimersWhileReconnecting() {
        session.say("hello");
        server.rest();
        session.startReconnecting();

        server.advanceTo(20_000);

        assertFalse(session.onTimers(), "the receiver is reconnecting already");
        assertEquals(List.of(), server.rest(), "no resends, no pings: the session is gone until it is back");
    }

    @Test
    void doesNotAskToReconnectWhileQuitting() throws Exception {
        startQuitting();

        assertEquals(List.of(), idleUntil(20_000), "the server may be gone: leaving needs no server");
    }

    // How the session ends

    @Test
    void anEndedKickShowsTheKickAndEndsWithStatus3() {
        assertEquals(
                NativeSession.Received.ending(List.of(new RoomEvent.YouWereKicked("")), false, ExitStatus.KICKED),
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, EndReason.KICKED))));
    }

    @Test
    void anEndedClosingShowsTheClosingAndEndsWithStatus0() {
        assertEquals(
                NativeSession.Received.ending(List.of(new RoomEvent.Closing()), false, ExitStatus.OK),
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, EndReason.CLOSED))));
    }

    @Test
    void anEndedQuitIsOurLeavingWhenWeQuit() throws Exception {
        NativeSession.Received unasked =
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, EndReason.QUIT)));
        assertEquals(NativeSession.Received.ending(List.of(), false, ExitStatus.OK), unasked);

        startQuitting();
        NativeSession.Received asked =
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, EndReason.QUIT)));

        assertEquals(NativeSession.Received.LEFT, asked);
    }

    @ParameterizedTest
    @EnumSource(
            value = EndReason.class,
            names = {"EXPIRED", "DROPPED"})
    void aLapsedSessionReconnectsUnlessWeAreLeaving(EndReason reason) throws Exception {
        // the user is told why: the session lapsed, or we could not keep up and the server dropped us
        assertEquals(
                reason == EndReason.DROPPED ? NativeSession.Received.DROPPED : NativeSession.Received.RECONNECT,
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, reason))));

        startQuitting();

        assertEquals(
                NativeSession.Received.LEFT,
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, reason))));
    }

    @Test
    void aKickEventEndsWithStatus3AndIsAcknowledgedAtOnce() {
        NativeSession.Received received =
                session.onDatagram(server.datagram(event(1, new RoomEvent.YouWereKicked("spam"))));

        assertEquals(
                NativeSession.Received.ending(List.of(new RoomEvent.YouWereKicked("spam")), false, ExitStatus.KICKED),
                received);
        assertEquals(
                List.of(new NativeClientPacket.Ack(TOKEN, 1)), server.rest(), "so the server can let the session go");
    }

    @Test
    void aBanEventEndsWithStatus3AndIsAcknowledgedAtOnceAsAKickDoes() {
        NativeSession.Received received = session.onDatagram(server.datagram(event(1, new RoomEvent.YouWereBanned(5))));

        assertEquals(
                NativeSession.Received.ending(List.of(new RoomEvent.YouWereBanned(5)), false, ExitStatus.KICKED),
                received);
        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, 1)), server.rest());
    }

    @Test
    void aClosingEventEndsWithStatus0AndIsAcknowledgedAtOnce() {
        NativeSession.Received received = session.onDatagram(server.datagram(event(1, new RoomEvent.Closing())));

        assertEquals(NativeSession.Received.ending(List.of(new RoomEvent.Closing()), false, ExitStatus.OK), received);
        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, 1)), server.rest());
    }

    @Test
    void theAcknowledgementOfOurQuitMeansWeHaveLeft() throws Exception {
        startQuitting();

        NativeSession.Received received = session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));

        assertEquals(NativeSession.Received.LEFT, received);
        session.end(received.end().orElseThrow());
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(ExitStatus.OK, session.awaitEnd());
    }

    @Test
    void aQuitTheServerAnswersSaysNothingMore() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> told.add("unanswered")));
        assertInstanceOf(NativeClientPacket.Quit.class, server.next());
        session.end(session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)))
                .end()
                .orElseThrow());
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), told);
    }

    @Test
    void aQuitNobodyAnswersSaysSoBeforeTheSessionEnds() throws Exception {
        List<Boolean> endedWhenTold = new CopyOnWriteArrayList<>();
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> endedWhenTold.add(session.hasEnded())));
        assertInstanceOf(NativeClientPacket.Quit.class, server.next());
        quitting.get(NativeSession.QUIT_WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS); // the server never answers
        assertEquals(List.of(false), endedWhenTold, "told once, while the program still runs");
        assertTrue(session.hasEnded());
    }

    @Test
    void aQuitWhileReconnectingSaysAtOnceThatNobodyHeardIt() {
        session.startReconnecting();
        List<String> told = new ArrayList<>();
        session.quit(() -> told.add("unanswered"));
        assertEquals(List.of("unanswered"), told);
        assertTrue(session.hasEnded());
    }

    @Test
    void aPongCarriesTheAcknowledgementOfOurQuitToo() throws Exception {
        startQuitting();

        assertEquals(
                NativeSession.Received.LEFT,
                session.onDatagram(server.datagram(new NativeServerPacket.Pong(TOKEN, 1))));
    }

    @Test
    void ignoresDatagramsOfAnotherSessionOrUnderOtherKeys() {
        ScriptedServer other = new ScriptedServer();
        other.joined(NEW_TOKEN, "mallory", "lobby");
        ScriptedServer forger = new ScriptedServer();
        forger.joined(TOKEN, "alice", "lobby"); // our token, other keys

        assertEquals(
                NativeSession.Received.NOTHING,
                session.onDatagram(other.datagram(new NativeServerPacket.Ended(NEW_TOKEN, EndReason.KICKED))));
        assertEquals(
                NativeSession.Received.NOTHING,
                session.onDatagram(
                        other.datagram(new NativeServerPacket.Event(NEW_TOKEN, 1, 0, new RoomEvent.Closing()))));
        assertEquals(
                NativeSession.Received.NOTHING,
                session.onDatagram(forger.datagram(new NativeServerPacket.Ended(TOKEN, EndReason.KICKED))));
        assertEquals(List.of(), server.rest());
        assertFalse(session.hasEnded());
    }

    // What it follows, and what it reports

    @Test
    void takesRequestsOnlyFromAServerThatNamesARoom() {
        assertTrue(session("alice", "lobby").takesRequests());
        assertFalse(session("alice", "").takesRequests(), "an older server would drop a request as malformed");
    }

    @Test
    void followsItsOwnNewNameAndRoomFromTheServer() {
        session.onDatagram(server.datagram(event(1, new RoomEvent.Renamed("bob", "robert"))));
        session.onDatagram(server.datagram(event(2, new RoomEvent.Renamed("alice", "alicia"))));
        session.onDatagram(server.datagram(event(3, new RoomEvent.YouAreIn("games", 2))));

        assertEquals("alicia", session.name());
        assertEquals("games", session.room());
    }

    @Test
    void aResumedSessionTakesTheNameTheServerKnowsItBy() {
        session.startReconnecting();

        session.resumed(server.joined(TOKEN, "alicia", "games"));

        assertEquals("alicia", session.name());
        assertEquals("games", session.room());
    }

    @Test
    void afterARestartListsTheChatsPrivateMessagesAndActionsThatMayBeLost() {
        session.say("hello");
        session.request(new RoomRequest.PrivateMessage("bob", "psst"));
        session.request(new RoomRequest.Action("waves"));
        session.request(new RoomRequest.JoinRoom("games"));
        session.request(new RoomRequest.Who(""));
        assertEquals(5, server.rest().size());
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"));

        assertEquals(List.of("hello", "/msg bob psst", "/me waves"), mayBeLost);
    }

    @Test
    void anAcknowledgementDoesNotMeasureTheRoundTripForItMayHaveWaitedForTheRoom() {
        session.say("hello");

        server.advanceTo(3_000); // the server held the chat back while a member caught up
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));

        assertEquals(1_000, session.retransmitTimeoutMillis(), "still the initial timeout, not 3 s and more");
    }

    @Test
    void aPongAnsweringOnePingMeasuresTheRoundTrip() throws Exception {
        session.say("hello");
        server.next();
        server.advanceTo(PingRule.MEASURE_MILLIS); // messages in flight: time to measure
        session.onTimers();
        assertInstanceOf(NativeClientPacket.Chat.class, server.next(), "its timeout passed too: resent first");
        assertInstanceOf(NativeClientPacket.Ping.class, server.next());

        server.advanceTo(PingRule.MEASURE_MILLIS + 40);
        session.onDatagram(server.datagram(new NativeServerPacket.Pong(TOKEN, 0)));

        assertEquals(200, session.retransmitTimeoutMillis(), "40 ms on loopback: the 200 ms floor");
    }

    @Test
    void linesTypedBehindAFullWindowWaitInOrderAndGoAsAcknowledgementsMakeRoom() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 2; i++) {
            session.say("line " + i); // returns at once, window full or not
        }
        for (int i = 1; i <= NativeSession.SEND_WINDOW; i++) {
            assertEquals(
                    "line " + i,
                    assertInstanceOf(NativeClientPacket.Chat.class, server.next())
                            .text());
        }
        assertEquals(List.of(), server.rest());

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 2)));

        assertEquals(
                List.of(
                        new NativeClientPacket.Chat(TOKEN, 65, 0, "line 65"),
                        new NativeClientPacket.Chat(TOKEN, 66, 0, "line 66")),
                server.rest());
    }

    @Test
    void aQuitTypedBehindWaitingLinesGoesAheadOfThemAndTheyAreDropped() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 3; i++) {
            session.say("line " + i);
        }
        assertEquals(NativeSession.SEND_WINDOW, server.rest().size());
        assertEquals(3, session.dropUnsent(), "3 waiting; the 64 in flight go before the quit");
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> {}));

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1))); // room for one message: the quit's

        assertEquals(new NativeClientPacket.Quit(TOKEN, 65, 0), server.next());
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 2)));
        assertEquals(List.of(), server.rest(), "the lines typed behind it were dropped");
        NativeSession.Received left = session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 65)));
        assertEquals(NativeSession.Received.LEFT, left, "the quit's acknowledgement ends the session");
        session.end(left.end().orElseThrow());
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(ExitStatus.OK, session.awaitEnd());
    }

    @Test
    void aQuitGoesAtOnceAsTheNextMessageAheadOfUnacknowledgedLines() throws Exception {
        session.say("one");
        session.say("two");
        server.rest();

        assertEquals(0, session.dropUnsent(), "in flight: the server takes them in order, before the quit");
        startQuitting();

        assertEquals(
                List.of(new NativeClientPacket.Quit(TOKEN, 3, 0)),
                server.sentOf(NativeClientPacket.Quit.class),
                "numbered after them, so the server discards them when it arrives");
        assertEquals(
                NativeSession.Received.LEFT, session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 3))));
    }

    @Test
    void nothingTypedAfterLeavingIsSent() throws Exception {
        assertEquals(0, session.dropUnsent(), "nothing typed: nothing to tell");
        session.say("too late");
        session.request(new RoomRequest.Who(""));
        assertEquals(List.of(), server.rest());

        startQuitting();

        assertEquals(List.of(), server.rest(), "the quit, and nothing after it");
        assertEquals(0, session.dropUnsent(), "counted once");
    }

    @Test
    void aQuitWithoutDroppingFirstStillGoesAheadOfWaitingLines() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 1; i++) {
            session.say("line " + i);
        }
        server.rest();
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> {}));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (session.linesWaiting() > NativeSession.SEND_WINDOW) { // the quit has dropped the waiting line
            assertTrue(System.nanoTime() < deadline, "the quit did not drop the line waiting behind the window");
            Thread.onSpinWait();
        }

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));

        assertEquals(new NativeClientPacket.Quit(TOKEN, 65, 0), server.next());
        assertEquals(List.of(), server.rest());
    }

    @Test
    void leavingWhileReconnectingCountsEverythingUnacknowledgedAndSendsNothing() {
        session.say("sent before");
        server.rest();
        session.startReconnecting();
        session.say("typed while away");

        assertEquals(2, session.dropUnsent());
        session.quit(() -> {}); // nobody to tell: ends at once

        assertTrue(session.hasEnded());
        assertEquals(List.of(), server.rest());
    }

    @Test
    void dropUnsentLetsASenderWaitingOnAFullQueueGo() throws Exception {
        for (int i = 0; i < NativeSession.SEND_WINDOW + NativeSession.MAX_TYPED; i++) {
            session.say("line " + i);
        }
        server.rest();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> session.say("one too many"));

        assertEquals(NativeSession.MAX_TYPED, session.dropUnsent(), "those waiting here");

        blocked.get(5, TimeUnit.SECONDS);
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, NativeSession.SEND_WINDOW)));
        assertEquals(List.of(), server.rest(), "neither the queue nor the line it waited with went");
    }

    @Test
    void linesWaitingAreTheTypedLinesTheServerHasNotAcknowledged() {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 2; i++) {
            session.say("line " + i);
        }
        session.request(new RoomRequest.Who(""));
        assertEquals(NativeSession.SEND_WINDOW + 3, session.linesWaiting(), "in the window, and queued behind it");

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 10)));

        assertEquals(NativeSession.SEND_WINDOW + 3 - 10, session.linesWaiting());
    }

    @Test
    void anEventOfAKindThisClientDoesNotKnowIsDeliveredInItsPlaceAndAcknowledged() {
        server.advanceTo(100);

        NativeSession.Received unknown = session.onDatagram(server.datagram(event(1, new RoomEvent.Unrecognized(99))));
        NativeSession.Received next = session.onDatagram(server.datagram(event(2, new RoomEvent.Said("bob", "hi"))));
        server.advanceTo(100 + AckSchedule.DELAY_MILLIS);
        session.onTimers();

        assertEquals(List.of(new RoomEvent.Unrecognized(99)), unknown.events(), "the receiver decides what is shown");
        assertEquals(List.of(new RoomEvent.Said("bob", "hi")), next.events(), "no gap behind it");
        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, 2)), server.rest());
    }

    @Test
    void linesTypedWhileReconnectingGoInTheSessionThatFollows() {
        session.startReconnecting();

        session.say("typed while away"); // returns at once
        assertEquals(List.of(), server.rest(), "nobody to send it to yet");
        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"));

        assertEquals(List.of(), mayBeLost, "never sent, so not lost: it goes now");
        assertEquals(List.of(new NativeClientPacket.Chat(NEW_TOKEN, 1, 0, "typed while away")), server.rest());
    }

    @Test
    void aRequestTooLargeForADatagramIsRefusedBeforeItEntersTheWindow() {
        String name = "x".repeat(200);

        assertThrows(
                IllegalArgumentException.class,
                () -> session.request(new RoomRequest.PrivateMessage(name, "y".repeat(1000))));
        session.say("still here"); // message 1: nothing waits to be resent for ever

        assertEquals(List.of(new NativeClientPacket.Chat(TOKEN, 1, 0, "still here")), server.rest());
    }

    // What a quit counts as may not have been sent

    @Test
    void whileTheServerSlowsUsDownTheLinesItHasNotAcknowledgedCount() {
        for (int i = 1; i <= 12; i++) {
            session.say("line " + i);
        }
        server.rest();

        // the server relayed ten, holds two, and says so
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, 1, 10, new RoomEvent.SlowedDown(2))));
        session.say("one more"); // held too, behind them

        assertTrue(session.isSlowedDown());
        assertEquals(3, session.dropUnsent(), "the server discards what it holds when the quit arrives");
    }

    @Test
    void forgetsBeingSlowedDownOnceTheServerHasAcknowledgedEverythingSent() {
        for (int i = 1; i <= 12; i++) {
            session.say("line " + i);
        }
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, 1, 10, new RoomEvent.SlowedDown(2))));
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 11)));
        assertTrue(session.isSlowedDown(), "it still holds line 12");

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 12)));
        session.say("later");

        assertFalse(session.isSlowedDown());
        assertEquals(0, session.dropUnsent(), "in flight only: the server relays it before the quit");
    }

    @Test
    void aSlowedDownAboutLinesAcknowledgedSinceSaysNothingOfTheLinesAfterThem() {
        session.say("held a while");
        session.onDatagram(
                server.datagram(new NativeServerPacket.Event(TOKEN, 1, 1, new RoomEvent.SlowedDown(2)))); // resent late
        session.say("in flight");

        assertFalse(session.isSlowedDown());
        assertEquals(0, session.dropUnsent());
    }

    @Test
    void aNewSessionAfterARestartIsNotSlowedDown() {
        session.say("held");
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.SlowedDown(2))));
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"));
        session.say("in the new session");

        assertFalse(session.isSlowedDown());
        assertEquals(0, session.dropUnsent());
    }

    // Leaving at the end of input

    @Test
    void theEndOfInputDropsNothingAndWaitsUntilTheServerHasEveryLine() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 3; i++) {
            session.say("line " + i);
        }
        assertEquals(NativeSession.SEND_WINDOW, server.rest().size());
        startFinishing();

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 3)));

        assertEquals(
                List.of(
                        new NativeClientPacket.Chat(TOKEN, 65, 0, "line 65"),
                        new NativeClientPacket.Chat(TOKEN, 66, 0, "line 66"),
                        new NativeClientPacket.Chat(TOKEN, 67, 0, "line 67")),
                server.rest(),
                "the lines waiting here go as room comes, and no quit after them yet");
        assertFalse(finishing.isDone());

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 67)));

        assertEquals(0, finishing.get(5, TimeUnit.SECONDS), "the server has every line");
        assertEquals(List.of(), server.rest(), "the quit is the sender's next step");
        startQuitting();
        assertEquals(List.of(new NativeClientPacket.Quit(TOKEN, 68, 0)), server.sentOf(NativeClientPacket.Quit.class));
        assertEquals(
                NativeSession.Received.LEFT,
                session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 68))));
    }

    @Test
    void theEndOfInputWaitsForTheLinesTheServerHoldsForAsLongAsTheServerIsThere() throws Exception {
        for (int i = 1; i <= 12; i++) {
            session.say("line " + i);
        }
        server.rest();
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, 1, 10, new RoomEvent.SlowedDown(2))));
        server.answer(packet -> packet instanceof NativeClientPacket.Ping
                ? List.of(new NativeServerPacket.Pong(TOKEN, 10)) // there, and holding lines 11 and 12
                : List.of());
        startFinishing();

        assertEquals(List.of(), receiveUntil(60_000), "the server answers: no reconnecting, no giving up");

        assertFalse(finishing.isDone(), "a minute, far past the 2 s a quit waits for its answer");
        assertEquals(List.of(), server.sentOf(NativeClientPacket.Quit.class));
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 12)));
        assertEquals(0, finishing.get(5, TimeUnit.SECONDS));
    }

    @Test
    void theEndOfInputGivesUpWhenTheServerFallsSilent() throws Exception {
        session.say("one");
        session.say("two");
        server.rest();
        startFinishing();

        // the first ping measuring the round trip goes after 2 s; unanswered for 6 s more, the server is gone
        assertEquals(
                List.of(),
                idleUntil(PingRule.MEASURE_MILLIS + PingRule.SILENCE_MILLIS),
                "no reconnecting: a script must end");

        assertEquals(2, finishing.get(5, TimeUnit.SECONDS), "neither was acknowledged");
        assertFalse(session.hasEnded(), "the sender says so first, then quits");
        session.quit(() -> {});
        assertTrue(session.hasEnded());
        assertEquals(List.of(), server.sentOf(NativeClientPacket.Quit.class), "nobody to tell");
    }

    @ParameterizedTest
    @EnumSource(
            value = EndReason.class,
            names = {"EXPIRED", "DROPPED"})
    void theEndOfInputGivesUpWhenTheServerLetsTheSessionGo(EndReason reason) throws Exception {
        session.say("one");
        server.rest();
        startFinishing();

        assertEquals(
                NativeSession.Received.NOTHING,
                session.onDatagram(server.datagram(new NativeServerPacket.Ended(TOKEN, reason))),
                "no rejoining for the lines");

        assertEquals(1, finishing.get(5, TimeUnit.SECONDS));
        session.quit(() -> {});
        assertTrue(session.hasEnded());
        assertEquals(List.of(), server.rest());
    }

    @Test
    void theEndOfInputWhileReconnectingLeavesAtOnce() {
        session.say("sent before");
        server.rest();
        session.startReconnecting();
        session.say("typed while away");

        assertEquals(2, session.awaitLinesAcknowledged(), "the server is gone for now: both may be lost");
        session.quit(() -> {});

        assertTrue(session.hasEnded());
        assertEquals(List.of(), server.rest());
    }

    @Test
    void theEndOfInputWithEverythingAcknowledgedWaitsForNothing() {
        session.say("hi");
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));

        assertEquals(0, session.awaitLinesAcknowledged());
        assertEquals(0, session.dropUnsent(), "leaving already");
    }

    @Test
    void aKickWhileTheEndOfInputWaitsEndsTheWait() throws Exception {
        session.say("hi");
        startFinishing();

        NativeSession.Received kicked =
                session.onDatagram(server.datagram(event(1, new RoomEvent.YouWereKicked("spam"))));
        session.end(kicked.end().orElseThrow()); // as the receiver does, once the kick is on the screen

        assertEquals(0, finishing.get(5, TimeUnit.SECONDS));
        assertEquals(ExitStatus.KICKED, session.awaitEnd());
    }

    @Test
    void aQuitWhileTheEndOfInputWaitsLeavesAtOnce() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 2; i++) {
            session.say("line " + i);
        }
        server.rest();
        startFinishing();

        assertEquals(2, session.dropUnsent(), "Ctrl-C: the two waiting here are dropped");
        assertEquals(0, finishing.get(5, TimeUnit.SECONDS), "the wait ends; the quit said its count");
        quitting = CompletableFuture.runAsync(() -> session.quit(() -> {})); // the shutdown hook's
        CompletableFuture<Void> sendersQuit =
                CompletableFuture.runAsync(() -> session.quit(() -> {})); // after its wait
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 1)));

        assertEquals(new NativeClientPacket.Quit(TOKEN, 65, 0), server.next());
        NativeSession.Received left = session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 65)));
        assertEquals(NativeSession.Received.LEFT, left);
        session.end(left.end().orElseThrow());
        sendersQuit.get(5, TimeUnit.SECONDS);
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(), server.rest(), "one quit, and the waiting lines dropped");
    }

    // Sealed: what does not open is never acted on

    @Test
    void anEventWithAnyBitFlippedIsNeverShownAndTheTrueOneIsShownOnce() {
        byte[] sealed = server.sealed(event(1, new RoomEvent.Said("bob", "hello, 世界")));
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));

            assertEquals(NativeSession.Received.NOTHING, session.onDatagram(ByteBuffer.wrap(flipped)), "bit " + bit);
        }

        assertEquals(
                List.of(new RoomEvent.Said("bob", "hello, 世界")),
                session.onDatagram(ByteBuffer.wrap(sealed)).events());
        assertEquals(List.of(), session.onDatagram(ByteBuffer.wrap(sealed)).events(), "a replay is not shown twice");
        assertFalse(session.hasEnded());
    }

    @Test
    void aReplayedDatagramIsNotHearingFromTheServer() {
        byte[] pong = server.sealed(new NativeServerPacket.Pong(TOKEN, 0));
        session.onDatagram(ByteBuffer.wrap(pong));
        server.queueBytes(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)));
        server.receive(Duration.ZERO).ifPresent(session::onDatagram); // the hint: a sealed ping asks
        server.rest();

        session.onDatagram(ByteBuffer.wrap(pong)); // an answer captured earlier, replayed

        assertEquals(List.of(1_000L), idleUntil(1_000), "nothing fresh and sealed came: it reconnects");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EndReason.class)
    void anEndedInClearNeverEndsTheSession(EndReason reason) {
        byte[] version2 = NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, reason)); // a plain datagram, unsealed
        byte[] version1 = version2.clone();
        version1[2] = 1; // as version 1 sent it

        assertEquals(NativeSession.Received.NOTHING, session.onDatagram(ByteBuffer.wrap(version2)));
        assertEquals(NativeSession.Received.NOTHING, session.onDatagram(ByteBuffer.wrap(version1)));

        assertFalse(session.hasEnded());
        assertEquals(List.of(), server.rest(), "not even a question: an ENDED is no hint");
        assertFalse(session.onTimers());
    }

    @Test
    void anUnknownInClearIsAskedAboutSealedAtOnceAndReconnectsIfNothingSealedAnswersWithinASecond() {
        server.advanceTo(3_000);

        assertEquals(
                NativeSession.Received.NOTHING,
                session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)))));

        assertEquals(List.of(new NativeClientPacket.Ping(TOKEN, 0)), server.rest(), "sealed, and at once");
        assertEquals(List.of(4_000L), idleUntil(4_000), "a second later, and not before");
        assertFalse(session.hasEnded(), "a hint never ends a session");
    }

    @Test
    void aForgedUnknownIsForgottenOnceTheServerAnswersSealed() {
        server.answer(packet ->
                packet instanceof NativeClientPacket.Ping ? List.of(new NativeServerPacket.Pong(TOKEN, 0)) : List.of());
        server.queueBytes(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)));

        assertEquals(List.of(), receiveUntil(20_000), "the server knows us: no reason to reconnect");
        assertEquals(0L, server.timesOf(NativeClientPacket.Ping.class).get(0), "asked at once");
    }

    @Test
    void anUnknownForAnotherTokenIsNoHintAndAFloodOfThemEarnsOnePing() {
        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(NEW_TOKEN))));
        assertEquals(List.of(), server.rest());

        for (int i = 0; i < 100; i++) {
            session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN))));
        }

        assertEquals(List.of(new NativeClientPacket.Ping(TOKEN, 0)), server.rest());
    }

    @Test
    void presentsItsTokenAndTheResumptionSecretOfItsLastWelcome() {
        Handshake.Joined joined = server.joined(TOKEN, "alice", "lobby");
        NativeSession session = new NativeSession(server, joined, server.clock());
        assertEquals(new Handshake.Previous(TOKEN, joined.resumption()), session.previous());

        session.startReconnecting();
        Handshake.Joined back = server.joined(NEW_TOKEN, "alice", "lobby");
        session.resumed(back);

        assertEquals(new Handshake.Previous(NEW_TOKEN, back.resumption()), session.previous());
    }

    @Test
    void aResumedSessionSealsUnderItsNewKeysResendsIncludedAndNoLongerOpensTheOld() {
        session.say("in flight");
        server.rest();
        byte[] underOldKeys = server.sealed(event(1, new RoomEvent.Said("bob", "old")));
        session.startReconnecting();

        session.resumed(server.joined(NEW_TOKEN, "alice", "lobby")); // the server keeps only the new keys
        idleUntil(5_000);

        assertEquals(
                new NativeClientPacket.Chat(NEW_TOKEN, 1, 0, "in flight"),
                server.rest().get(0),
                "resent, resealed under the new token and keys (else the server could not open it)");
        assertEquals(NativeSession.Received.NOTHING, session.onDatagram(ByteBuffer.wrap(underOldKeys)));
    }
}
