package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The node that sequences a room dies mid-stream: the sequencer moves to the backup, numbers go on unbroken. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomFailoverIT {

    private static final int PER_NODE = 300;
    private static final int WINDOW = 16;

    private ClusterFixture cluster;
    private final List<RoomSequencer> sequencers = new ArrayList<>();
    private final List<RoomRecorder> recorders = new ArrayList<>();

    @AfterEach
    void stopAll() {
        sequencers.forEach(RoomSequencer::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A room whose partition node {@code owner} owns (Hazelcast places keys by hash; we look one up). */
    private String roomOwnedBy(int owner) {
        Member member = cluster.hazelcast(owner).getCluster().getLocalMember();
        for (int i = 0; ; i++) {
            String room = "room-" + i;
            if (member.equals(cluster.hazelcast(0)
                    .getPartitionService()
                    .getPartition(room)
                    .getOwner())) {
                return room;
            }
        }
    }

    @Test
    void killingTheOwnerOfARoomsPartitionMidStreamLosesNoNumberAndRepeatsNone() throws Exception {
        cluster = ClusterFixture.of(3);
        for (int i = 0; i < 2; i++) { // nodes 0 and 1 publish and follow; node 2 owns the room and dies
            RoomRecorder recorder = new RoomRecorder();
            recorders.add(recorder);
            sequencers.add(new RoomSequencer(
                    cluster.hazelcast(i),
                    new RoomLog(cluster.hazelcast(i), RoomLog.MAX_HISTORY, TestStamps.cluster()),
                    Duration.ofMillis(50),
                    recorder));
        }
        // Node 2 runs no sequencer, but, as every node of a cluster, a room log: its stamp is on that node.
        new RoomLog(cluster.hazelcast(2), RoomLog.MAX_HISTORY, TestStamps.cluster());
        String room = roomOwnedBy(2);
        for (RoomSequencer sequencer : sequencers) {
            sequencer.follow(room).toCompletableFuture().join();
        }

        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<List<Long>>> publishers = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            RoomSequencer sequencer = sequencers.get(node);
            int publisher = node;
            publishers.add(CompletableFuture.supplyAsync(() -> {
                Semaphore inFlight = new Semaphore(WINDOW);
                List<CompletableFuture<RoomEvent>> appends = new ArrayList<>();
                for (int i = 0; i < PER_NODE; i++) {
                    inFlight.acquireUninterruptibly();
                    appends.add(sequencer
                            .append(room, (publisher + ":" + i).getBytes(StandardCharsets.UTF_8))
                            .toCompletableFuture()
                            .whenComplete((event, failed) -> {
                                done.incrementAndGet();
                                inFlight.release();
                            }));
                }
                return appends.stream().map(append -> append.join().sequence()).collect(Collectors.toList());
            }));
        }
        ClusterFixture.await(() -> done.get() >= PER_NODE / 2, "a stream under way");
        cluster.kill(2);
        int doneAtKill = done.get();

        List<Long> numbers = new ArrayList<>();
        publishers.forEach(publisher -> numbers.addAll(publisher.join()));
        Set<Long> distinct = new TreeSet<>(numbers);
        List<Long> all = LongStream.rangeClosed(1, 2 * PER_NODE).boxed().collect(Collectors.toList());
        assertEquals(2 * PER_NODE, numbers.size());
        assertEquals(all, new ArrayList<>(distinct), "every number once: none repeated, none skipped");
        assertTrue(doneAtKill < 2 * PER_NODE, "killed mid-stream, after " + doneAtKill + " appends");
        assertEquals(2, cluster.hazelcast(0).getCluster().getMembers().size(), "node 2 is gone");
        for (int node = 0; node < 2; node++) {
            int follower = node;
            ClusterFixture.await(
                    () -> recorders.get(follower).count() >= 2 * PER_NODE,
                    "node " + follower + " to deliver every event");
            assertEquals(all, recorders.get(node).sequences(), "node " + node);
            assertEquals(List.of(), recorders.get(node).missed(), "node " + node);
        }
        assertEquals(recorders.get(0).texts(), recorders.get(1).texts(), "one order on both nodes");
        RoomRange kept = new RoomLog(cluster.hazelcast(0), RoomLog.MAX_HISTORY, TestStamps.cluster())
                .fetch(room, 1, 2 * PER_NODE)
                .toCompletableFuture()
                .join();
        assertEquals(2 * PER_NODE, kept.last(), "the new owner's counter");
        assertEquals(2 * PER_NODE, kept.events().size(), "the new owner's history, each event once");
    }
}
