package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A dead node's listings are cleared after the grace, by the oldest node alive, and nobody else's are. */
class NodeDeathsIT {

    private static UUID idOf(ClusterFixture cluster, int index) {
        return cluster.hazelcast(index).getCluster().getLocalMember().getUuid();
    }

    private static void list(ClusterDirectory directory, String key, UUID node) throws Exception {
        directory
                .list(key, new ClusterDirectory.Listing(key, "lobby", node, "127.0.0.1:1", true))
                .toCompletableFuture()
                .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void whatTheOldestNodeLeftIsClearedByTheNextOldestAfterTheGrace() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.of(3)) {
            ClusterDirectory[] directories = new ClusterDirectory[3];
            NodeDeaths[] deaths = new NodeDeaths[3];
            for (int i = 0; i < 3; i++) {
                directories[i] = new ClusterDirectory(cluster.hazelcast(i), change -> {});
                deaths[i] = new NodeDeaths(
                        cluster.hazelcast(i), Duration.ofMillis(500), List.of(directories[i]::forgetNode));
            }
            list(directories[0], "alice", idOf(cluster, 0));
            list(directories[1], "bob", idOf(cluster, 1));
            list(directories[2], "carol", idOf(cluster, 2));

            long killed = System.nanoTime();
            cluster.kill(0); // the oldest: the next oldest must do the clearing
            cluster.awaitNodes(2);

            ClusterFixture.await(
                    () -> directories[1].snapshot().keySet().equals(Set.of("bob", "carol")), "alice's listing cleared");
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertEquals(true, waitedMillis >= 500, "cleared after the grace, not before: " + waitedMillis + " ms");
            for (NodeDeaths death : deaths) {
                death.close();
            }
        }
    }

    @Test
    void theNodeThatClearsIsToldWhoLapsedButNotWhoResumedElsewhere() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.of(3)) {
            List<List<ClusterDirectory.Change.Lapsed>> lapsed = new java.util.ArrayList<>();
            ClusterDirectory[] directories = new ClusterDirectory[3];
            NodeDeaths[] deaths = new NodeDeaths[3];
            for (int i = 0; i < 3; i++) {
                List<ClusterDirectory.Change.Lapsed> told = new java.util.concurrent.CopyOnWriteArrayList<>();
                lapsed.add(told);
                directories[i] = new ClusterDirectory(cluster.hazelcast(i), change -> {
                    if (change instanceof ClusterDirectory.Change.Lapsed gone) {
                        told.add(gone);
                    }
                });
                deaths[i] = new NodeDeaths(
                        cluster.hazelcast(i), Duration.ofSeconds(1), List.of(directories[i]::forgetNode));
            }
            list(directories[2], "alice", idOf(cluster, 2));
            list(directories[2], "erin", idOf(cluster, 2));

            cluster.kill(2);
            cluster.awaitNodes(2);
            list(directories[1], "erin", idOf(cluster, 1)); // erin resumed on node 1 within the grace

            ClusterFixture.await(() -> !lapsed.get(0).isEmpty(), "the oldest node to clear");
            assertEquals(
                    List.of("alice"),
                    lapsed.get(0).stream()
                            .map(ClusterDirectory.Change.Lapsed::key)
                            .toList());
            assertEquals("lobby", lapsed.get(0).get(0).listing().room());
            ClusterFixture.await(
                    () -> directories[1].snapshot().keySet().equals(Set.of("erin")), "alice's listing cleared");
            assertEquals(List.of(), lapsed.get(1), "only the node that clears is told");
            for (NodeDeaths death : deaths) {
                death.close();
            }
        }
    }
}
