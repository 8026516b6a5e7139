package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * udp-server processes started as the nodes of one cluster on loopback, for one measurement, as README
 * "Running a cluster" has an operator start them: each with its own state directory holding the same
 * {@code server.key} (made here, so no node has to start first to make it), its own cluster port, and every
 * node's cluster port in {@code --cluster-members}, so that a cluster of three keeps a majority of two when
 * one dies. The nodes start one after another, the first becoming the oldest, and the cluster is ready when
 * the last node's log says that every node is in. Each node's log (at INFO, where the cluster's comings and
 * goings are told) goes to a file in its directory, shown by {@link #logOf}; closing ends every node still
 * running and removes the directories.
 */
final class ClusterNodes implements AutoCloseable {

    /** Hazelcast's join takes seconds per node, more on a busy machine. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    private final Path directory;
    private final List<RelayProcess> nodes = new ArrayList<>();

    private ClusterNodes(Path directory) {
        this.directory = directory;
    }

    /**
     * Starts {@code count} nodes of a cluster, each {@code serverCommand} (a udp-server command for one
     * measurement, as {@link Bench#serverCommand} makes, with {@code --state-dir none} and a log level that
     * are replaced here), and waits until they have found each other.
     */
    static ClusterNodes start(List<String> serverCommand, int count) throws IOException, InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("a cluster has at least one node: " + count);
        }
        Path directory = Files.createTempDirectory("udp-chat-cluster-bench-");
        ClusterNodes cluster = new ClusterNodes(directory);
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String keyFile = "udp-chat server key 1\n" + Base64.getEncoder().encodeToString(key) + "\n";
            List<Integer> ports = freePorts(count);
            List<String> members = new ArrayList<>();
            ports.forEach(port -> members.add("127.0.0.1:" + port));
            for (int i = 0; i < count; i++) {
                Path state = Files.createDirectory(
                        directory.resolve("node" + i),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path keyPath = Files.createFile(
                        state.resolve("server.key"),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(keyPath, keyFile, StandardCharsets.US_ASCII);
                List<String> command = nodeCommand(serverCommand, state, ports.get(i), String.join(",", members));
                cluster.nodes.add(RelayProcess.start(
                        command, ProcessBuilder.Redirect.to(cluster.logOf(i).toFile())));
            }
            cluster.awaitLog(count - 1, ", " + count + " node", "the last node to say that all " + count + " are in");
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * {@code serverCommand} as node of the cluster {@code bench}: its state in {@code state}, its log at INFO,
     * no control socket (the node's directory is the test's, not a service's).
     */
    static List<String> nodeCommand(List<String> serverCommand, Path state, int clusterPort, String members) {
        List<String> command = new ArrayList<>(serverCommand);
        replaceValue(command, "--state-dir", state.toString());
        replaceValue(command, "--log-level", "info");
        command.addAll(List.of(
                "--control-socket",
                "none",
                "--cluster",
                "bench",
                "--cluster-port",
                Integer.toString(clusterPort),
                "--cluster-members",
                members));
        return command;
    }

    /** Sets {@code option}'s value in {@code command}, adding the option if it is not there. */
    static void replaceValue(List<String> command, String option, String value) {
        int at = command.indexOf(option);
        if (at >= 0 && at + 1 < command.size()) {
            command.set(at + 1, value);
        } else {
            command.addAll(List.of(option, value));
        }
    }

    /** TCP ports free on loopback now, for the nodes' cluster connections (each node must know all of them). */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Waits until node {@code node}'s log holds {@code text}. */
    void awaitLog(int node, String text, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (!Files.readString(logOf(node)).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("node " + node + " did not log " + what + " within " + START_DEADLINE.toSeconds()
                        + " s: see " + logOf(node));
            }
            if (!nodes.get(node).isAlive()) {
                throw new IOException("node " + node + " ended: see " + logOf(node));
            }
            Thread.sleep(50); // polling a file another process writes, under a deadline
        }
    }

    /**
     * The first warnings and errors of node {@code node}'s log, and how many there were, on stderr: what the
     * server said of a run (a member dropped, a room event missed) before its directory goes.
     */
    private void tellWarnings(int node) throws IOException {
        if (!Files.isRegularFile(logOf(node))) {
            return;
        }
        List<String> warnings = Files.readAllLines(logOf(node)).stream()
                .filter(text -> text.contains(" WARN ") || text.contains(" ERROR"))
                .toList();
        if (!warnings.isEmpty()) {
            System.err.println("node " + node + " logged " + warnings.size() + " warnings or errors; the first:");
            warnings.stream().limit(8).forEach(text -> System.err.println("  " + text));
        }
    }

    /** Node {@code node}'s log. */
    Path logOf(int node) {
        return directory.resolve("node" + node + ".log");
    }

    int size() {
        return nodes.size();
    }

    /** Where each node's members talk to it, node 0 first. */
    List<InetSocketAddress> addresses() {
        return nodes.stream().map(RelayProcess::address).toList();
    }

    /** Each node's CPU clock, node 0 first. */
    List<ProcessCpu> cpus() {
        return nodes.stream().map(RelayProcess::cpu).toList();
    }

    /** Kills node {@code node} at once, as {@code kill -9}, and waits until it has gone. */
    void kill(int node) throws InterruptedException {
        nodes.get(node).kill();
    }

    @Override
    public void close() throws IOException {
        // before the nodes stop: what they say of each other as they go is not the run's
        for (int node = 0; node < nodes.size(); node++) {
            tellWarnings(node);
        }
        for (RelayProcess node : nodes) {
            node.close();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
