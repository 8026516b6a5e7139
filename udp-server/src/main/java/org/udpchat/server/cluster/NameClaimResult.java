package org.udpchat.server.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * How a claim of a name ended: claimed, or refused with the reason, and for a refusal over another's claim that
 * claim (its name is the one to tell the member: "looks like 'alice'").
 *
 * @param verdict what happened
 * @param occupant for {@link Verdict#TAKEN} and {@link Verdict#LOOKS_LIKE}, the claim in the way
 * @param explanation for the log: what happened, in words
 */
public record NameClaimResult(Verdict verdict, Optional<NameClaim> occupant, String explanation) {

    /** The outcomes the relay words for the member (they map onto its refusal reasons). */
    public enum Verdict {
        /** The name is the holder's, cluster-wide, until released. */
        CLAIMED,
        /** Another holds a name with the same key: {@code NAME_TAKEN}. */
        TAKEN,
        /** Another holds a name whose folds meet this one's: {@code NAME_LOOKS_LIKE}, naming the occupant. */
        LOOKS_LIKE,
        /**
         * Fewer nodes are in touch than the names map's split-brain protection asks: this side of a partition
         * may not hand out names, or one could be held twice. Nothing was claimed; try again later.
         */
        TOO_FEW_NODES,
        /** The cluster did not answer (this node is stopping, or an operation timed out). Nothing was claimed. */
        UNAVAILABLE
    }

    public NameClaimResult {
        Objects.requireNonNull(verdict, "verdict == null");
        Objects.requireNonNull(occupant, "occupant == null");
        Objects.requireNonNull(explanation, "explanation == null");
        if (occupant.isPresent() != (verdict == Verdict.TAKEN || verdict == Verdict.LOOKS_LIKE)) {
            throw new IllegalArgumentException(
                    "a " + verdict + " result " + (occupant.isPresent() ? "has" : "needs") + " an occupant");
        }
    }

    static NameClaimResult claimed(NameClaim claim) {
        return new NameClaimResult(Verdict.CLAIMED, Optional.empty(), "claimed " + claim);
    }

    static NameClaimResult refused(NameClaim claim, NameClaim occupant) {
        boolean sameKey = occupant.forms().key().equals(claim.forms().key());
        return new NameClaimResult(
                sameKey ? Verdict.TAKEN : Verdict.LOOKS_LIKE,
                Optional.of(occupant),
                "'" + claim.name() + "' " + (sameKey ? "is taken: " : "looks like ") + occupant);
    }

    static NameClaimResult tooFewNodes(NameClaim claim, String why) {
        return new NameClaimResult(
                Verdict.TOO_FEW_NODES,
                Optional.empty(),
                "'" + claim.name() + "' not claimed: too few nodes of the cluster are in touch (" + why + ")");
    }

    static NameClaimResult unavailable(NameClaim claim, String why) {
        return new NameClaimResult(
                Verdict.UNAVAILABLE,
                Optional.empty(),
                "'" + claim.name() + "' not claimed: the cluster did not answer (" + why + ")");
    }

    public boolean isClaimed() {
        return verdict == Verdict.CLAIMED;
    }

    /** The occupant's name, as the member is told it ("looks like 'alice'"). */
    public Optional<String> subject() {
        return occupant.map(NameClaim::name);
    }
}
