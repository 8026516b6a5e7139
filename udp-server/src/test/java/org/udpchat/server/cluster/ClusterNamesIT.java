package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.map.IMap;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.cluster.NameClaimResult.Verdict;

/**
 * Names claimed on three nodes of one cluster in this JVM: unique across the nodes, by key and by look-alike
 * folds, released only by their holder, renamed and moved without a moment free. The folds here are written by
 * hand as {@code NameFold} would give them (a Cyrillic е folds like a Latin e).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterNamesIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ClusterFixture cluster;
    private static final List<ClusterNames> names = new ArrayList<>();

    private static long sessions;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ClusterFixture.of(3);
        for (int i = 0; i < 3; i++) {
            names.add(ClusterNames.start(cluster.hazelcast(i), Clock.systemUTC(), conflict -> {}));
        }
    }

    @AfterAll
    static void stopCluster() {
        names.forEach(ClusterNames::close);
        cluster.close();
    }

    @BeforeEach
    void forgetEveryName() {
        map().clear();
    }

    private static IMap<String, NameClaim> map() {
        return cluster.hazelcast(0).getMap(NameSettings.MAP);
    }

    /** A new session of node {@code node}. */
    private static NameHolder holderOn(int node) {
        return new NameHolder(
                cluster.hazelcast(node).getCluster().getLocalMember().getUuid(), ++sessions);
    }

    private static NameForms name(String name, String key, String... folds) {
        return new NameForms(name, key, Set.of(folds));
    }

    private static NameClaimResult claim(int node, NameForms name, NameHolder holder) throws Exception {
        return names.get(node).claim(name, holder).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static final NameForms ALICE = name("alice", "alice", "alice");
    private static final NameForms ALICE_CAPITAL = name("Alice", "alice", "alice");
    private static final NameForms ALICE_CYRILLIC = name("аlice", "аlice", "alice"); // Cyrillic а
    private static final NameForms BOB = name("bob", "bob", "bob");

    @Test
    void aNameClaimedOnOneNodeIsTakenOnAnother() throws Exception {
        NameHolder first = holderOn(0);
        assertTrue(claim(0, ALICE, first).isClaimed());

        NameClaimResult second = claim(1, ALICE_CAPITAL, holderOn(1));

        assertEquals(Verdict.TAKEN, second.verdict(), second.explanation());
        assertEquals("alice", second.subject().orElseThrow());
        assertEquals(first, second.occupant().orElseThrow().holder());
    }

    @Test
    void aLookAlikeIsRefusedNamingTheOccupantAndLeavesNothingBehind() throws Exception {
        claim(0, ALICE, holderOn(0));

        NameClaimResult lookalike = claim(2, ALICE_CYRILLIC, holderOn(2));

        assertEquals(Verdict.LOOKS_LIKE, lookalike.verdict(), lookalike.explanation());
        assertEquals("alice", lookalike.subject().orElseThrow());
        assertFalse(map().containsKey("key:аlice"), "the refused claim's key entry is put back: " + map().keySet());
        assertEquals(Set.of("key:alice", "fold:alice"), map().keySet());
    }

    @Test
    void aClaimRetriedByItsHolderSucceeds() throws Exception {
        NameHolder holder = holderOn(1);
        claim(1, ALICE, holder);

        assertTrue(claim(2, ALICE, holder).isClaimed(), "the same holder, from another node");
    }

    @Test
    void onlyTheHolderReleasesItsName() throws Exception {
        NameHolder holder = holderOn(0);
        claim(0, ALICE, holder);

        names.get(1).release(ALICE, holderOn(1)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(Verdict.TAKEN, claim(2, ALICE, holderOn(2)).verdict(), "another's release frees nothing");

        names.get(0).release(ALICE, holder).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(claim(2, ALICE_CYRILLIC, holderOn(2)).isClaimed(), "the holder's release frees the name");
    }

    @Test
    void aRenameHoldsTheNewNameAndFreesTheOld() throws Exception {
        NameHolder holder = holderOn(0);
        claim(0, ALICE, holder);

        NameClaimResult renamed =
                names.get(0).rename(ALICE, BOB, holder).toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertTrue(renamed.isClaimed(), renamed.explanation());
        assertEquals(Verdict.TAKEN, claim(1, BOB, holderOn(1)).verdict());
        assertTrue(claim(1, ALICE, holderOn(1)).isClaimed(), "alice is free again");
    }

    @Test
    void aMemberMayRenameToALookAlikeOfItsOwnNameAndKeepsItsFold() throws Exception {
        NameHolder holder = holderOn(0);
        claim(0, ALICE, holder);

        NameClaimResult renamed = names.get(0)
                .rename(ALICE, ALICE_CYRILLIC, holder)
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertTrue(renamed.isClaimed(), renamed.explanation());
        assertEquals(Set.of("key:аlice", "fold:alice"), map().keySet(), "the old key freed, the shared fold kept");
        assertEquals("аlice", map().get("fold:alice").name());
    }

    @Test
    void aRefusedRenameKeepsTheOldName() throws Exception {
        NameHolder holder = holderOn(0);
        claim(0, ALICE, holder);
        claim(1, BOB, holderOn(1));

        NameClaimResult renamed = names.get(0)
                .rename(ALICE, name("BOB", "bob", "bob"), holder)
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);

        assertEquals(Verdict.TAKEN, renamed.verdict());
        assertEquals(holder, map().get("fold:alice").holder());
        assertEquals(holder, map().get("key:alice").holder());
    }

    @Test
    void aMovedClaimIsNeverFreeInBetween() throws Exception {
        NameHolder holder = holderOn(0);
        claim(0, ALICE, holder);
        AtomicBoolean moved = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        NameHolder rival = holderOn(2);
        CompletableFuture<List<NameClaimResult>> racing = CompletableFuture.supplyAsync(() -> {
            List<NameClaimResult> results = new ArrayList<>();
            try {
                while (!moved.get() || attempts.get() < 50) { // at least 50 tries, and until the move is done
                    results.add(claim(2, attempts.incrementAndGet() % 2 == 0 ? ALICE_CAPITAL : ALICE_CYRILLIC, rival));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return results;
        });

        NameHolder resumed = new NameHolder(
                cluster.hazelcast(1).getCluster().getLocalMember().getUuid(), holder.session());
        NameClaimResult move =
                names.get(1).move(ALICE, holder, resumed).toCompletableFuture().get(20, TimeUnit.SECONDS);
        moved.set(true);

        assertTrue(move.isClaimed(), move.explanation());
        for (NameClaimResult result : racing.get(20, TimeUnit.SECONDS)) {
            assertFalse(result.isClaimed(), "a rival took the name during the move: " + result.explanation());
        }
        UUID node1 = cluster.hazelcast(1).getCluster().getLocalMember().getUuid();
        assertEquals(node1, map().get("key:alice").node());
        assertEquals(node1, map().get("fold:alice").node());
        assertEquals(resumed, map().get("fold:alice").holder());
        assertEquals(Set.of("key:alice", "fold:alice"), map().keySet());
    }

    /**
     * For each of many names, three nodes at once: node 0 claims {@code userN}, node 1 {@code UserN} (the same
     * key) and node 2 {@code usеrN} (a look-alike). Exactly one of the three wins each, and the map holds its
     * entries only: the losers put back what they took.
     */
    @Test
    void concurrentClaimsFromThreeNodesWinEachNameExactlyOnce() throws Exception {
        int count = 500;
        List<CompletableFuture<NameClaimResult>> results = new ArrayList<>();
        List<NameHolder> holders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NameForms[] rivals = {
                name("user" + i, "user" + i, "user" + i),
                name("User" + i, "user" + i, "user" + i),
                name("usеr" + i, "usеr" + i, "user" + i)
            };
            for (int node = 0; node < 3; node++) {
                NameHolder holder = holderOn(node);
                holders.add(holder);
                results.add(names.get(node).claim(rivals[node], holder).toCompletableFuture());
            }
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);

        Map<NameHolder, String> winners = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int won = 0;
            for (int node = 0; node < 3; node++) {
                NameClaimResult result = results.get(i * 3 + node).get();
                assertTrue(
                        result.verdict() != Verdict.TOO_FEW_NODES && result.verdict() != Verdict.UNAVAILABLE,
                        result.explanation());
                if (result.isClaimed()) {
                    won++;
                    winners.put(holders.get(i * 3 + node), "user" + i);
                }
            }
            assertEquals(1, won, "claims of user" + i + " won");
        }
        Map<String, NameClaim> entries = new HashMap<>(map());
        for (Map.Entry<String, NameClaim> entry : entries.entrySet()) {
            assertTrue(winners.containsKey(entry.getValue().holder()), "a loser's entry left behind: " + entry);
        }
        assertEquals(
                count,
                entries.keySet().stream().filter(key -> key.startsWith("fold:")).count());
    }
}
