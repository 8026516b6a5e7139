package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.Failure;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;

/** A member's {@code /who} and {@code /rooms} see the members of every node of the cluster. */
class MembersAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "members", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    /** Asks {@code request} until the answer is {@code expected}: the directory reaches the nodes a moment later. */
    private static void askUntil(NativePeer peer, RoomRequest request, RoomEvent expected) throws Exception {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        RoomEvent answer;
        do {
            assertTrue(System.nanoTime() - deadline < 0, "no " + expected + " by the deadline");
            peer.request(request);
            answer = answerTo(peer);
        } while (!answer.equals(expected));
    }

    /** The next answer to a request, past the notices of others' comings and goings. */
    private static RoomEvent answerTo(NativePeer peer) throws Exception {
        while (true) {
            RoomEvent event = peer.nextEventPastAcks();
            if (event instanceof RoomEvent.MemberList
                    || event instanceof RoomEvent.RoomList
                    || event instanceof RoomEvent.Failed) {
                return event;
            }
        }
    }

    @Test
    void whoAndRoomsCountEveryNodesMembersAndARoomOnlyAnotherNodeHas() throws Exception {
        try (NativePeer alice = new NativePeer(first.localAddress()).join("alice");
                NativePeer carol = new NativePeer(second.localAddress()).join("carol");
                NativePeer bob = new NativePeer(second.localAddress()).join("bob", "games")) {
            askUntil(alice, new RoomRequest.Who(""), new RoomEvent.MemberList("lobby", 2, List.of("alice", "carol")));
            askUntil(
                    alice,
                    new RoomRequest.ListRooms(),
                    new RoomEvent.RoomList(
                            2, List.of(new RoomEvent.RoomCount("lobby", 2), new RoomEvent.RoomCount("games", 1))));
            askUntil(alice, new RoomRequest.Who("games"), new RoomEvent.MemberList("games", 1, List.of("bob")));

            bob.quit();

            askUntil(alice, new RoomRequest.Who("games"), new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "games"));
        }
    }

    /** Asks who is in the lobby until {@code name} is among them. */
    private static void awaitSeen(NativePeer peer, String name) throws Exception {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (true) {
            assertTrue(System.nanoTime() - deadline < 0, name + " never seen");
            peer.request(new RoomRequest.Who(""));
            if (answerTo(peer) instanceof RoomEvent.MemberList list
                    && list.names().contains(name)) {
                return;
            }
        }
    }

    /** The next private message or failure, past notices and others' lines. */
    private static RoomEvent nextPrivate(NativePeer peer) throws Exception {
        while (true) {
            RoomEvent event = peer.nextEventPastAcks();
            if (event instanceof RoomEvent.PrivateFrom
                    || event instanceof RoomEvent.PrivateTo
                    || event instanceof RoomEvent.Failed) {
                return event;
            }
        }
    }

    @Test
    void aPrivateMessageReachesAMemberOnAnotherNode() throws Exception {
        try (NativePeer erin = new NativePeer(first.localAddress()).join("erin");
                NativePeer finn = new NativePeer(second.localAddress()).join("finn")) {
            awaitSeen(erin, "finn"); // erin's node has finn in its copy of the directory

            erin.request(new RoomRequest.PrivateMessage("finn", "psst, node two"));

            assertEquals(new RoomEvent.PrivateTo("finn", "psst, node two"), nextPrivate(erin));
            assertEquals(new RoomEvent.PrivateFrom("erin", "psst, node two"), nextPrivate(finn));
            erin.request(new RoomRequest.PrivateMessage("nobody", "hello?"));
            assertEquals(new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "nobody"), nextPrivate(erin));
            erin.quit();
            finn.quit();
        }
    }
}
