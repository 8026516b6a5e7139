package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.cluster.ClusterFixture;
import org.udpchat.server.cluster.ClusterSeal;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * A join whose session cannot be shared because this node has left the cluster (stopping, or cut off for good)
 * is let in all the same: the relay hears the share's end, and nothing thrown on its thread closes the room (nor
 * as the member is listed, leaves, or a session is looked for).
 */
class SharedAheadNodeDownIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aShareAsTheNodeIsDownStillLetsTheJoinGoOn() throws Exception {
        ClusterFixture cluster = ClusterFixture.of(1);
        ClusterSessions sessions =
                new ClusterSessions(cluster.hazelcast(0), ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM));
        BlockingQueue<Consumer<Relay>> posted = new LinkedBlockingQueue<>();
        ClusterSharedSessions shared = new ClusterSharedSessions(
                sessions,
                UUID.randomUUID(),
                Duration.ofMinutes(1),
                null,
                Clock.fixed(Instant.ofEpochMilli(1_764_000_000_000L), ZoneOffset.UTC),
                posted::add);
        cluster.close(); // this node leaves as a join is under way
        try {
            boolean[] then = new boolean[1];
            shared.shareBeforeWelcome(
                    new SharedSessions.Opening(401, "frank", "lobby", ResumptionSecret.random(RANDOM), null),
                    () -> then[0] = true);
            long deadline = System.nanoTime() + ClusterFixture.DEADLINE.toNanos();
            while (!then[0]) {
                Consumer<Relay> command = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(command, "the join was not let go on within " + ClusterFixture.DEADLINE);
                command.accept(null);
            }
            Rooms rooms = new Rooms(new NameFold(), 200);
            Member frank = Member.ofSession(
                    "frank",
                    "frank",
                    new java.net.InetSocketAddress("127.0.0.1", 4000),
                    0,
                    new Session(401, null, ResumptionSecret.random(RANDOM)));
            rooms.add(frank, "lobby");
            shared.listed(frank); // written again, as it could not be ahead: failing, as quietly
            shared.left(frank);
            boolean[] found = new boolean[1];
            shared.find(401, session -> found[0] = true);
            while (!found[0]) {
                Consumer<Relay> command = posted.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(command, "a look for a session was not answered within " + ClusterFixture.DEADLINE);
                command.accept(null);
            }
        } finally {
            shared.close();
        }
    }
}
