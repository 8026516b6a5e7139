package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * A room said to on both sides of a split brain, in one JVM: a cluster of two and a lone node of the same name
 * that did not know of each other (as after a partition) until the sides merge. The merge keeps one side's room
 * log; the lone node must then follow the room as the merged log numbers it, and say that it lost touch, rather
 * than take the merged side's next events for ones it already delivered.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RoomSplitBrainIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);
    private static final String ROOM = "lobby";

    private final List<HazelcastInstance> nodes = new ArrayList<>();
    private final List<RoomSequencer> sequencers = new ArrayList<>();
    private final List<RoomRecorder> recorders = new ArrayList<>();

    @AfterEach
    void stop() {
        sequencers.forEach(RoomSequencer::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    private HazelcastInstance startNode(int port, HostPort member) throws Exception {
        HazelcastInstance node = SplitSides.startNodeMergedOnRequest(port, member, KEY);
        nodes.add(node);
        RoomRecorder recorder = new RoomRecorder();
        recorders.add(recorder);
        sequencers.add(new RoomSequencer(
                node, new RoomLog(node, 200, TestStamps.cluster()), RoomSequencer.DEFAULT_GAP_BOUND, recorder));
        return node;
    }

    private void say(int node, String text) {
        sequencers
                .get(node)
                .append(ROOM, text.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .join();
    }

    @Test
    void afterAMergeTheSmallerSideFollowsTheMergedLogAndSaysItLostTouch() throws Exception {
        int lonePort = SplitSides.freePort();
        HostPort lone = new HostPort("127.0.0.1", lonePort);
        HazelcastInstance oldest = startNode(0, lone);
        startNode(
                0,
                new HostPort(
                        "127.0.0.1",
                        oldest.getCluster().getLocalMember().getAddress().getPort()));
        HazelcastInstance loneNode = startNode(lonePort, lone);
        assertEquals(1, loneNode.getCluster().getMembers().size(), "the lone node starts on its own side");
        CountDownLatch merged = new CountDownLatch(1);
        loneNode.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.countDown();
            }
        });
        for (RoomSequencer sequencer : sequencers) {
            sequencer.follow(ROOM).toCompletableFuture().join();
        }
        // The lone side says more than the larger side, so that its numbers run ahead of the merged log's.
        for (int i = 1; i <= 5; i++) {
            say(2, "lone " + i);
        }
        for (int i = 1; i <= 2; i++) {
            say(0, "two " + i);
        }
        ClusterFixture.await(() -> recorders.get(1).count() == 2, "the larger side to hear its two lines");
        assertTrue(SplitSides.merge(oldest, merged), "the sides to merge");

        ClusterFixture.await(
                () -> !recorders.get(2).missed().isEmpty() || recorders.get(2).splits() > 0,
                "the lone node to say that it lost touch with the room");
        for (int i = 3; i <= 6; i++) {
            say(0, "two " + i);
        }
        ClusterFixture.await(
                () -> recorders.get(2).texts().contains("two 6"), "the lone node to hear the merged side's lines");
        List<String> heard = recorders.get(2).texts();
        for (int i = 3; i <= 6; i++) {
            assertTrue(heard.contains("two " + i), "the lone node heard 'two " + i + "': " + heard);
        }
        ClusterFixture.await(
                () -> recorders.get(0).texts().contains("two 6")
                        && recorders.get(1).texts().contains("two 6"),
                "the larger side to hear its last line");
        assertFalse(recorders.get(1).texts().contains("lone 1"), "the larger side never heard the lone side");
        assertEquals(0, recorders.get(1).splits(), "the larger side has nothing to tell: it was never cut off");
        assertEquals(recorders.get(0).texts(), recorders.get(1).texts(), "the larger side's two nodes agree");
    }
}
