package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.cluster.impl.ClusterServiceImpl;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The two sides of a split brain in one JVM, for the tests of what a merge does: nodes of one cluster name that
 * do not know of each other at first (a lone node starts with only itself listed, the others list the lone
 * node's port, taken in advance) until the larger side's oldest finds the lone node at that address and the
 * smaller side merges in.
 */
final class SplitSides {

    /** One per test JVM, for the reason {@link ClusterFixture#NAME} gives. */
    static final String NAME = "merge-" + ProcessHandle.current().pid();

    private SplitSides() {}

    /** A free port for the lone node, so that the other side can be told where it will be. */
    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A node of the cluster {@link #NAME} on {@code port} (0: any), finding its cluster at {@code member}, whose
     * side merges when the test says, with {@link #merge}, once each side
     * has done what it does alone: no guess at how long that takes on a busy machine, and no seconds spent
     * waiting for a timer. The lone node is the one started on the port it lists (the port taken in advance): it
     * looks for the other side every second, with Hazelcast's own split-brain handler, but knows of no other node
     * until {@link #merge} has the larger side's oldest make itself known to it. The larger side's nodes never
     * look on their own.
     */
    static HazelcastInstance startNodeMergedOnRequest(int port, HostPort member, Fingerprint key) throws Exception {
        Config config = HazelcastSettings.configFor(ClusterOptions.of(NAME, port, List.of(member)), key);
        boolean lone = member.port() == port;
        String look = lone ? "1" : Long.toString(Duration.ofHours(1).toSeconds());
        config.setProperty("hazelcast.merge.first.run.delay.seconds", look);
        config.setProperty("hazelcast.merge.next.run.delay.seconds", look);
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Has {@code oldest}, the larger side's oldest node (its member list names the lone node's port), look for the
     * other side as Hazelcast's split-brain handler would, until {@code merged} counts down (the lone node's
     * merge is done) or {@link ClusterFixture#DEADLINE} passes. Its look makes it known to the lone node, whose own
     * handler then finds it and merges in (only the smaller side starts a merge); a larger side's look never
     * merges anything itself. It looks again each second, as the handler would (a look can come while a join is
     * under way and do nothing).
     *
     * @return whether the sides merged before the deadline
     */
    static boolean merge(HazelcastInstance oldest, CountDownLatch merged) throws InterruptedException {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            lookForTheOtherSide(oldest);
            if (merged.await(1, TimeUnit.SECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the split-brain handler of {@code node} does on each of its turns, when it does it: a joined, running
     * master, in a cluster state that lets others join (Hazelcast's internals: no API). The handler also waits out
     * a join under way, which Hazelcast does not let us see; a larger side's look merges nothing, so a look
     * during a join does no harm.
     */
    private static void lookForTheOtherSide(HazelcastInstance node) {
        Node internals = ((HazelcastInstanceProxy) node).getOriginal().node;
        ClusterServiceImpl cluster = internals.getClusterService();
        if (cluster.isJoined()
                && cluster.isMaster()
                && internals.isRunning()
                && cluster.getClusterState().isJoinAllowed()) {
            internals.getJoiner().searchForOtherClusters();
        }
    }
}
