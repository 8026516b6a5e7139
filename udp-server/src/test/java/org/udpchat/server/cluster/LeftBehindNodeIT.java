package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;

/**
 * A client that lost touch with its node alone (the node lives) resumes on another; the node it left behind times
 * the old session out without telling the room that the member left: it is in the room still, on the other node.
 */
class LeftBehindNodeIT {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path directory;

    @Test
    void theNodeLeftBehindTimesTheOldSessionOutWithoutTellingTheRoom() throws Exception {
        try (ServerNodes nodes = ServerNodes.start(
                        directory, "left-behind", 2, config -> config.withSessionTimeout(SESSION_TIMEOUT));
                NativePeer carol = new NativePeer(nodes.node(1).localAddress()).join("carol");
                NativePeer amy = new NativePeer(nodes.node(0).localAddress()).join("amy")) {
            awaitLive(carol, new RoomEvent.Joined("amy"));

            try (NativePeer resumed =
                    NativePeer.knowingTheSessionOf(amy, nodes.node(1).localAddress())) {
                assertInstanceOf(
                        NativeServerPacket.Welcome.class,
                        resumed.login(resumed.challenge(), amy.token(), "amy", "lobby"));
                // amy's old session at the first node hears nothing more from her, and times out there
                long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
                while (hasSessionOf(nodes.node(0), "amy")) {
                    assertTrue(System.nanoTime() - deadline < 0, "amy's old session never ended at the first node");
                    for (NativePeer alive : List.of(carol, resumed)) { // heard, so as not to time out themselves
                        alive.send(new NativeClientPacket.Ack(alive.token(), alive.eventsTaken()));
                    }
                    Thread.sleep(200); // a poll with a deadline
                }

                resumed.chat("still here");
                RoomEvent event;
                do {
                    event = carol.nextEventPastAcks();
                    for (RoomEvent gone : List.of(
                            new RoomEvent.TimedOut("amy"), new RoomEvent.Dropped("amy"), new RoomEvent.Left("amy"))) {
                        assertNotEquals(gone, event, "the room was told amy left, though she is here");
                    }
                } while (!event.equals(new RoomEvent.Said("amy", "still here")));
            }
        }
    }

    private static boolean hasSessionOf(ChatServer node, String name) throws ChatServer.UnansweredException {
        return node.describeSessions().stream().anyMatch(line -> line.startsWith(name + " "));
    }

    /** Takes {@code peer}'s events, acknowledging them, until {@code expected} comes live. */
    private static void awaitLive(NativePeer peer, RoomEvent expected) throws Exception {
        while (!peer.nextEventPastAcks().equals(expected)) {
            // an event before it: the peer's own welcome events
        }
    }
}
