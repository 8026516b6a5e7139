package org.udpchat.server;

import java.net.InetAddress;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.udpchat.codec.Names;

/**
 * The operator's bans (by IP address: every port, every name) and mutes (by name: a muted member may not
 * take another name, and rejoining under the same one, or under one that {@linkplain NameFold looks like it},
 * keeps the mute), each for a {@link Term}. Owned by the relay thread.
 *
 * <p>Terms are counted on the wall clock, not the relay's monotonic one, because they outlive the process:
 * every change is handed, as a {@link ModerationSnapshot}, to whoever keeps them (a {@link ModerationWriter},
 * or nobody for a server without a state directory), and a restarted server starts from what was kept. A
 * wall clock stepped by NTP moves the end of a ban by the step; a ban is minutes long, a step seconds.
 *
 * <p>It keeps the last {@link ModerationChange} to each subject, lifts included (as tombstones), so that the
 * nodes of a cluster converge: a change made here is also handed to whoever {@linkplain #shareThrough shares}
 * it with the other nodes, and a change heard from them is {@linkplain #merge merged}, winning only if it is
 * later than what is kept here.
 */
final class Moderation {

    private final InstantSource wallClock;
    private final Consumer<ModerationSnapshot> keeper;
    private final ExpiringSet<InetAddress> bans = new ExpiringSet<>();
    private final ExpiringSet<String> mutes = new ExpiringSet<>();
    /**
     * The folds of each muted name key: once {@code alice} is muted, {@code аlice} (Cyrillic а) or
     * {@code a.lice} is the same name to a reader, and must not be a way out of the mute. From a state file
     * only the key's own folds are known; a mute made here adds the folds of the name as the member spelt it.
     */
    private final Map<String, Set<String>> mutedFolds = new HashMap<>();

    private final NameFold fold = new NameFold();

    /** The last change to each subject, by {@link ModerationChange#key}, tombstones included. */
    private final Map<String, ModerationChange> latest = new HashMap<>();

    /** Told of each change made here (not of those merged): the cluster's share of it, or nobody. */
    private Consumer<ModerationChange> shared = change -> {};

    /**
     * @param kept what a previous server kept, to start from
     * @param keeper receives a snapshot after every change, on the relay thread; it must not block
     */
    Moderation(InstantSource wallClock, ModerationSnapshot kept, Consumer<ModerationSnapshot> keeper) {
        this.wallClock = wallClock;
        this.keeper = keeper;
        for (ModerationChange change : kept.changes()) {
            apply(change);
        }
    }

    /** Each change made here from now on is also told to {@code shared}, on the relay thread; it must not block. */
    void shareThrough(Consumer<ModerationChange> shared) {
        this.shared = shared;
    }

    /**
     * Takes {@code change}, heard from another node, if it is later than what is kept of its subject; it is kept
     * as a change made here would be, but not shared again. A later change that is over (a shorter ban that
     * replaced this node's while it was down, and has ended since) still ends what it replaced here, and is
     * then forgotten; one that is over and replaced nothing here is not taken.
     *
     * @return whether it was taken
     */
    boolean merge(ModerationChange change) {
        long now = wallClock.millis();
        ModerationChange mine = latest.get(change.key());
        if (mine == null ? change.isOver(now) : !change.isLaterThan(mine)) {
            return false;
        }
        apply(change);
        keeper.accept(snapshot());
        return true;
    }

    private void apply(ModerationChange change) {
        latest.put(change.key(), change);
        if (change.kind() == ModerationChange.Kind.BAN) {
            InetAddress address = change.address();
            if (change.lifted()) {
                bans.remove(address, 0);
            } else {
                bans.put(address, change.sanction());
            }
        } else if (change.lifted()) {
            mutes.remove(change.subject(), 0);
            mutedFolds.remove(change.subject());
        } else {
            mutes.put(change.subject(), change.sanction());
            mutedFolds.merge(change.subject(), fold.of(change.subject()), (known, more) -> known);
        }
    }

    /**
     * When a change to {@code key} made here at {@code now} is stamped: now, or just after the change it
     * replaces if that one is stamped later (a node whose clock is behind another's), so that a change made here
     * always wins over what this node knew, here and on the other nodes.
     */
    private long stampFor(String key, long now) {
        ModerationChange known = latest.get(key);
        return known == null ? now : Math.max(now, known.changedAt() + 1);
    }

    /** Makes {@code change} here: kept, written, and shared with the other nodes. */
    private void make(ModerationChange change) {
        apply(change);
        shared.accept(change);
    }

    /** Kept nowhere: what the relay tests and a server with no state directory use. */
    static Moderation inMemory(InstantSource wallClock) {
        return new Moderation(wallClock, ModerationSnapshot.EMPTY, snapshot -> {});
    }

