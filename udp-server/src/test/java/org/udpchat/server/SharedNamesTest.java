package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.Failure;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * Names shared across a cluster, as the relay uses them: a newcomer (native or classic) and a new name wait for
 * the cluster's claim before they are let in, and a member that leaves lets its name go. The cluster here is a
 * fake whose answers the test gives when it likes, as they come back later on the relay thread.
 */
class SharedNamesTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 41003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);
    private final HeldClaims cluster = new HeldClaims();

    /** A cluster that holds each claim until the test answers it. */
    private static final class HeldClaims implements SharedNames {
        record Claim(String name, long holder, Consumer<Optional<Refusal>> answer) {}

        final List<Claim> claims = new ArrayList<>();
        final List<String> released = new ArrayList<>();

        @Override
        public boolean isShared() {
            return true;
        }

        @Override
        public void claim(String name, long holder, Consumer<Optional<Refusal>> answer) {
            claims.add(new Claim(name, holder, answer));
        }

        @Override
        public void rename(String from, String to, long holder, Consumer<Optional<Refusal>> answer) {
            claims.add(new Claim(to, holder, answer));
        }

        @Override
        public void release(String name, long holder) {
            released.add(name);
        }

        @Override
        public void move(
                String name,
                java.util.UUID fromNode,
                long fromHolder,
                long toHolder,
                Consumer<Optional<Refusal>> answer) {
            claims.add(new Claim(name, toHolder, answer));
        }

        void grant(int claim) {
            claims.get(claim).answer().accept(Optional.empty());
        }

        void refuse(int claim, Refusal refusal) {
            claims.get(claim).answer().accept(Optional.of(refusal));
        }
    }

    @BeforeEach
    void shareNames() {
        fixture.relay().shareNames(cluster);
    }

    private List<String> names() {
        return fixture.relay().members().stream().map(MemberInfo::name).toList();
    }

    @Test
    void aNativeNewcomerIsWelcomedOnlyOnceTheClusterHasGivenItTheName() {
        RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
        fixture.forget();

        fixture.receive(ALICE, fixture.seal(handshake.token(), new Login("alice")));
        fixture.receive(ALICE, fixture.seal(handshake.token(), new Login("alice"))); // retried meanwhile

        assertEquals(List.of(), fixture.outbox().packetsTo(ALICE), "nothing until the cluster answers");
        assertEquals(1, cluster.claims.size(), "one claim, however often the login is retried");
        assertEquals("alice", cluster.claims.get(0).name());
        assertEquals(handshake.token(), cluster.claims.get(0).holder());
        assertEquals(List.of(), names());

        cluster.grant(0);

        NativeServerPacket.Welcome welcome = assertInstanceOf(
                NativeServerPacket.Welcome.class, fixture.outbox().last(ALICE));
        assertEquals("alice", welcome.name());
        assertEquals(List.of("alice"), names());
    }

    @Test
    void aNameTheClusterRefusesIsRefusedWithItsReasonAndNothingIsHeld() {
        RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
        fixture.forget();
        fixture.receive(ALICE, fixture.seal(handshake.token(), new Login("alice")));

        cluster.refuse(0, new Refusal(RefusalReason.NAME_LOOKS_LIKE, 0, "aIice"));

        NativeServerPacket.Refused refused = assertInstanceOf(
                NativeServerPacket.Refused.class, fixture.outbox().last(ALICE));
        assertEquals(RefusalReason.NAME_LOOKS_LIKE, refused.reason());
        assertEquals(List.of(), names());
        assertEquals(List.of(), cluster.released, "a refused claim holds nothing to let go");
    }

    @Test
    void aClaimAnsweredAfterItsHandshakeExpiredIsLetGo() {
        RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
        fixture.receive(ALICE, fixture.seal(handshake.token(), new Login("alice")));
        fixture.tick(PendingHandshakes.LIFETIME_MILLIS + 1);
        fixture.forget();

        cluster.grant(0);

        assertEquals(List.of(), fixture.outbox().packetsTo(ALICE));
        assertEquals(List.of(), names());
        assertEquals(List.of("alice"), cluster.released);
    }

    @Test
    void aClassicNewcomerGetsItsOkOnlyOnceTheClusterHasGivenItTheName() {
        fixture.receive(CAROL, "L carol");
        fixture.receive(CAROL, "L carol"); // retried meanwhile

        assertEquals(List.of(), fixture.outbox().textsTo(CAROL));
        assertEquals(1, cluster.claims.size());

        cluster.grant(0);

        assertEquals(List.of("OK"), fixture.outbox().textsTo(CAROL));
        assertEquals(List.of("carol"), names());
        assertTrue(cluster.claims.get(0).holder() < 0, "a classic member's holder is a number of this node's");
    }

    @Test
    void aClassicNewcomerRefusedByTheClusterIsToldWhy() {
        fixture.receive(CAROL, "L carol");

        cluster.refuse(0, new Refusal(RefusalReason.NAME_TAKEN, 0));

        assertEquals(1, fixture.outbox().textsTo(CAROL).size());
        assertEquals(List.of(), names());
    }

    @Test
    void aMemberThatLeavesLetsItsNameGo() {
        fixture.receive(CAROL, "L carol");
        cluster.grant(0);

        fixture.receive(CAROL, "Q carol");

        assertEquals(List.of("carol"), cluster.released);
    }

    @Test
    void aNewNameIsTakenOnlyOnceTheClusterHasGivenIt() {
        RelayFixture.Handshake handshake = fixture.shakeHands(ALICE);
        fixture.receive(ALICE, fixture.seal(handshake.token(), new Login("alice")));
        cluster.grant(0);
        RelayFixture.NativeMember alice = fixture.member(
                ALICE,
                assertInstanceOf(
                        NativeServerPacket.Welcome.class, fixture.outbox().last(ALICE)));
        fixture.forget();

        alice.ask(new RoomRequest.Nick("alicia"));
        assertEquals(List.of("alice"), names(), "not renamed before the cluster answers");
        cluster.grant(1);

        assertEquals(List.of("alicia"), names());

        alice.ask(new RoomRequest.Nick("bob"));
        cluster.refuse(2, new Refusal(RefusalReason.NAME_TAKEN, 0));

        assertEquals(List.of("alicia"), names());
        assertTrue(fixture.outbox().eventsTo(ALICE).contains(new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "bob")));
    }
}
