package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameConflictsTest {

    private static final UUID HERE = new UUID(0, 1);
    private static final UUID THERE = new UUID(0, 2);

    private static NameClaim claim(String name, Set<String> folds, NameHolder holder, UUID node) {
        return new NameClaim(new NameForms(name, name.toLowerCase(java.util.Locale.ROOT), folds), holder, node, 0);
    }

    private final NameClaim alice = claim("alice", Set.of("alice"), new NameHolder(HERE, 1), HERE);
    private final NameClaim carol = claim("carol", Set.of("carol"), new NameHolder(HERE, 2), HERE);

    @Test
    void aClaimWholeAfterTheMergeIsNoConflict() {
        Map<String, NameClaim> entries = Map.of("key:alice", alice, "fold:alice", alice);

        assertEquals(List.of(), NameConflicts.among(List.of(alice, alice), entries));
    }

    @Test
    void aClaimThatLostItsFoldMustChangeAndIsToldWhoKeptIt() {
        NameClaim kept = claim("aIice", Set.of("alice"), new NameHolder(THERE, 7), THERE);
        Map<String, NameClaim> entries =
                Map.of("key:alice", alice, "fold:alice", kept, "key:carol", carol, "fold:carol", carol);

        List<NameConflict> found = NameConflicts.among(List.of(alice, carol, alice, carol), entries);

        assertEquals(List.of(new NameConflict(alice, kept)), found);
    }

    @Test
    void aMemberThatLostEveryEntryIsToldOnce() {
        NameClaim kept = claim("ALICE", Set.of("alice"), new NameHolder(THERE, 7), THERE);
        Map<String, NameClaim> entries = Map.of("key:alice", kept, "fold:alice", kept);

        assertEquals(List.of(new NameConflict(alice, kept)), NameConflicts.among(List.of(alice), entries));
    }

    @Test
    void anEntryFreedMeanwhileIsNoConflict() {
        assertEquals(List.of(), NameConflicts.among(List.of(alice), Map.of("fold:alice", alice)));
    }
}
