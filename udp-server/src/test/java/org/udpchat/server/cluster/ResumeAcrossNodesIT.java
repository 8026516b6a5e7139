package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;

/**
 * A client that lost its node goes on at another under its name: its old session's token and resumption
 * secret move the name there, which nobody else can take meanwhile; without the secret the name stays taken.
 */
class ResumeAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "resume", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
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
