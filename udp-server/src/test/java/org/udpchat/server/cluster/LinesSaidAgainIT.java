package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;

/**
 * A line said again with its line id, at its node or another, is taken once by its room's log: the room hears it
 * once, on every node. So a client whose node died says again, at another node, what it never heard back: what
 * the dead node had appended is not doubled, and what it had not is delivered.
 */
@Timeout(60)
class LinesSaidAgainIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;
    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "said-again", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void aNodeSaysRightAfterTheWelcomeThatItTakesLineIdsToANewSessionAndToOneResumedFromAnotherNode() throws Exception {
        try (NativePeer ivy = new NativePeer(first.localAddress()).join("ivy", "word")) {
            assertEquals(new RoomEvent.TakesLineIds(), ivy.nextEvent(), "a new session's first event");

            try (NativePeer resumed = NativePeer.knowingTheSessionOf(ivy, second.localAddress())) {
                assertInstanceOf(
                        NativeServerPacket.Welcome.class,
                        resumed.login(resumed.challenge(), ivy.token(), "ivy", "word"));
                assertEquals(
                        new RoomEvent.TakesLineIds(),
                        resumed.nextEvent(),
                        "the first event of a session resumed from another node, numbered from 1 there");
            }
        }
    }

    @Test
    void aLineSaidTwiceWithItsIdIsHeardOnceEverywhere() throws Exception {
        try (NativePeer alice = new NativePeer(first.localAddress()).join("alice", "twice");
                NativePeer carol = new NativePeer(first.localAddress()).join("carol", "twice");
                NativePeer bob = new NativePeer(second.localAddress()).join("bob", "twice")) {
            awaitLive(alice, new RoomEvent.Joined("bob"));
            awaitLive(carol, new RoomEvent.Joined("bob"));

            alice.chat("once", 77);
            alice.chat("once", 77);
            alice.request(new RoomRequest.Action("waves once", 78));
            alice.request(new RoomRequest.Action("waves once", 78));
            alice.chat("after", 79); // a node appends a room's lines in order: a second "once" would come before

            List<RoomEvent> lines = List.of(
                    new RoomEvent.Said("alice", "once"),
                    new RoomEvent.Acted("alice", "waves once"),
                    new RoomEvent.Said("alice", "after"));
            for (NativePeer peer : List.of(alice, carol, bob)) {
                assertEquals(lines, linesUntil(peer, new RoomEvent.Said("alice", "after")), "heard at " + peer);
            }
        }
    }

    @Test
    void aResumedSessionSaysAgainWhatItsNodeNeverTookAndNothingIsDoubled() throws Exception {
        try (NativePeer amy = new NativePeer(first.localAddress()).join("amy", "again");
                NativePeer bob = new NativePeer(second.localAddress()).join("bob2", "again")) {
            awaitLive(amy, new RoomEvent.Joined("bob2"));
            amy.chat("taken before the death", 1001);
            awaitLive(bob, new RoomEvent.Said("amy", "taken before the death"));

            // amy's node is as good as dead to her: she goes on at the second node, and says again what she did
            // not hear back (the first line: its echo never reached her) and what her node never took
            try (NativePeer resumed = NativePeer.knowingTheSessionOf(amy, second.localAddress())) {
                assertInstanceOf(
                        NativeServerPacket.Welcome.class,
                        resumed.login(resumed.challenge(), amy.token(), "amy", "again"));
                resumed.chat("taken before the death", 1001);
                resumed.chat("never taken", 1002);

                assertEquals(
                        List.of(new RoomEvent.Said("amy", "never taken")),
                        linesUntil(bob, new RoomEvent.Said("amy", "never taken")),
                        "bob, after the first line");
                assertEquals(
                        new RoomEvent.Said("amy", "never taken"),
                        linesUntil(resumed, new RoomEvent.Said("amy", "never taken"))
                                .get(0),
                        "amy hears live only the line her node never took");
            }
        }
    }

    @Test
    void anotherMembersLineWithTheSameIdIsItsOwnLine() throws Exception {
        try (NativePeer ann = new NativePeer(first.localAddress()).join("ann", "same-id");
                NativePeer mal = new NativePeer(second.localAddress()).join("mal", "same-id")) {
            awaitLive(ann, new RoomEvent.Joined("mal"));
            ann.chat("ann's line", 4242);
            awaitLive(mal, new RoomEvent.Said("ann", "ann's line"));

            // the log knows a line by its speaker's name and id: a line of mal's with the id of one of ann's, said
            // or to come, is mal's own, and ann's is hers (one name's chat line and action share its ids: a client
            // never gives two lines one id)
            mal.chat("mal's line", 4242);
            mal.request(new RoomRequest.Action("acts", 4243));
            List<RoomEvent> annHeard = linesUntil(ann, new RoomEvent.Acted("mal", "acts"));
            annHeard.remove(new RoomEvent.Said("ann", "ann's line")); // her own, if not heard back yet
            assertEquals(
                    List.of(new RoomEvent.Said("mal", "mal's line"), new RoomEvent.Acted("mal", "acts")), annHeard);
            ann.chat("ann's second line", 4243);

            assertEquals(
                    List.of(new RoomEvent.Said("ann", "ann's second line")),
                    linesUntil(ann, new RoomEvent.Said("ann", "ann's second line")));
            assertEquals(
                    List.of(
                            new RoomEvent.Said("mal", "mal's line"),
                            new RoomEvent.Acted("mal", "acts"),
                            new RoomEvent.Said("ann", "ann's second line")),
                    linesUntil(mal, new RoomEvent.Said("ann", "ann's second line")));
        }
    }

    /** The lines said and acted {@code peer} hears live, up to and including {@code last}. */
    private static List<RoomEvent> linesUntil(NativePeer peer, RoomEvent last) throws Exception {
        List<RoomEvent> lines = new ArrayList<>();
        while (lines.isEmpty() || !lines.get(lines.size() - 1).equals(last)) {
            RoomEvent event = peer.nextEventPastAcks();
            if (event instanceof RoomEvent.Said || event instanceof RoomEvent.Acted) {
                lines.add(event);
            }
        }
        return lines;
    }

    /** Takes {@code peer}'s events, acknowledging them, until {@code expected} comes live. */
    private static void awaitLive(NativePeer peer, RoomEvent expected) throws Exception {
        while (!peer.nextEventPastAcks().equals(expected)) {
            // an event before it: the room's others, the peer's own welcome events
        }
    }
}
