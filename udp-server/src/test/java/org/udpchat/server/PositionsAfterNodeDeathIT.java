package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.cluster.ClusterFixture;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.ClusterSessions;
import org.udpchat.server.cluster.NodePositions;

/**
 * A node writes its members' places in one value per tick, not into their sessions; a node resuming one of them
 * after that node died finds the session at the place the dead node's last tick wrote. Two nodes in the test's
 * JVM; the test plays each node's relay thread, running what is posted to it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PositionsAfterNodeDeathIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair KEY = NoiseKeyPair.generate(RANDOM);
    private static final long NOW = 1_764_000_000_000L;

    private final BlockingQueue<Consumer<Relay>> toFirst = new LinkedBlockingQueue<>();
    private final BlockingQueue<Consumer<Relay>> toSecond = new LinkedBlockingQueue<>();

    @Test
    void aMemberResumedAfterItsNodeDiedGoesOnFromThePlaceTheNodesTickWrote() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.of(2)) {
            ClusterSessions onFirst = new ClusterSessions(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM));
            ClusterSessions onSecond = new ClusterSessions(cluster.hazelcast(1), ClusterSeal.of(KEY, RANDOM));
            UUID firstId = cluster.hazelcast(0).getCluster().getLocalMember().getUuid();
            Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
            ClusterSharedSessions first =
                    new ClusterSharedSessions(onFirst, firstId, Duration.ofMinutes(1), null, clock, toFirst::add);
            ClusterSharedSessions second = new ClusterSharedSessions(
                    onSecond,
                    cluster.hazelcast(1).getCluster().getLocalMember().getUuid(),
                    Duration.ofMinutes(1),
                    null,
                    clock,
                    toSecond::add);
            try {
                Member amy = Member.ofSession(
                        "amy",
                        "amy",
                        new InetSocketAddress("127.0.0.1", 4000),
                        0,
                        new Session(201, null, ResumptionSecret.random(RANDOM)));
                new Rooms(new NameFold(), 200).add(amy, "Tea");
                deliver(first, amy, 4); // the room's first event here, before amy: she entered after it
                first.listed(amy);
                relayUntil(toFirst, () -> found(onSecond, 201).isPresent());
                assertEquals(4, found(onSecond, 201).orElseThrow().roomPosition(), "as listed");

                amy.session().onAck(1, 0); // the event she owed before she entered
                deliver(first, amy, 5);
                deliver(first, amy, 6);
                amy.session().onAck(3, 0); // she heard the room up to its event 6
                relayUntil(toFirst, () -> written(onSecond, firstId, 201).position() == 6);

                assertEquals(
                        4,
                        found(onSecond, 201).orElseThrow().roomPosition(),
                        "the session itself is not written again as its place moves");

                // the partitions settled first: a node killed while they move may take the only copy
                ClusterFixture.await(
                        () -> cluster.hazelcast(0).getPartitionService().isClusterSafe(), "the partitions to settle");
                cluster.kill(0);
                cluster.awaitNodes(1);

                AtomicReference<Optional<ClusterSessions.Resumable>> answer = new AtomicReference<>();
                second.find(201, answer::set);
                relayUntil(toSecond, () -> answer.get() != null);
                ClusterSessions.Resumable resumed = answer.get().orElseThrow();
                assertEquals(6, resumed.roomPosition(), "the place the dead node's last tick wrote");
                assertEquals(NOW, resumed.roomSince());
                assertEquals(firstId, resumed.node());
            } finally {
                second.close();
                first.close();
            }
        }
    }

    @Test
    void aNodeThatStopsRemovesItsValue() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.of(1)) {
            ClusterSessions sessions = new ClusterSessions(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM));
            UUID id = cluster.hazelcast(0).getCluster().getLocalMember().getUuid();
            ClusterSharedSessions shared = new ClusterSharedSessions(
                    sessions,
                    id,
                    Duration.ofMinutes(1),
                    null,
                    Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                    toFirst::add);
            Member bea = Member.ofSession(
                    "bea",
                    "bea",
                    new InetSocketAddress("127.0.0.1", 4001),
                    0,
                    new Session(202, null, ResumptionSecret.random(RANDOM)));
            new Rooms(new NameFold(), 200).add(bea, "lobby");
            deliver(shared, bea, 1);
            shared.listed(bea);
            relayUntil(toFirst, () -> written(sessions, id, 202).position() == 1);

            shared.close();

            assertEquals(NodePositions.NONE, read(sessions, id));
        }
    }

    @Test
    void aDeadNodesValueIsClearedByWhatClearsWhatItLeft() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.of(1)) {
            ClusterSessions sessions = new ClusterSessions(cluster.hazelcast(0), ClusterSeal.of(KEY, RANDOM));
            UUID dead = UUID.randomUUID();
            NodePositions value = new NodePositions(java.util.Map.of(5L, new NodePositions.Place("lobby", 3, NOW)));
            sessions.positions()
                    .write(dead, value, Duration.ofMinutes(1))
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            assertEquals(value, read(sessions, dead));

            sessions.positions().forgetNode(dead); // as NodeDeaths calls it, once the dead node's grace has passed

            assertEquals(NodePositions.NONE, read(sessions, dead));
        }
    }

    /** The room's event {@code sequence} is delivered on {@code node}, and told to {@code member} as its next. */
    private static void deliver(ClusterSharedSessions node, Member member, long sequence) {
        member.session().take(new byte[] {1}, 0);
        node.delivered(member.room().key(), sequence);
    }

    /** Runs what was posted to a node's relay until {@code done} holds, failing at the deadline. */
    private static void relayUntil(BlockingQueue<Consumer<Relay>> posted, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            Consumer<Relay> command = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(command, "the relay was posted nothing more within " + ClusterFixture.DEADLINE);
            command.accept(null); // what these post does not use the relay itself
        }
    }

    private static Optional<ClusterSessions.Resumable> found(ClusterSessions sessions, long token) {
        try {
            return sessions.find(token).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the session " + token + " could not be read", e);
        }
    }

    private static NodePositions read(ClusterSessions sessions, UUID node) {
        try {
            return sessions.positions().read(node).toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the positions of " + node + " could not be read", e);
        }
    }

    /** The place {@code node}'s value holds for {@code token}; position -2 while it holds none. */
    private static NodePositions.Place written(ClusterSessions sessions, UUID node, long token) {
        return read(sessions, node).of(token).orElse(new NodePositions.Place("", -2, 0));
    }
}
