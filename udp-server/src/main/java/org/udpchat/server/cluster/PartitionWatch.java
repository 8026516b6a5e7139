package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionLostEvent;
import com.hazelcast.partition.PartitionLostListener;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.tinylog.Logger;

/**
 * Tells the log when the cluster's partitions are on the move and when they have settled, and warns when a
 * partition lost every copy of what it kept. The cluster's maps (sessions, names, the directory, room logs, bans)
 * keep each entry on two nodes, its partition's owner and one backup, but only once the partitions have settled:
 * right after a node joins or leaves, some are still being copied, and a node that dies then may hold the only
 * copy of some entries (Hazelcast's documented limit). Hazelcast's own graceful shutdown covers a node that is
 * <em>asked</em> to stop ({@link ClusterNode#close}: its partitions move to the others first); nothing covers a
 * node killed in that window, so the operator is told when the window is open, and when something was lost.
 *
 * <p>Hazelcast sends the migration events, planned by the oldest node, to every node's listener, and the loss of a
 * partition from the node that finds it; they arrive on Hazelcast's event threads, and this class only counts and
 * logs (thread-safe).
 */
final class PartitionWatch implements MigrationListener, PartitionLostListener {

    /** How many backups the server's own settings give every map: one, so a second replica lost loses data. */
    static final int BACKUPS = 1;

    private final AtomicBoolean moving = new AtomicBoolean();
    private final LongAdder settled = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final WarningThrottle lossWarnings = new WarningThrottle();
    private volatile HazelcastInstance hazelcast;

    /** Watches {@code hazelcast}'s partitions from now on. */
    void listenTo(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        hazelcast.getPartitionService().addMigrationListener(this);
        hazelcast.getPartitionService().addPartitionLostListener(this);
    }

    @Override
    public void migrationStarted(MigrationState state) {
        moving.set(true);
        Logger.info(
                "cluster: partitions are moving ({} replicas to copy, after a node joined or left); until they"
                        + " settle, a node that dies may take the only copy of some sessions, names or room logs"
                        + " with it",
                state.getPlannedMigrations());
    }

    @Override
    public void migrationFinished(MigrationState state) {
        moving.set(false);
        settled.increment();
        if (state.getRemainingMigrations() == 0) {
            Logger.info(
                    "cluster: partitions settled in {} ms: {}",
                    state.getTotalElapsedTime(),
                    hazelcast.getCluster().getMembers().size() > BACKUPS
                            ? "every entry is kept on two nodes again"
                            : "this node is alone, and so holds the only copy of every entry");
        } else { // a newer plan replaced this one: its own start and finish follow
            Logger.info(
                    "cluster: partitions still moving after {} ms ({} of {} replicas copied; replanned)",
                    state.getTotalElapsedTime(),
                    state.getCompletedMigrations(),
                    state.getPlannedMigrations());
        }
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        // each of the hundreds of replicas: only the start and the end of the whole are worth the log
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
        Logger.debug(
                "cluster: partition {} replica {} could not be copied (Hazelcast retries it)",
                event.getPartitionId(),
                event.getReplicaIndex());
    }

    @Override
    public void partitionLost(PartitionLostEvent event) {
        if (event.getLostBackupCount() < BACKUPS) {
            return; // its owner died but its backup took over: nothing lost
        }
        lost.increment();
        lossWarnings
                .allow()
                .ifPresent(heldBack -> Logger.warn(
                        "cluster: partition {} lost every copy of its entries (the nodes that held them died before"
                                + " another copy was made): the sessions, names, listings and room log entries kept there are"
                                + " gone ({} more partitions lost since the last warning)",
                        event.getPartitionId(),
                        heldBack));
    }

    /** Whether partitions were moving, as far as this node heard last. */
    boolean isMoving() {
        return moving.get();
    }

    /** How many times this node heard the partitions' moves finish. */
    long migrationsFinished() {
        return settled.sum();
    }

    /** How many partitions lost every copy since this node started. */
    long lostPartitions() {
        return lost.sum();
    }
}
