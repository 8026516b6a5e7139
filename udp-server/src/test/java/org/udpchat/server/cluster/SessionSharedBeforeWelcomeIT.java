package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.server.ChatServer;
import org.udpchat.server.NativePeer;

/**
 * A node of a cluster shares a native session with the cluster before it sends its WELCOME, so that a node
 * that dies just after welcoming a member leaves the member a session another node resumes. The test holds the
 * session's key locked in the cluster's map (Hazelcast parks a write of a locked key until it is unlocked), so
 * the order of the write and the WELCOME shows: without the wait, the WELCOME comes while the write is parked.
 */
class SessionSharedBeforeWelcomeIT {

    private static final String CLUSTER = "share-first";

    /** How long the test is sure no WELCOME comes while the write waits: less than the node waits for it. */
    private static final Duration NOT_BEFORE = Duration.ofMillis(250);

    @TempDir
    static Path directory;

    private static ServerNodes nodes;
    private static ChatServer first;
    private static ChatServer second;
    private static IMap<Long, byte[]> sessions;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = ServerNodes.start(directory, CLUSTER, 2);
        first = nodes.node(0);
        second = nodes.node(1);
        HazelcastInstance any = Hazelcast.getAllHazelcastInstances().stream()
                .filter(instance -> instance.getConfig().getClusterName().equals(CLUSTER))
                .findFirst()
                .orElseThrow();
        sessions = any.getMap(ClusterSessions.MAP);
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void theSessionIsInTheClustersMapBeforeItsWelcomeAndAnotherNodeResumesItAtOnce() throws Exception {
        try (NativePeer alice = new NativePeer(first.localAddress())) {
            long token = alice.shakeHands(alice.challenge()); // the token of the session the login opens
            sessions.lock(token);
            try {
                alice.sendLogin(token, 0, "alice", "");
                assertEquals(Optional.empty(), alice.poll(NOT_BEFORE), "an answer before the session was shared");
            } finally {
                sessions.unlock(token);
            }
            NativeServerPacket.Welcome welcome =
                    assertInstanceOf(NativeServerPacket.Welcome.class, alice.loginAnswer());
            assertEquals(token, welcome.token());
            assertTrue(sessions.containsKey(token), "the session is in the cluster's map as the welcome arrives");

            // alice's node is as good as dead to her the moment she was welcomed: the other node takes her session
            try (NativePeer resumed = NativePeer.knowingTheSessionOf(alice, second.localAddress())) {
                NativeServerPacket.Welcome there = assertInstanceOf(
                        NativeServerPacket.Welcome.class, resumed.login(resumed.challenge(), alice.token(), "alice"));
                assertEquals("alice", there.name());
                resumed.quit();
            }
        }
    }

    @Test
    void aSessionResumedAtItsOwnNodeIsInTheClustersMapUnderItsNewTokenBeforeItsWelcome() throws Exception {
        try (NativePeer carol = new NativePeer(first.localAddress()).join("carol")) {
            long oldToken = carol.token();
            carol.moveToNewPort(); // she lost touch, and comes back in a new handshake
            long token = carol.shakeHands(carol.challenge());
            sessions.lock(token);
            try {
                carol.sendLogin(token, oldToken, "carol", "");
                assertEquals(Optional.empty(), carol.poll(NOT_BEFORE), "an answer before the session was shared");
            } finally {
                sessions.unlock(token);
            }
            NativeServerPacket.Welcome welcome =
                    assertInstanceOf(NativeServerPacket.Welcome.class, carol.loginAnswer());
            assertTrue(welcome.resumed(), "her session goes on");
            assertEquals(token, welcome.token());
            assertTrue(sessions.containsKey(token), "the session is in the cluster's map under its new token");
            ClusterFixture.await(() -> !sessions.containsKey(oldToken), "the old token to be forgotten");
            carol.quit();
        }
    }

    @Test
    void aJoinWhoseSessionTheClusterCannotTakeInTimeIsLetInAllTheSame() throws Exception {
        try (NativePeer bob = new NativePeer(second.localAddress())) {
            long token = bob.shakeHands(bob.challenge());
            sessions.lock(token);
            try {
                long sent = System.nanoTime();
                bob.sendLogin(token, 0, "bob", "");
                NativeServerPacket.Welcome welcome =
                        assertInstanceOf(NativeServerPacket.Welcome.class, bob.loginAnswer());
                long waited = (System.nanoTime() - sent) / 1_000_000;
                assertEquals("bob", welcome.name());
                assertTrue(waited >= NOT_BEFORE.toMillis(), "welcomed after " + waited + " ms: it did not wait");
            } finally {
                sessions.unlock(token);
            }
            bob.quit();
        }
    }
}
