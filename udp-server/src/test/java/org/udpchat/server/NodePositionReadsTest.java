package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.udpchat.server.cluster.NodePositions;

/** A dead node's value is read once for all its members that resume here at about the same time. */
class NodePositionReadsTest {

    private final UUID dead = UUID.randomUUID();
    private final List<CompletableFuture<NodePositions>> asked = new ArrayList<>();
    private final NodePositionReads reads = new NodePositionReads(
            node -> {
                CompletableFuture<NodePositions> read = new CompletableFuture<>();
                asked.add(read);
                return read;
            },
            2_000);

    @Test
    void readsOfOneNodeWithinTheReuseTimeShareOneRead() {
        assertSame(reads.of(dead, 10_000), reads.of(dead, 11_999));
        assertEquals(1, asked.size());

        reads.of(UUID.randomUUID(), 11_999);
        assertEquals(2, asked.size(), "another node's is read apart");
        reads.of(dead, 12_000);
        assertEquals(3, asked.size(), "a read as old as a tick is not reused");
    }

    @Test
    void aReadThatFailedIsNotReused() {
        reads.of(dead, 0);
        asked.get(0).completeExceptionally(new IllegalStateException("not active"));
        reads.of(dead, 1);
        assertEquals(2, asked.size());

        asked.get(1).complete(new NodePositions(Map.of()));
        reads.of(dead, 2);
        assertEquals(2, asked.size(), "one that succeeded is");
    }
}
