package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.server.Backlog;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ClassicAccess;
import org.udpchat.server.FloodControl;
import org.udpchat.server.Peer;
import org.udpchat.server.Safeguards;
import org.udpchat.server.ServerConfig;

/**
 * A speaker's lines keep their order while the cluster's partitions move (a node joining): Hazelcast retries an
 * append that meets a partition on the move, and two appends of one room in flight together could then be
 * numbered in the other order.
 */
class SpeakerOrderIT {

    @TempDir
    Path directory;

    private final List<ChatServer> nodes = new ArrayList<>();

    private ChatServer node(String name, List<HostPort> members) throws Exception {
        if (!nodes.isEmpty()) {
            Path state = Files.createDirectories(directory.resolve(name));
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            Files.copy(directory.resolve("n0").resolve("server.key"), state.resolve("server.key"));
        }
        ChatServer node = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withSafeguards(new Safeguards(ClassicAccess.LAN, FloodControl.OFF, Backlog.DEFAULTS))
                .withStateDirectory(Optional.of(directory.resolve(name)))
                .withCluster(Optional.of(ClusterOptions.of("order", 0, members))));
        nodes.add(node);
        return node;
    }

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop(Duration.ofSeconds(10));
        }
    }

    private static String nextSaid(Peer peer) throws Exception {
        while (true) {
            String line = peer.receive();
            if (line.contains(" : ")) {
                return line;
            }
        }
    }

    @Test
    void aSpeakersLinesKeepTheirOrderWhileNodesJoin() throws Exception {
        ChatServer first = node("n0", List.of(new HostPort("127.0.0.1", 1)));
        HostPort seed = HostPort.parse(first.clusterNodes().get(0));
        node("n1", List.of(seed));
        int port = first.localAddress().getPort();
        try (Peer speaker = new Peer(InetAddress.getLoopbackAddress(), port).join("speaker")) {
            int lines = 400;
            Thread joining = new Thread(() -> {
                try {
                    node("n2", List.of(seed));
                    node("n3", List.of(seed));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // Read while sending: the lines come back in batches (a node appends what waited in one go), and a
            // classic member's socket left unread while 400 pile up would overflow and lose some.
            List<String> heard = new ArrayList<>();
            CompletableFuture<Void> hearing = CompletableFuture.runAsync(() -> {
                try {
                    while (heard.size() < lines) {
                        heard.add(nextSaid(speaker));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            joining.start();
            for (int n = 0; n < lines; n++) {
                speaker.send("C speaker line " + n);
                if (n % 20 == 0) {
                    Thread.sleep(5); // a paced burst, spread over the nodes' joining (pacing, not synchronisation)
                }
            }
            hearing.get(60, TimeUnit.SECONDS);
            joining.join();
            for (int n = 0; n < lines; n++) {
                assertEquals("speaker : line " + n, heard.get(n), "the speaker's lines in their order");
            }
            speaker.send("Q speaker");
        }
    }
}
