package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;

/** Servers in one JVM as nodes of one cluster on loopback: they find each other, and one key is the cluster's. */
class ClusterNodesIT {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<ChatServer> servers = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void stopAll() {
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).stop(Duration.ofSeconds(10));
        }
    }

    private ChatServer node(String stateDirectory, List<HostPort> members) throws Exception {
        Path state = directory.resolve(stateDirectory);
        ChatServer server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withStateDirectory(Optional.of(state))
                .withCluster(Optional.of(ClusterOptions.of("test", 0, members))));
        servers.add(server);
        return server;
    }

    /** The first node of a cluster: it lists only itself, on a port it does not know yet. */
    private ChatServer firstNode() throws Exception {
        return node("first", List.of(new HostPort("127.0.0.1", 1)));
    }

    private static HostPort clusterAddressOf(ChatServer server) {
        return HostPort.parse(server.clusterNodes().get(0));
    }

    private void copyKey(String from, String to) throws Exception {
        Path target = Files.createDirectories(directory.resolve(to));
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.copy(directory.resolve(from).resolve("server.key"), target.resolve("server.key"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "waited " + DEADLINE.toSeconds() + " s for " + what);
            Thread.sleep(20); // polling a view Hazelcast updates on its own threads, with a deadline
        }
    }

    @Test
    void nodesWithTheSameKeyFormOneClusterOldestFirst() throws Exception {
        ChatServer first = firstNode();
        copyKey("first", "second");

        ChatServer second = node("second", List.of(clusterAddressOf(first)));

        assertEquals(2, second.clusterNodes().size());
        assertEquals(first.clusterNodes().get(0), second.clusterNodes().get(0), "the oldest node first, everywhere");
        await(() -> first.clusterNodes().equals(second.clusterNodes()), "the first node to see the second");
        assertEquals(first.fingerprint(), second.fingerprint());
    }

    @Test
    void aNodeWithAnotherKeyRefusesToJoinNamingTheFileToCopyAndTheClusterStaysAsItWas() throws Exception {
        ChatServer first = firstNode();

        ClusterStartException refused =
                assertThrows(ClusterStartException.class, () -> node("stranger", List.of(clusterAddressOf(first))));

        assertTrue(
                refused.getMessage()
                        .contains("is not the cluster's (" + first.fingerprint().text()),
                refused.getMessage());
        assertTrue(
                refused.getMessage()
                        .contains("copy server.key from that node's state directory into "
                                + directory.resolve("stranger")),
                refused.getMessage());
        await(() -> first.clusterNodes().size() == 1, "the refused node to be gone from the cluster");
        assertTrue(Files.exists(directory.resolve("stranger").resolve("server.key")), "its own key is left as it was");
    }

    @Test
    void aSingleServerHasNoClusterNodes() throws Exception {
        ChatServer single = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
        servers.add(single);

        assertEquals(List.of(), single.clusterNodes());
    }
}
