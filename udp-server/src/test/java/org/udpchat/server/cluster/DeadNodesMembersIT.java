package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;

/**
 * A member of a node that died, which does not resume on another node, is told to its room on the nodes that
 * live on, once, as gone silent: by the node that clears what the dead one left, through the room's sequencer.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeadNodesMembersIT {

    /** Short, so that the grace (this and 10 s) is short too; classic members do not expire by it. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path directory;

    @Test
    void theRoomsOnOtherNodesHearThatADeadNodesMemberLeft() throws Exception {
        try (ServerNodes nodes = ServerNodes.start(
                        directory, "dead-members", 2, config -> config.withSessionTimeout(SESSION_TIMEOUT));
                ClassicListener bob = new ClassicListener(nodes.node(1).localAddress());
                ClassicListener dave = new ClassicListener(nodes.node(0).localAddress())) {
            bob.join("bob");
            dave.join("dave");

            // A third node of the cluster, with a member of its own in the lobby: it lists carol, then dies.
            ClusterNode third = ClusterNode.start(
                    ClusterOptions.of(
                            "dead-members",
                            0,
                            List.of(HostPort.parse(nodes.node(0).clusterNodes().get(0)))),
                    nodes.node(0).fingerprint(),
                    Optional.empty());
            ClusterDirectory thirds = new ClusterDirectory(third.hazelcast(), change -> {});
            java.util.UUID thirdId =
                    third.hazelcast().getCluster().getLocalMember().getUuid();
            thirds.list("carol", new ClusterDirectory.Listing("carol", "lobby", thirdId, "127.0.0.1:1", false))
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            third.hazelcast().getLifecycleService().terminate(); // as SIGKILL: no goodbye

            // the grace is the session timeout and 10 s
            bob.awaitLine("carol 长时间无响应，已离开聊天室", Duration.ofSeconds(40));
            dave.awaitLine("carol 长时间无响应，已离开聊天室", Duration.ofSeconds(20));
            // once: the next line each hears is what dave says after
            dave.send("C dave after");
            assertEquals("dave : after", bob.next(Duration.ofSeconds(10)));
            assertEquals("dave : after", dave.next(Duration.ofSeconds(10)));
        }
    }

    /** A classic member that waits longer than the test's peers do, and keeps what it heard. */
    private static final class ClassicListener implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress server;
        private final List<String> heard = new ArrayList<>();

        ClassicListener(InetSocketAddress server) throws Exception {
            this.socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
            this.server = server;
        }

        void send(String text) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        }

        void join(String name) throws Exception {
            send("L " + name);
            assertEquals("OK", next(Duration.ofSeconds(10)));
        }

        /** The next line, waiting up to {@code wait}. */
        String next(Duration wait) throws Exception {
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.setSoTimeout((int) wait.toMillis());
            socket.receive(packet);
            String line = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            heard.add(line);
            return line;
        }

        /** Reads lines until {@code expected} comes; fails with what came instead if it does not within {@code wait}. */
        void awaitLine(String expected, Duration wait) throws Exception {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    if (left > 0 && expected.equals(next(Duration.ofNanos(Math.max(left, 1_000_000))))) {
                        return;
                    }
                } catch (SocketTimeoutException timedOut) {
                    left = 0;
                }
                if (left <= 0) {
                    throw new AssertionError("waited " + wait + " for \"" + expected + "\"; heard " + heard);
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
