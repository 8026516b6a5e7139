package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * Nodes of one cluster in the test's JVM, on loopback, each started as a server starts its own ({@link
 * ClusterNode}, the same settings), all presenting one key. Close it to stop them all.
 */
public final class ClusterFixture implements AutoCloseable {

    /** How long a test waits for the cluster to agree on something Hazelcast spreads on its own threads. */
    public static final Duration DEADLINE = Duration.ofSeconds(20);

    /**
     * The fixture's cluster name, one per test JVM: Failsafe runs test classes in two JVMs at once, and a node
     * that looks for a killed node's freed port (or a merge's lone port) must never find a node of the other
     * JVM there and take it for one of its own (they present the same key), however unlikely the port's reuse.
     */
    public static final String NAME = "fixture-" + ProcessHandle.current().pid();

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);

    private final List<ClusterNode> nodes = new ArrayList<>();

    /** A cluster of {@code count} nodes, every one of which sees all of them once this returns. */
    public static ClusterFixture of(int count) throws Exception {
        ClusterFixture cluster = new ClusterFixture();
        try {
            for (int i = 0; i < count; i++) {
                cluster.addNode();
            }
            cluster.awaitNodes(count);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Starts one more node, which joins the others. */
    public ClusterNode addNode() throws ClusterStartException {
        List<HostPort> members = nodes.isEmpty()
                ? List.of(new HostPort("127.0.0.1", 1)) // the first node: nobody to find yet
                : List.of(HostPort.parse(nodes.get(0).nodes().get(0)));
        ClusterNode node = ClusterNode.start(ClusterOptions.of(NAME, 0, members), KEY, Optional.empty());
        nodes.add(node);
        return node;
    }

    public ClusterNode node(int index) {
        return nodes.get(index);
    }

    public HazelcastInstance hazelcast(int index) {
        return nodes.get(index).hazelcast();
    }

    /** Kills node {@code index} as SIGKILL would: no goodbye, its partitions recovered from backups. */
    public void kill(int index) {
        nodes.get(index).hazelcast().getLifecycleService().terminate();
    }

    /** Waits until every running node sees {@code count} nodes. */
    public void awaitNodes(int count) throws InterruptedException {
        await(
                () -> nodes.stream()
                        .filter(node -> node.hazelcast().getLifecycleService().isRunning())
                        .allMatch(node -> node.nodes().size() == count),
                "every node to see " + count + " nodes");
    }

    /** Polls {@code condition} (something Hazelcast's threads bring about) until it holds, or fails at the deadline. */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "waited " + DEADLINE.toSeconds() + " s for " + what);
            Thread.sleep(10); // a poll with a deadline, not a guess at how long it takes
        }
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
