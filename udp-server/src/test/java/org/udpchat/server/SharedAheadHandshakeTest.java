package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * The handshake of a node of a cluster shares each session before its WELCOME: whatever becomes of the login
 * then, a session shared and not opened is forgotten, and the old keys of another node's session take nothing
 * once its client has heard of the session made for it here. The cluster is a pair of fakes whose answers come
 * at once, or when the test says.
 */
class SharedAheadHandshakeTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress ALICE_AGAIN = new InetSocketAddress("127.0.0.1", 41002);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 41003);
    private static final InetSocketAddress BOB_AGAIN = new InetSocketAddress("127.0.0.1", 41004);
    private static final UUID HERE = UUID.randomUUID();
    private static final UUID THERE = UUID.randomUUID();

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);
    private final Names names = new Names();
    private final Kept kept = new Kept();

    /** Names granted at once, or refused (taken on another node) once the test says so. */
    private static final class Names implements SharedNames {
        boolean taken;
        int asked;

        @Override
        public boolean isShared() {
            return true;
        }

        @Override
        public void claim(String name, long holder, Consumer<Optional<Refusal>> answer) {
            asked++;
            answer.accept(taken ? Optional.of(new Refusal(RefusalReason.NAME_TAKEN, 0)) : Optional.empty());
        }

        @Override
        public void rename(String from, String to, long holder, Consumer<Optional<Refusal>> answer) {
            claim(to, holder, answer);
        }

        @Override
        public void release(String name, long holder) {}

        @Override
        public void move(
                String name, UUID fromNode, long fromHolder, long toHolder, Consumer<Optional<Refusal>> answer) {
            claim(name, toHolder, answer);
        }
    }

    /** The cluster's sessions: shared at once before a welcome, a resume's share held until the test says. */
    private static final class Kept implements SharedSessions {
        final Map<Long, ClusterSessions.Resumable> byToken = new HashMap<>();
        final List<Long> shared = new ArrayList<>();
        final List<Long> forgotten = new ArrayList<>();
        final List<Runnable> resumesHeld = new ArrayList<>();

        @Override
        public void keep(Member member) {}

        @Override
        public void shareBeforeWelcome(Opening opening, Runnable then) {
            shared.add(opening.token());
            then.run();
        }

        @Override
        public void shareResumed(Member member, long newToken, ResumptionSecret newSecret, Runnable then) {
            shared.add(newToken);
            resumesHeld.add(then);
        }

        @Override
        public void forget(long token) {
            forgotten.add(token);
            byToken.remove(token);
        }

        @Override
        public void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer) {
            answer.accept(Optional.ofNullable(byToken.get(token)));
        }

        /** Shared and never forgotten. */
        List<Long> leftOver() {
            return shared.stream().filter(token -> !forgotten.contains(token)).toList();
        }
    }

    @BeforeEach
    void joinACluster() {
        fixture.relay().shareNames(names);
        fixture.relay().shareSessions(kept, HERE);
    }

    @Test
    void aResumeSharedAheadIsForgottenWhenItsMemberLeftMeanwhileAndTheNameWasTakenElsewhere() {
        RelayFixture.NativeMember alice = fixture.joinNative(ALICE, "alice");
        RelayFixture.Handshake again = fixture.shakeHands(ALICE_AGAIN);
        fixture.forget();
        fixture.receive(
                ALICE_AGAIN, fixture.seal(again.token(), new Login(alice.token(), alice.resumption(), "alice", "")));
        assertEquals(1, kept.resumesHeld.size(), "the resume is shared before its welcome");

        alice.quit(); // gone while the share was on its way
        names.taken = true; // and its name taken on another node meanwhile
        kept.resumesHeld.get(0).run();

        assertInstanceOf(NativeServerPacket.Refused.class, fixture.outbox().last(ALICE_AGAIN));
        assertTrue(kept.forgotten.contains(again.token()), "shared " + kept.shared + ", forgotten " + kept.forgotten);
    }

    @Test
    void theOldKeysOfAnotherNodesSessionTakeNothingOnceItsClientHasBeenHeardUnderTheNewOnes() {
        ResumptionSecret oldSecret = ResumptionSecret.random(new java.security.SecureRandom());
        kept.byToken.put(77L, new ClusterSessions.Resumable(77, "bob", "lobby", oldSecret, THERE, 77, -1, 0));
        NativeServerPacket.Welcome welcome = assertInstanceOf(
                NativeServerPacket.Welcome.class, fixture.login(BOB, new Login(77, oldSecret, "bob", "")));
        RelayFixture.NativeMember bob = fixture.member(BOB, welcome);
        bob.ping(); // it heard its welcome; alone in the lobby, it has had nothing to acknowledge, nor said anything
        names.taken = true; // its name is held: by bob, here

        RelayFixture.Handshake again = fixture.shakeHands(BOB_AGAIN);
        fixture.forget();
        fixture.receive(BOB_AGAIN, fixture.seal(again.token(), new Login(77, oldSecret, "bob", "")));

        assertEquals(List.of(), kept.resumesHeld, "the old keys are taking up the session bob has been heard in");
        assertInstanceOf(NativeServerPacket.Refused.class, fixture.outbox().last(BOB_AGAIN));
        bob.ping();
        assertEquals(
                List.of("bob"),
                fixture.relay().members().stream().map(MemberInfo::name).toList());
        assertEquals(BOB, fixture.addressOf("bob"));
    }

    @Test
    void theOldKeysTakeUpTheSessionMadeHereWhileItsClientHasNotBeenHeardInIt() {
        ResumptionSecret oldSecret = ResumptionSecret.random(new java.security.SecureRandom());
        kept.byToken.put(77L, new ClusterSessions.Resumable(77, "bob", "lobby", oldSecret, THERE, 77, -1, 0));
        assertInstanceOf(NativeServerPacket.Welcome.class, fixture.login(BOB, new Login(77, oldSecret, "bob", "")));
        // its client gave the attempt up before the welcome came, and tries again with what it knows

        RelayFixture.Handshake again = fixture.shakeHands(BOB_AGAIN);
        fixture.forget();
        fixture.receive(BOB_AGAIN, fixture.seal(again.token(), new Login(77, oldSecret, "bob", "")));
        assertEquals(1, kept.resumesHeld.size(), "shared under its new keys before its welcome");
        kept.resumesHeld.get(0).run();

        NativeServerPacket.Welcome welcome = assertInstanceOf(
                NativeServerPacket.Welcome.class,
                fixture.outbox().packetsTo(BOB_AGAIN).get(0));
        assertEquals(again.token(), welcome.token());
        assertEquals(
                List.of("bob"),
                fixture.relay().members().stream().map(MemberInfo::name).toList());
    }

    @Test
    void loginsSentAgainOnAHandshakeWhoseNameTheClusterRefusedDoNotAskTheClusterAgain() {
        names.taken = true;
        RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
        fixture.forget();

        for (int i = 0; i < 5; i++) { // a client whose REFUSED was lost sends the same login again; a flooder, any
            fixture.receive(ALICE, fixture.seal(handshake.token(), new Login(i == 0 ? "alice" : "alice" + i)));
        }

        assertEquals(1, names.asked, "the cluster is asked once per handshake, not once per login sent on it");
        assertEquals(5, fixture.outbox().packetsTo(ALICE).size());
        fixture.outbox()
                .packetsTo(ALICE)
                .forEach(answer -> assertEquals(
                        RefusalReason.NAME_TAKEN,
                        assertInstanceOf(NativeServerPacket.Refused.class, answer)
                                .reason()));
        assertEquals(List.of(), kept.shared);
    }
}
