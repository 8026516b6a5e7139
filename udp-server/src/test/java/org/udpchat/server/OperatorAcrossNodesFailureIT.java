package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.cluster.ClusterFixture;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.NodeQuestions;

/**
 * An operator's command across nodes when one node does not answer (its relay stuck): what every node must do
 * is reported as not answered, naming the node, not as done; what one node's answer settles still stands.
 */
class OperatorAcrossNodesFailureIT {

    private static ClusterFixture cluster;
    private static OperatorAcrossNodes operator;
    private static final Recording answering = new Recording();

    @BeforeAll
    static void startTwoNodesTheSecondStuck() throws Exception {
        cluster = ClusterFixture.of(2);
        SecureRandom random = new SecureRandom();
        ClusterSeal seal = ClusterSeal.of(NoiseKeyPair.generate(random), random);
        operator = new OperatorAcrossNodes(new NodeQuestions(
                cluster.hazelcast(0), seal, question -> OperatorAcrossNodes.answer(question, answering)));
        new NodeQuestions(cluster.hazelcast(1), seal, question -> {
            throw new IllegalStateException("the relay did not answer within 5 s");
        });
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void forget() {
        answering.done.clear();
    }

    @Test
    void aBanOneNodeDidNotRecordIsNotReportedAsDone() throws Exception {
        InetAddress address = InetAddress.getByName("192.0.2.7");

        ChatServer.UnansweredException e = assertThrows(
                ChatServer.UnansweredException.class, () -> operator.banAddress(address, Term.UNTIL_LIFTED));

        assertTrue(e.getMessage().contains(cluster.node(1).nodes().get(1)), e.getMessage());
        assertTrue(e.getMessage().contains("the relay did not answer"), e.getMessage());
        assertEquals(List.of("ban 192.0.2.7"), answering.done, "the answering node still bans");
    }

    @Test
    void anAnnouncementOneNodeDidNotMakeIsNotReportedAsMade() {
        assertThrows(ChatServer.UnansweredException.class, () -> operator.announce("maintenance at ten"));
    }

    @Test
    void aMemberNotFoundOnTheNodesThatAnsweredIsNotReportedAsAbsent() {
        assertThrows(ChatServer.UnansweredException.class, () -> operator.kick("bob", ""));
        assertThrows(ChatServer.UnansweredException.class, () -> operator.mute("bob", Term.UNTIL_LIFTED));
        assertThrows(ChatServer.UnansweredException.class, () -> operator.ban("bob", Term.UNTIL_LIFTED));
    }

    @Test
    void aKickTheMembersNodeDidStandsThoughAnotherDidNotAnswer() throws Exception {
        assertEquals(KickOutcome.KICKED, operator.kick("alice", ""));
        assertEquals(OperatorOutcome.DONE, operator.mute("alice", Term.UNTIL_LIFTED));
    }

    /** The first node's relay, as far as these commands go: alice is there, nobody else. */
    private static final class Recording implements OperatorAcrossNodes.Local {
        final List<String> done = new ArrayList<>();

        @Override
        public RelayStats stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<MemberInfo> members() {
            return List.of();
        }

        @Override
        public List<RoomInfo> rooms() {
            return List.of(new RoomInfo("lobby", 1));
        }

        @Override
        public KickOutcome kick(String name, String reason) {
            return name.equals("alice") ? KickOutcome.KICKED : KickOutcome.NO_SUCH_MEMBER;
        }

        @Override
        public Optional<ChatText.Problem> announce(String text) {
            done.add("announce " + text);
            return Optional.empty();
        }

        @Override
        public OperatorOutcome say(String room, String text) {
            return OperatorOutcome.DONE;
        }

        @Override
        public BanResult banAddress(InetAddress address, Term term) {
            done.add("ban " + address.getHostAddress());
            return new BanResult(OperatorOutcome.DONE, address, List.of());
        }

        @Override
        public OperatorOutcome unban(InetAddress address) {
            return OperatorOutcome.DONE;
        }

        @Override
        public OperatorOutcome mute(String name, Term term) {
            return name.equals("alice") ? OperatorOutcome.DONE : OperatorOutcome.NO_SUCH_MEMBER;
        }

        @Override
        public OperatorOutcome unmute(String name) {
            return OperatorOutcome.NOT_MUTED;
        }

        @Override
        public Restrictions restrictions() {
            return new Restrictions(List.of(), List.of());
        }

        @Override
        public RoomStreamCounters roomStream() {
            return new RoomStreamCounters(0, 0, 0, 0, 0);
        }
    }
}
