package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.net.ServerSocket;
import java.util.List;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * The two sides of a split brain in one JVM, for the tests of what a merge does: nodes of one cluster name that
 * do not know of each other at first (a lone node starts with only itself listed, the others list the lone
 * node's port, taken in advance) until the larger side's oldest finds the lone node at that address and the
 * smaller side merges in.
 */
final class SplitSides {

    private SplitSides() {}

    /** A free port for the lone node, so that the other side can be told where it will be. */
    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A node of the cluster {@code merge} on {@code port} (0: any), finding its cluster at {@code member}. It
     * looks for the other side soon, not after Hazelcast's default minutes, but not before the lone node has
     * started and done what the test has it do on its own (a few seconds on a busy machine), or the sides would
     * know each other from the start.
     */
    static HazelcastInstance startNode(int port, HostPort member, Fingerprint key) throws Exception {
        Config config = HazelcastSettings.configFor(ClusterOptions.of("merge", port, List.of(member)), key);
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "8");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "1");
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        return Hazelcast.newHazelcastInstance(config);
    }
}
