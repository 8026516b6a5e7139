package org.udpchat.server;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many native handshakes each address may still start: a token bucket per {@link AddressKey} (an IPv4
 * address, an IPv6 /64) that holds a second's worth and refills at {@code perSecond}. A handshake is the
 * server's one expensive answer (three X25519 operations, about 0.3 ms), and the cookie only proves that
 * its asker receives at its address: this keeps one host that does from spending the relay thread on key
 * agreement. Addresses tracked are bounded, the least recently seen forgotten first. Owned by the relay
 * thread.
 */
final class HandshakeRate {

    /** Addresses remembered at most; one forgotten starts again with a full bucket, which costs a second's worth. */
    static final int TRACKED_ADDRESSES = 10_000;

    private final int perSecond;

    private final Map<AddressKey, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<AddressKey, Bucket> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };

    /** @param perSecond handshakes per second per address, and the burst; 0 for no limit */
    HandshakeRate(int perSecond) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("handshakes per second " + perSecond + " is negative");
        }
        this.perSecond = perSecond;
    }

    /** Takes one handshake from the budget of {@code address} if one is left at {@code nowMillis}. */
    boolean tryTake(InetAddress address, long nowMillis) {
        if (perSecond == 0) {
            return true;
        }
        return buckets.computeIfAbsent(AddressKey.of(address), unused -> new Bucket(perSecond, nowMillis))
                .tryTake(perSecond, nowMillis);
    }

    /**
     * Whether {@code address} has no handshake left at {@code nowMillis}, without taking one or remembering
     * the address: a test cheap enough to come before the cookie's HMAC. Only inits with a valid cookie
     * {@linkplain #tryTake take}, so a forger of someone's address cannot spend that address's budget; this
     * only spares the server the cookie of an address that has spent its own.
     */
    boolean isSpent(InetAddress address, long nowMillis) {
        if (perSecond == 0) {
            return false;
        }
        Bucket bucket = buckets.get(AddressKey.of(address));
        return bucket != null && !bucket.hasOne(perSecond, nowMillis);
    }

    int trackedAddresses() {
        return buckets.size();
    }

    /** Tokens in thousandths, so that a rate that does not divide a second refills evenly. */
    private static final class Bucket {
        private long milliTokens;
        private long lastMillis;

        Bucket(int perSecond, long nowMillis) {
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
