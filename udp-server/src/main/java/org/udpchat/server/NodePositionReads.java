package org.udpchat.server;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.udpchat.server.cluster.NodePositions;

/**
 * Reads of other nodes' {@link NodePositions}, shared: once a node dies, each of its members that resumes here
 * needs the same value, which holds every one of them, so it is read once and the answer reused for {@code
 * reuseMillis} (a tick: no staler than the value itself may be). A read that failed is not reused. Owned by the
 * relay thread.
 */
final class NodePositionReads {

    private record Read(CompletableFuture<NodePositions> value, long atMillis) {}

    private final Function<UUID, CompletionStage<NodePositions>> read;
    private final long reuseMillis;
    private final Map<UUID, Read> reads = new HashMap<>();

    /** @param read reads a node's value from the cluster */
    NodePositionReads(Function<UUID, CompletionStage<NodePositions>> read, long reuseMillis) {
        this.read = read;
        this.reuseMillis = reuseMillis;
    }

    /** {@code node}'s value, read now or shared with a read begun within {@code reuseMillis} of {@code nowMillis}. */
    CompletionStage<NodePositions> of(UUID node, long nowMillis) {
        reads.values()
                .removeIf(kept -> nowMillis - kept.atMillis() >= reuseMillis
                        || kept.value().isCompletedExceptionally());
        Read kept = reads.get(node);
        if (kept == null) {
            kept = new Read(read.apply(node).toCompletableFuture(), nowMillis);
            reads.put(node, kept);
        }
        return kept.value();
    }
}
