package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each node's copy of who is where, kept by following the directory's changes. */
class ClusterDirectoryIT {

    private static ClusterFixture cluster;
    private static ClusterDirectory first;
    private static ClusterDirectory second;
    private static final Map<String, ClusterDirectory.Listing> secondsCopy = new ConcurrentHashMap<>();
    private static UUID firstNode;
    private static UUID secondNode;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        cluster = ClusterFixture.of(2);
        first = new ClusterDirectory(cluster.hazelcast(0), change -> {});
        second = new ClusterDirectory(cluster.hazelcast(1), change -> {
            if (change instanceof ClusterDirectory.Change.Listed listed) {
                secondsCopy.put(listed.key(), listed.listing());
            } else if (change instanceof ClusterDirectory.Change.Unlisted unlisted) {
                secondsCopy.remove(unlisted.key());
            }
        });
        firstNode = cluster.hazelcast(0).getCluster().getLocalMember().getUuid();
        secondNode = cluster.hazelcast(1).getCluster().getLocalMember().getUuid();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void emptyDirectory() throws Exception {
        first.forgetNode(firstNode);
        first.forgetNode(secondNode);
        ClusterFixture.await(secondsCopy::isEmpty, "the second node's copy to be empty");
    }

    private static ClusterDirectory.Listing alice(String room, UUID node) {
        return new ClusterDirectory.Listing("Alice", room, node, "127.0.0.1:40000", true);
    }

    private static <T> T within(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aMemberListedOnOneNodeIsInTheOthersCopyAndInTheSnapshot() throws Exception {
        within(first.list("alice", alice("lobby", firstNode)));

        ClusterFixture.await(() -> alice("lobby", firstNode).equals(secondsCopy.get("alice")), "alice in the copy");
        assertEquals(Map.of("alice", alice("lobby", firstNode)), second.snapshot());
    }

    @Test
    void aMoveReachesTheCopyAsItWasMade() throws Exception {
        within(first.list("alice", alice("lobby", firstNode)));
        within(first.list("alice", alice("games", firstNode)));

        ClusterFixture.await(() -> alice("games", firstNode).equals(secondsCopy.get("alice")), "alice in games");
    }

    @Test
    void onlyTheNodeAMemberIsListedOnUnlistsIt() throws Exception {
        within(first.list("alice", alice("lobby", firstNode)));

        assertFalse(within(second.unlist("alice", secondNode)), "not listed on the second node");
        assertTrue(within(first.unlist("alice", firstNode)));

        ClusterFixture.await(() -> !secondsCopy.containsKey("alice"), "alice gone from the copy");
        assertEquals(Map.of(), second.snapshot());
    }

    @Test
    void aMemberThatResumedOnAnotherNodeStaysListedThereWhenTheOldNodeLetsItGo() throws Exception {
        within(first.list("alice", alice("lobby", firstNode)));
        within(second.list("alice", alice("lobby", secondNode))); // resumed on the second node

        assertFalse(within(first.unlist("alice", firstNode)));
        assertEquals(alice("lobby", secondNode), second.snapshot().get("alice"));
    }

    @Test
    void forgettingANodeUnlistsItsMembersAndNoOthers() throws Exception {
        within(first.list("alice", alice("lobby", firstNode)));
        within(second.list("bob", new ClusterDirectory.Listing("Bob", "lobby", secondNode, "127.0.0.1:40001", false)));

        first.forgetNode(firstNode);

        assertEquals(
                Map.of("bob", new ClusterDirectory.Listing("Bob", "lobby", secondNode, "127.0.0.1:40001", false)),
                second.snapshot());
        ClusterFixture.await(() -> secondsCopy.keySet().equals(java.util.Set.of("bob")), "only bob in the copy");
    }
}
