package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many replies the relay may still send to addresses that are not members. A UDP source address can
 * be forged, so every such reply could be aimed at a stranger; this keeps the server from being a useful
 * flood source: a few replies per second per address (a token bucket each), and a ceiling for all of
 * them together, so forging many addresses does not multiply the rate. Owned by the relay thread.
 */
final class ReplyBudget {

    /** Replies an address may receive at once: enough for a refused login and a retry or two. */
    static final int PER_ADDRESS_BURST = 4;

    /** Sustained rate per address: one reply every half second. */
    static final long PER_ADDRESS_REFILL_MILLIS = 500;

    /** All non-member replies together, per second: well above honest use, far below a flood. */
    static final int GLOBAL_PER_SECOND = 200;

    /** Addresses remembered; the least recently seen is forgotten first, so memory stays bounded. */
    static final int TRACKED_ADDRESSES = 10_000;

    private final Map<InetSocketAddress, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Bucket> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };

    private boolean globalWindowOpen;
    private long globalWindowStartMillis;
    private int globalSentInWindow;

    /** Takes one reply from the budget of {@code address} if there is one left at {@code nowMillis}. */
    boolean tryTake(InetSocketAddress address, long nowMillis) {
        return tryTake(address, nowMillis, true);
    }

    /**
     * Takes one reply from the budget of {@code address}, and from the global one only if
     * {@code global}: a reply never larger than its request (a native challenge) amplifies nothing, so
     * letting forged requests use up the global budget would only let them lock honest clients out.
     */
    boolean tryTake(InetSocketAddress address, long nowMillis, boolean global) {
        if (!global) {
            return buckets.computeIfAbsent(address, unused -> new Bucket(nowMillis))
                    .tryTake(nowMillis);
        }
        if (!globalWindowOpen || nowMillis - globalWindowStartMillis >= 1000 || nowMillis < globalWindowStartMillis) {
            globalWindowOpen = true;
            globalWindowStartMillis = nowMillis;
            globalSentInWindow = 0;
        }
        if (globalSentInWindow >= GLOBAL_PER_SECOND) {
            return false;
        }
        Bucket bucket = buckets.computeIfAbsent(address, unused -> new Bucket(nowMillis));
        if (!bucket.tryTake(nowMillis)) {
            return false;
        }
        globalSentInWindow++;
        return true;
    }

    int trackedAddresses() {
        return buckets.size();
    }

    private static final class Bucket {
        private int tokens = PER_ADDRESS_BURST;
        private long lastRefillMillis;

        Bucket(long nowMillis) {
            lastRefillMillis = nowMillis;
        }

        boolean tryTake(long nowMillis) {
            long refills = Math.max(0, nowMillis - lastRefillMillis) / PER_ADDRESS_REFILL_MILLIS;
            if (refills > 0) {
                tokens = (int) Math.min(PER_ADDRESS_BURST, tokens + refills);
                lastRefillMillis += refills * PER_ADDRESS_REFILL_MILLIS;
            }
            if (tokens == 0) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
