package org.udpchat.server.cluster;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How fast one room goes through three nodes in this JVM (not a test; a program, run by hand, see README):
 * first as fast as the nodes take it (each node appending with a window of appends in flight), then at a fixed
 * rate, with the latency from {@code append} to delivery at each node. Every event carries the time its append
 * was made, so one JVM's clock measures both ends.
 *
 * <pre>
 * java -cp … org.udpchat.server.cluster.RoomSequencerBenchmark [events per node] [window] [rate/s] [seconds] [history]
 * </pre>
 */
public final class RoomSequencerBenchmark {

    /** How many events each room keeps; set once by {@code main}, before any node starts. */
    private static int history;

    private RoomSequencerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perNode = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        history = args.length > 4 ? Integer.parseInt(args[4]) : RoomLog.DEFAULT_HISTORY;
        try (ClusterFixture cluster = ClusterFixture.of(3)) {
            System.out.printf(
                    Locale.ROOT,
                    "3 nodes in one JVM, %d cores; history %d; one room%n",
                    Runtime.getRuntime().availableProcessors(),
                    history);
            throughput(cluster, "warm-up", perNode / 4, window);
            throughput(cluster, "bench", perNode, window);
            latency(cluster, "latency", rate, seconds);
            following(cluster, 200);
        }
    }

    /** Each node's sequencer with a listener that times every delivery. */
    private static final class Node implements RoomSequencer.Listener, AutoCloseable {
        final RoomSequencer sequencer;
        final AtomicInteger delivered = new AtomicInteger();
        final long[] latencies;
        long missed;

        Node(ClusterFixture cluster, int index, int capacity) {
            this.latencies = new long[capacity];
            this.sequencer = new RoomSequencer(
                    cluster.hazelcast(index),
                    new RoomLog(cluster.hazelcast(index), history, TestStamps.cluster()),
                    RoomSequencer.DEFAULT_GAP_BOUND,
                    this);
        }

        @Override
        public void onEvent(String room, RoomEvent event) {
            long sent = ByteBuffer.wrap(event.bytes()).getLong();
            int i = delivered.get();
            if (i < latencies.length) {
                latencies[i] = System.nanoTime() - sent;
            }
            delivered.incrementAndGet(); // after the write: a reader that sees the count sees the latency
        }

        @Override
        public void onMissed(String room, long from, long to) {
            missed += to - from + 1;
        }

        @Override
        public void onRejoined(String room) {}

        @Override
        public void close() {
            sequencer.close();
        }
    }

    private static byte[] stamped() {
        // 8 bytes of time, then as much again as a short chat line takes, sealed, on the wire
        return ByteBuffer.allocate(120).putLong(System.nanoTime()).array();
    }

    private static List<Node> follow(ClusterFixture cluster, String room, int capacity) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Node node = new Node(cluster, i, capacity);
            node.sequencer.follow(room).toCompletableFuture().join();
            nodes.add(node);
        }
        return nodes;
    }

    private static void throughput(ClusterFixture cluster, String room, int perNode, int window)
            throws InterruptedException {
        int total = 3 * perNode;
        List<Node> nodes = follow(cluster, room, total);
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        for (Node node : nodes) {
            Thread publisher = new Thread(
                    () -> {
                        Semaphore inFlight = new Semaphore(window);
                        for (int i = 0; i < perNode; i++) {
                            inFlight.acquireUninterruptibly();
                            node.sequencer.append(room, stamped()).whenComplete((event, failed) -> inFlight.release());
                        }
                    },
                    "publisher");
            publisher.start();
            publishers.add(publisher);
        }
        for (Node node : nodes) {
            awaitCount(node, total);
        }
        long elapsed = System.nanoTime() - start;
        System.out.printf(
                Locale.ROOT,
                "%s: %d events (3 nodes × %d, %d in flight each) delivered in order at every node in %.2f s:"
                        + " %.0f events/s through the room, %.0f deliveries/s in all; %s%n",
                room,
                total,
                perNode,
                window,
                elapsed / 1e9,
                total / (elapsed / 1e9),
                3 * total / (elapsed / 1e9),
                mended(nodes));
        for (Thread publisher : publishers) {
            publisher.join();
        }
        nodes.forEach(Node::close);
    }

    private static void latency(ClusterFixture cluster, String room, int rate, int seconds) throws Exception {
        int total = rate * seconds / 3 * 3;
        int perNode = total / 3;
        long period = 3_000_000_000L / rate; // each node appends one event every period
        List<Node> nodes = follow(cluster, room, total);
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(3);
        for (Node node : nodes) {
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(
                    () -> {
                        if (sent.getAndIncrement() < perNode) {
                            node.sequencer.append(room, stamped());
                        }
                    },
                    0,
                    period,
                    TimeUnit.NANOSECONDS);
        }
        for (Node node : nodes) {
            awaitCount(node, total);
        }
        pacer.shutdownNow();
        System.out.printf(
                Locale.ROOT,
                "%s: %d events/s (3 nodes × %d/s) for %d s, append → delivery: ",
                room,
                rate,
                rate / 3,
                seconds);
        for (int i = 0; i < nodes.size(); i++) {
            long[] sorted = Arrays.copyOf(nodes.get(i).latencies, total);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "node %d p50 %.2f ms p99 %.2f ms max %.1f ms%s",
                    i,
                    sorted[total / 2] / 1e6,
                    sorted[(int) (total * 0.99)] / 1e6,
                    sorted[total - 1] / 1e6,
                    i < nodes.size() - 1 ? "; " : "\n");
        }
        System.out.printf(Locale.ROOT, "%s: %s%n", room, mended(nodes));
        nodes.forEach(Node::close);
    }

    /** What one topic per room costs: a topic registration, cluster-wide, each time a node follows a room. */
    private static void following(ClusterFixture cluster, int rooms) {
        Node node = new Node(cluster, 1, 0);
        long[] follows = new long[rooms];
        long[] stops = new long[rooms];
        for (int i = 0; i < rooms; i++) {
            long start = System.nanoTime();
            node.sequencer.follow("follow-" + i).toCompletableFuture().join();
            long followed = System.nanoTime();
            node.sequencer.stop("follow-" + i).toCompletableFuture().join();
            follows[i] = followed - start;
            stops[i] = System.nanoTime() - followed;
        }
        Arrays.sort(follows);
        Arrays.sort(stops);
        System.out.printf(
                Locale.ROOT,
                "following: %d rooms, follow (topic registration on every node + the room's last number) p50 %.2f ms"
                        + " p99 %.2f ms; stop p50 %.2f ms p99 %.2f ms%n",
                rooms,
                follows[rooms / 2] / 1e6,
                follows[rooms * 99 / 100] / 1e6,
                stops[rooms / 2] / 1e6,
                stops[rooms * 99 / 100] / 1e6);
        node.close();
    }

    private static String mended(List<Node> nodes) {
        StringBuilder text = new StringBuilder("gaps fetched per node:");
        for (Node node : nodes) {
            RoomSequencer.Stats stats = node.sequencer.stats();
            text.append(' ')
                    .append(stats.fetches())
                    .append(" (missed ")
                    .append(stats.missed())
                    .append(')');
        }
        return text.toString();
    }

    private static void awaitCount(Node node, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (node.delivered.get() + node.sequencer.stats().missed() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("delivered " + node.delivered.get() + " of " + count);
            }
            Thread.sleep(5);
        }
    }
}
