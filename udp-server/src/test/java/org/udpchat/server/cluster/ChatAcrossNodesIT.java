package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.RoomEvent;
import org.udpchat.server.Backlog;
import org.udpchat.server.ClassicAccess;
import org.udpchat.server.FloodControl;
import org.udpchat.server.NativePeer;
import org.udpchat.server.Peer;
import org.udpchat.server.Safeguards;

/** Three nodes are one chat: what is said in a room on one node is heard on the others, in one order. */
class ChatAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ServerNodes cluster;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        cluster = ServerNodes.start(
                directory,
                "chat",
                3,
                config -> config.withSafeguards( // lines said in a burst
                        new Safeguards(ClassicAccess.LAN, FloodControl.OFF, Backlog.DEFAULTS)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Peer classicOn(int node) throws Exception {
        return new Peer(
                InetAddress.getLoopbackAddress(),
                cluster.node(node).localAddress().getPort());
    }

    /** The next line someone said (past notices of comings and goings). */
    private static String nextSaid(Peer peer) throws Exception {
        while (true) {
            String line = peer.receive();
            if (line.contains(" : ")) {
                return line;
            }
        }
    }

    /** The next thing someone said, for a native member (past notices, answers and acknowledgements). */
    private static RoomEvent.Said nextSaid(NativePeer peer) throws Exception {
        while (true) {
            if (peer.nextEventPastAcks() instanceof RoomEvent.Said said) {
                return said;
            }
        }
    }

    /** Reads what is said until {@code expected} is (each read waits at most the peer's deadline). */
    private static void awaitSaid(NativePeer peer, RoomEvent.Said expected) throws Exception {
        while (!nextSaid(peer).equals(expected)) {
            // an earlier line of the room: not the one awaited
        }
    }

    @Test
    void aLineSaidOnOneNodeIsHeardOnTheOthersInBothProtocols() throws Exception {
        try (Peer alice = classicOn(0).join("alice");
                NativePeer bob = new NativePeer(cluster.node(1).localAddress()).join("bob")) {
            alice.send("C alice hello from node 0");
            assertEquals(new RoomEvent.Said("alice", "hello from node 0"), nextSaid(bob));
            assertEquals(
                    "alice : hello from node 0", nextSaid(alice), "the speaker hears its line in the room's order");

            bob.chat("hello from node 1");
            assertEquals("bob : hello from node 1", nextSaid(alice));
            assertEquals(new RoomEvent.Said("bob", "hello from node 1"), nextSaid(bob));
            alice.send("Q alice");
            bob.quit();
        }
    }

    @Test
    void aRoomSpanningThreeNodesHasOneOrderEverywhere() throws Exception {
        List<Peer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                peers.add(classicOn(i).join("p" + i));
            }
            int lines = 30;
            for (int n = 0; n < lines; n++) {
                for (int i = 0; i < 3; i++) {
                    peers.get(i).send("C p" + i + " line " + n);
                }
            }
            List<List<String>> heard = new ArrayList<>();
            for (Peer peer : peers) {
                List<String> said = new ArrayList<>();
                while (said.size() < 3 * lines) {
                    String line = nextSaid(peer);
                    if (line.contains(" line ")) {
                        said.add(line);
                    }
                }
                heard.add(said);
            }

            assertEquals(heard.get(0), heard.get(1), "nodes 0 and 1 heard one order");
            assertEquals(heard.get(0), heard.get(2), "nodes 0 and 2 heard one order");
            for (int i = 0; i < 3; i++) {
                int speaker = i;
                List<String> own = heard.get(0).stream()
                        .filter(line -> line.startsWith("p" + speaker + " : "))
                        .toList();
                for (int n = 0; n < lines; n++) {
                    assertEquals("p" + speaker + " : line " + n, own.get(n), "each speaker's lines in its order");
                }
            }
        } finally {
            for (int i = 0; i < peers.size(); i++) {
                peers.get(i).send("Q p" + i);
                peers.get(i).close();
            }
        }
    }

    @Test
    void aRoomOtherThanTheLobbySpansNodesToo() throws Exception {
        try (NativePeer carol = new NativePeer(cluster.node(1).localAddress()).join("carol", "games");
                NativePeer dave = new NativePeer(cluster.node(2).localAddress()).join("dave", "games")) {
            // Each hears its own first line once its node follows the room (a node's lines wait for that):
            // a line said before a node followed the room is not that node's to hear, as for one joining later.
            carol.chat("here");
            awaitSaid(carol, new RoomEvent.Said("carol", "here"));
            dave.chat("here too");
            awaitSaid(dave, new RoomEvent.Said("dave", "here too"));

            carol.chat("hi games");

            awaitSaid(dave, new RoomEvent.Said("carol", "hi games"));
            carol.quit();
            dave.quit();
        }
    }

    @Test
    void comingsAndGoingsOnOneNodeAreToldOnTheOthersThoughNobodyElseIsInTheRoomThere() throws Exception {
        try (Peer erin = classicOn(0).join("erin")) {
            try (Peer finn = classicOn(1).join("finn")) {
                String line;
                do {
                    line = erin.receive();
                } while (!line.startsWith("欢迎 finn"));
                assertEquals("欢迎 finn 进入聊天室", line);
                finn.send("Q finn");
            }
            String line;
            do {
                line = erin.receive();
            } while (!line.startsWith("finn "));
            assertEquals("finn 退出了聊天室", line);
            erin.send("Q erin");
        }
    }
}
