package org.udpchat.server.cluster;

import java.util.Objects;

/**
 * A name held twice after the two sides of a split brain merged: the merge kept {@code keptBy}'s entries (the
 * larger side's), so the member holding {@code mustChange} must choose another name and be told why.
 *
 * @param mustChange the claim that lost, answered for by this node
 * @param keptBy the claim the cluster kept, whose name the loser's meets (same key, or folds that meet)
 */
public record NameConflict(NameClaim mustChange, NameClaim keptBy) {

    public NameConflict {
        Objects.requireNonNull(mustChange, "mustChange == null");
        Objects.requireNonNull(keptBy, "keptBy == null");
    }

    @Override
    public String toString() {
        return mustChange + " must change: the cluster kept " + keptBy;
    }
}
