package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.BanResult;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.KickOutcome;
import org.udpchat.server.MemberInfo;
import org.udpchat.server.NodeStats;
import org.udpchat.server.OperatorOutcome;
import org.udpchat.server.Peer;
import org.udpchat.server.RoomInfo;
import org.udpchat.server.Term;
import org.udpchat.server.Texts;
import org.udpchat.server.console.AdminConsole;

/**
 * An operator on one node acts on the whole cluster: members, rooms and counters of every node, announcements
 * to all of them, a kick, a mute and a ban that reach the member on the node it is on.
 */
class OperatorAcrossNodesIT {

    @TempDir
    static Path directory;

    private static ChatServer first;
    private static ChatServer second;

    private static ServerNodes nodes;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, "operators", 2);
        first = nodes.node(0);
        second = nodes.node(1);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    /** Each test starts with nobody on either node: members a test leaves behind are removed. */
    @AfterEach
    void removeEveryone() throws Exception {
        for (MemberInfo member : first.members()) {
            first.kick(member.name(), "");
        }
        ClusterFixture.await(
                () -> {
                    try {
                        return first.members().isEmpty();
                    } catch (ChatServer.UnansweredException e) {
                        return false;
                    }
                },
                "both nodes to be empty");
    }

    /** Reads lines until {@code expected} (each read waits at most the peer's deadline). */
    private static void awaitLine(Peer peer, String expected) throws Exception {
        while (!peer.receive().equals(expected)) {
            // a notice of someone's coming or going, on either node
        }
    }

    private static Peer on(ChatServer node) throws Exception {
        return new Peer(InetAddress.getLoopbackAddress(), node.localAddress().getPort());
    }

    @Test
    void listShowsEveryNodesMembersWithTheirNodeAndRoomsAddUp() throws Exception {
        try (Peer alice = on(first).join("alice");
                Peer bob = on(second).join("bob")) {
            List<MemberInfo> members = first.members();

            assertEquals(
                    List.of("alice", "bob"),
                    members.stream().map(MemberInfo::name).toList());
            assertEquals(first.clusterNodes().get(0), members.get(0).node());
            assertEquals(first.clusterNodes().get(1), members.get(1).node());
            assertEquals(List.of(new RoomInfo("lobby", 2)), second.rooms());
            alice.send("Q alice");
            bob.send("Q bob");
        }
    }

    @Test
    void anAnnouncementReachesMembersOfEveryNode() throws Exception {
        try (Peer alice = on(first).join("ann");
                Peer bob = on(second).join("bea")) {
            assertTrue(second.announce("maintenance at ten").isEmpty());

            awaitLine(alice, "管理员 : maintenance at ten");
            awaitLine(bob, "管理员 : maintenance at ten");
            alice.send("Q ann");
            bob.send("Q bea");
        }
    }

    @Test
    void aKickOnOneNodeReachesTheMemberOnAnother() throws Exception {
        try (Peer carol = on(second).join("carol")) {
            assertEquals(KickOutcome.KICKED, first.kick("carol", "spam"));

            awaitLine(carol, "管理员 : 您已被移出聊天室：spam"); // past others' comings and goings
            carol.expect("EXIT");
            assertEquals(KickOutcome.NO_SUCH_MEMBER, first.kick("carol", ""));
        }
    }

    @Test
    void aMuteReachesTheMemberWhereverItIsAndTheUnmuteToo() throws Exception {
        try (Peer dave = on(second).join("dave")) {
            assertEquals(OperatorOutcome.DONE, first.mute("dave", Term.ofMinutes(5)));
            assertTrue(second.restrictions().mutes().stream()
                    .anyMatch(mute -> mute.subject().equals("dave")));
            assertTrue(first.restrictions().mutes().stream()
                    .anyMatch(mute -> mute.subject().equals("dave")));

            assertEquals(OperatorOutcome.DONE, first.unmute("dave"));
            assertEquals(OperatorOutcome.NOT_MUTED, first.unmute("dave"));
            assertEquals(OperatorOutcome.NO_SUCH_MEMBER, first.mute("nobody", Term.ofMinutes(5)));
            dave.send("Q dave");
        }
    }

    @Test
    void statsArePerNode() throws Exception {
        List<NodeStats> stats = second.statsByNode();

        assertEquals(first.clusterNodes(), stats.stream().map(NodeStats::node).toList());
        assertEquals(
                List.of(false, true), stats.stream().map(NodeStats::isLocal).toList());
        assertTrue(stats.stream().allMatch(node -> node.stats().isPresent()));
    }

    @Test
    void aBanOnOneNodeRemovesTheMemberOnAnotherAndHoldsOnEveryNode() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Peer eve = on(second).join("eve")) {
            try {
                BanResult banned = first.ban("eve", Term.ofMinutes(5));

                assertEquals(OperatorOutcome.DONE, banned.outcome());
                assertEquals(List.of("eve"), banned.removed());
                awaitLine(eve, "管理员 : 您已被移出聊天室：已被封禁 5 分钟"); // past others' comings and goings
                eve.expect("EXIT");
                for (ChatServer node : List.of(first, second)) {
                    try (Peer again = on(node)) {
                        again.send("L eve");
                        again.expect("您已被禁止进入，还剩 5 分钟");
                    }
                }
            } finally {
                assertEquals(OperatorOutcome.DONE, second.unban(loopback));
            }
            assertEquals(OperatorOutcome.NOT_BANNED, first.unban(loopback), "lifted on every node");
        }
    }

    @Test
    void theConsoleShowsEachNodesStatsAndTheTotalAndEachMembersNode() throws Exception {
        try (Peer frank = on(second).join("frank")) {
            CapturedOutput screen = new CapturedOutput();
            BufferedReader script = new BufferedReader(new StringReader("/stats\n/list\n"));

            new AdminConsole(script, screen.printStream(), false, Texts.of(Locale.ENGLISH), first).run();

            String shown = screen.text();
            String firstNode = first.clusterNodes().get(0);
            String secondNode = first.clusterNodes().get(1);
            assertTrue(shown.contains("node " + firstNode + " (this one):\n"), shown);
            assertTrue(shown.contains("node " + secondNode + ":\n"), shown);
            assertTrue(
                    shown.contains("the cluster (2 of 2 nodes answered):\nmembers: 1 (0 native, 1 classic); rooms: 1;"),
                    shown);
            assertTrue(
                    shown.lines()
                            .anyMatch(line -> line.strip().startsWith("frank") && line.endsWith("on " + secondNode)),
                    shown);
            assertEquals(
                    3,
                    shown.lines()
                            .filter(line -> line.startsWith("room events delivered in order: "))
                            .count(),
                    "each node's sequencing and the cluster's, nothing lost in silence: " + shown);
            assertTrue(shown.contains("missed for good: 0;"), shown);
            frank.send("Q frank");
        }
    }

    @Test
    void aNoticeToARoomOnSeveralNodesIsHeardOnceByEachOfItsMembers() throws Exception {
        try (Peer gus = on(first).join("gus");
                Peer hal = on(second).join("hal")) {
            assertEquals(OperatorOutcome.DONE, second.say("lobby", "tea is ready"));

            for (Peer peer : List.of(gus, hal)) {
                String line;
                do {
                    line = peer.receive();
                } while (!line.contains("tea is ready"));
                assertEquals("【房间 lobby 通知】管理员 : tea is ready", line);
            }
            gus.send("C gus after");
            for (Peer peer : List.of(gus, hal)) {
                String line;
                do {
                    line = peer.receive();
                    assertTrue(!line.contains("tea is ready"), "the notice came twice: " + line);
                } while (!line.equals("gus : after"));
            }
            assertEquals(OperatorOutcome.NO_SUCH_ROOM, first.say("nowhere", "hello?"));
        }
    }
}
