package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * What the relay's side of the cluster's sessions writes: a session shared before its WELCOME as the cluster will
 * need it to resume it, and, after this node rejoined under a new id, its members' sessions under that id. One
 * node in the test's JVM; the test plays the relay thread, running what is posted to it.
 */
class ClusterSharedSessionsIT {

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
    private void relayUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            Consumer<Relay> command = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(command, "the relay was posted nothing more within " + ClusterFixture.DEADLINE);
            command.accept(null); // what these post does not use the relay itself
        }
    }

    /** What the cluster keeps under {@code token}, read now (a condition to wait for may ask it). */
    private static Optional<ClusterSessions.Resumable> found(long token) {
        try {
            return sessions.find(token).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the session " + token + " could not be read", e);
        }
    }

    @Test
    void aSessionSharedBeforeItsWelcomeIsKeptAsItsResumeNeedsIt() throws Exception {
        ResumptionSecret secret = ResumptionSecret.random(RANDOM);
        boolean[] then = new boolean[1];
        shared.shareBeforeWelcome(
                new SharedSessions.Opening(101, "alice", "games", secret, null), () -> then[0] = true);
        relayUntil(() -> then[0]);

        assertEquals(
                Optional.of(new ClusterSessions.Resumable(101, "alice", "games", secret, firstId, 101, -1, NOW)),
                found(101));
    }

    @Test
    void aSessionResumedFromAnotherNodeIsSharedWithItsPlaceThere() throws Exception {
        ClusterSessions.Resumable old = new ClusterSessions.Resumable(
                7, "bob", "Games", ResumptionSecret.random(RANDOM), UUID.randomUUID(), 7, 42, NOW - 5_000);
        ResumptionSecret secret = ResumptionSecret.random(RANDOM);
        boolean[] then = new boolean[1];
        shared.shareBeforeWelcome(new SharedSessions.Opening(102, "bob", "games", secret, old), () -> then[0] = true);
        relayUntil(() -> then[0]);

        assertEquals(
                Optional.of(new ClusterSessions.Resumable(102, "bob", "games", secret, firstId, 102, 42, NOW - 5_000)),
                found(102));
    }

    @Test
    void afterRejoiningUnderANewIdItsMembersSessionsNameThatId() throws Exception {
        Rooms rooms = new Rooms(new NameFold(), 200);
        Member carol = Member.ofSession(
                "carol",
                "carol",
                new InetSocketAddress("127.0.0.1", 4000),
                0,
                new Session(103, null, ResumptionSecret.random(RANDOM)));
        rooms.add(carol, "lobby");
        shared.listed(carol);
        relayUntil(() -> found(103).isPresent());
        assertEquals(firstId, found(103).orElseThrow().node());

        shared.rejoinedAs(rejoined);
        relayUntil(() -> namesTheNewId(103));
        assertTrue(found(103).isPresent());
    }

    /**
     * A session shared before its WELCOME under this node's id, when the node rejoins after a split brain under a
     * new id before its member is listed: the listing writes it again, under the new id (the share alone would leave
     * the cluster naming the old id, from which no name can be moved any more).
     */
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
}
