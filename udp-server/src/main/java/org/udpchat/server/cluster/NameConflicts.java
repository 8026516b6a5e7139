package org.udpchat.server.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a node's claims lost an entry to another holder: after a split-brain merge, the merge policy keeps
 * each entry's larger side, entry by entry, so a claim of the smaller side may find its key or one of its folds
 * held by someone else. That claim's member must change its name. Pure: the rule, apart from the map.
 */
final class NameConflicts {

    private NameConflicts() {}

    /**
     * @param claims the claims a node answers for (as found in the map; one per entry, so each claim repeats)
     * @param entries what the map holds now under every entry key of those claims
     */
    static List<NameConflict> among(Collection<NameClaim> claims, Map<String, NameClaim> entries) {
        Set<NameClaim> distinct = new LinkedHashSet<>(claims);
        Set<NameHolder> told = new LinkedHashSet<>();
        List<NameConflict> conflicts = new ArrayList<>();
        for (NameClaim claim : distinct) {
            for (String entryKey : claim.forms().entryKeys()) {
                NameClaim held = entries.get(entryKey);
                if (held != null && !held.isHeldBy(claim.holder())) {
                    if (told.add(claim.holder())) { // one notice per member, however many entries it lost
                        conflicts.add(new NameConflict(claim, held));
                    }
                    break;
                }
            }
        }
        return conflicts;
    }
}
