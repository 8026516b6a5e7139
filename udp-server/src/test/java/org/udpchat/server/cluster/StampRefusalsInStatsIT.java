package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NodeStats;
import org.udpchat.server.RoomStreamCounters;
import org.udpchat.server.Texts;
import org.udpchat.server.console.AdminConsole;

/**
 * A room event whose stamp fails, published on a room's topic by a process in reach of the cluster port, is
 * counted in the operator's {@code /stats}: on each node that refused it and in the cluster's total.
 */
class StampRefusalsInStatsIT {

    @TempDir
    Path directory;

    @Test
    @Timeout(120)
    void aForgedRoomEventIsCountedInEachNodesStatsAndTheTotal() throws Exception {
        try (ServerNodes nodes = ServerNodes.start(directory, "stamps", 2)) {
            ChatServer first = nodes.node(0);
            forgeALobbyEvent(first);

            ClusterFixture.await(
                    () -> refusedByEachNode(first).equals(List.of(1L, 1L)), "both nodes to count the forged event");
            CapturedOutput screen = new CapturedOutput();
            new AdminConsole(
                            new BufferedReader(new StringReader("/stats\n")),
                            screen.printStream(),
                            false,
                            Texts.of(Locale.ENGLISH),
                            first)
                    .run();
            String shown = screen.text();
            assertEquals(
                    List.of("1", "1", "2"),
                    shown.lines()
                            .filter(line -> line.startsWith("room events delivered in order: "))
                            .map(line -> line.substring(line.indexOf("refused for a false stamp: ") + 27))
                            .toList(),
                    "each node's count, then the cluster's: " + shown);
        }
    }

    /**
     * A Hazelcast member that presents the cluster's name and key fingerprint (both public) but stamps with
     * another key publishes a lobby event, then leaves: the operator's question must not wait for it.
     */
    private static void forgeALobbyEvent(ChatServer first) throws Exception {
        ClusterOptions options = ClusterOptions.of(
                "stamps", 0, List.of(HostPort.parse(first.clusterNodes().get(0))));
        HazelcastInstance rogue =
                Hazelcast.newHazelcastInstance(HazelcastSettings.configFor(options, first.fingerprint()));
        try {
            ClusterFixture.await(() -> first.clusterNodes().size() == 3, "the rogue to join");
            byte[] text = "forged".getBytes(StandardCharsets.UTF_8);
            rogue.<RoomEvent>getTopic(RoomSequencer.TOPIC_PREFIX + "lobby")
                    .publish(new RoomEvent(1, 0, 1, text, TestStamps.other().ofEvent("lobby", 1, 0, 1, text)));
            // An operation to every node after the publish: it goes on the same connections, after the event
            rogue.getMap("stamps.marker").putAll(Map.of("a", 1, "b", 2, "c", 3, "d", 4));
        } finally {
            rogue.shutdown();
        }
        ClusterFixture.await(() -> first.clusterNodes().size() == 2, "the rogue to leave");
    }

    private static List<Long> refusedByEachNode(ChatServer node) {
        try {
            return node.statsByNode().stream()
                    .map(NodeStats::rooms)
                    .map(rooms -> rooms.map(RoomStreamCounters::stampRefused).orElse(-1L))
                    .toList();
        } catch (ChatServer.UnansweredException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
