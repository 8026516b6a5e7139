package org.udpchat.server;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each address group's own handshakes ({@link AddressKey}: an IPv4 address, an IPv6 /64): a token bucket
 * that holds a second's worth and refills at {@code perSecond}, and when the group last had one. A handshake
 * is the server's one expensive answer (see {@link HandshakeBudget}), and the cookie only proves that its
 * asker receives at its address: the bucket keeps one host that does from spending the relay thread on key
 * agreement, and the time of its last handshake tells a {@linkplain Standing#QUIET quiet} group, which the
 * server's reserve is kept for, from one that shook hands lately. Groups tracked are bounded, the least
 * recently seen forgotten first. Owned by the relay thread.
 */
final class HandshakeRate {

    /**
     * Groups remembered at most; one forgotten starts again with a full bucket (a second's worth) and counts
     * as quiet. More than the unfinished handshakes the server holds ({@link PendingHandshakes#MAX_PENDING}),
     * so every group that holds one is remembered while fewer than this many shake hands.
     */
    static final int TRACKED_ADDRESSES = 10_000;

    /**
     * How long a group must go without a handshake to count as quiet again: each group can draw on the
     * reserve at most once in this long, which is what bounds what many flooding groups can take from it.
     * The life of an unfinished handshake, so that a group with one still pending is never quiet.
     */
    static final long QUIET_AFTER_MILLIS = PendingHandshakes.LIFETIME_MILLIS;

    /** Where an address group stands, for its next handshake. */
    enum Standing {
        /** Its own bucket is empty: no handshake, whatever the server has left. */
        SPENT,
        /** It had a handshake less than {@link #QUIET_AFTER_MILLIS} ago: it may take from the server's common share only. */
        RECENT,
        /** Unknown, or no handshake for {@link #QUIET_AFTER_MILLIS}: it may take from the reserve too. */
        QUIET
    }

    private final int perSecond;

    private final Map<AddressKey, Group> groups = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<AddressKey, Group> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };

    /** @param perSecond handshakes per second per group, and the burst; 0 for no limit of a group's own */
    HandshakeRate(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("handshakes per second " + perSecond + " is negative");
        }
        this.perSecond = perSecond;
    }

    /**
     * Where {@code address}'s group stands at {@code nowMillis}, without taking anything or remembering the
     * address: a test cheap enough to come before the cookie's HMAC.
     */
    Standing standing(InetAddress address, long nowMillis) {
        Group group = groups.get(AddressKey.of(address));
        if (group == null) {
            return Standing.QUIET;
        }
        if (perSecond != 0 && !group.hasOne(perSecond, nowMillis)) {
            return Standing.SPENT;
        }
        return nowMillis - group.lastHandshakeMillis < QUIET_AFTER_MILLIS ? Standing.RECENT : Standing.QUIET;
    }

    /**
     * {@code address}'s group has a handshake at {@code nowMillis}: one taken from its bucket, and it is
     * {@linkplain Standing#RECENT recent} for {@link #QUIET_AFTER_MILLIS}. Only for a group that is not
     * {@linkplain Standing#SPENT spent}.
     */
    void take(InetAddress address, long nowMillis) {
        Group group = groups.computeIfAbsent(AddressKey.of(address), unused -> new Group(perSecond, nowMillis));
        if (perSecond != 0 && !group.tryTake(perSecond, nowMillis)) {
            throw new IllegalStateException(
                    AddressKey.of(address) + " has no handshake left: look at its standing first");
        }
        group.lastHandshakeMillis = nowMillis;
    }

    int trackedAddresses() {
        return groups.size();
    }

    /** Tokens in thousandths, so that a rate that does not divide a second refills evenly. */
    private static final class Group {
        private long milliTokens;
        private long lastMillis;
        private long lastHandshakeMillis;

        Group(int perSecond, long nowMillis) {
            milliTokens = perSecond * 1000L;
            lastMillis = nowMillis;
        }

        boolean hasOne(int perSecond, long nowMillis) {
            long elapsed = Math.max(0, nowMillis - lastMillis);
            return Math.min(perSecond * 1000L, milliTokens + elapsed * perSecond) >= 1000;
        }

        boolean tryTake(int perSecond, long nowMillis) {
            long elapsed = Math.max(0, nowMillis - lastMillis);
            lastMillis = Math.max(lastMillis, nowMillis);
            milliTokens = Math.min(perSecond * 1000L, milliTokens + elapsed * perSecond);
            if (milliTokens < 1000) {
                return false;
            }
            milliTokens -= 1000;
            return true;
        }
    }
}
