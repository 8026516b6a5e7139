package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.cluster.NameClaimResult.Verdict;

/**
 * A killed node's names outlive it by the grace period, then a survivor frees them ({@link NodeDeaths} calling
 * {@link ClusterNames#forgetNode}, as the server wires them); names moved meanwhile to another node stay.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterNamesExpiryIT {

    private static final Duration GRACE = Duration.ofSeconds(3);

    private ClusterFixture cluster;
    private final List<ClusterNames> names = new ArrayList<>();
    private final List<NodeDeaths> deaths = new ArrayList<>();
    private long sessions;

    @AfterEach
    void stop() {
        deaths.forEach(NodeDeaths::close);
        names.forEach(ClusterNames::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster() throws Exception {
        cluster = ClusterFixture.of(3);
        for (int i = 0; i < 3; i++) {
            ClusterNames node = ClusterNames.start(cluster.hazelcast(i), Clock.systemUTC(), conflict -> {});
            names.add(node);
            deaths.add(new NodeDeaths(cluster.hazelcast(i), GRACE, List.of(node::forgetNode)));
        }
    }

    private NameHolder holderOn(int node) {
        return new NameHolder(
                cluster.hazelcast(node).getCluster().getLocalMember().getUuid(), ++sessions);
    }

    private static NameForms name(String name) {
        return new NameForms(name, name, Set.of(name));
    }

    private NameClaimResult claim(int node, String name, NameHolder holder) throws Exception {
        return names.get(node).claim(name(name), holder).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aDeadNodesNamesAreFreedAfterTheGraceButOneMovedMeanwhileStays() throws Exception {
        startCluster();
        NameHolder erin = holderOn(2);
        assertTrue(claim(2, "dave", holderOn(2)).isClaimed());
        assertTrue(claim(2, "erin", erin).isClaimed());

        long killed = System.nanoTime();
        cluster.kill(2);
        cluster.awaitNodes(2);
        NameHolder rival = holderOn(0);
        NameClaimResult duringGrace = claim(0, "dave", rival);
        long checked = System.nanoTime();
        NameClaimResult moved = names.get(1)
                .move(name("erin"), erin, holderOn(1))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertTrue(
                Duration.ofNanos(checked - killed).compareTo(GRACE) < 0,
                "this machine took longer than the grace period to see the death: nothing proven about the grace");
        assertEquals(Verdict.TAKEN, duringGrace.verdict(), "within the grace, a dead node's names stay held");
        assertTrue(moved.isClaimed(), moved.explanation());
        ClusterFixture.await(
                () -> {
                    try {
                        return claim(0, "dave", rival).isClaimed();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "the dead node's name to be freed");
        assertTrue(
                Duration.ofNanos(System.nanoTime() - killed).compareTo(GRACE) >= 0, "freed before the grace ran out");
        NameClaimResult erinAgain = claim(0, "erin", holderOn(0));
        assertEquals(Verdict.TAKEN, erinAgain.verdict(), "the moved name stays held: " + erinAgain.explanation());
        assertEquals(
                cluster.hazelcast(1).getCluster().getLocalMember().getUuid(),
                erinAgain.occupant().orElseThrow().node());
    }

    @Test
    void whenTheOldestNodeDiesTheNextOldestFreesItsNames() throws Exception {
        startCluster();
        assertTrue(claim(0, "olga", holderOn(0)).isClaimed());

        cluster.kill(0);
        cluster.awaitNodes(2);

        NameHolder rival = holderOn(2);
        ClusterFixture.await(
                () -> {
                    try {
                        return claim(2, "olga", rival).isClaimed();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                "the oldest node's name to be freed by the next oldest");
    }
}
