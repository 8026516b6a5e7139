package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The two sides of a split brain merging (as in {@link ClusterNamesMergeIT}): each side changed one ban
 * meanwhile, the lone side later by the changes' own times but earlier by the clock of the writes, so the map's
 * merge policy (the later write) keeps the other side's value; the lone side, told of the merge, offers its own
 * again, and the later change wins on every node.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterModerationMergeIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair SEAL_KEY = NoiseKeyPair.generate(RANDOM);

    private final List<HazelcastInstance> nodes = new ArrayList<>();
    private final List<ClusterModeration> moderations = new ArrayList<>();

    @AfterEach
    void stop() {
        moderations.forEach(ClusterModeration::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    private ClusterModeration startNode(int port, HostPort member) throws Exception {
        HazelcastInstance node = SplitSides.startNodeMergedOnRequest(port, member, KEY);
        nodes.add(node);
        ClusterModeration moderation =
                new ClusterModeration(node, ClusterSeal.of(SEAL_KEY, RANDOM), (one, other) -> one[0] > other[0]);
        moderations.add(moderation);
        return moderation;
    }

    @Test
    void afterAMergeTheLaterChangeWinsWhicheverSideWroteLast() throws Exception {
        int lonePort = SplitSides.freePort();
        HostPort lone = new HostPort("127.0.0.1", lonePort);
        ClusterModeration oldest = startNode(0, lone); // the lone node is not up yet
        int oldestPort = nodes.get(0).getCluster().getLocalMember().getAddress().getPort();
        ClusterModeration second = startNode(0, new HostPort("127.0.0.1", oldestPort));
        ClusterModeration loneSide = startNode(lonePort, lone);
        assertEquals(1, nodes.get(2).getCluster().getMembers().size(), "the lone node starts on its own side");
        List<String> heard = new CopyOnWriteArrayList<>();
        oldest.listen(change -> heard.add(change.key() + "@" + change.body()[0]), () -> {});
        second.listen(change -> {}, () -> {});
        CountDownLatch merged = new CountDownLatch(1);
        loneSide.listen(change -> {}, () -> {
            loneSide.offer("ban 192.0.2.7", new byte[] {9}); // what the lone side keeps, offered again
            merged.countDown();
        });

        loneSide.offer("ban 192.0.2.7", new byte[] {9}); // the unban, say: later by its own time
        ClusterFixture.await(() -> loneSide.all().size() == 1, "the lone side to keep its change");
        oldest.offer("ban 192.0.2.7", new byte[] {5}); // written after it, by the clock
        ClusterFixture.await(() -> heard.contains("ban 192.0.2.7@5"), "the larger side to keep its change");

        assertTrue(SplitSides.merge(nodes.get(0), merged), "the sides to merge");

        ClusterFixture.await(() -> heard.contains("ban 192.0.2.7@9"), "the later change to win after the merge");
        ClusterFixture.await(
                () -> second.all().size() == 1 && second.all().get(0).body()[0] == 9,
                "every node to read the later change");
    }
}
