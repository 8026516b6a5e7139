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
}
