package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Names unique across the cluster, under the same rules as on one server: no two members hold names with one
 * key ({@link NameClaimResult.Verdict#TAKEN}) or names whose folds meet ({@link NameClaimResult.Verdict#LOOKS_LIKE}).
 * Each claim holds one entry of a partitioned, backed-up map per form of its name ({@code key:<key>} and {@code
 * fold:<fold>} for each fold); an entry is taken atomically if free ({@link NameClaimIfFree}), and a claim that
 * meets another's entry puts back the entries it took. The key's entry is taken first, alone, so one name raced
 * for on several nodes is won exactly once; look-alikes (other keys) meet at their folds, taken together, where
 * two racing are at worst both refused (each took a fold the other needed), never both accepted.
 *
 * <p><b>Threads.</b> {@link #claim}, {@link #release}, {@link #rename} and {@link #move} may be called from any
 * thread (the relay, in the server) and never block: they send the operations and return a stage that Hazelcast's
 * threads complete; whoever waits on it should post the result to its own thread, as the relay does with
 * everything other threads hear. Hazelcast's event thread tells this class when this node merged after a split
 * brain; what follows (its claims handed to its new member uuid, the look for names held twice) runs on this
 * class's own thread, {@code cluster-names}, which may block on the cluster. Conflicts found after a merge are handed to the
 * {@code conflicts} consumer on that thread. {@link #forgetNode} blocks: it is for {@link NodeDeaths}' thread.
 * {@link #close} stops this class's thread; nothing here is static.
 *
 * <p><b>A node's death.</b> Its claims stay (the map keeps a backup of each entry) while its members may resume on
 * another node and {@link #move} their claims there; then {@link #forgetNode}, called by {@link NodeDeaths} after
 * its grace period on the oldest node alive, frees the claims the dead node still answers for.
 *
 * <p><b>Split brain.</b> Each side goes on alone. A side with fewer nodes than the names map's minimum refuses
 * claims ({@link NameClaimResult.Verdict#TOO_FEW_NODES}, see {@link NameSettings}); otherwise a name may be held
 * on both sides until they merge. The merge keeps the larger side's entries; each node of the smaller side then
 * looks for its claims that lost an entry and hands each, as a {@link NameConflict}, to {@code conflicts}: that
 * member must change its name.
 */
public final class ClusterNames implements AutoCloseable {

    private final HazelcastInstance hazelcast;
    private final IMap<String, NameClaim> names;
    private final Clock clock;
    private final Consumer<NameConflict> conflicts;

    /** The thread {@code cluster-names}: what follows a merge, which waits on the cluster. */
    private final ScheduledExecutorService chores;

    private final UUID lifecycleListener;

    /** This node's member uuid: a merge gives a node a new one. Written by Hazelcast's event thread, read by any. */
    private volatile UUID localNode;

    private ClusterNames(HazelcastInstance hazelcast, Clock clock, Consumer<NameConflict> conflicts) {
        this.hazelcast = hazelcast;
        this.names = hazelcast.getMap(NameSettings.MAP);
        this.clock = clock;
        this.conflicts = conflicts;
        this.localNode = hazelcast.getCluster().getLocalMember().getUuid();
        this.chores = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "cluster-names");
            thread.setDaemon(true); // the server closes it; a daemon never holds the JVM if a test forgets
            return thread;
        });
        this.lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(this::onLifecycle);
    }

    /**
     * The cluster's names, seen from this node.
     *
     * @param clock what stamps each claim's time
     * @param conflicts told, on this class's thread, of each claim of this node's that a split-brain merge lost
     */
    public static ClusterNames start(HazelcastInstance hazelcast, Clock clock, Consumer<NameConflict> conflicts) {
        return new ClusterNames(hazelcast, clock, conflicts);
    }

    /**
     * Claims {@code name} for {@code holder}, answered for by this node: atomically per entry, every entry or
     * none. An entry {@code holder} holds already is taken over, so a claim may be retried.
     *
     * @return a stage completed on a Hazelcast thread, never exceptionally: claimed, or why not
     */
    public CompletionStage<NameClaimResult> claim(NameForms name, NameHolder holder) {
        return claimTakingOver(name, holder, holder);
    }

    /** A claim for {@code holder} that takes over the entries {@code formerHolder} holds as if they were its own. */
    private CompletionStage<NameClaimResult> claimTakingOver(
            NameForms name, NameHolder holder, NameHolder formerHolder) {
        NameClaim claim = new NameClaim(name, holder, localNode, clock.millis());
        Set<String> entryKeys = name.entryKeys();
        String keyEntry = entryKeys.iterator().next();
        Set<String> foldEntries = new LinkedHashSet<>(entryKeys);
        foldEntries.remove(keyEntry);
        CompletableFuture<NameClaimResult> result = new CompletableFuture<>();
        try {
            // The key's entry first, alone: claims of one name then meet there, and exactly one goes on to the
            // folds, so a name raced for on several nodes is won exactly once. Only look-alikes (other keys)
            // meet at the folds, where two that take one fold each are both refused, never both accepted.
            names.submitToKey(keyEntry, new NameClaimIfFree(claim, formerHolder))
                    .whenComplete((heldKey, failure) -> {
                        if (failure != null) {
                            result.complete(failed(claim, failure));
                        } else if (heldKey != null && !heldKey.isHeldBy(holder) && !heldKey.isHeldBy(formerHolder)) {
                            result.complete(NameClaimResult.refused(claim, heldKey)); // nothing taken or to put back
                        } else {
                            claimFolds(claim, formerHolder, keyEntry, heldKey, foldEntries, result);
                        }
                    });
        } catch (RuntimeException e) { // a stopped node refuses at once rather than through the stage
            result.complete(failed(claim, e));
        }
        return result;
    }

    /** On a Hazelcast thread, the key's entry taken: the folds' entries, all at once. */
    private void claimFolds(
            NameClaim claim,
            NameHolder formerHolder,
            String keyEntry,
            NameClaim heldKey,
            Set<String> foldEntries,
            CompletableFuture<NameClaimResult> result) {
        Set<String> entryKeys = new LinkedHashSet<>();
        entryKeys.add(keyEntry);
        entryKeys.addAll(foldEntries);
        Map<String, NameClaim> earlier = new HashMap<>();
        if (heldKey != null) {
            earlier.put(keyEntry, heldKey);
        }
        CompletionStage<Map<String, NameClaim>> folds;
        try {
            folds = names.submitToKeys(foldEntries, new NameClaimIfFree(claim, formerHolder));
        } catch (RuntimeException e) {
            folds = CompletableFuture.failedFuture(e);
        }
        folds.whenComplete((heldFolds, failure) -> {
            if (failure != null) { // the folds' fate unknown: put back the key, and any fold still this claim's
                putBack(claim.holder(), NameClaimDecision.undo(claim.holder(), formerHolder, entryKeys, earlier))
                        .whenComplete((done, ignored) -> result.complete(failed(claim, failure)));
                return;
            }
            earlier.putAll(heldFolds);
            NameClaimDecision decision = NameClaimDecision.of(claim, formerHolder, entryKeys, earlier);
            if (decision.rollBack().isEmpty()) {
                result.complete(decision.result());
            } else {
                putBack(claim.holder(), decision.rollBack())
                        .whenComplete((done, ignored) -> result.complete(decision.result()));
            }
        });
    }

    /**
     * Frees the entries of {@code name} that {@code holder} holds (none another holds: a release that comes late
     * never frees a name someone else has taken since).
     *
     * @return a stage completed on a Hazelcast thread; exceptionally when the cluster did not answer (the
     *     entries then stay until this node's death frees them, or a retry)
     */
    public CompletionStage<Void> release(NameForms name, NameHolder holder) {
        return releaseEntries(name.entryKeys(), holder);
    }

    /**
     * Changes {@code holder}'s name from {@code from} to {@code to}: claims {@code to} first, then frees what of
     * {@code from} the new name does not share, so the member holds one of the two at every moment.
     *
     * @return a stage completed once both steps are done: the claim's result (on refusal {@code from} stays held)
     */
    public CompletionStage<NameClaimResult> rename(NameForms from, NameForms to, NameHolder holder) {
        return claim(to, holder).thenCompose(result -> {
            if (!result.isClaimed()) {
                return CompletableFuture.completedFuture(result);
            }
            Set<String> left = new HashSet<>(from.entryKeys());
            left.removeAll(to.entryKeys());
            return releaseEntries(left, holder).handle((done, failure) -> {
                if (failure != null) {
                    Logger.warn("cluster names: '{}' of {} not freed after a rename: {}", from.name(), holder, failure);
                }
                return result;
            });
        });
    }

    /**
     * Makes this node answer for a session's claim of {@code name}, the session resuming here after its node
     * died: the entries {@code from} holds (the holder it claimed with on its old node) become {@code to}'s (its
     * holder here; it may be {@code from} itself) in place, never free in between, so nobody can take the name
     * meanwhile. Entries freed already (the grace period ran out) are taken again if still free. If another took
     * one meanwhile, the move is refused as a claim would be, and {@code from}'s entries are left as they were for
     * the dead node's clearing: the member must choose another name.
     */
    public CompletionStage<NameClaimResult> move(NameForms name, NameHolder from, NameHolder to) {
        return claimTakingOver(name, to, from);
    }

    /**
     * Frees every claim that {@code deadNode} still answers for: for {@link NodeDeaths}, once the grace period
     * after its death is over (claims of its members that resumed elsewhere were {@linkplain #move moved} and
     * stay). Blocks on the cluster: call it on a thread of one's own, as {@link NodeDeaths} does; never on the
     * relay's.
     */
    public void forgetNode(UUID deadNode) {
        names.removeAll(new NamesOfNode(deadNode));
        Logger.info("cluster names: freed the names node {} answered for", deadNode);
    }

    /**
     * Looks now for this node's claims that lost an entry to another holder (as after a split-brain merge), hands
     * each to the {@code conflicts} consumer, and completes with them, on this class's thread. This class does it
     * on its own after each merge.
     */
    public CompletionStage<List<NameConflict>> findConflicts() {
        try {
            return CompletableFuture.supplyAsync(this::reportConflicts, chores);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cluster names are closed", e));
        }
    }

    /** Stops this class's thread and listener (before Hazelcast stops); claims stay for the others to free. */
    @Override
    public void close() {
        chores.shutdownNow();
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
        }
        try {
            chores.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletionStage<Void> releaseEntries(Set<String> entryKeys, NameHolder holder) {
        if (entryKeys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return names.<Boolean>submitToKeys(entryKeys, new NameRestoreIfHeld(holder, null))
                    .thenApply(freed -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Puts a refused claim's entries back as they were; a failure leaves them held by the holder, and says so. */
    private CompletableFuture<Void> putBack(NameHolder holder, List<NameClaimDecision.Restore> restores) {
        List<CompletableFuture<Boolean>> steps = new ArrayList<>();
        for (NameClaimDecision.Restore restore : restores) {
            try {
                steps.add(names.submitToKey(restore.entryKey(), new NameRestoreIfHeld(holder, restore.earlier()))
                        .toCompletableFuture());
            } catch (RuntimeException e) { // this node stopping: the stage must complete all the same
                steps.add(CompletableFuture.failedFuture(e));
            }
        }
        return CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        Logger.warn("cluster names: a refused claim of {} not put back: {}", holder, failure);
                    }
                });
    }

    private static NameClaimResult failed(NameClaim claim, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SplitBrainProtectionException) {
            return NameClaimResult.tooFewNodes(claim, cause.getMessage());
        }
        Logger.debug("cluster names: claim of '{}' failed: {}", claim.name(), cause);
        return NameClaimResult.unavailable(claim, String.valueOf(cause.getMessage()));
    }

    /** On Hazelcast's event thread: claims made from now on name this node's new uuid at once. */
    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
            UUID before = localNode;
            UUID now = hazelcast.getCluster().getLocalMember().getUuid();
            localNode = now;
            schedule(() -> afterMerge(before, now), Duration.ZERO);
        }
    }

    /** On {@code cluster-names}: this node's claims follow its new uuid, then those that lost are reported. */
    private void afterMerge(UUID before, UUID now) {
        if (!now.equals(before)) {
            names.executeOnEntries(new NamesOfNode.Handover(now), new NamesOfNode(before));
        }
        List<NameConflict> found = reportConflicts();
        Logger.info("cluster names: merged after a split brain; {} of this node's names held twice", found.size());
    }

    private List<NameConflict> reportConflicts() {
        Collection<NameClaim> mine = names.values(new NamesOfNode(localNode));
        Set<String> entryKeys = new HashSet<>();
        for (NameClaim claim : mine) {
            entryKeys.addAll(claim.forms().entryKeys());
        }
        Map<String, NameClaim> entries = names.getAll(entryKeys);
        List<NameConflict> found = NameConflicts.among(mine, entries);
        for (NameConflict conflict : found) {
            Logger.info("cluster names: {}", conflict);
            conflicts.accept(conflict);
        }
        return found;
    }

    private void schedule(Runnable chore, Duration delay) {
        try {
            chores.schedule(
                    () -> {
                        try {
                            chore.run();
                        } catch (RuntimeException e) { // a chore's failure must not end the thread's others
                            Logger.warn(e, "cluster names: a chore failed");
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            Logger.debug("cluster names: closed, chore dropped");
        }
    }
}
