package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * A node that rejoins after a split brain has a new id: its listings follow it (so that the other nodes, and
 * letters to its members, find it), while its own server goes on knowing it by its first id. The two sides meet
 * as in {@link ClusterNamesMergeIT}: two nodes, and a lone node of the same cluster that merges into them.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterDirectoryMergeIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);

    private final List<HazelcastInstance> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    private HazelcastInstance startNode(int port, HostPort member) throws Exception {
        HazelcastInstance node = SplitSides.startNodeMergedOnRequest(port, member, KEY);
        nodes.add(node);
        return node;
    }

    private static UUID idOf(HazelcastInstance node) {
        return node.getCluster().getLocalMember().getUuid();
    }

    private static ClusterDirectory.Listing listing(String name, UUID node) {
        return new ClusterDirectory.Listing(name, "lobby", node, "127.0.0.1:1", true);
    }

    @Test
    void aMergedNodesListingsFollowItsNewIdAndItsServerKeepsItsFirst() throws Exception {
        int lonePort = SplitSides.freePort();
        HostPort lone = new HostPort("127.0.0.1", lonePort);
        HazelcastInstance oldest = startNode(0, lone); // the lone node is not up yet
        startNode(
                0,
                new HostPort(
                        "127.0.0.1",
                        oldest.getCluster().getLocalMember().getAddress().getPort()));
        ClusterDirectory oldests = new ClusterDirectory(oldest, change -> {});
        HazelcastInstance loneNode = startNode(lonePort, lone);
        assertEquals(1, loneNode.getCluster().getMembers().size(), "the lone node starts on its own side");
        CountDownLatch merged = new CountDownLatch(1);
        loneNode.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.countDown();
            }
        });
        ConcurrentLinkedQueue<ClusterDirectory.Change> lonesChanges = new ConcurrentLinkedQueue<>();
        ClusterDirectory lones = new ClusterDirectory(loneNode, lonesChanges::add);
        UUID first = idOf(loneNode);
        lones.list("bob", listing("bob", first)).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertTrue(SplitSides.merge(oldest, merged), "the sides to merge");
        UUID now = idOf(loneNode);
        assertNotEquals(first, now, "Hazelcast gives the merged node a new id");

        ClusterFixture.await(
                () -> oldests.snapshot().containsKey("bob")
                        && oldests.snapshot().get("bob").node().equals(now),
                "bob's listing to name the lone node's new id");
        assertEquals(first, lones.snapshot().get("bob").node(), "its own server knows it by its first id");

        lones.list("carol", listing("carol", first)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        ClusterFixture.await(
                () -> oldests.snapshot().containsKey("carol")
                        && oldests.snapshot().get("carol").node().equals(now),
                "a listing made after the merge to name the new id");
        assertTrue(lones.unlist("carol", first).toCompletableFuture().get(20, TimeUnit.SECONDS), "unlisted by it");
        for (ClusterDirectory.Change change : lonesChanges) {
            if (change instanceof ClusterDirectory.Change.Listed listed) {
                assertNotEquals(now, listed.listing().node(), "its server never hears of its new id: " + change);
            }
        }
    }
}
