package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.RoomEvent;
import org.udpchat.server.Backlog;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ClassicAccess;
import org.udpchat.server.FloodControl;
import org.udpchat.server.NativePeer;
import org.udpchat.server.RoomLine;
import org.udpchat.server.RoomListener;
import org.udpchat.server.Safeguards;
import org.udpchat.server.ServerConfig;

/**
 * What an operator of one node watches, and what its transcript records, spans the cluster: a room whose
 * members are all on another node is followed for the watcher (and no longer once it stops), and a listener of
 * every room hears rooms that appear on other nodes after it began.
 */
@Timeout(60)
class WatchAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ServerNodes cluster;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        cluster = ServerNodes.start(
                directory,
                "watch",
                2,
                config -> config.withSafeguards( // lines said in a burst
                        new Safeguards(ClassicAccess.LAN, FloodControl.OFF, Backlog.DEFAULTS)));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A listener as the console's feed is one: it hands each line over and returns. */
    private static final class Lines implements RoomListener {
        final LinkedBlockingQueue<RoomLine> heard = new LinkedBlockingQueue<>();

        @Override
        public void heard(RoomLine line) {
            heard.add(line);
        }

        /** The next line {@code wanted} accepts, past others; null if none comes within {@code millis}. */
        RoomLine next(Predicate<RoomLine> wanted, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                RoomLine line = left > 0 ? heard.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null || wanted.test(line)) {
                    return line;
                }
            }
        }
    }

    private static Predicate<RoomLine> saidIn(String room, String marker) {
        return line -> line.room().equals(Optional.of(room)) && line.text().contains(marker);
    }

    /** The next thing someone said, for a native member (past notices, answers and acknowledgements). */
    private static RoomEvent.Said nextSaid(NativePeer peer) throws Exception {
        while (true) {
            if (peer.nextEventPastAcks() instanceof RoomEvent.Said said) {
                return said;
            }
        }
    }

    private static void awaitFollowing(int node, String room, boolean following) throws InterruptedException {
        ClusterFixture.await(
                () -> {
                    try {
                        return cluster.node(node).followedRooms().contains(room) == following;
                    } catch (ChatServer.UnansweredException e) {
                        throw new AssertionError(e);
                    }
                },
                "node " + node + (following ? " to follow " : " to stop following ") + room);
    }

    @Test
    void aWatchedRoomWithMembersOnAnotherNodeOnlyShowsTheirLinesInOrderUntilTheWatchStops() throws Exception {
        Lines watcher = new Lines();
        try (NativePeer carol = new NativePeer(cluster.node(1).localAddress()).join("carol", "games");
                NativePeer dave = new NativePeer(cluster.node(1).localAddress()).join("dave", "games")) {
            assertFalse(cluster.node(0).followedRooms().contains("games"), "nobody on node 0 needs games yet");

            cluster.node(0).watch(watcher, Optional.of("Games"));
            assertTrue(cluster.node(0).followedRooms().contains("games"), "followed for the watcher");

            int lines = 15;
            for (int n = 0; n < lines; n++) {
                carol.chat("line " + n);
                dave.chat("line " + n);
            }
            List<String> roomOrder = new ArrayList<>();
            while (roomOrder.size() < 2 * lines) {
                RoomEvent.Said said = nextSaid(carol);
                roomOrder.add(said.name() + " : " + said.text());
            }
            String nodeOne = cluster.node(1).clusterNodes().get(1); // oldest first: node 0, then node 1
            List<String> watched = new ArrayList<>();
            for (int n = 0; n < 2 * lines; n++) {
                RoomLine line = watcher.next(saidIn("games", " : line "), 10_000);
                assertNotNull(line, "line " + n + " of games on node 0's watch; had " + watched);
                assertEquals(Optional.of(nodeOne), line.node(), "the speaker's node: " + line);
                watched.add(line.text());
            }
            assertEquals(roomOrder, watched, "node 0's watch shows games in the room's one order");

            cluster.node(0).unwatch(watcher);
            awaitFollowing(0, "games", false);
            carol.quit();
            dave.quit();
        } finally {
            cluster.node(0).unwatch(watcher);
        }
    }

    @Test
    void aListenerOfEveryRoomHearsARoomThatAppearsOnAnotherNodeLaterAndLetsItGoWhenItEmpties() throws Exception {
        Lines transcript = new Lines();
        cluster.node(0).watch(transcript); // every room: what the transcript is
        try {
            try (NativePeer eve = new NativePeer(cluster.node(1).localAddress()).join("eve", "late")) {
                awaitFollowing(0, "late", true); // from the directory, as eve entered
                // The follow begins a moment after eve entered: wait until node 0 hears the room.
                RoomLine heard = null;
                for (int ping = 0; heard == null && ping < 50; ping++) {
                    eve.chat("ping " + ping);
                    heard = transcript.next(saidIn("late", " : ping "), 200);
                }
                assertNotNull(heard, "node 0 never heard the room late");

                int lines = 20;
                for (int n = 0; n < lines; n++) {
                    eve.chat("line " + n);
                }
                for (int n = 0; n < lines; n++) {
                    RoomLine line = transcript.next(saidIn("late", " : line "), 10_000);
                    assertNotNull(line, "line " + n + " of late on node 0");
                    assertEquals("eve : line " + n, line.text());
                    assertEquals("late", line.room().orElseThrow());
                }
                eve.quit();
            }
            awaitFollowing(0, "late", false); // nobody in it, anywhere: no listener needs it
        } finally {
            cluster.node(0).unwatch(transcript);
        }
    }

    @Test
    void theTranscriptOfANodeThatJoinsLaterRecordsTheRoomsOtherNodesHaveAlready() throws Exception {
        Lines transcript = new Lines();
        try (NativePeer frank = new NativePeer(cluster.node(1).localAddress()).join("frank", "chess")) {
            Path state = Files.createDirectories(directory.resolve("late-node"));
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            Files.copy(directory.resolve("node0").resolve("server.key"), state.resolve("server.key"));
            // As ServerMain starts a node with --transcript: the recorder is there before the node joins.
            ChatServer late = ChatServer.start(
                    ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                            .withStateDirectory(Optional.of(state))
                            .withCluster(Optional.of(ClusterOptions.of(
                                    "watch",
                                    0,
                                    List.of(HostPort.parse(
                                            cluster.node(0).clusterNodes().get(0)))))),
                    operatorLine -> {},
                    transcript);
            try {
                assertTrue(late.followedRooms().contains("chess"), "followed from the directory as the node joined");
                RoomLine heard = null;
                for (int ping = 0; heard == null && ping < 50; ping++) {
                    frank.chat("ping " + ping);
                    heard = transcript.next(saidIn("chess", " : ping "), 200);
                }
                assertNotNull(heard, "the new node never heard the room chess");
                frank.chat("recorded");
                RoomLine line = transcript.next(saidIn("chess", " : recorded"), 10_000);
                assertNotNull(line, "frank's line in the new node's transcript");
                assertEquals("frank : recorded", line.text());
                frank.quit();
                ClusterFixture.await(
                        () -> {
                            try {
                                return !late.followedRooms().contains("chess");
                            } catch (ChatServer.UnansweredException e) {
                                throw new AssertionError(e);
                            }
                        },
                        "the new node to let chess go once nobody is in it");
            } finally {
                late.stop(Duration.ofSeconds(10));
            }
        }
    }
}
