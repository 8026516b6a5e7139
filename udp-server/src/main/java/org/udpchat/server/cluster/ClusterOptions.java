package org.udpchat.server.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.udpchat.codec.HostPort;

/**
 * How a server joins a cluster of nodes that its users see as one chat: the command line's {@code --cluster},
 * {@code --cluster-port}, {@code --cluster-members} and {@code --cluster-config}. A server without them is a
 * single node, as before, and starts nothing of the cluster.
 *
 * @param name the cluster's name: nodes join only a cluster of the same name (Hazelcast's cluster name)
 * @param port the TCP port this node's cluster connections use; 0 lets the system pick one (tests)
 * @param members where the other nodes may be found (this node may be among them, as in Hazelcast's own
 *     member lists); empty with a configuration file, which then says how nodes find each other
 * @param configFile a Hazelcast configuration file (XML or YAML) for anything else: discovery in Kubernetes or
 *     a cloud, interfaces, timeouts. Its cluster name, network and join settings are used as they are; the
 *     settings a chat server always needs (no phone-home, the logging, the failure detection) are applied
 *     over it
 */
public record ClusterOptions(String name, int port, List<HostPort> members, Optional<Path> configFile) {

    /** Hazelcast's own default port, so that nodes started without {@code --cluster-port} find each other. */
    public static final int DEFAULT_PORT = 5701;

    public ClusterOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a cluster needs a name");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("cluster port " + port + " is not in 0..65535");
        }
        members = List.copyOf(members);
        if (members.isEmpty() && configFile.isEmpty()) {
            throw new IllegalArgumentException(
                    "a cluster needs its members (--cluster-members) or a configuration file (--cluster-config)");
        }
    }

    /** Nodes found at {@code members}, this one listening on {@code port}. */
    public static ClusterOptions of(String name, int port, List<HostPort> members) {
        return new ClusterOptions(name, port, members, Optional.empty());
    }
}
