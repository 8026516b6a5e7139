package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bans and mutes on the wall clock, across a restart: what the keeper is handed, and what a server started
 * later, from the kept file, still holds. The wall clock is a {@link FakeClock}; nobody waits.
 */
class ModerationTest {

    private static final InetAddress ADDRESS = IpLiteral.parse("192.0.2.7").orElseThrow();

    private final FakeClock wallClock = new FakeClock();
    private final List<ModerationSnapshot> kept = new ArrayList<>();
    private final Moderation moderation = new Moderation(wallClock, ModerationSnapshot.EMPTY, kept::add);

    @TempDir
    Path dir;

    private final NameFold fold = new NameFold();

    /** A member called {@code name}, indexed by its folds as {@link Rooms} does. */
    private Member member(String name) {
        Member member = Member.classic(
                name, org.udpchat.codec.Names.key(name), new java.net.InetSocketAddress(ADDRESS, 5000), 0);
        member.foldsAre(fold.of(name));
        return member;
    }

    /** A server started now from what the first one kept last, through the file. */
    private Moderation restarted() throws Exception {
        Path file = dir.resolve(StateDirectory.MODERATION_FILE);
        ModerationFile.write(file, kept.get(kept.size() - 1));
        return new Moderation(wallClock, ModerationFile.load(file, wallClock.millis()), snapshot -> {});
    }

    @Test
    void handsTheKeeperWhatHoldsAfterEveryChange() {
        Instant imposed = wallClock.instant();
        moderation.ban(ADDRESS, Term.ofMinutes(5));
        moderation.mute(member("bob"), Term.UNTIL_LIFTED);
        moderation.unban(ADDRESS);

        assertEquals(3, kept.size());
        assertEquals(
                Map.of(ADDRESS, new Sanction(Optional.of(imposed), Optional.of(imposed.plus(Duration.ofMinutes(5))))),
                kept.get(0).bans());
        assertEquals(
                Map.of("bob", new Sanction(Optional.of(imposed), Optional.empty())),
                kept.get(2).mutes());
        assertEquals(Map.of(), kept.get(2).bans());
        assertTrue(
                kept.get(2).changes().stream()
                        .anyMatch(change -> change.kind() == ModerationChange.Kind.BAN && change.lifted()),
                "the unban is kept as a tombstone");
    }

    @Test
    void liftingWhatDoesNotHoldChangesNothingToKeep() {
        moderation.unban(ADDRESS);
        moderation.unmute("bob");

        assertEquals(List.of(), kept);
    }

    @Test
    void aBanWithTimeLeftHoldsAfterARestartForWhatIsLeft() throws Exception {
        moderation.ban(ADDRESS, Term.ofMinutes(5));
        wallClock.advance(Duration.ofMinutes(2)); // the server was down meanwhile

        assertEquals(Optional.of(Term.ofMinutes(3)), restarted().banOf(ADDRESS));
    }

    @Test
    void aBanOnALinkLocalAddressWithAScopeIsKeptAndHoldsOnAnyInterface() throws Exception {
        byte[] fe80one = IpLiteral.parse("fe80::1").orElseThrow().getAddress();
        moderation.ban(java.net.Inet6Address.getByAddress(null, fe80one, 2), Term.ofMinutes(5));

        Moderation afterRestart = restarted();

        assertEquals(
                Optional.of(Term.ofMinutes(5)),
                afterRestart.banOf(java.net.Inet6Address.getByAddress(null, fe80one, 3)));
        assertEquals(Optional.of(Term.ofMinutes(5)), afterRestart.banOf(InetAddress.getByAddress(fe80one)));
    }

    @Test
    void aBanThatEndedWhileTheServerWasDownIsGone() throws Exception {
        moderation.ban(ADDRESS, Term.ofMinutes(5));
        wallClock.advance(Duration.ofMinutes(5));

        Moderation restarted = restarted();

        assertEquals(Optional.empty(), restarted.banOf(ADDRESS));
        assertEquals(new Restrictions(List.of(), List.of()), restarted.restrictions(UnaryOperator.identity()));
    }

