package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
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
     * A node of the cluster {@link #NAME} on {@code port} (0: any), finding its cluster at {@code member}. It
     * looks for the other side soon, not after Hazelcast's default minutes, but not before the lone node has
     * started and done what the test has it do on its own (a few seconds on a busy machine), or the sides would
     * know each other from the start.
     */
    static HazelcastInstance startNode(int port, HostPort member, Fingerprint key) throws Exception {
        Config config = HazelcastSettings.configFor(ClusterOptions.of(NAME, port, List.of(member)), key);
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "8");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "1");
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * A node like {@link #startNode}'s that never looks for the other side on its own: the test says when, with
     * {@link #merge}, once each side has done what it does alone. No guess at how long that takes on a busy
     * machine, and no seconds spent waiting for a timer.
     */
    static HazelcastInstance startNodeMergedOnRequest(int port, HostPort member, Fingerprint key) throws Exception {
        Config config = HazelcastSettings.configFor(ClusterOptions.of(NAME, port, List.of(member)), key);
        config.setProperty(
                "hazelcast.merge.first.run.delay.seconds",
                Long.toString(Duration.ofHours(1).toSeconds()));
        config.setProperty(
                "hazelcast.merge.next.run.delay.seconds",
                Long.toString(Duration.ofHours(1).toSeconds()));
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Has the sides look for each other as Hazelcast's split-brain handler does on its timer, until {@code merged}
     * counts down (the lone node's MERGED event) or {@link ClusterFixture#DEADLINE} passes. The larger side's
     * {@code oldest} knows where the lone node is (its member list names it) and makes itself known to it; the
     * lone node, the smaller side, then finds it and merges in (only a smaller side starts a merge). A look can
     * come while a side is busy with a join and do nothing: so both look again, a moment later.
     *
     * @return whether the sides merged before the deadline
     */
    static boolean merge(HazelcastInstance oldest, HazelcastInstance lone, CountDownLatch merged)
            throws InterruptedException {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            lookForTheOtherSide(oldest);
            lookForTheOtherSide(lone);
            if (merged.await(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** What the split-brain handler of {@code node} does on each of its turns (Hazelcast's internals: no API). */
    private static void lookForTheOtherSide(HazelcastInstance node) {
        ((HazelcastInstanceProxy) node).getOriginal().node.getJoiner().searchForOtherClusters();
    }
}
