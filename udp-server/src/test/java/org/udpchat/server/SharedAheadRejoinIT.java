package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.cluster.ClusterFixture;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * A session shared before its WELCOME under this node's id, when the node rejoins after a split brain under a new
 * id before its member is listed: the listing writes it again, under the new id (the share alone would leave the
 * cluster naming the old id, from which no name can be moved any more). One node in the test's JVM; the test plays
 * the relay thread, running what is posted to it.
 */
class SharedAheadRejoinIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair KEY = NoiseKeyPair.generate(RANDOM);
    private static final long NOW = 1_764_000_000_000L;

    private static ClusterFixture cluster;
    private static ClusterSessions sessions;

    private final BlockingQueue<Consumer<Relay>> posted = new LinkedBlockingQueue<>();
    private final UUID firstId = UUID.randomUUID();
    private final UUID rejoined = UUID.randomUUID();
    private ClusterSharedSessions shared;

    @BeforeAll
    static void startOneNode() throws Exception {
        cluster = ClusterFixture.of(1);
        sessions = new ClusterSessions(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void start() {
        shared = new ClusterSharedSessions(
                sessions,
                firstId,
                Duration.ofMinutes(1),
                null,
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                posted::add);
    }

    @AfterEach
    void close() {
        shared.close();
    }

    /** Runs what was posted to the relay until {@code done} holds, failing at the deadline. */
    private void relayUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            Consumer<Relay> command = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(command, "the relay was posted nothing more within " + ClusterFixture.DEADLINE);
            command.accept(null); // what these post does not use the relay itself
        }
    }

    private static Optional<ClusterSessions.Resumable> found(long token) {
        try {
            return sessions.find(token).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the session " + token + " could not be read", e);
        }
    }

    private boolean namesTheNewId(long token) {
        return found(token).map(session -> session.node().equals(rejoined)).orElse(false);
    }

    /** {@code name}'s member, whose session {@code token} opens with {@code secret}, comes in and is listed. */
    private void listed(long token, String name, ResumptionSecret secret) {
        Rooms rooms = new Rooms(new NameFold(), 200);
        Member member = Member.ofSession(
                name, name, new InetSocketAddress("127.0.0.1", 4000), 0, new Session(token, null, secret));
        rooms.add(member, "lobby");
        shared.listed(member);
    }

    @Test
    void aSessionSharedBeforeItsWelcomeIsWrittenUnderTheNewIdIfTheNodeRejoinedBeforeItWasListed() throws Exception {
        ResumptionSecret secret = ResumptionSecret.random(RANDOM);
        boolean[] then = new boolean[1];
        shared.shareBeforeWelcome(new SharedSessions.Opening(301, "dave", "lobby", secret, null), () -> then[0] = true);
        relayUntil(() -> then[0]);

        shared.rejoinedAs(rejoined);
        listed(301, "dave", secret);

        relayUntil(() -> namesTheNewId(301));
    }

    @Test
    void aShareUnderWayAsTheNodeRejoinsDoesNotStandForTheListing() throws Exception {
        ResumptionSecret secret = ResumptionSecret.random(RANDOM);
        boolean[] then = new boolean[1];
        shared.shareBeforeWelcome(new SharedSessions.Opening(302, "erin", "lobby", secret, null), () -> then[0] = true);
        shared.rejoinedAs(rejoined); // heard by the relay before the share's answer
        relayUntil(() -> then[0]);

        listed(302, "erin", secret);

        relayUntil(() -> namesTheNewId(302));
    }
}