    @Test
    void aMuteUntilLiftedHoldsAfterARestartAndKeepsWhenItWasImposed() throws Exception {
        Instant imposed = wallClock.instant();
        moderation.mute(member("bob"), Term.UNTIL_LIFTED);
        wallClock.advance(Duration.ofDays(30));

        assertEquals(
                List.of(new Restriction("bob", Term.UNTIL_LIFTED, Optional.of(imposed))),
                restarted().restrictions(UnaryOperator.identity()).mutes());
    }

    @Test
    void aTermCountsOnTheWallClockNotFromWhenTheServerStarted() throws Exception {
        moderation.mute(member("bob"), Term.ofMinutes(10));
        wallClock.advance(Duration.ofMinutes(4));
        Moderation restarted = restarted();
        wallClock.advance(Duration.ofMinutes(5));

        assertEquals(
                List.of(new Restriction(
                        "bob", Term.ofMinutes(1), Optional.of(Instant.ofEpochMilli(FakeClock.START_MILLIS)))),
                restarted.restrictions(UnaryOperator.identity()).mutes());
    }

    @Test
    void aMutedNameStaysMutedUnderEveryNameThatLooksLikeIt() {
        moderation.mute(member("alice"), Term.ofMinutes(10));

        for (String lookalike : List.of("alice", "ALICE", "\u0430lice", "a.lice", "al_ice", "aIice", "ａｌｉｃｅ")) {
            assertEquals(Optional.of(Term.ofMinutes(10)), moderation.muteOf(member(lookalike)), lookalike);
        }
        assertEquals(Optional.empty(), moderation.muteOf(member("alicia")));
        assertEquals(Optional.empty(), moderation.muteOf(member("\u00e1lice")), "álice is another name");
    }

    @Test
    void aMutedNameStaysMutedUnderALookalikeAfterARestart() throws Exception {
        moderation.mute(member("alice"), Term.ofMinutes(10));

        assertEquals(Optional.of(Term.ofMinutes(10)), restarted().muteOf(member("\u0430lice")));
    }

    @Test
    void aMuteMadeOnALookalikeSpellingHoldsForThePlainOne() {
        moderation.mute(member("aIice"), Term.UNTIL_LIFTED); // capital I: a reader sees alice

        assertEquals(Optional.of(Term.UNTIL_LIFTED), moderation.muteOf(member("alice")));
    }

    @Test
    void unmutingALookalikeLiftsTheMuteItLooksLike() {
        moderation.mute(member("alice"), Term.ofMinutes(10));

        assertEquals(true, moderation.unmute("\u0430lice"));
        assertEquals(Optional.empty(), moderation.muteOf(member("alice")));
        assertEquals(false, moderation.unmute("alice"), "nothing left to lift");
    }

    /** A change to {@code ADDRESS}'s ban made on another node at {@code changedAt}. */
    private static ModerationChange banAt(long changedAt, boolean lifted) {
        ModerationChange ban = ModerationChange.ban(
                ADDRESS, Sanction.imposedAt(Instant.ofEpochMilli(changedAt), Term.UNTIL_LIFTED), changedAt);
        return lifted ? ban.liftedAt(changedAt) : ban;
    }

    @Test
    void aConcurrentBanAndUnbanEndAsTheLaterSaysInWhicheverOrderTheyCome() {
        long now = wallClock.millis();
        ModerationChange ban = banAt(now - 1_000, false);
        ModerationChange unban = banAt(now - 2_000, true).liftedAt(now - 500);
        Moderation other = new Moderation(wallClock, ModerationSnapshot.EMPTY, snapshot -> {});

        assertTrue(moderation.merge(ban));
        assertTrue(moderation.merge(unban));
        assertTrue(other.merge(unban));
        assertFalse(other.merge(ban), "the earlier ban loses to the later unban");

        assertTrue(moderation.banOf(ADDRESS).isEmpty());
        assertTrue(other.banOf(ADDRESS).isEmpty());
        assertEquals(moderation.snapshot(), other.snapshot());
    }

