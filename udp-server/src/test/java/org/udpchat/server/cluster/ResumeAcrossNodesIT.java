package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;

/**
 * A client that lost its node goes on at another under its name: its old session's token and resumption
 * secret move the name there, which nobody else can take meanwhile; without the secret the name stays taken.
 * There it is told, as history, what its room said after the last event it acknowledged on its old node.
 */
class ResumeAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "resume", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void theSessionsTokenAndSecretTakeItsNameToAnotherNodeAndNothingElseDoes() throws Exception {
        try (NativePeer alice = new NativePeer(first.localAddress()).join("alice");
                NativePeer stranger = new NativePeer(second.localAddress())) {
            // someone who knows alice's token but not her secret gets nowhere
            NativeServerPacket.Refused refused = assertInstanceOf(
                    NativeServerPacket.Refused.class, stranger.login(stranger.challenge(), alice.token(), "alice"));
            assertEquals(RefusalReason.NAME_TAKEN, refused.reason());

            try (NativePeer resumed = NativePeer.knowingTheSessionOf(alice, second.localAddress())) {
                NativeServerPacket.Welcome welcome = assertInstanceOf(
                        NativeServerPacket.Welcome.class, resumed.login(resumed.challenge(), alice.token(), "alice"));
                assertEquals("alice", welcome.name());

                // the name is held here now: nobody else takes it, on either node
                try (Peer impostor = new Peer(
                        InetAddress.getLoopbackAddress(), first.localAddress().getPort())) {
                    impostor.send("L alice");
                    impostor.expect("该昵称已被占用");
                }
                resumed.quit();
            }
        }
    }

    @Test
    void aSessionResumedOnAnotherNodeIsToldAsHistoryWhatItsRoomSaidAfterItsPlaceThere() throws Exception {
        try (NativePeer carol = new NativePeer(first.localAddress()).join("carol", "tea");
                NativePeer bob = new NativePeer(second.localAddress()).join("bob", "tea")) {
            // the first node has delivered an event of the room when amy enters: her place there is known
            awaitLive(carol, new RoomEvent.Joined("bob"));
            try (NativePeer amy = new NativePeer(first.localAddress()).join("amy", "tea")) {
                awaitLive(bob, new RoomEvent.Joined("amy"));
                // amy hears nothing from now on (her node is as good as dead to her): she acknowledges nothing
                for (String text : List.of("one", "two", "three")) {
                    bob.chat(text);
                }
                awaitLive(carol, new RoomEvent.Said("bob", "three"));

                try (NativePeer resumed = NativePeer.knowingTheSessionOf(amy, second.localAddress())) {
                    NativeServerPacket.Welcome welcome = assertInstanceOf(
                            NativeServerPacket.Welcome.class,
                            resumed.login(resumed.challenge(), amy.token(), "amy", "tea"));
                    assertEquals("amy", welcome.name());
                    List<RoomEvent> heard = new ArrayList<>();
                    while (!heard.contains(history(new RoomEvent.Said("bob", "three")))) {
                        RoomEvent event = resumed.nextEventPastAcks();
                        assertFalse(event instanceof RoomEvent.Said, "told live, not as history: " + event);
                        heard.add(event instanceof RoomEvent.History told ? history(told.event()) : event);
                    }
                    assertEquals(
                            List.of("one", "two", "three"),
                            heard.stream()
                                    .filter(event -> event instanceof RoomEvent.History)
                                    .map(event -> ((RoomEvent.Said) ((RoomEvent.History) event).event()).text())
                                    .toList(),
                            "what amy heard after her welcome: " + heard);

                    // the room never heard her go: it is not told she came, on either node
                    resumed.chat("amy is back");
                    for (NativePeer other : List.of(bob, carol)) {
                        RoomEvent event;
                        do {
                            event = other.nextEventPastAcks();
                            assertNotEquals(new RoomEvent.Joined("amy"), event, "told again that amy joined");
                        } while (!event.equals(new RoomEvent.Said("amy", "amy is back")));
                    }
                    resumed.quit();
                }
            }
        }
    }

    @Test
    void aRepeatedResumeOfTheSameOldSessionAtTheSameNodeTakesUpTheSessionMadeForIt() throws Exception {
        try (NativePeer dan = new NativePeer(first.localAddress()).join("dan", "den");
                NativePeer eve = new NativePeer(second.localAddress()).join("eve", "den")) {
            // dan's first attempt at the second node: a session is made for him there, but he gave the attempt up
            // before its welcome came, which he never reads
            try (NativePeer abandoned = NativePeer.knowingTheSessionOf(dan, second.localAddress())) {
                assertInstanceOf(
                        NativeServerPacket.Welcome.class,
                        abandoned.login(abandoned.challenge(), dan.token(), "dan", "den"));
            }

            // his next attempt there presents his old session again, and gets the session made for it
            try (NativePeer again = NativePeer.knowingTheSessionOf(dan, second.localAddress())) {
                NativeServerPacket.Welcome welcome = assertInstanceOf(
                        NativeServerPacket.Welcome.class, again.login(again.challenge(), dan.token(), "dan", "den"));
                assertEquals("dan", welcome.name());
                assertFalse(welcome.resumed(), "new to the client: its numbering starts again");
                // told again all it was told, under the new keys: first, the node's word that it takes line ids (resent
                // as its timer falls due, so taken here before anything later can overtake it)
                assertEquals(new RoomEvent.TakesLineIds(), again.nextEventPastAcks());
                // the session goes on both ways, numbered from the first under the new token (the peer checks)
                again.chat("dan is back");
                awaitLive(eve, new RoomEvent.Said("dan", "dan is back"));
                eve.chat("welcome back");
                awaitLive(again, new RoomEvent.Said("eve", "welcome back"));

                // the old session's token and secret take nothing more once the client is heard in the new one
                try (NativePeer late = NativePeer.knowingTheSessionOf(dan, second.localAddress())) {
                    assertInstanceOf(
                            NativeServerPacket.Refused.class, late.login(late.challenge(), dan.token(), "dan", "den"));
                }
                again.quit();
            }
        }
    }

    /** {@code event} as history, its number and time set aside: what a test compares. */
    private static RoomEvent history(RoomEvent event) {
        return new RoomEvent.History(0, 0, event);
    }

    /** Takes {@code peer}'s events, acknowledging them, until {@code expected} comes live. */
    private static void awaitLive(NativePeer peer, RoomEvent expected) throws Exception {
        while (!peer.nextEventPastAcks().equals(expected)) {
            // an event before it: the room's others, the peer's own welcome events
        }
    }
}
