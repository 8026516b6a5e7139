package org.udpchat.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.secure.Fingerprint;

/**
 * This server as a node of a cluster: the embedded Hazelcast member, started with the node's {@link
 * ClusterOptions} and stopped with the server. A node presents the server's key ({@code server.key}): the nodes
 * of one cluster are one server to their users, so they must present one key, and a node whose key is not
 * the cluster's refuses to join (the cluster's key is the oldest node's, the one every other joined).
 *
 * <p>Hazelcast runs its own threads; what they hear of the cluster reaches the relay only as commands posted
 * to it, never by touching its state.
 */
public final class ClusterNode implements AutoCloseable {

    private final HazelcastInstance hazelcast;
    private final PartitionWatch partitions = new PartitionWatch();

    private ClusterNode(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /**
     * Starts this node and joins (or founds) its cluster.
     *
     * @param serverKey the fingerprint of this server's key
     * @param stateDirectory where this server keeps {@code server.key}, for the message that says where the
     *     cluster's key must be copied
     * @throws ClusterStartException if the configuration is wrong, the cluster port cannot be had, or the
     *     cluster presents another key
     */
    public static ClusterNode start(ClusterOptions options, Fingerprint serverKey, Optional<Path> stateDirectory)
            throws ClusterStartException {
        Config config = HazelcastSettings.configFor(options, serverKey);
        // Hazelcast reads its logger factory from this system property only; the server logs through tinylog.
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        HazelcastInstance hazelcast;
        try {
            hazelcast = Hazelcast.newHazelcastInstance(config);
        } catch (HazelcastException | IllegalStateException e) {
            throw new ClusterStartException(
                    "cannot start the cluster node " + describe(options) + ": " + e.getMessage());
        }
        ClusterNode node = new ClusterNode(hazelcast);
        try {
            node.checkIdentity(serverKey, stateDirectory);
        } catch (ClusterStartException e) {
            hazelcast.shutdown();
            throw e;
        }
        hazelcast.getCluster().addMembershipListener(new NodesLogged(serverKey));
        node.partitions.listenTo(hazelcast);
        Logger.info(
                "cluster {}: this node is {}, {} {} in all",
                options.name(),
                describe(hazelcast.getCluster().getLocalMember()),
                hazelcast.getCluster().getMembers().size(),
                hazelcast.getCluster().getMembers().size() == 1 ? "node" : "nodes");
        return node;
    }

    private void checkIdentity(Fingerprint serverKey, Optional<Path> stateDirectory) throws ClusterStartException {
        Member oldest = hazelcast.getCluster().getMembers().iterator().next();
        String theirs = oldest.getAttribute(HazelcastSettings.KEY_ATTRIBUTE);
        if (serverKey.text().equals(theirs)) {
            return;
        }
        throw new ClusterStartException("this node's server key (" + serverKey.text() + ") is not the cluster's ("
                + theirs + ", presented by node " + describe(oldest) + "): the nodes of one cluster present one"
                + " key, so that clients know them as one server. Stop this node, copy server.key from that"
                + " node's state directory into "
                + stateDirectory.map(Path::toString).orElse("this node's state directory (give it --state-dir)")
                + ", and start it again");
    }

    /** The cluster's nodes as {@code host:port} of their cluster connections, the oldest first. */
    public List<String> nodes() {
        List<String> nodes = new ArrayList<>();
        for (Member member : hazelcast.getCluster().getMembers()) {
            nodes.add(describe(member));
        }
        return nodes;
    }

    /** What this node heard of its cluster's partitions: whether they are moving, how many were lost. */
    PartitionWatch partitions() {
        return partitions;
    }

    /** The Hazelcast member, for the parts of the server that share state through it. */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * Leaves the cluster and stops Hazelcast, gracefully: Hazelcast first moves every partition this node owns or
     * backs up to the others (the oldest node plans it, after any move already under way), so that a node asked
     * to stop takes no entry's only copy with it. It waits for that at most {@code
     * hazelcast.graceful.shutdown.max.wait} (Hazelcast's 600 s unless a {@code --cluster-config} file says), and
     * then stops anyway; the log says how long it took.
     */
    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            long start = System.nanoTime();
            hazelcast.shutdown();
            Logger.info(
                    "left the cluster in {} ms (gracefully: Hazelcast handed this node's partitions to the others first)",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static String describe(ClusterOptions options) {
        return options.configFile().isPresent()
                ? "configured by " + options.configFile().get()
                : "on cluster port " + options.port();
    }

    static String describe(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    /** Tells the log when nodes come and go, and warns of one that presents another key (it will leave). */
    private record NodesLogged(Fingerprint serverKey) implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            Member node = event.getMember();
            Logger.info(
                    "cluster: node {} joined ({} in all)",
                    describe(node),
                    event.getMembers().size());
            if (!serverKey.text().equals(node.getAttribute(HazelcastSettings.KEY_ATTRIBUTE))) {
                Logger.warn("cluster: node {} presents another server key; it will refuse to stay", describe(node));
            }
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            Logger.info(
                    "cluster: node {} left ({} in all)",
                    describe(event.getMember()),
                    event.getMembers().size());
        }
    }
}
