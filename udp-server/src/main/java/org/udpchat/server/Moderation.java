package org.udpchat.server;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The operator's bans (by IP address: every port, every name) and mutes (by name key: a muted member may
 * not take another name, and rejoining under the same one keeps the mute), each for a {@link Term}. Owned
 * by the relay thread.
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
     * @param kept what a previous server kept, to start from
     * @param keeper receives a snapshot after every change, on the relay thread; it must not block
     */
    Moderation(InstantSource wallClock, ModerationSnapshot kept, Consumer<ModerationSnapshot> keeper) {
        this.wallClock = wallClock;
        this.keeper = keeper;
        kept.bans().forEach(bans::put);
        kept.mutes().forEach(mutes::put);
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

    /** Mutes the name whose key is {@code nameKey}. */
    void mute(String nameKey, Term term) {
        mutes.put(nameKey, term, wallClock.millis());
        changed();
    }

    /** Lets the name whose key is {@code nameKey} speak again; whether it was muted. */
    boolean unmute(String nameKey) {
        boolean lifted = mutes.remove(nameKey, wallClock.millis());
        if (lifted) {
            changed();
        }
        return lifted;
    }

    /** What is left of the mute on {@code member}, or empty when it may speak. */
    Optional<Term> muteOf(Member member) {
        return mutes.remaining(member.key(), wallClock.millis());
    }

    /** The bans and mutes in force; a mute is shown under {@code nameOfKey} of its key. */
    Restrictions restrictions(UnaryOperator<String> nameOfKey) {
        long now = wallClock.millis();
        List<Restriction> banList = new ArrayList<>();
        bans.kept(now)
                .forEach((address, sanction) -> banList.add(
                        new Restriction(address.getHostAddress(), sanction.remaining(now), sanction.imposed())));
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
