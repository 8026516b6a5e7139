package org.udpchat.server;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.tinylog.Logger;
import org.udpchat.server.cluster.ClusterModeration;

/**
 * A node's bans and mutes ({@link Moderation}) kept in step with the cluster's ({@link ClusterModeration}):
 * each change made here is offered to the cluster, each change heard from it is posted to the relay, which keeps
 * it if it is later than its own. On joining, and again after a split-brain merge, the two are merged both ways
 * (what the node's state file kept and what the cluster keeps), the latest change to each subject winning, so
 * that every node's state file converges on the same bans, mutes and tombstones.
 */
final class ModerationAcrossNodes {

    /** How often each node prunes the cluster's map of what its own partitions hold. */
    static final Duration PRUNE_INTERVAL = Duration.ofHours(1);

    /**
     * How much longer than {@link ModerationChange#TOMBSTONE_LIFE} a change is kept in the cluster's map: the
     * nodes' wall clocks may disagree, and the map should not forget a change before any node's file does.
     */
    static final Duration PRUNE_MARGIN = Duration.ofDays(1);

    private ModerationAcrossNodes() {}

    /**
     * Joins {@code moderation} to {@code cluster}: called before the relay thread starts (it touches {@code
     * moderation}, which the relay owns from then on), so it blocks to read the cluster's changes.
     *
     * @param post runs a command on the relay thread
     */
    static ClusterModeration join(ClusterModeration cluster, Moderation moderation, Predicate<Consumer<Relay>> post) {
        cluster.listen(
                change -> decode(change).ifPresent(heard -> post.test(relay -> relay.onModerationChange(heard))),
                () -> {
                    // after a split-brain merge: take what the other side kept, and offer what this side kept
                    for (ClusterModeration.Change change : cluster.all()) {
                        decode(change).ifPresent(heard -> post.test(relay -> relay.onModerationChange(heard)));
                    }
                    post.test(relay -> offerAll(cluster, moderation));
                });
        int taken = 0;
        for (ClusterModeration.Change change : cluster.all()) {
            if (decode(change).map(moderation::merge).orElse(false)) {
                taken++;
            }
        }
        offerAll(cluster, moderation);
        moderation.shareThrough(change -> cluster.offer(change.key(), change.toBytes()));
        cluster.pruneEvery(PRUNE_INTERVAL, body -> isRemovable(body, System.currentTimeMillis()));
        Logger.info("cluster: {} later changes to bans and mutes taken from the cluster", taken);
        return cluster;
    }

    /** Offers every change {@code moderation} keeps; on the relay thread, or before it starts. */
    private static void offerAll(ClusterModeration cluster, Moderation moderation) {
        for (ModerationChange change : moderation.snapshot().changes()) {
            cluster.offer(change.key(), change.toBytes());
        }
    }

    /** Whether {@code one} is later than {@code other}, two changes as the cluster keeps them. */
    static boolean isLater(byte[] one, byte[] other) {
        try {
            return ModerationChange.fromBytes(one).isLaterThan(ModerationChange.fromBytes(other));
        } catch (IOException e) {
            return true; // what the cluster keeps cannot be read: a change this node can read replaces it
        }
    }

    /**
     * Whether the cluster's map may forget {@code body}, a change it keeps, at {@code nowMillis}: once it is over
     * (a restriction that ended, a lift no longer needed) <em>and</em> was made more than {@link
     * ModerationChange#TOMBSTONE_LIFE} (and {@link #PRUNE_MARGIN}) ago.
     *
     * <p>Why the age, and not only "over": forgetting a change lets an older change to its subject in again. A
     * node that was down (or the other side of a split brain, whose entry the merge policy adds back where this
     * side has none) may still hold one, and offers it on (re)joining; with nothing later in the map it is
     * written and every node takes it, because the nodes' files have dropped the later change too, once over. A
     * change that is over may have replaced a restriction until lifted: {@code /ban bob} for ever, then {@code
     * /ban bob 5} (over in 5 minutes), or an {@code /unban} of the second; a node down since the first still
     * holds the ban for ever. Such a node has been down since before the forgotten change was made, so only a
     * node down longer than the change's age can bring anything back: past {@link
     * ModerationChange#TOMBSTONE_LIFE}, which is already how long a node may be down before a lift it missed is
     * lost (README, <i>Durability of moderation</i>). A change that cannot be read is kept (a later release's).
     */
    static boolean isRemovable(byte[] body, long nowMillis) {
        try {
            ModerationChange change = ModerationChange.fromBytes(body);
            long kept = ModerationChange.TOMBSTONE_LIFE.plus(PRUNE_MARGIN).toMillis();
            return change.isOver(nowMillis - PRUNE_MARGIN.toMillis()) && nowMillis - change.changedAt() > kept;
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Optional<ModerationChange> decode(ClusterModeration.Change change) {
        try {
            ModerationChange decoded = ModerationChange.fromBytes(change.body());
            if (!decoded.key().equals(change.key())) {
                Logger.warn(
                        "cluster moderation: the change kept under {} is of {}; ignored", change.key(), decoded.key());
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(decoded);
        } catch (IOException e) {
            Logger.warn(
                    "cluster moderation: the change kept under {} cannot be read: {}", change.key(), e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
