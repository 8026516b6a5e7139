package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each node hears of its cluster's partitions: their moves after a node joins, and the loss of every copy
 * of a partition's entries when its owner and its backup die together.
 */
@Timeout(90)
class PartitionWatchIT {

    private ClusterFixture cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theNodesHearThePartitionsMoveAndSettleWhenANodeJoins() throws Exception {
        cluster = ClusterFixture.of(2);
        cluster.hazelcast(0)
                .getMap("partition-watch.test")
                .put("one", "entry"); // Hazelcast assigns partitions at first use
        ClusterFixture.await(() -> cluster.hazelcast(0).getPartitionService().isClusterSafe(), "a safe cluster");
        long[] before = {
            cluster.node(0).partitions().migrationsFinished(),
            cluster.node(1).partitions().migrationsFinished()
        };

        cluster.addNode();
        cluster.awaitNodes(3);

        // the newcomer registers its watch as it joins, when the moves may have begun: only the others are sure
        for (int node = 0; node < 2; node++) {
            PartitionWatch watch = cluster.node(node).partitions();
            long heard = before[node];
            ClusterFixture.await(
                    () -> watch.migrationsFinished() > heard && !watch.isMoving(),
                    "node " + node + " to hear them settle");
        }
        assertEquals(0, cluster.node(0).partitions().lostPartitions());
    }

    @Test
    void aNodeCountsThePartitionsLostWhenTheTwoNodesHoldingThemDieTogether() throws Exception {
        cluster = ClusterFixture.of(3);
        IMap<Integer, Integer> map = cluster.hazelcast(2).getMap("partition-watch.test");
        Map<Integer, Integer> entries = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            entries.put(i, i);
        }
        map.putAll(entries);
        ClusterFixture.await(() -> cluster.hazelcast(2).getPartitionService().isClusterSafe(), "a safe cluster");

        // A third of the partitions have their owner and their backup on these two: killed at once, as by a
        // power cut, they leave no copy of those
        CompletableFuture.allOf(
                        CompletableFuture.runAsync(() -> cluster.kill(0)),
                        CompletableFuture.runAsync(() -> cluster.kill(1)))
                .join();

        PartitionWatch survivor = cluster.node(2).partitions();
        ClusterFixture.await(() -> survivor.lostPartitions() > 0, "the survivor to count lost partitions");
        assertTrue(map.size() < 1000, "entries were lost: " + map.size());
    }

    /**
     * What the server's stop relies on ({@link ClusterNode#close}): a node asked to stop while the partitions still
     * move after a join hands over its entries first, so that even a node killed right after it loses nothing.
     */
    @Test
    void aNodeStoppedWhilePartitionsMoveHandsItsEntriesOverFirst() throws Exception {
        cluster = ClusterFixture.of(2);
        IMap<Integer, Integer> map = cluster.hazelcast(1).getMap("partition-watch.test");
        Map<Integer, Integer> entries = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            entries.put(i, i);
        }
        map.putAll(entries);
        ClusterFixture.await(() -> cluster.hazelcast(1).getPartitionService().isClusterSafe(), "a safe cluster");

        cluster.addNode();
        cluster.node(0).close(); // at once: the join's moves have just begun
        cluster.kill(1);

        IMap<Integer, Integer> left = cluster.hazelcast(2).getMap("partition-watch.test");
        ClusterFixture.await(() -> cluster.node(2).nodes().size() == 1, "the last node to be alone");
        assertEquals(1000, left.size(), "every entry kept");
        assertEquals(0, cluster.node(2).partitions().lostPartitions());
    }
}
