package org.udpchat.server;

import java.net.InetAddress;
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

    /**
     * @param kept what a previous server kept, to start from
     * @param keeper receives a snapshot after every change, on the relay thread; it must not block
     */
    Moderation(InstantSource wallClock, ModerationSnapshot kept, Consumer<ModerationSnapshot> keeper) {
        this.wallClock = wallClock;
        this.keeper = keeper;
        kept.bans().forEach(bans::put);
        kept.mutes().forEach(mutes::put);
        kept.mutes().keySet().forEach(key -> mutedFolds.put(key, fold.of(key)));
    }

    /** Kept nowhere: what the relay tests and a server with no state directory use. */
    static Moderation inMemory(InstantSource wallClock) {
        return new Moderation(wallClock, ModerationSnapshot.EMPTY, snapshot -> {});
    }

    void ban(InetAddress address, Term term) {
        bans.put(withoutScope(address), term, wallClock.millis());
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
        boolean lifted = bans.remove(address, wallClock.millis());
        if (lifted) {
            changed();
        }
        return lifted;
    }

    /** What is left of the ban on {@code address}, or empty when it is not banned. */
    Optional<Term> banOf(InetAddress address) {
        return bans.remaining(address, wallClock.millis());
    }

    /** Mutes {@code member}'s name, and every name that looks like it. */
    void mute(Member member, Term term) {
        mutes.put(member.key(), term, wallClock.millis());
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
            lifted |= mutes.remove(liftedKey, now);
            mutedFolds.remove(liftedKey);
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

    /** What is in force now, as it is kept. */
    ModerationSnapshot snapshot() {
        long now = wallClock.millis();
        return new ModerationSnapshot(bans.kept(now), mutes.kept(now));
    }

    private void changed() {
        keeper.accept(snapshot());
    }
}
