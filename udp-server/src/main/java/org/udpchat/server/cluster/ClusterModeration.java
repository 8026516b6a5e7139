package org.udpchat.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.tinylog.Logger;
import org.udpchat.codec.Untrusted;

/**
 * The cluster's bans and mutes: a backed-up map ({@value #MAP}) from what is restricted ({@code ban 192.0.2.7},
 * {@code mute bob}) to the last change to it, so that they outlive any one node, and every node hears each
 * change. What a change holds is the server's business (this class sees bytes and asks the caller which of two
 * is later); here it is kept, and only ever replaced by a later one.
 *
 * <p>Each value is {@linkplain ClusterSeal sealed} with its key as context: a ban is no secret, but anything that
 * reaches the cluster port could write the map, and a node takes only what a node with the cluster's key wrote,
 * for that key. A value that does not open is logged and ignored, and a change from a node is written over it.
 * An old value sealed by the cluster and written again (replayed) loses to the later change every node keeps.
 *
 * <p>Writes ({@link #offer}) run on this class's own thread, {@code cluster-moderation}, so the relay never waits
 * on the cluster: read the key's value, and write the change only if it is later, atomically against another
 * write ({@code putIfAbsent}, {@code replace(key, old, new)}), again if the value changed meanwhile. Changes are
 * heard on Hazelcast's event threads, and after a split-brain merge the caller is told, on this class's thread,
 * so that it can offer what it keeps again and take what the other side kept: whichever side's value the map's
 * merge policy kept (the later write, by the writing node's clock), the later change wins in the end.
 *
 * <p>Entries that no longer matter are {@linkplain #pruneEvery pruned} on the same thread, each by the node that
 * owns its partition, so that the map holds what matters rather than every subject ever restricted.
 */
public final class ClusterModeration implements AutoCloseable {

    static final String MAP = "udp-chat.moderation";

    private static final String CONTEXT = "udp-chat moderation ";

    /** How often a write is tried again when the value changed under it: more than nodes writing one key at once. */
    private static final int ATTEMPTS = 16;

    /** One change as the map keeps it: its subject's key and its bytes, opened. */
    public record Change(String key, byte[] body) {}

    private final HazelcastInstance hazelcast;
    private final IMap<String, byte[]> map;
    private final ClusterSeal seal;
    private final BiPredicate<byte[], byte[]> isLater;
    private final ScheduledExecutorService writes;

    /** Warnings of values that did not open. */
    private final WarningThrottle unopenedWarnings = new WarningThrottle();

    private UUID listener;
    private UUID lifecycleListener;

