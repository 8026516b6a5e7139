package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The client's session state beyond reliability: the name and room it follows for rejoining, what it
 * reports as possibly lost after a server restart, and whether the server takes requests. The "server"
 * is a bound loopback socket that only reads what the session sends.
 */
class NativeSessionTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;

    private DatagramSocket server;
    private Connection connection;
    private long now = 1_000;

    @BeforeEach
    void open() throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(5_000);
        connection = new Connection(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }

    @AfterEach
    void close() {
        connection.close();
        server.close();
    }

    private NativeSession session(String name, String room) {
        return new NativeSession(connection, new Handshake.Joined(TOKEN, name, room), () -> now);
    }

    private NativeClientPacket sent() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        server.receive(packet);
        return NativeCodec.decodeClientPacket(ByteBuffer.wrap(Arrays.copyOf(packet.getData(), packet.getLength())));
    }

    private static ByteBuffer event(long seq, RoomEvent event) {
        return ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Event(TOKEN, seq, 0, event)));
    }

    @Test
    void takesRequestsOnlyFromAServerThatNamesARoom() {
        assertTrue(session("alice", "lobby").takesRequests());
        assertFalse(session("alice", "").takesRequests(), "an older server would drop a request as malformed");
    }

    @Test
    void followsItsOwnNewNameAndRoomFromTheServer() throws Exception {
        NativeSession session = session("alice", "lobby");

        session.onDatagram(event(1, new RoomEvent.Renamed("bob", "robert")));
        session.onDatagram(event(2, new RoomEvent.Renamed("alice", "alicia")));
        session.onDatagram(event(3, new RoomEvent.YouAreIn("games", 2)));

        assertEquals("alicia", session.name());
        assertEquals("games", session.room());
    }

    @Test
    void aResumedSessionTakesTheNameTheServerKnowsItBy() throws Exception {
        NativeSession session = session("alice", "lobby");
        session.startReconnecting();

        session.resumed(new Handshake.Joined(TOKEN, "alicia", "games"));

        assertEquals("alicia", session.name());
        assertEquals("games", session.room());
    }

    @Test
    void afterARestartListsTheChatsPrivateMessagesAndActionsThatMayBeLost() throws Exception {
        NativeSession session = session("alice", "lobby");
        session.say("hello");
        session.request(new RoomRequest.PrivateMessage("bob", "psst"));
        session.request(new RoomRequest.Action("waves"));
        session.request(new RoomRequest.JoinRoom("games"));
        session.request(new RoomRequest.Who(""));
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(NativeClientPacket.class, sent());
        }
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(new Handshake.Joined(NEW_TOKEN, "alice", "lobby"));

        assertEquals(List.of("hello", "/msg bob psst", "/me waves"), mayBeLost);
    }

    @Test
    void anAcknowledgementDoesNotMeasureTheRoundTripForItMayHaveWaitedForTheRoom() throws Exception {
        NativeSession session = session("alice", "lobby");
        session.say("hello");
        sent();

        now += 3_000; // the server held the chat back while a member caught up
        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 1))));

        assertEquals(1_000, session.retransmitTimeoutMillis(), "still the initial timeout, not 3 s and more");
    }

    @Test
    void aPongAnsweringOnePingMeasuresTheRoundTrip() throws Exception {
        NativeSession session = session("alice", "lobby");
        session.say("hello");
        sent();
        now += NativeSession.MEASURE_MILLIS; // messages in flight: time to measure
        session.onTimers();
        assertInstanceOf(NativeClientPacket.Chat.class, sent(), "its timeout passed too: resent first");
        assertInstanceOf(NativeClientPacket.Ping.class, sent());

        now += 40;
        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Pong(TOKEN, 0))));

        assertEquals(200, session.retransmitTimeoutMillis(), "40 ms on loopback: the 200 ms floor");
    }

    @Test
    void linesTypedBehindAFullWindowWaitInOrderAndGoAsAcknowledgementsMakeRoom() throws Exception {
        NativeSession session = session("alice", "lobby");
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 2; i++) {
            session.say("line " + i); // returns at once, window full or not
        }
        for (int i = 1; i <= NativeSession.SEND_WINDOW; i++) {
            assertEquals(
                    "line " + i,
                    assertInstanceOf(NativeClientPacket.Chat.class, sent()).text());
        }

        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 2))));

        NativeClientPacket.Chat next = assertInstanceOf(NativeClientPacket.Chat.class, sent());
        NativeClientPacket.Chat last = assertInstanceOf(NativeClientPacket.Chat.class, sent());
        assertEquals(List.of(65L, 66L), List.of(next.seq(), last.seq()));
        assertEquals(List.of("line 65", "line 66"), List.of(next.text(), last.text()));
    }

    @Test
    void aQuitTypedBehindWaitingLinesIsSentAfterThemAndIsReadAtOnce() throws Exception {
        NativeSession session = session("alice", "lobby");
        for (int i = 1; i <= NativeSession.SEND_WINDOW + 1; i++) {
            session.say("line " + i);
        }
        for (int i = 1; i <= NativeSession.SEND_WINDOW; i++) {
            sent();
        }
        CompletableFuture<Void> quitting = CompletableFuture.runAsync(session::quit);

        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 1))));
        session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 2))));

        assertEquals(
                "line 65",
                assertInstanceOf(NativeClientPacket.Chat.class, sent()).text());
        assertEquals(66, assertInstanceOf(NativeClientPacket.Quit.class, sent()).seq());
        NativeSession.Delivery left =
                session.onDatagram(ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 66))));
        assertTrue(left.left(), "the quit's acknowledgement ends the session");
        session.end(left.end().orElseThrow());
        quitting.get(5, TimeUnit.SECONDS);
        assertEquals(ExitStatus.OK, session.awaitEnd());
    }

    @Test
    void linesTypedWhileReconnectingGoInTheSessionThatFollows() throws Exception {
        NativeSession session = session("alice", "lobby");
        session.startReconnecting();

        session.say("typed while away"); // returns at once
        List<String> mayBeLost = session.restarted(new Handshake.Joined(NEW_TOKEN, "alice", "lobby"));

        assertEquals(List.of(), mayBeLost, "never sent, so not lost: it goes now");
        NativeClientPacket.Chat chat = assertInstanceOf(NativeClientPacket.Chat.class, sent());
        assertEquals(NEW_TOKEN, chat.token());
        assertEquals(1, chat.seq());
        assertEquals("typed while away", chat.text());
    }

    @Test
    void aRequestTooLargeForADatagramIsRefusedBeforeItEntersTheWindow() throws Exception {
        NativeSession session = session("alice", "lobby");
        String name = "x".repeat(200);

        assertThrows(
                IllegalArgumentException.class,
                () -> session.request(new RoomRequest.PrivateMessage(name, "y".repeat(1000))));
        session.say("still here"); // message 1: nothing waits to be resent for ever

        NativeClientPacket.Chat chat = assertInstanceOf(NativeClientPacket.Chat.class, sent());
        assertEquals(1, chat.seq());
        assertEquals("still here", chat.text());
    }
}
