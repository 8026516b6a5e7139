package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Which changes the cluster's map of bans and mutes may forget: only those over and older than a tombstone's
 * life, so that no older change a node still holds can come back through the gap.
 */
class ModerationPruningTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    private static long daysAgo(double days) {
        return NOW.minusMillis((long) (days * 86_400_000L)).toEpochMilli();
    }

    private static ModerationChange banMadeDaysAgo(double days, Term term) {
        return ModerationChange.ban(
                ADDRESS, Sanction.imposedAt(Instant.ofEpochMilli(daysAgo(days)), term), daysAgo(days));
    }

    private static boolean removable(ModerationChange change) {
        return ModerationAcrossNodes.isRemovable(change.toBytes(), NOW.toEpochMilli());
    }

    @Test
    void keepsARestrictionInForceHoweverOld() {
        assertFalse(removable(banMadeDaysAgo(400, Term.UNTIL_LIFTED)));
        assertFalse(removable(banMadeDaysAgo(150, Term.ofMinutes(525_600))));
        assertFalse(removable(ModerationChange.mute("bob", Sanction.imposedAt(Instant.EPOCH, Term.UNTIL_LIFTED), 0)));
    }

    @Test
    void forgetsARestrictionThatEndedOnceOlderThanATombstonesLife() {
        assertTrue(removable(banMadeDaysAgo(100, Term.ofMinutes(5))));
        assertTrue(removable(banMadeDaysAgo(92, Term.ofMinutes(5))));
    }

    /**
     * {@code /ban} for ever, then {@code /ban 5} over it: once the second has ended, a node down since the first
     * still holds the ban for ever. The map keeps the later change for a tombstone's life, so that node's ban
     * loses to it when it comes back, as it would lose to a lift.
     */
    @Test
    void keepsARestrictionThatEndedWhileYoungerThanATombstonesLife() {
        assertFalse(removable(banMadeDaysAgo(10, Term.ofMinutes(5))));
        assertFalse(removable(banMadeDaysAgo(89, Term.ofMinutes(5))));
    }

    @Test
    void forgetsALiftOnlyOnceOlderThanATombstonesLifeAndTheMargin() {
        ModerationChange forEver = banMadeDaysAgo(300, Term.UNTIL_LIFTED);

        assertFalse(removable(forEver.liftedAt(daysAgo(89))), "a tombstone still kept by the files");
        assertFalse(removable(forEver.liftedAt(daysAgo(90.5))), "within the margin for the nodes' clocks");
        assertTrue(removable(forEver.liftedAt(daysAgo(91.5))));
        assertFalse(
                removable(banMadeDaysAgo(3, Term.ofMinutes(5)).liftedAt(daysAgo(2))),
                "a lift of a restriction that has ended, but young");
    }

    @Test
    void keepsAChangeAtTheEdgeOfItsEndForTheNodesClocks() {
        // ended half a day ago, made long ago: a node whose clock is behind still holds it in force
        assertFalse(removable(banMadeDaysAgo(200, Term.of(Duration.ofDays(200).minusHours(12)))));
    }

    @Test
    void keepsWhatCannotBeRead() {
        assertFalse(ModerationAcrossNodes.isRemovable(new byte[] {9, 9, 9}, NOW.toEpochMilli()));
    }
}
