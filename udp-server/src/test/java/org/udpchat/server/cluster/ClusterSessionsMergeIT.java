package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.Fingerprint;

/**
 * A node that rejoins after a split brain is told its new id, which its sessions must name from then on (its
 * names follow it there: {@link ClusterNamesMergeIT}). The two sides meet as in {@link ClusterDirectoryMergeIT}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterSessionsMergeIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);

    private final List<HazelcastInstance> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    private HazelcastInstance startNode(int port, HostPort member) throws Exception {
        HazelcastInstance node = SplitSides.startNodeMergedOnRequest(port, member, KEY);
        nodes.add(node);
        return node;
    }

    @Test
    void aNodeThatRejoinsIsToldItsNewId() throws Exception {
        int lonePort = SplitSides.freePort();
        HostPort lone = new HostPort("127.0.0.1", lonePort);
        HazelcastInstance oldest = startNode(0, lone); // the lone node is not up yet
        startNode(
                0,
                new HostPort(
                        "127.0.0.1",
                        oldest.getCluster().getLocalMember().getAddress().getPort()));
        HazelcastInstance loneNode = startNode(lonePort, lone);
        assertEquals(1, loneNode.getCluster().getMembers().size(), "the lone node starts on its own side");
        UUID first = loneNode.getCluster().getLocalMember().getUuid();
        BlockingQueue<UUID> told = new LinkedBlockingQueue<>();
        SecureRandom random = new SecureRandom();
        ClusterSessions sessions = new ClusterSessions(loneNode, ClusterSeal.of(NoiseKeyPair.generate(random), random));

        CountDownLatch merged = new CountDownLatch(1);
        loneNode.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.countDown();
            }
        });

        try (AutoCloseable listening = sessions.whenRejoined(told::add)) {
            assertTrue(SplitSides.merge(oldest, merged), "the sides to merge");
            UUID now = told.poll(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(now, "the lone node told its new id");
            assertNotEquals(first, now, "Hazelcast gives the merged node a new id");
            assertEquals(loneNode.getCluster().getLocalMember().getUuid(), now);
        }
    }
}
