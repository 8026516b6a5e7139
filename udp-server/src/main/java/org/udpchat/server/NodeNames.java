package org.udpchat.server;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import java.util.UUID;

/**
 * The nodes of a cluster as operators know them: {@code host:port} of their cluster connections, as {@code
 * /list} and {@code /stats} show them. Read from Hazelcast's own list of members, which it keeps in memory, so
 * a look-up asks nothing of the network; a node that has left is no longer named.
 */
final class NodeNames {

    private final HazelcastInstance hazelcast;

    NodeNames(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** This node. */
    Optional<String> local() {
        return Optional.of(describe(hazelcast.getCluster().getLocalMember()));
    }

    /** The node with id {@code node}, while it is in the cluster. */
    Optional<String> describe(UUID node) {
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (member.getUuid().equals(node)) {
                return Optional.of(describe(member));
            }
        }
        return Optional.empty();
    }

    private static String describe(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort(); // as ClusterNode's
    }
}
