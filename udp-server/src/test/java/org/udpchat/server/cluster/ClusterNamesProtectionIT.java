package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;
import org.udpchat.server.cluster.NameClaimResult.Verdict;

/**
 * The names map's split-brain protection: a node that sees fewer nodes than the minimum refuses claims with a
 * result that says so. A real partition (and so the merge) cannot be made between nodes in one JVM without
 * Hazelcast's test-only firewall; a node whose peer is killed sees the same thing a cut-off node sees.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterNamesProtectionIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);

    private final List<HazelcastInstance> nodes = new ArrayList<>();
    private final List<ClusterNames> names = new ArrayList<>();
    private long sessions;

    @AfterEach
    void stop() {
        names.forEach(ClusterNames::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    /** A node as the server starts one, but for the names map asking for {@code minimum} nodes. */
    private HazelcastInstance startNode(int minimum) throws Exception {
        HostPort first = nodes.isEmpty()
                ? new HostPort("127.0.0.1", 1)
                : new HostPort(
                        "127.0.0.1",
                        nodes.get(0).getCluster().getLocalMember().getAddress().getPort());
        Config config = HazelcastSettings.configFor(ClusterOptions.of("protection", 0, List.of(first)), KEY);
        config.getMapConfigs().remove(NameSettings.MAP);
        NameSettings.configure(config, minimum);
        System.setProperty("hazelcast.logging.class", TinylogLogging.class.getName());
        HazelcastInstance node = Hazelcast.newHazelcastInstance(config);
        nodes.add(node);
        names.add(ClusterNames.start(node, Clock.systemUTC(), conflict -> {}));
        return node;
    }

    /** Whether node {@code node}'s names-map protection counts enough nodes now. */
    private boolean hasMinimum(int node) {
        return nodes.get(node)
                .getSplitBrainProtectionService()
                .getSplitBrainProtection(NameSettings.PROTECTION)
                .hasMinimumSize();
    }

    private NameClaimResult claim(int node, String name) throws Exception {
        NameHolder holder =
                new NameHolder(nodes.get(node).getCluster().getLocalMember().getUuid(), ++sessions);
        return names.get(node)
                .claim(new NameForms(name, name, Set.of(name)), holder)
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void tooFewNodesRefuseClaimsSayingSoAndEnoughAcceptThem() throws Exception {
        startNode(2);

        NameClaimResult alone = claim(0, "alice");
        assertEquals(Verdict.TOO_FEW_NODES, alone.verdict(), alone.explanation());
        assertTrue(alone.explanation().contains("too few nodes"), alone.explanation());

        startNode(2);
        ClusterFixture.await(() -> hasMinimum(0), "the first node to count two nodes");
        NameClaimResult together = claim(0, "alice");
        assertTrue(together.isClaimed(), together.explanation());

        nodes.get(1).getLifecycleService().terminate();
        // Hazelcast applies the protection a moment after the node list changes (it documents a window between a
        // partition and its detection, during which a cut-off side still accepts writes): claims are tried until
        // one is refused, within the deadline; then every claim is.
        ClusterFixture.await(() -> !hasMinimum(0), "the first node's protection to count it alone");
        int[] tries = {0};
        ClusterFixture.await(
                () -> {
                    try {
                        return claim(0, "bob" + ++tries[0]).verdict() == Verdict.TOO_FEW_NODES;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "a claim to be refused by the node left alone");
        NameClaimResult cutOff = claim(0, "carol");
        assertEquals(Verdict.TOO_FEW_NODES, cutOff.verdict(), cutOff.explanation());
    }

    @Test
    void aMinimumOfOneLetsALoneNodeClaim() throws Exception {
        startNode(1);

        NameClaimResult alone = claim(0, "alice");

        assertTrue(alone.isClaimed(), alone.explanation());
    }
}