    void ban(InetAddress address, Term term) {
        long now = wallClock.millis();
        InetAddress banned = withoutScope(address);
        make(ModerationChange.ban(
                banned,
                Sanction.imposedAt(Instant.ofEpochMilli(now), term),
                stampFor(ModerationChange.banKey(banned), now)));
        changed();
    }

    /**
     * {@code address} without an IPv6 scope ({@code fe80::1%2}): a ban is on the address, whichever
     * interface it came in on, and the state file and {@code /unban} take IP literals without a scope.
     */
    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always an address", e);
        }
    }

    /** Lifts the ban on {@code address}; whether there was one. */
    boolean unban(InetAddress address) {
        long now = wallClock.millis();
        ModerationChange banned = latest.get(ModerationChange.banKey(withoutScope(address)));
        if (banned == null || !banned.isInForce(now)) {
            return false;
        }
        make(banned.liftedAt(stampFor(banned.key(), now)));
        changed();
        return true;
    }

    /** What is left of the ban on {@code address}, or empty when it is not banned. */
    Optional<Term> banOf(InetAddress address) {
        return bans.remaining(address, wallClock.millis());
    }

    /** Mutes {@code member}'s name, and every name that looks like it. */
    void mute(Member member, Term term) {
        long now = wallClock.millis();
        make(ModerationChange.mute(
                member.key(),
                Sanction.imposedAt(Instant.ofEpochMilli(now), term),
                stampFor(ModerationChange.muteKey(member.key()), now)));
        Set<String> folds = new HashSet<>(fold.of(member.key()));
        folds.addAll(member.folds());
        mutedFolds.put(member.key(), Set.copyOf(folds));
        changed();
    }

    /**
     * Lets the name {@code name} speak again, and every muted name that looks like it (two such mutes could
     * only be told apart by their spelling); whether any was muted.
     */
    boolean unmute(String name) {
        long now = wallClock.millis();
        String key = Names.key(name);
        Set<String> folds = fold.of(key);
        List<String> lifting = new ArrayList<>();
        for (Map.Entry<String, Set<String>> muted : mutedFolds.entrySet()) {
            if (muted.getKey().equals(key) || NameFold.meet(muted.getValue(), folds)) {
                lifting.add(muted.getKey());
            }
        }
        boolean lifted = false;
        for (String liftedKey : lifting) {
            ModerationChange muted = latest.get(ModerationChange.muteKey(liftedKey));
            if (mutes.remaining(liftedKey, now).isPresent() && muted != null && !muted.lifted()) {
                make(muted.liftedAt(stampFor(muted.key(), now)));
                lifted = true;
            } else {
                mutes.remove(liftedKey, now);
                mutedFolds.remove(liftedKey);
            }
        }
        if (lifted) {
            changed();
        }
        return lifted;
    }

    /** What is left of the mute on {@code member}'s name, or on a muted name it looks like; empty when it may speak. */
    Optional<Term> muteOf(Member member) {
        long now = wallClock.millis();
        Optional<Term> own = mutes.remaining(member.key(), now);
        if (own.isPresent() || member.folds().isEmpty()) {
            return own;
        }
        for (Iterator<Map.Entry<String, Set<String>>> muted =
                        mutedFolds.entrySet().iterator();
                muted.hasNext(); ) {
            Map.Entry<String, Set<String>> one = muted.next();
            Optional<Term> left = mutes.remaining(one.getKey(), now);
            if (left.isEmpty()) {
                muted.remove(); // run out: its folds need not be kept any longer
            } else if (NameFold.meet(one.getValue(), member.folds())) {
                return left;
            }
        }
        return Optional.empty();
    }

    /** The bans and mutes in force; a mute is shown under {@code nameOfKey} of its key. */
    Restrictions restrictions(UnaryOperator<String> nameOfKey) {
        long now = wallClock.millis();
        List<Restriction> banList = new ArrayList<>();
        bans.kept(now)
                .forEach((address, sanction) -> banList.add(
                        new Restriction(IpLiteral.format(address), sanction.remaining(now), sanction.imposed())));
        List<Restriction> muteList = new ArrayList<>();
        mutes.kept(now)
                .forEach((key, sanction) -> muteList.add(
                        new Restriction(nameOfKey.apply(key), sanction.remaining(now), sanction.imposed())));
        return new Restrictions(banList, muteList);
    }

    /** The last change to each ban and mute that still matters (in force, or a tombstone still needed), as it is kept. */
    ModerationSnapshot snapshot() {
        long now = wallClock.millis();
        latest.values().removeIf(change -> change.isOver(now));
        return new ModerationSnapshot(List.copyOf(latest.values()));
    }

    private void changed() {
        keeper.accept(snapshot());
    }
}
