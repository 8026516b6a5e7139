package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The client's session state beyond reliability, with no socket and no real time: a {@link ScriptedServer}
 * records what it sends, the test hands it the server's packets and moves its clock. The name and room it
 * follows for rejoining, what it reports as possibly lost after a server restart, whether the server takes
 * requests, round-trip measurement, and the queue of typed lines.
 */
class NativeSessionTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;

    private final ScriptedServer server = new ScriptedServer();
    private NativeSession session = session("alice", "lobby");
    private CompletableFuture<Void> quitting;

    @AfterEach
    void stopQuitting() throws Exception {
        if (quitting != null) {
            session.end(ExitStatus.OK);
            quitting.get(5, TimeUnit.SECONDS);
        }
    }

    private NativeSession session(String name, String room) {
        return new NativeSession(server, new Handshake.Joined(TOKEN, name, room), server.clock());
    }

    private static NativeServerPacket.Event event(long seq, RoomEvent event) {
        return new NativeServerPacket.Event(TOKEN, seq, 0, event);
    }

    @Test
    void takesRequestsOnlyFromAServerThatNamesARoom() {
        assertTrue(session("alice", "lobby").takesRequests());
        assertFalse(session("alice", "").takesRequests(), "an older server would drop a request as malformed");
    }

    @Test
    void followsItsOwnNewNameAndRoomFromTheServer() {
        session.onPacket(event(1, new RoomEvent.Renamed("bob", "robert")));
        session.onPacket(event(2, new RoomEvent.Renamed("alice", "alicia")));
        session.onPacket(event(3, new RoomEvent.YouAreIn("games", 2)));

        assertEquals("alicia", session.name());
        assertEquals("games", session.room());
    }

    @Test
    void aResumedSessionTakesTheNameTheServerKnowsItBy() {
        session.startReconnecting();

        session.resumed(new Handshake.Joined(TOKEN, "alicia", "games"));

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

        List<String> mayBeLost = session.restarted(new Handshake.Joined(NEW_TOKEN, "alice", "lobby"));

        assertEquals(List.of("hello", "/msg bob psst", "/me waves"), mayBeLost);
    }

    @Test
    void anAcknowledgementDoesNotMeasureTheRoundTripForItMayHaveWaitedForTheRoom() {
        session.say("hello");

        server.advanceTo(3_000); // the server held the chat back while a member caught up
        session.onPacket(new NativeServerPacket.Ack(TOKEN, 1));

        assertEquals(1_000, session.retransmitTimeoutMillis(), "still the initial timeout, not 3 s and more");
    }

    @Test
    void aPongAnsweringOnePingMeasuresTheRoundTrip() throws Exception {
        session.say("hello");
        server.next();
        server.advanceTo(NativeSession.MEASURE_MILLIS); // messages in flight: time to measure
        session.onTimers();
        assertInstanceOf(NativeClientPacket.Chat.class, server.next(), "its timeout passed too: resent first");
        assertInstanceOf(NativeClientPacket.Ping.class, server.next());

        server.advanceTo(NativeSession.MEASURE_MILLIS + 40);
        session.onPacket(new NativeServerPacket.Pong(TOKEN, 0));

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

        session.onPacket(new NativeServerPacket.Ack(TOKEN, 2));

        assertEquals(
                List.of(
                        new NativeClientPacket.Chat(TOKEN, 65, 0, "line 65"),
                        new NativeClientPacket.Chat(TOKEN, 66, 0, "line 66")),
                server.rest());
    }

    @Test
    void aQuitTypedBehindWaitingLinesIsSentAfterThemAndIsReadAtOnce() throws Exception {
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 1; i++) {
            session.say("line " + i);
        }
        assertEquals(NativeSession.SEND_WINDOW, server.rest().size());
        quitting = CompletableFuture.runAsync(session::quit);

        session.onPacket(new NativeServerPacket.Ack(TOKEN, 1));
        session.onPacket(new NativeServerPacket.Ack(TOKEN, 2));

        assertEquals(new NativeClientPacket.Chat(TOKEN, 65, 0, "line 65"), server.next());
        assertEquals(new NativeClientPacket.Quit(TOKEN, 66, 0), server.next());
        NativeSession.Delivery left = session.onPacket(new NativeServerPacket.Ack(TOKEN, 66));
        assertEquals(NativeSession.Delivery.LEFT, left, "the quit's acknowledgement ends the session");
        session.end(left.end().orElseThrow());
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(ExitStatus.OK, session.awaitEnd());
    }

    @Test
    void linesTypedWhileReconnectingGoInTheSessionThatFollows() {
        session.startReconnecting();

        session.say("typed while away"); // returns at once
        assertEquals(List.of(), server.rest(), "nobody to send it to yet");
        List<String> mayBeLost = session.restarted(new Handshake.Joined(NEW_TOKEN, "alice", "lobby"));

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
}
