package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.NativePeer;

/**
 * A change to the directory that a node never heard (Hazelcast's map events are fire-and-forget, and some are lost
 * while the partitions move) is mended when the node rereads the directory after the partitions settle.
 */
class DirectoryRereadsIT {

    @TempDir
    Path directory;

    @Test
    void aDepartureNoNodeHeardIsMendedOnceThePartitionsSettleAfterANodeLeaves() throws Exception {
        try (ServerNodes nodes = ServerNodes.start(directory, "rereads", 3);
                NativePeer alice = new NativePeer(nodes.node(0).localAddress()).join("alice");
                NativePeer bob = new NativePeer(nodes.node(1).localAddress()).join("bob")) {
            askUntil(alice, new RoomEvent.MemberList("lobby", 2, List.of("alice", "bob")), ClusterFixture.DEADLINE);

            // Bob's listing goes without an event any node follows (an eviction): as a lost removal would.
            for (HazelcastInstance node : Hazelcast.getAllHazelcastInstances()) {
                node.getMap(ClusterDirectory.MAP).evict("bob");
            }

            nodes.node(2).close(); // the partitions move to the two left, and settle

            askUntil(alice, new RoomEvent.MemberList("lobby", 1, List.of("alice")), Duration.ofSeconds(15));
        }
    }

    /** Asks {@code /who} until the answer is {@code expected}, for at most {@code patience} past the first answer. */
    private static void askUntil(NativePeer peer, RoomEvent expected, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            peer.request(new RoomRequest.Who(""));
            RoomEvent answer = whoAnswer(peer);
            if (answer.equals(expected)) {
                return;
            }
            assertTrue(System.nanoTime() - deadline < 0, "still " + answer + ", not " + expected);
            Thread.sleep(100); // a poll with a deadline: the next question
        }
    }

    private static RoomEvent whoAnswer(NativePeer peer) throws Exception {
        while (true) {
            RoomEvent event = peer.nextEventPastAcks();
            if (event instanceof RoomEvent.MemberList) {
                return event;
            }
        }
    }
}
