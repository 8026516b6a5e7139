package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Each node's {@link NodePositions}, in a backed-up map keyed by node id: where its members stand in their rooms,
 * for the node that resumes one of them after it died. Written whole, once per tick, by its node; read by a node
 * resuming one of its sessions; removed as its node stops, and by {@link NodeDeaths} ({@link #forgetNode}) once
 * a dead node's members have had their grace. Sealed ({@link ClusterSeal}) and bound to the node's id: session
 * tokens are not public. Each value also expires on its own ({@code lifetime} at each write), for the values a
 * merge after a split brain may bring back under an id nobody answers to any more.
 *
 * <p>Every method but {@link #forgetNode} returns at once and may be called on any thread; completions run on
 * Hazelcast's threads.
 */
public final class ClusterPositions {

    static final String MAP = "udp-chat.positions";

    private final IMap<UUID, byte[]> map;
    private final ClusterSeal seal;

    public ClusterPositions(HazelcastInstance hazelcast, ClusterSeal seal) {
        this.map = hazelcast.getMap(MAP);
        this.seal = seal;
    }

    /** Writes {@code positions} as {@code node}'s, in place of what it wrote before, kept for {@code lifetime}. */
    public CompletionStage<Void> write(UUID node, NodePositions positions, Duration lifetime) {
        return map.setAsync(node, positions.sealFor(node, seal), lifetime.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What {@code node} last wrote; {@link NodePositions#NONE} when nothing is kept, or what is does not open. */
    public CompletionStage<NodePositions> read(UUID node) {
        return map.getAsync(node).thenApply(kept -> {
            if (kept == null) {
                return NodePositions.NONE;
            }
            try {
                return NodePositions.open(node, kept, seal);
            } catch (ClusterSeal.ClusterSealException | IOException e) {
                return NodePositions.NONE; // not this cluster's, or not this node's: no positions at all
            }
        });
    }

    /** Removes what {@code node} wrote: it stops, or goes on under another id. */
    public CompletionStage<Void> forget(UUID node) {
        return map.deleteAsync(node).thenApply(deleted -> null);
    }

    /** Removes what the dead {@code node} wrote; blocks on the cluster: for {@link NodeDeaths}' thread. */
    public void forgetNode(UUID node) {
        map.delete(node);
    }
}
