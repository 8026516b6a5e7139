package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * Pruning the cluster's map of bans and mutes, with changes as one byte (the larger is the later; a negative
 * one stands for a change no node needs any longer): each node removes what its own partitions hold and nothing
 * else, the nodes hear no change, and a key pruned can be written again.
 */
@Timeout(60)
class ClusterModerationPruningIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair KEY = NoiseKeyPair.generate(RANDOM);
    private static final Duration OFTEN = Duration.ofMillis(50);

    private ClusterFixture cluster;
    private ClusterModeration first;
    private ClusterModeration second;
    private final List<String> heardBySecond = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterFixture.of(2);
        first = new ClusterModeration(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM), (a, b) -> a[0] > b[0]);
        second = new ClusterModeration(cluster.hazelcast(1), ClusterSeal.of(KEY, RANDOM), (a, b) -> a[0] > b[0]);
        first.listen(change -> {}, () -> {});
        second.listen(change -> heardBySecond.add(change.key() + "@" + change.body()[0]), () -> {});
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        cluster.close();
    }

    private static boolean isOver(byte[] body) {
        return body[0] < 0;
    }

    private Set<String> keys() {
        return new TreeSet<>(cluster.hazelcast(0)
                .<String, byte[]>getMap(ClusterModeration.MAP)
                .keySet());
    }

    private static List<String> named(String prefix) {
        return IntStream.range(0, 20).mapToObj(i -> prefix + " 192.0.2." + i).toList();
    }

    @Test
    void eachNodeRemovesWhatItsPartitionsHoldThatIsOverAndNothingElse() throws Exception {
        for (String key : named("ban")) {
            first.offer(key, new byte[] {-1});
        }
        for (String key : named("mute")) {
            first.offer(key, new byte[] {1});
        }
        ClusterFixture.await(() -> keys().size() == 40, "the 40 changes to be written");
        ClusterFixture.await(() -> heardBySecond.size() == 40, "the 40 changes to be heard");
        ClusterFixture.await(
                () -> cluster.hazelcast(0).getPartitionService().isClusterSafe(),
                "the partitions to settle: who owns which is the test's reckoning");
        Set<String> ownedBySecond = named("ban").stream()
                .filter(key -> !cluster.hazelcast(0)
                        .getPartitionService()
                        .getPartition(key)
                        .getOwner()
                        .localMember())
                .collect(Collectors.toSet());
        assertTrue(!ownedBySecond.isEmpty() && ownedBySecond.size() < 20, "both nodes own some: " + ownedBySecond);

        first.pruneEvery(OFTEN, ClusterModerationPruningIT::isOver);
        ClusterFixture.await(() -> keys().size() == 20 + ownedBySecond.size(), "the first node's share to go");
        assertTrue(keys().containsAll(ownedBySecond), "the second node's share is the second node's to prune");

        second.pruneEvery(OFTEN, ClusterModerationPruningIT::isOver);
        ClusterFixture.await(() -> keys().size() == 20, "the second node's share to go");
        assertEquals(new TreeSet<>(named("mute")), keys(), "what is not over stays");
        assertEquals(40, heardBySecond.size(), "a removal is not a change: the nodes hear nothing");
    }

    @Test
    void aKeyPrunedIsWrittenAgainByTheNextChange() throws Exception {
        IMap<String, byte[]> map = cluster.hazelcast(0).getMap(ClusterModeration.MAP);
        first.offer("ban 192.0.2.7", new byte[] {-5});
        ClusterFixture.await(() -> map.containsKey("ban 192.0.2.7"), "the change to be written");
        first.pruneEvery(OFTEN, ClusterModerationPruningIT::isOver);
        second.pruneEvery(OFTEN, ClusterModerationPruningIT::isOver);
        ClusterFixture.await(() -> !map.containsKey("ban 192.0.2.7"), "the change to be pruned");

        second.offer("ban 192.0.2.7", new byte[] {-7}); // earlier than the pruned one: the map forgot it
        ClusterFixture.await(() -> heardBySecond.contains("ban 192.0.2.7@-7"), "the change to be written again");
    }
}
