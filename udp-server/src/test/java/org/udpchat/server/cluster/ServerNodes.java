package org.udpchat.server.cluster;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;

/**
 * Whole servers in the test's JVM as the nodes of one cluster on loopback, as an operator starts them: the
 * first node makes the server key, which is copied into every other node's state directory; each node lists
 * the first. Close it to stop them all, the newest first.
 */
final class ServerNodes implements AutoCloseable {

    private final List<ChatServer> nodes = new ArrayList<>();

    private ServerNodes() {}

    /**
     * {@code count} nodes of the cluster {@code name}, with their state under {@code directory}, each configured
     * as {@code tweak} says; every node sees all of them once this returns.
     */
    static ServerNodes start(Path directory, String name, int count, UnaryOperator<ServerConfig> tweak)
            throws Exception {
        ServerNodes cluster = new ServerNodes();
        try {
            for (int i = 0; i < count; i++) {
                Path state = Files.createDirectories(directory.resolve("node" + i));
                Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
                List<HostPort> members = List.of(new HostPort("127.0.0.1", 1)); // the first: nobody to find yet
                if (i > 0) {
                    Files.copy(directory.resolve("node0").resolve("server.key"), state.resolve("server.key"));
                    members = List.of(
                            HostPort.parse(cluster.nodes.get(0).clusterNodes().get(0)));
                }
                cluster.nodes.add(
                        ChatServer.start(tweak.apply(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0))
                                .withStateDirectory(Optional.of(state))
                                .withCluster(Optional.of(ClusterOptions.of(name, 0, members)))));
            }
            ClusterFixture.await(
                    () -> cluster.nodes.stream()
                            .allMatch(node -> node.clusterNodes().size() == count),
                    "every node to see " + count + " nodes");
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** {@code count} nodes configured as tests start a server. */
    static ServerNodes start(Path directory, String name, int count) throws Exception {
        return start(directory, name, count, UnaryOperator.identity());
    }

    ChatServer node(int index) {
        return nodes.get(index);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop(Duration.ofSeconds(10));
        }
    }
}
