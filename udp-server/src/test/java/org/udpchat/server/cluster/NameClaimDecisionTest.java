package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.udpchat.server.cluster.NameClaimDecision.Restore;
import org.udpchat.server.cluster.NameClaimResult.Verdict;

class NameClaimDecisionTest {

    private static final UUID NODE = new UUID(0, 1);
    private static final NameHolder ME = new NameHolder(NODE, 1);
    private static final NameHolder OTHER = new NameHolder(NODE, 2);

    private static NameClaim claim(String name, String key, Set<String> folds, NameHolder holder) {
        return new NameClaim(new NameForms(name, key, folds), holder, NODE, 1_000);
    }

    private static final NameClaim ALICE = claim("alice", "alice", Set.of("alice"), ME);

    @Test
    void claimsWhenEveryEntryWasFree() {
        NameClaimDecision decision =
                NameClaimDecision.of(ALICE, ALICE.holder(), ALICE.forms().entryKeys(), Map.of());

        assertEquals(Verdict.CLAIMED, decision.result().verdict());
        assertEquals(List.of(), decision.rollBack());
    }

    @Test
    void claimsOverTheHoldersOwnEntries() {
        NameClaim earlier = claim("Alice", "alice", Set.of("alice"), ME);

        NameClaimDecision decision = NameClaimDecision.of(
                ALICE, ALICE.holder(), ALICE.forms().entryKeys(), Map.of("key:alice", earlier, "fold:alice", earlier));

        assertTrue(decision.result().isClaimed());
    }

    @Test
    void refusesAsTakenWhenAnotherHoldsTheSameKeyAndPutsBackWhatItTook() {
        NameClaim bob = claim("ALICE", "alice", Set.of("alice"), OTHER);
        Map<String, NameClaim> earlier = new HashMap<>();
        earlier.put("key:alice", bob); // the fold entry was free, so the claim took it

        NameClaimDecision decision =
                NameClaimDecision.of(ALICE, ALICE.holder(), ALICE.forms().entryKeys(), earlier);

        assertEquals(Verdict.TAKEN, decision.result().verdict());
        assertEquals("ALICE", decision.result().subject().orElseThrow());
        assertEquals(List.of(new Restore("fold:alice", null)), decision.rollBack());
    }

    @Test
    void refusesAsLookingLikeWhenAnotherHoldsAFoldNamingThatOther() {
        NameClaim lookalike = claim("aIice", "aiice", Set.of("alice"), OTHER);

        NameClaimDecision decision =
                NameClaimDecision.of(ALICE, ALICE.holder(), ALICE.forms().entryKeys(), Map.of("fold:alice", lookalike));

        assertEquals(Verdict.LOOKS_LIKE, decision.result().verdict());
        assertEquals("aIice", decision.result().subject().orElseThrow());
        assertEquals(List.of(new Restore("key:alice", null)), decision.rollBack());
    }

    @Test
    void aRefusedRenamePutsBackTheHoldersOwnEntriesAsTheyWere() {
        NameClaim mine = claim("aIice", "aiice", Set.of("alice", "aiice"), ME);
        NameClaim theirs = claim("alicе", "alicе", Set.of("alice"), OTHER);
        NameClaim renamed = claim("ALICE", "alice", Set.of("alice", "aiice"), ME);
        Map<String, NameClaim> earlier = Map.of("fold:aiice", mine, "fold:alice", theirs);

        NameClaimDecision decision =
                NameClaimDecision.of(renamed, renamed.holder(), renamed.forms().entryKeys(), earlier);

        assertEquals(Verdict.LOOKS_LIKE, decision.result().verdict());
        assertEquals(
                Set.of(new Restore("key:alice", null), new Restore("fold:aiice", mine)),
                Set.copyOf(decision.rollBack()));
    }

    @Test
    void aMoveTakesOverTheFormerHoldersEntriesAndWouldPutThemBack() {
        NameHolder here = new NameHolder(new UUID(0, 9), 1);
        NameClaim moved = new NameClaim(ALICE.forms(), here, new UUID(0, 9), 2_000);
        NameClaim theirs = claim("aIice", "aiice", Set.of("alice", "aiice"), OTHER);

        assertTrue(NameClaimDecision.of(
                        moved, ME, moved.forms().entryKeys(), Map.of("key:alice", ALICE, "fold:alice", ALICE))
                .result()
                .isClaimed());
        NameClaim twoFolds = new NameClaim(new NameForms("alice", "alice", Set.of("alice", "aiice")), here, NODE, 0);
        NameClaimDecision refused = NameClaimDecision.of(
                twoFolds, ME, twoFolds.forms().entryKeys(), Map.of("key:alice", ALICE, "fold:aiice", theirs));
        assertEquals(Verdict.LOOKS_LIKE, refused.result().verdict());
        assertEquals(
                Set.of(new Restore("key:alice", ALICE), new Restore("fold:alice", null)),
                Set.copyOf(refused.rollBack()));
    }

    @Test
    void theKeysEntryDecidesTheVerdictWhenBothAreTaken() {
        NameClaim taken = claim("Alice", "alice", Set.of("alice"), OTHER);

        NameClaimDecision decision = NameClaimDecision.of(
                ALICE, ALICE.holder(), ALICE.forms().entryKeys(), Map.of("fold:alice", taken, "key:alice", taken));

        assertEquals(Verdict.TAKEN, decision.result().verdict());
        assertEquals(List.of(), decision.rollBack());
    }
}
