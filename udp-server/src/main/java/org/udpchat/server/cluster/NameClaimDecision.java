package org.udpchat.server.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a claim of several entries comes to, once each entry answered what it held before: claimed when none was
 * another's, else refused over the first other's (the key's entry comes first, so a taken name is told as taken,
 * not as a look-alike), with the entries to put back as they were. Pure: the rule, apart from the map.
 *
 * @param result the claim's result
 * @param rollBack for a refused claim, the entries it changed and what each held before (null: nothing)
 */
record NameClaimDecision(NameClaimResult result, List<Restore> rollBack) {

    /** One entry to put back: {@code earlier} is what it held before, or null when it was free. */
    record Restore(String entryKey, NameClaim earlier) {}

    /**
     * @param formerHolder whose entries the claim took over besides its own holder's (for a move; else the
     *     holder itself)
     * @param entryKeys the entries claimed, the key's first ({@link NameForms#entryKeys})
     * @param earlier what each entry held before the claim; an entry missing held nothing
     */
    static NameClaimDecision of(
            NameClaim claim, NameHolder formerHolder, Set<String> entryKeys, Map<String, NameClaim> earlier) {
        NameClaim occupant = null;
        for (String entryKey : entryKeys) {
            NameClaim held = earlier.get(entryKey);
            if (held != null && !held.isHeldBy(claim.holder()) && !held.isHeldBy(formerHolder)) {
                occupant = held;
                break;
            }
        }
        if (occupant == null) {
            return new NameClaimDecision(NameClaimResult.claimed(claim), List.of());
        }
        return new NameClaimDecision(
                NameClaimResult.refused(claim, occupant), undo(claim.holder(), formerHolder, entryKeys, earlier));
    }

    /**
     * What puts back a claim's entries, whatever became of it: each entry as it was before, for an entry the
     * claim took ({@code earlier} has nothing) or took over from its own or its former holder. Entries another held were not
     * touched. Put back only while the holder still holds them ({@link NameRestoreIfHeld}).
     */
    static List<Restore> undo(
            NameHolder holder, NameHolder formerHolder, Set<String> entryKeys, Map<String, NameClaim> earlier) {
        List<Restore> rollBack = new ArrayList<>();
        for (String entryKey : entryKeys) {
            NameClaim held = earlier.get(entryKey);
            if (held == null || held.isHeldBy(holder) || held.isHeldBy(formerHolder)) {
                rollBack.add(new Restore(entryKey, held));
            }
        }
        return List.copyOf(rollBack);
    }
}
