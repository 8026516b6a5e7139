package org.udpchat.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * What a node that died leaves in the cluster's maps (its members' listings and names) is cleared once its
 * members have had the time to resume on other nodes: {@code grace} after the cluster saw it go, by the oldest
 * node then alive. Every node counts the grace, so that if the oldest dies meanwhile the next one clears; what
 * is cleared is the dead node's entries only, so clearing twice does no harm.
 *
 * <p>Runs its own thread, which only waits and then calls the cluster: nothing of the relay's.
 */
public final class NodeDeaths implements AutoCloseable {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final HazelcastInstance hazelcast;
    private final Duration grace;
    private final List<Consumer<UUID>> forgetters;
    private final ScheduledExecutorService timer;
    private final UUID listener;

    /**
     * @param forgetters what clears a dead node's entries, each given the node's id (for example {@link
     *     ClusterDirectory#forgetNode})
     */
    public NodeDeaths(HazelcastInstance hazelcast, Duration grace, List<Consumer<UUID>> forgetters) {
        this.hazelcast = hazelcast;
        this.grace = grace;
        this.forgetters = List.copyOf(forgetters);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "cluster-node-deaths");
            thread.setDaemon(true);
            return thread;
        });
        // on close, a clearing under way finishes; one still counting its grace is dropped
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = timer;
        this.listener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                UUID dead = event.getMember().getUuid();
                timer.schedule(() -> clearIfOldest(dead), grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void clearIfOldest(UUID dead) {
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        Member oldest = hazelcast.getCluster().getMembers().iterator().next();
        if (!oldest.localMember()) {
            return;
        }
        Logger.info("cluster: clearing what node {} left, {} s after it went", dead, grace.toSeconds());
        for (Consumer<UUID> forgetter : forgetters) {
            try {
                forgetter.accept(dead);
            } catch (RuntimeException e) {
                Logger.warn(e, "cluster: could not clear what node {} left", dead);
            }
        }
    }

    /** Stops counting; waits (a little) for a clearing under way, which a surviving node would redo anyway. */
    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getCluster().removeMembershipListener(listener);
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