    @Test
    void aTombstoneKeepsANodeThatWasDownFromBringingTheBanBack() throws Exception {
        long now = wallClock.millis();
        moderation.merge(banAt(now - 2_000, true).liftedAt(now - 1_000)); // lifted while the other node was down
        Moderation cameBack =
                new Moderation(wallClock, new ModerationSnapshot(List.of(banAt(now - 2_000, false))), snapshot -> {});

        assertTrue(cameBack.banOf(ADDRESS).isPresent());
        moderation.snapshot().changes().forEach(cameBack::merge);
        cameBack.snapshot().changes().forEach(moderation::merge);

        assertTrue(cameBack.banOf(ADDRESS).isEmpty());
        assertTrue(moderation.banOf(ADDRESS).isEmpty());
        assertTrue(restarted().banOf(ADDRESS).isEmpty(), "the tombstone is kept in the file");
    }

    @Test
    void aLaterShorterBanThatHasEndedEndsTheBanItReplacedOnANodeThatWasDown() {
        long now = wallClock.millis();
        Moderation cameBack =
                new Moderation(wallClock, new ModerationSnapshot(List.of(banAt(now - 60_000, false))), snapshot -> {});
        // While it was down, another node banned the address again for a minute, 90 s ago: over now.
        ModerationChange shorter = ModerationChange.ban(
                ADDRESS, Sanction.imposedAt(Instant.ofEpochMilli(now - 90_000), Term.ofMinutes(1)), now - 30_000);
        assertTrue(shorter.isOver(now) && shorter.isLaterThan(banAt(now - 60_000, false)));

        assertTrue(cameBack.merge(shorter));

        assertTrue(cameBack.banOf(ADDRESS).isEmpty(), "the later ban, ended, replaced the one kept until lifted");
        assertEquals(List.of(), cameBack.snapshot().changes(), "and, being over, is not kept");
    }

    @Test
    void aChangeThatIsOverAndReplacesNothingHereIsNotTaken() {
        long now = wallClock.millis();
        ModerationChange ended = ModerationChange.ban(
                ADDRESS, Sanction.imposedAt(Instant.ofEpochMilli(now - 90_000), Term.ofMinutes(1)), now - 90_000);

        assertFalse(moderation.merge(ended));
        assertEquals(List.of(), moderation.snapshot().changes());
    }

    @Test
    void sharesWhatIsChangedHereButNotWhatIsMerged() {
        List<ModerationChange> shared = new ArrayList<>();
        moderation.shareThrough(shared::add);

        moderation.merge(banAt(wallClock.millis() - 1_000, false));
        moderation.mute(member("bob"), Term.ofMinutes(5));
        moderation.unban(ADDRESS);

        assertEquals(
                List.of(ModerationChange.muteKey("bob"), ModerationChange.banKey(ADDRESS)),
                shared.stream().map(ModerationChange::key).toList());
        assertTrue(shared.get(1).lifted());
    }

    @Test
    void aChangeMadeHereWinsOverALaterStampedOneFromANodeWhoseClockIsAhead() {
        long ahead = wallClock.millis() + 60_000;
        moderation.merge(banAt(ahead, true)); // lifted on a node whose clock is a minute ahead

        moderation.ban(ADDRESS, Term.ofMinutes(5));

        ModerationChange made = moderation.snapshot().changes().get(0);
        assertFalse(made.lifted());
        assertTrue(made.isLaterThan(banAt(ahead, true)));
    }

    @Test
    void aMuteHeardFromAnotherNodeHoldsForTheMemberHere() {
        long now = wallClock.millis();
        moderation.merge(
                ModerationChange.mute("bob", Sanction.imposedAt(Instant.ofEpochMilli(now), Term.ofMinutes(5)), now));

        assertTrue(moderation.muteOf(member("bob")).isPresent());
        assertTrue(moderation.muteOf(member("b0b")).isPresent(), "a name that looks like it");
        assertTrue(moderation.unmute("bob"));
        assertTrue(moderation.muteOf(member("bob")).isEmpty());
    }

    @Test
    void aChangeFromAnotherNodeTravelsAsBytes() throws Exception {
        ModerationChange change = banAt(wallClock.millis(), true);

        assertEquals(change, ModerationChange.fromBytes(change.toBytes()));
    }
}
