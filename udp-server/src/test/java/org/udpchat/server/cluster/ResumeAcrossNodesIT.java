package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;
import org.udpchat.server.ServerConfig;

/**
 * A client that lost its node goes on at another under its name: its old session's token and resumption
 * secret move the name there, which nobody else can take meanwhile; without the secret the name stays taken.
 */
class ResumeAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ChatServer node(String name, List<HostPort> members) throws Exception {
        return ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withStateDirectory(Optional.of(directory.resolve(name)))
                .withCluster(Optional.of(ClusterOptions.of("resume", 0, members))));
    }

    @BeforeAll
    static void startTwoNodes() throws Exception {
        first = node("first", List.of(new HostPort("127.0.0.1", 1)));
        Path secondState = Files.createDirectories(directory.resolve("second"));
        Files.setPosixFilePermissions(secondState, PosixFilePermissions.fromString("rwx------"));
        Files.copy(directory.resolve("first").resolve("server.key"), secondState.resolve("server.key"));
        second = node("second", List.of(HostPort.parse(first.clusterNodes().get(0))));
        ClusterFixture.await(() -> first.clusterNodes().size() == 2, "the first node to see the second");
    }

    @AfterAll
    static void stop() {
        second.stop(Duration.ofSeconds(10));
        first.stop(Duration.ofSeconds(10));
    }

    @Test
    void theSessionsTokenAndSecretTakeItsNameToAnotherNodeAndNothingElseDoes() throws Exception {
        try (NativePeer alice = new NativePeer(first.localAddress()).join("alice");
                NativePeer stranger = new NativePeer(second.localAddress())) {
            // someone who knows alice's token but not her secret gets nowhere
            NativeServerPacket.Refused refused = assertInstanceOf(
                    NativeServerPacket.Refused.class, stranger.login(stranger.challenge(), alice.token(), "alice"));
            assertEquals(RefusalReason.NAME_TAKEN, refused.reason());

            try (NativePeer resumed = NativePeer.knowingTheSessionOf(alice, second.localAddress())) {
                NativeServerPacket.Welcome welcome = assertInstanceOf(
                        NativeServerPacket.Welcome.class, resumed.login(resumed.challenge(), alice.token(), "alice"));
                assertEquals("alice", welcome.name());

                // the name is held here now: nobody else takes it, on either node
                try (Peer impostor = new Peer(
                        InetAddress.getLoopbackAddress(), first.localAddress().getPort())) {
                    impostor.send("L alice");
                    impostor.expect("该昵称已被占用");
                }
                resumed.quit();
            }
        }
    }
}
