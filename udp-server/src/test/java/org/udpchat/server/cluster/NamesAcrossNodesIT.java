package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.Failure;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;

/** A name is one member's across the cluster, and so is every name that looks like it. */
class NamesAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "names", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static Peer classicOn(ChatServer node) throws Exception {
        return new Peer(InetAddress.getLoopbackAddress(), node.localAddress().getPort());
    }

    @Test
    void aNameTakenOnOneNodeIsTakenOnTheOtherAndFreeAgainOnceItsMemberLeaves() throws Exception {
        try (Peer alice = classicOn(first).join("alice");
                Peer impostor = classicOn(second)) {
            impostor.send("L alice");
            impostor.expect("该昵称已被占用");

            NativePeer another = new NativePeer(second.localAddress());
            NativeServerPacket.Refused refused =
                    assertInstanceOf(NativeServerPacket.Refused.class, another.login(another.challenge(), 0, "aIice"));
            assertEquals(RefusalReason.NAME_LOOKS_LIKE, refused.reason());
            assertEquals("alice", refused.subject());
            another.close();

            alice.send("Q alice");
            long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
            String answer;
            do { // the name is let go a moment after alice leaves
                impostor.send("L alice");
                answer = impostor.receive();
            } while (!answer.equals("OK") && System.nanoTime() - deadline < 0);
            assertEquals("OK", answer);
            impostor.send("Q alice");
        }
    }

    @Test
    void aNewNameHeldOnAnotherNodeIsRefused() throws Exception {
        try (Peer bob = classicOn(first).join("bob");
                NativePeer carol = new NativePeer(second.localAddress()).join("carol")) {
            carol.request(new RoomRequest.Nick("bob"));
            RoomEvent answer;
            do {
                answer = carol.nextEventPastAcks();
            } while (!(answer instanceof RoomEvent.Failed));
            assertEquals(new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "bob"), answer);

            carol.request(new RoomRequest.Nick("carla"));
            do {
                answer = carol.nextEventPastAcks();
            } while (!(answer instanceof RoomEvent.Renamed));
            assertEquals(new RoomEvent.Renamed("carol", "carla"), answer);

            try (Peer again = classicOn(first)) {
                again.send("L carla");
                again.expect("该昵称已被占用");
            }
            bob.send("Q bob");
            carol.quit();
        }
    }
}
