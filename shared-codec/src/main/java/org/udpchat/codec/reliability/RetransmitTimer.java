package org.udpchat.codec.reliability;

/**
 * How long to wait for an acknowledgement before sending again: RFC 6298's smoothed round-trip time
 * (SRTT) and its variation (RTTVAR), with two changes for a chat on today's networks. The floor is
 * {@value #MIN_RTO_MILLIS} ms rather than 1 s, so that a lost message on a fast path is resent in a
 * blink; the backoff doubles per retransmission but stops at {@value #MAX_BACKOFF_MILLIS} ms (or the RTO,
 * if that is longer), so that a member back from a blackout is served within seconds. Karn's rule applies: the caller reports only
 * round trips of messages sent once.
 *
 * <p>Pure state, driven by the caller's clock readings: no threads, no time of its own.
 */
public final class RetransmitTimer {

    /** Before any sample, RFC 6298's conservative 1 s. */
    public static final long INITIAL_RTO_MILLIS = 1000;

    public static final long MIN_RTO_MILLIS = 200;

    public static final long MAX_RTO_MILLIS = 8000;

    /**
     * Backoff doubles a message's timeout up to this (or up to the RTO itself on a slower path). On a
     * lossy Wi-Fi most losses are noise, not congestion; waiting longer than this for the fourth try only
     * makes a hole in the stream last, and the whole room wait behind it.
     */
    public static final long MAX_BACKOFF_MILLIS = 1000;

    private static final double ALPHA = 1.0 / 8;
    private static final double BETA = 1.0 / 4;
    private static final int K = 4;

    /**
     * RFC 6298's G, the clock's granularity: a floor under the variance term. The relay's timers are
     * deadlines met to the millisecond now, but a floor of a relay tick of old keeps a few milliseconds of
     * jitter on a quiet path from causing resends.
     */
    private static final long GRANULARITY_MILLIS = 10;

    private boolean sampled;
    private double srtt;
    private double rttvar;
    private long rto = INITIAL_RTO_MILLIS;

    /** A round trip of {@code rttMillis} was measured on a message sent once. */
    public void onSample(long rttMillis) {
        long rtt = Math.max(0, rttMillis);
        if (!sampled) {
            srtt = rtt;
            rttvar = rtt / 2.0;
            sampled = true;
        } else {
            rttvar = (1 - BETA) * rttvar + BETA * Math.abs(srtt - rtt);
            srtt = (1 - ALPHA) * srtt + ALPHA * rtt;
        }
        rto = clamp(Math.round(srtt + Math.max(GRANULARITY_MILLIS, K * rttvar)));
    }

    /** The timeout for a message's first transmission. */
    public long rto() {
        return rto;
    }

    /**
     * The timeout after a message's {@code transmissions}-th transmission: the RTO doubled for each
     * retransmission, up to {@value #MAX_BACKOFF_MILLIS} ms or the RTO, whichever is longer.
     */
    public long timeoutAfter(int transmissions) {
        long cap = Math.max(rto, MAX_BACKOFF_MILLIS);
        long timeout = rto;
        for (int i = 1; i < transmissions && timeout < cap; i++) {
            timeout *= 2;
        }
        return Math.min(timeout, cap);
    }

    /** The smoothed round-trip time, or -1 before the first sample. */
    public long srtt() {
        return sampled ? Math.round(srtt) : -1;
    }

    private static long clamp(long millis) {
        return Math.max(MIN_RTO_MILLIS, Math.min(MAX_RTO_MILLIS, millis));
    }
}
