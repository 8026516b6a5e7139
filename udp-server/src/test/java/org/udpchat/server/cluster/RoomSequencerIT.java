package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.topic.ITopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three nodes in this JVM following one room: one order everywhere, and what a node misses is fetched. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoomSequencerIT {

    private static final Duration GAP_BOUND = Duration.ofMillis(50);

    /** How long a node waits for an event its room's history no longer holds: short, for the test's sake. */
    private static final Duration MISSED_AFTER = Duration.ofMillis(300);

    /** How many appends each publishing node has in flight at most. */
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

    /** A cluster of three, each node with its own sequencer; {@code lost} drops topic messages at node 2. */
    private void start(int history, Duration gapBound, Duration tailCheck, Predicate<RoomEvent> lost) throws Exception {
        cluster = ClusterFixture.of(3);
        for (int i = 0; i < 3; i++) {
            RoomRecorder recorder = new RoomRecorder();
            recorders.add(recorder);
            sequencers.add(new RoomSequencer(
                    cluster.hazelcast(i),
                    new RoomLog(cluster.hazelcast(i), history, TestStamps.cluster()),
                    gapBound,
                    MISSED_AFTER,
                    tailCheck,
                    recorder,
                    i == 2 ? lost : event -> false));
        }
    }

    private void everyNodeFollows(String room) {
        for (RoomSequencer sequencer : sequencers) {
            assertEquals(0L, sequencer.follow(room).toCompletableFuture().join(), "a new room has no events");
        }
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitDelivered(int node, int count) throws InterruptedException {
        ClusterFixture.await(
                () -> recorders.get(node).count() + missedCount(node) >= count,
                "node " + node + " to deliver " + count + " events (has "
                        + recorders.get(node).count() + ")");
    }

    private long missedCount(int node) {
        return sequencers.get(node).stats().missed();
    }

    private static List<Long> oneTo(long last) {
        return LongStream.rangeClosed(1, last).boxed().collect(Collectors.toList());
    }

    @Test
    void aBatchIsNumberedInItsOrderAndAnIdTheLogHoldsIsNotNumberedAgain() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        everyNodeFollows("lobby");
        long said = 0x5eedL;

        List<RoomEvent> first = sequencers
                .get(1)
                .append(
                        "lobby",
                        List.of(
                                new RoomLog.NewEvent(text("a"), RoomLog.NEW_APPEND),
                                new RoomLog.NewEvent(text("b"), said),
                                new RoomLog.NewEvent(text("c"), RoomLog.NEW_APPEND)))
                .toCompletableFuture()
                .join();
        List<RoomEvent> second = sequencers
                .get(2)
                .append(
                        "lobby",
                        List.of(
                                new RoomLog.NewEvent(text("b"), said), // said again, at another node
                                new RoomLog.NewEvent(text("d"), RoomLog.NEW_APPEND)))
                .toCompletableFuture()
                .join();

        assertEquals(
                List.of(1L, 2L, 3L), first.stream().map(RoomEvent::sequence).collect(Collectors.toList()));
        assertEquals(List.of(2L, 4L), second.stream().map(RoomEvent::sequence).collect(Collectors.toList()));
        for (int node = 0; node < 3; node++) {
            awaitDelivered(node, 4);
            assertEquals(List.of("a", "b", "c", "d"), recorders.get(node).texts(), "node " + node);
        }
    }

    @Test
    void aBatchOfNothingOrOfMoreThanTheMostIsRefused() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        List<RoomLog.NewEvent> tooMany = new ArrayList<>();
        for (int i = 0; i <= RoomLog.MAX_BATCH; i++) {
            tooMany.add(new RoomLog.NewEvent(text("line " + i), RoomLog.NEW_APPEND));
        }

        assertThrows(IllegalArgumentException.class, () -> sequencers.get(0).append("lobby", List.of()));
        assertThrows(IllegalArgumentException.class, () -> sequencers.get(0).append("lobby", tooMany));
    }

    @Test
    void everyNodeDeliversEveryNodesEventsInOneOrder() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        everyNodeFollows("lobby");
        int perNode = 300;
        Set<Long> numbers = ConcurrentHashMap.newKeySet();

        List<CompletableFuture<Void>> publishers = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            int publisher = node;
            publishers.add(CompletableFuture.runAsync(() -> {
                // At most WINDOW appends in flight per node, as a relay's members keep a room busy: without a
                // bound, all 900 land within a few ms and the history (200) moves past gaps still in transit.
                Semaphore inFlight = new Semaphore(WINDOW);
                List<CompletableFuture<RoomEvent>> appends = new ArrayList<>();
                for (int i = 0; i < perNode; i++) {
                    inFlight.acquireUninterruptibly();
                    appends.add(sequencers
                            .get(publisher)
                            .append("lobby", text(publisher + ":" + i))
                            .toCompletableFuture()
                            .whenComplete((event, failed) -> inFlight.release()));
                }
                appends.forEach(append -> numbers.add(append.join().sequence()));
            }));
        }
        publishers.forEach(CompletableFuture::join);

        assertEquals(new HashSet<>(oneTo(3 * perNode)), numbers, "each append has its own number, none skipped");
        for (int node = 0; node < 3; node++) {
            awaitDelivered(node, 3 * perNode);
            assertEquals(oneTo(3 * perNode), recorders.get(node).sequences(), "node " + node);
            assertEquals(List.of(), recorders.get(node).missed(), "node " + node);
        }
        List<String> order = recorders.get(0).texts();
        assertEquals(order, recorders.get(1).texts());
        assertEquals(order, recorders.get(2).texts());
        for (int node = 0; node < 3; node++) {
            List<String> own = new ArrayList<>();
            for (String text : order) {
                if (text.startsWith(node + ":")) {
                    own.add(text);
                }
            }
            List<String> appended = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                appended.add(node + ":" + i);
            }
            assertEquals(appended.size(), own.size(), "all of node " + node + "'s events, once each");
        }
    }

    @Test
    void anEventLostOnTheWayToANodeIsFetchedFromTheLog() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> event.sequence() == 5);
        everyNodeFollows("lobby");

        for (int i = 1; i <= 10; i++) {
            sequencers
                    .get(0)
                    .append("lobby", text("line " + i))
                    .toCompletableFuture()
                    .join();
        }

        awaitDelivered(2, 10);
        assertEquals(oneTo(10), recorders.get(2).sequences());
        assertEquals(recorders.get(0).texts(), recorders.get(2).texts());
        assertTrue(sequencers.get(2).stats().fetches() >= 1, "the gap was fetched");
        assertEquals(0, sequencers.get(1).stats().fetches(), "a node that lost nothing fetched nothing");
    }

    @Test
    void aLostLastEventOfAQuietRoomIsFoundByTheTailCheck() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, Duration.ofMillis(100), event -> event.sequence() == 3);
        everyNodeFollows("lobby");

        for (int i = 1; i <= 3; i++) {
            sequencers
                    .get(1)
                    .append("lobby", text("line " + i))
                    .toCompletableFuture()
                    .join();
        }

        awaitDelivered(2, 3);
        assertEquals(oneTo(3), recorders.get(2).sequences());
        assertEquals(recorders.get(1).texts(), recorders.get(2).texts());
    }

    @Test
    void eventsGoneFromTheHistoryAreToldAsMissedAndTheRoomGoesOn() throws Exception {
        // The gap waits long enough for all ten appends to be made, so that the history (3) has moved past it.
        start(
                3,
                Duration.ofMillis(500),
                RoomSequencer.DEFAULT_TAIL_CHECK,
                event -> event.sequence() >= 2 && event.sequence() <= 6);
        everyNodeFollows("lobby");

        for (int i = 1; i <= 10; i++) {
            sequencers
                    .get(0)
                    .append("lobby", text("line " + i))
                    .toCompletableFuture()
                    .join();
        }

        awaitDelivered(2, 10);
        assertEquals(List.of("lobby 2-6"), recorders.get(2).missed());
        assertEquals(List.of(1L, 7L, 8L, 9L, 10L), recorders.get(2).sequences());
        assertEquals(5, sequencers.get(2).stats().missed());
    }

    @Test
    void aNodeFollowsFromTheRoomsCurrentNumberAndStopsWhenTold() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        sequencers.get(0).follow("games").toCompletableFuture().join();
        for (int i = 1; i <= 4; i++) {
            sequencers
                    .get(0)
                    .append("games", text("before " + i))
                    .toCompletableFuture()
                    .join();
        }

        assertEquals(4L, sequencers.get(1).follow("games").toCompletableFuture().join());
        sequencers.get(0).append("games", text("after")).toCompletableFuture().join();
        awaitDelivered(1, 1);
        assertEquals(List.of("after"), recorders.get(1).texts());

        sequencers.get(1).stop("games").toCompletableFuture().join();
        sequencers.get(0).append("games", text("gone")).toCompletableFuture().join();
        // Node 0 hears its own append; node 1, no longer following, must not. A room node 1 still follows is
        // the marker that proves it had time to hear it: the room's topic and this one go the same way.
        sequencers.get(1).follow("marker").toCompletableFuture().join();
        sequencers.get(0).append("marker", text("marker")).toCompletableFuture().join();
        awaitDelivered(1, 2);
        assertEquals(List.of("after", "marker"), recorders.get(1).texts());
        awaitDelivered(0, 6);
        assertEquals(
                List.of("before 1", "before 2", "before 3", "before 4", "after", "gone"),
                recorders.get(0).texts(),
                "node 0 follows games only");
    }

    @Test
    void aForgedNumberOnARoomsTopicIsRefusedAndTheRealEventDelivered() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        everyNodeFollows("lobby");
        RoomEvent first = sequencers
                .get(0)
                .append("lobby", text("line 1"))
                .toCompletableFuture()
                .join();
        awaitDelivered(1, 1);

        // Node 2's Hazelcast stands for a rogue process: anything that reaches the cluster port may publish.
        ITopic<RoomEvent> topic = cluster.hazelcast(2).getTopic(RoomSequencer.TOPIC_PREFIX + "lobby");
        topic.publish(new RoomEvent(2, first.time(), first.appendId(), first.bytes(), first.stamp())); // renumbered
        topic.publish(
                new RoomEvent(2, 0, 1, text("forged"), TestStamps.other().ofEvent("lobby", 2, 0, 1, text("forged"))));
        for (int node = 0; node < 2; node++) {
            int hearer = node;
            ClusterFixture.await(
                    () -> sequencers.get(hearer).stats().refused() >= 2, "node " + hearer + " to refuse both");
        }
        sequencers.get(0).append("lobby", text("line 2")).toCompletableFuture().join();

        for (int node = 0; node < 3; node++) {
            awaitDelivered(node, 2);
            assertEquals(List.of("line 1", "line 2"), recorders.get(node).texts(), "node " + node);
        }
    }

    @Test
    void aReplayedEventIsNotDeliveredTwice() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        everyNodeFollows("lobby");
        RoomEvent first = sequencers
                .get(0)
                .append("lobby", text("line 1"))
                .toCompletableFuture()
                .join();
        awaitDelivered(1, 1);

        ITopic<RoomEvent> topic = cluster.hazelcast(2).getTopic(RoomSequencer.TOPIC_PREFIX + "lobby");
        topic.publish(first);
        topic.publish(first);
        sequencers.get(0).append("lobby", text("line 2")).toCompletableFuture().join();
        topic.publish(first); // after the next: the topic keeps each publisher's order, so line 2 is the marker
        sequencers.get(2).append("lobby", text("line 3")).toCompletableFuture().join();

        awaitDelivered(1, 3);
        assertEquals(List.of("line 1", "line 2", "line 3"), recorders.get(1).texts());
        assertEquals(0, sequencers.get(1).stats().refused(), "a replay is the sequencer's own event: a repeat");
    }

    @Test
    void eventsAChangedRoomLogHoldsWithoutTheirSequencersStampAreNotFetched() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        RoomLogEntry forged = new RoomLogEntry();
        for (int i = 1; i <= 3; i++) {
            forged.append("lobby", TestStamps.other(), 0, i, text("forged " + i), 10);
        }
        cluster.hazelcast(2).getMap(RoomLog.MAP).put("lobby", forged); // as a rogue process may

        RoomLog log = new RoomLog(cluster.hazelcast(0), RoomLog.DEFAULT_HISTORY, TestStamps.cluster());
        RoomRange range = log.fetch("lobby", 1, 3).toCompletableFuture().join();

        assertEquals(3, range.last(), "the answer itself is the owner's, stamped");
        assertEquals(List.of(), range.events(), "but none of the events it holds");
        assertEquals(3, log.refused());
    }

    @Test
    void anAnswerFromANodeWithoutTheClustersKeyIsRefused() throws Exception {
        start(RoomLog.DEFAULT_HISTORY, GAP_BOUND, RoomSequencer.DEFAULT_TAIL_CHECK, event -> false);
        String room = roomOwnedBy(2);
        // Node 2 as a rogue owner of the room's partition: it stamps, but not with the cluster's key.
        cluster.hazelcast(2).getUserContext().put(RoomStamp.CONTEXT_KEY, TestStamps.other());
        RoomLog log = new RoomLog(cluster.hazelcast(0), RoomLog.DEFAULT_HISTORY, TestStamps.cluster());

        CompletionException append = assertThrows(CompletionException.class, () -> log.append(
                        room, List.of(new RoomLog.NewEvent(text("line"), RoomLog.NEW_APPEND)))
                .toCompletableFuture()
                .join());
        assertInstanceOf(RoomLog.UnstampedAnswerException.class, append.getCause());
        CompletionException fetch = assertThrows(
                CompletionException.class,
                () -> log.fetch(room, 1, 1).toCompletableFuture().join());
        assertInstanceOf(RoomLog.UnstampedAnswerException.class, fetch.getCause());
        assertEquals(2, log.refused());
    }

    /** A room whose partition node {@code owner} owns. */
    private String roomOwnedBy(int owner) {
        com.hazelcast.cluster.Member member =
                cluster.hazelcast(owner).getCluster().getLocalMember();
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
}
