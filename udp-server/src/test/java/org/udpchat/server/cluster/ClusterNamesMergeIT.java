package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;
import org.udpchat.server.cluster.NameClaimResult.Verdict;

/**
 * The two sides of a split brain merging, in one JVM: a cluster of two nodes and a lone node of the same cluster
 * name that did not know of each other (as after a partition) until the two's oldest finds the lone one at the
 * address its member list gives, and the smaller side merges into the larger. Each side handed out a look-alike
 * of the other's name meanwhile; after the merge the lone node's member is told to change its name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterNamesMergeIT {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final List<HazelcastInstance> nodes = new ArrayList<>();
    private final List<ClusterNames> names = new ArrayList<>();
    private final List<NodeDeaths> deaths = new ArrayList<>();
    private final ConcurrentLinkedQueue<NameConflict> loneNodesConflicts = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        deaths.forEach(NodeDeaths::close);
        names.forEach(ClusterNames::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).getLifecycleService().terminate();
        }
    }

    private HazelcastInstance startNode(int port, HostPort member, java.util.function.Consumer<NameConflict> conflicts)
            throws Exception {
        HazelcastInstance node = SplitSides.startNodeMergedOnRequest(port, member, KEY);
        nodes.add(node);
        ClusterNames nodeNames = ClusterNames.start(node, Clock.systemUTC(), conflicts);
        names.add(nodeNames);
        deaths.add(new NodeDeaths(node, GRACE, List.of(nodeNames::forgetNode)));
        return node;
    }

    private static NameHolder holderOn(HazelcastInstance node, long session) {
        return new NameHolder(node.getCluster().getLocalMember().getUuid(), session);
    }

    private NameClaimResult claim(int node, NameForms name, NameHolder holder) throws Exception {
        return names.get(node).claim(name, holder).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void afterAMergeTheSmallerSidesLookAlikeMustChangeAndItsOtherNamesStayItsNodes() throws Exception {
        int lonePort = SplitSides.freePort();
        HostPort lone = new HostPort("127.0.0.1", lonePort);
        HazelcastInstance oldest = startNode(0, lone, conflict -> {}); // the lone node is not up yet
        startNode(
                0,
                new HostPort(
                        "127.0.0.1",
                        oldest.getCluster().getLocalMember().getAddress().getPort()),
                conflict -> {});
        HazelcastInstance loneNode = startNode(lonePort, lone, loneNodesConflicts::add);
        assertEquals(1, loneNode.getCluster().getMembers().size(), "the lone node starts on its own side");
        CountDownLatch merged = new CountDownLatch(1);
        loneNode.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                merged.countDown();
            }
        });

        NameHolder alice = holderOn(oldest, 1);
        assertTrue(claim(0, new NameForms("alice", "alice", Set.of("alice")), alice)
                .isClaimed());
        NameHolder cyrillicAlice = holderOn(loneNode, 2);
        NameHolder bob = holderOn(loneNode, 3);
        assertTrue(
                claim(2, new NameForms("аlice", "аlice", Set.of("alice")), cyrillicAlice)
                        .isClaimed(),
                "the lone side hands out a look-alike: it cannot know");
        assertTrue(claim(2, new NameForms("bob", "bob", Set.of("bob")), bob).isClaimed());

        assertTrue(SplitSides.merge(oldest, merged), "the sides to merge");
        ClusterFixture.await(() -> !loneNodesConflicts.isEmpty(), "the lone node to report its member's conflict");

        NameConflict conflict = loneNodesConflicts.peek();
        assertEquals(1, loneNodesConflicts.size(), "only the look-alike: " + loneNodesConflicts);
        assertEquals(cyrillicAlice, conflict.mustChange().holder());
        assertEquals(alice, conflict.keptBy().holder());
        assertEquals("alice", conflict.keptBy().name());
        UUID loneNow = loneNode.getCluster().getLocalMember().getUuid();
        NameClaimResult bobAgain = claim(0, new NameForms("Bob", "bob", Set.of("bob")), holderOn(oldest, 4));
        assertEquals(Verdict.TAKEN, bobAgain.verdict(), "the lone side's other names survive the merge");
        assertEquals(loneNow, bobAgain.occupant().orElseThrow().node(), "and the lone node answers for them");

        // The merged node still hears of deaths (its listeners outlive the merge): alone after the others die, it
        // frees the names they answered for.
        deaths.get(0).close();
        deaths.get(1).close();
        nodes.get(0).getLifecycleService().terminate();
        nodes.get(1).getLifecycleService().terminate();
        ClusterFixture.await(
                () -> {
                    try {
                        return claim(2, new NameForms("ALICE", "alice", Set.of("alice")), holderOn(loneNode, 5))
                                .isClaimed();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "the merged node to free the dead nodes' names");
    }
}
