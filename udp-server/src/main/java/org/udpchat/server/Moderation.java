package org.udpchat.server;

import java.net.InetAddress;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's bans (by IP address: every port, every name) and mutes (by name key: a muted member may
 * not take another name, and rejoining under the same one keeps the mute), each for a {@link Term}. Owned
 * by the relay thread; it reads the relay's clock, so tests move time instead of waiting.
 */
final class Moderation {

    private final InstantSource clock;
    private final ExpiringSet<InetAddress> bans = new ExpiringSet<>();
    private final ExpiringSet<String> mutes = new ExpiringSet<>();

    Moderation(InstantSource clock) {
        this.clock = clock;
    }

    void ban(InetAddress address, Term term) {
        bans.put(address, term, clock.millis());
    }

    /** Lifts the ban on {@code address}; whether there was one. */
    boolean unban(InetAddress address) {
        return bans.remove(address, clock.millis());
    }

    /** What is left of the ban on {@code address}, or empty when it is not banned. */
    Optional<Term> banOf(InetAddress address) {
        return bans.remaining(address, clock.millis());
    }

    Map<InetAddress, Term> bans() {
        return bans.inForce(clock.millis());
    }

    /** Mutes the name whose key is {@code nameKey}. */
    void mute(String nameKey, Term term) {
        mutes.put(nameKey, term, clock.millis());
    }

    /** Lets the name whose key is {@code nameKey} speak again; whether it was muted. */
    boolean unmute(String nameKey) {
        return mutes.remove(nameKey, clock.millis());
    }

    /** What is left of the mute on {@code member}, or empty when it may speak. */
    Optional<Term> muteOf(Member member) {
        return mutes.remaining(member.key(), clock.millis());
    }

    /** The mutes in force, by name key. */
    Map<String, Term> mutes() {
        return mutes.inForce(clock.millis());
    }
}
