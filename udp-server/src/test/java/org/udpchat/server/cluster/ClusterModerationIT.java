package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * The cluster's map of bans and mutes, with changes as bytes whose first byte says which is later: a change only
 * replaces an earlier one, every node hears it, and a value not sealed by the cluster is ignored and written over.
 */
@Timeout(60)
class ClusterModerationIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair KEY = NoiseKeyPair.generate(RANDOM);

    private ClusterFixture cluster;
    private ClusterModeration first;
    private ClusterModeration second;
    private final List<String> heardBySecond = new CopyOnWriteArrayList<>();

    /** Changes here are one byte, a time: the larger is the later. */
    private static boolean isLater(byte[] one, byte[] other) {
        return one[0] > other[0];
    }

    private static String describe(ClusterModeration.Change change) {
        return change.key() + "@" + change.body()[0];
    }

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterFixture.of(2);
        first = new ClusterModeration(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM), ClusterModerationIT::isLater);
        second = new ClusterModeration(cluster.hazelcast(1), ClusterSeal.of(KEY, RANDOM), ClusterModerationIT::isLater);
        first.listen(change -> {}, () -> {});
        second.listen(change -> heardBySecond.add(describe(change)), () -> {});
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
        cluster.close();
    }

    private static List<String> keptBy(ClusterModeration moderation) {
        return moderation.all().stream().map(ClusterModerationIT::describe).toList();
    }

    @Test
    void aLaterChangeReplacesAnEarlierOneAndNeverTheOtherWayRound() throws Exception {
        first.offer("ban 192.0.2.7", new byte[] {5});
        ClusterFixture.await(() -> heardBySecond.contains("ban 192.0.2.7@5"), "the change to be heard");

        second.offer("ban 192.0.2.7", new byte[] {3}); // made earlier, offered later
        first.offer("ban 192.0.2.7", new byte[] {7});
        ClusterFixture.await(() -> heardBySecond.contains("ban 192.0.2.7@7"), "the later change to be heard");
        first.offer("ban 192.0.2.7", new byte[] {7}); // the same again: nothing to write
        second.offer("mute bob", new byte[] {1}); // a write after the others, on the same thread
        ClusterFixture.await(() -> heardBySecond.contains("mute bob@1"), "the mute to be heard");

        assertEquals(List.of("ban 192.0.2.7@5", "ban 192.0.2.7@7", "mute bob@1"), heardBySecond);
        assertEquals(
                List.of("ban 192.0.2.7@7"),
                keptBy(first).stream().filter(c -> c.startsWith("ban")).toList());
    }

    @Test
    void aValueNotSealedByTheClusterIsIgnoredAndWrittenOver() throws Exception {
        IMap<String, byte[]> map = cluster.hazelcast(0).getMap(ClusterModeration.MAP);
        NoiseKeyPair otherKey = NoiseKeyPair.generate(RANDOM);
        byte[] forged = ClusterSeal.of(otherKey, RANDOM)
                .seal(new byte[] {100}, "udp-chat moderation ban 192.0.2.7".getBytes(StandardCharsets.UTF_8));
        map.put("ban 192.0.2.7", forged);
        byte[] moved = ClusterSeal.of(KEY, RANDOM)
                .seal(new byte[] {100}, "udp-chat moderation ban 198.51.100.1".getBytes(StandardCharsets.UTF_8));
        map.put("ban 192.0.2.7", moved); // sealed by the cluster, but for another key

        assertEquals(List.of(), keptBy(first));
        first.offer("ban 192.0.2.7", new byte[] {1});
        ClusterFixture.await(() -> heardBySecond.contains("ban 192.0.2.7@1"), "the change to be heard");

        assertTrue(heardBySecond.stream().noneMatch(heard -> heard.endsWith("@100")), heardBySecond.toString());
        assertArrayEquals(new byte[] {1}, second.all().get(0).body());
    }

    @Test
    void aChangeOutlivesTheNodeThatWroteIt() throws Exception {
        cluster.addNode();
        cluster.awaitNodes(3);
        ClusterModeration third =
                new ClusterModeration(cluster.hazelcast(2), ClusterSeal.of(KEY, RANDOM), ClusterModerationIT::isLater);
        try {
            for (int i = 0; i < 50; i++) { // over many partitions, so that the node killed owns some
                third.offer("mute name" + i, new byte[] {1});
            }
            ClusterFixture.await(() -> first.all().size() == 50, "every change to be written");

            cluster.kill(0);
            cluster.awaitNodes(2);

            assertEquals(50, second.all().size());
        } finally {
            third.close();
        }
    }
}