    /**
     * @param isLater whether the first change is later than the second, two changes to one subject
     */
    public ClusterModeration(HazelcastInstance hazelcast, ClusterSeal seal, BiPredicate<byte[], byte[]> isLater) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(MAP);
        this.seal = seal;
        this.isLater = isLater;
        this.writes = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cluster-moderation");
            thread.setDaemon(true); // the server closes it; a daemon never holds the JVM if a test forgets
            return thread;
        });
    }

    /** Configures the map unless the operator's own file does: one backup, and the later write wins a merge. */
    static void configure(Config config) {
        if (config.getMapConfigOrNull(MAP) != null) {
            return;
        }
        config.addMapConfig(new MapConfig(MAP)
                .setBackupCount(1)
                .setPerEntryStatsEnabled(true) // the last update times LatestUpdateMergePolicy compares
                .setMergePolicyConfig(new MergePolicyConfig(
                        LatestUpdateMergePolicy.class.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE)));
    }

    /**
     * From now on, every change written by any node goes to {@code heard} (on a Hazelcast thread), and after a
     * split-brain merge {@code merged} is run (on this class's thread). Call before {@link #all}, so that no
     * change between the two is missed; a change may then be heard twice.
     */
    public void listen(Consumer<Change> heard, Runnable merged) {
        listener = map.addEntryListener(new Follower(this, heard), true);
        lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                run(merged);
            }
        });
    }

    /** Every change the map keeps now, those that open. Blocks: never on the relay thread. */
    public List<Change> all() {
        List<Change> all = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : new HashMap<>(map).entrySet()) {
            open(entry.getKey(), entry.getValue()).ifPresent(body -> all.add(new Change(entry.getKey(), body)));
        }
        return all;
    }

    /** Writes {@code body}, a change to {@code key}, unless the map keeps that change or a later one. Never blocks. */
    public void offer(String key, byte[] body) {
        run(() -> write(key, body));
    }

    /**
     * From {@code interval} from now, and every {@code interval} after, removes the entries of this node's own
     * partitions whose change {@code removable} says no node needs any longer. Whether that is safe is the
     * caller's to say (a removed change is forgotten: an older change to its subject, offered by a node that
     * was down or by the other side of a split brain when the sides merge, is then written as if new, and the
     * merge policy adds back an entry only one side still had). Here it is only made sure that nothing but the
     * value judged is removed: a change written meanwhile stays ({@code remove(key, value)}). A removal is not
     * a change: the nodes hear nothing, and keep what they keep.
     */
    public void pruneEvery(Duration interval, Predicate<byte[]> removable) {
        long millis = interval.toMillis();
        try {
            writes.scheduleWithFixedDelay(() -> prune(removable), millis, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Logger.debug("cluster moderation: closed, not pruned");
        }
    }

    /** On {@code cluster-moderation}: one pass over this node's entries. */
    private void prune(Predicate<byte[]> removable) {
        try {
            int removed = 0;
            for (String key : map.localKeySet()) {
                byte[] value = map.get(key);
                if (value != null && open(key, value).map(removable::test).orElse(false) && map.remove(key, value)) {
                    removed++;
                }
            }
            if (removed > 0) {
                Logger.info("cluster moderation: {} ended bans, mutes and old lifts removed from the cluster", removed);
            }
        } catch (RuntimeException e) { // the node leaving, partitions on the move: the next pass tries again
            Logger.debug("cluster moderation: pruning stopped: {}", e.toString());
        }
    }

    private void run(Runnable task) {
        try {
            writes.execute(task);
        } catch (RejectedExecutionException e) {
            Logger.debug("cluster moderation: closed, a change not offered");
        }
    }

    /** On {@code cluster-moderation}. */
    private void write(String key, byte[] body) {
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                byte[] current = map.get(key);
                Optional<byte[]> kept = current == null ? Optional.empty() : open(key, current);
                if (kept.isPresent() && !isLater.test(body, kept.get())) {
                    return; // the map keeps this change, or a later one
                }
                byte[] value = seal.seal(body, context(key));
                boolean written =
                        current == null ? map.putIfAbsent(key, value) == null : map.replace(key, current, value);
                if (written) {
                    return;
                }
            }
            Logger.warn("cluster moderation: {} changed {} times while this node wrote it; not written", key, ATTEMPTS);
        } catch (RuntimeException e) { // the node leaving, too few nodes: the change holds here and in the file
            Logger.warn("cluster moderation: could not write {} to the cluster: {}", key, e.toString());
        }
    }

    private Optional<byte[]> open(String key, byte[] value) {
        try {
            return Optional.of(seal.open(value, context(key)));
        } catch (ClusterSeal.ClusterSealException e) {
            warnUnopened(key, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Warns of a value that did not open at most once every 10 s, with how many were held back: anything that
     * reaches the cluster port can write such values, as many as it likes, and must not fill every node's log. Any
     * thread (Hazelcast's event threads, this class's, the caller of {@link #all}).
     */
    private void warnUnopened(String key, String why) {
        unopenedWarnings
                .allow()
                .ifPresent(heldBack -> Logger.warn(
                        "cluster moderation: the value of {} is ignored: {} ({} more since the last warning)",
                        Untrusted.quote(key),
                        why,
                        heldBack));
    }

    private static byte[] context(String key) {
        return (CONTEXT + key).getBytes(StandardCharsets.UTF_8);
    }

    /** Stops listening, and lets the writes offered so far finish (bounded), before Hazelcast stops. */
    @Override
    public void close() {
        writes.shutdown();
        try {
            if (!writes.awaitTermination(5, TimeUnit.SECONDS)) {
                writes.shutdownNow();
            }
        } catch (InterruptedException e) {
            writes.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (hazelcast.getLifecycleService().isRunning()) {
            if (listener != null) {
                map.removeEntryListener(listener);
            }
            if (lifecycleListener != null) {
                hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
            }
        }
    }

    /** Hands each value written to the map, opened, to the consumer. */
    private record Follower(ClusterModeration moderation, Consumer<Change> heard)
            implements EntryAddedListener<String, byte[]>,
                    EntryUpdatedListener<String, byte[]>,
                    EntryMergedListener<String, byte[]> {

        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            hear(event);
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            hear(event);
        }

        @Override
        public void entryMerged(EntryEvent<String, byte[]> event) {
            hear(event);
        }

        private void hear(EntryEvent<String, byte[]> event) {
            if (event.getValue() != null) {
                moderation
                        .open(event.getKey(), event.getValue())
                        .ifPresent(body -> heard.accept(new Change(event.getKey(), body)));
            }
        }
    }
}
