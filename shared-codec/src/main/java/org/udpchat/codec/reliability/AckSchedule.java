package org.udpchat.codec.reliability;

/**
 * When a receiver acknowledges. Acknowledging every message would double the datagrams the relay has to
 * read; acknowledging too rarely would make the sender resend what arrived. So an acknowledgement goes
 * out once {@value #EVERY} messages are unacknowledged, or {@value #DELAY_MILLIS} ms after the first of
 * them arrived, whichever comes first, and at once when something arrives out of order or twice (the
 * sender is likely resending, and must learn what arrived). Any datagram that carries the ack field
 * counts as an acknowledgement.
 *
 * <p>Pure state, driven by the caller's clock readings.
 */
public final class AckSchedule {

    /**
     * A busy stream's acknowledgements are a sixteenth of what it carries: each one is a datagram the relay
     * must receive and decode, so at 8 a native delivery cost the relay an eighth of a receive more than a
     * classic one; at 16, median of 5 alternating runs at saturation, native went from 0.92 to 0.94 of
     * classic (README, Speed). At most a quarter of either side's window (the client's 64 chats, the
     * relay's 1,024 events per member), so a sender never waits on it.
     */
    public static final int EVERY = 16;

    /**
     * Well under the retransmit floor of 200 ms, so a delayed ack never causes a resend; and long enough
     * that a member hearing a slow stream acknowledges a few events at a time: at 20 ms, 1,000 members each
     * hearing 100 events a second sent the relay 50,000 acknowledgements a second, and a 1,000-member room
     * at 100 messages a second overloaded a 2-core machine (README, Speed); at 50 ms, 20,000, and it held.
     * A busy stream is acknowledged every {@value #EVERY} events.
     */
    public static final long DELAY_MILLIS = 50;

    private int unacknowledged;
    private long firstUnacknowledgedMillis;
    private boolean urgent;

    /** A message was handed on in order. */
    public void onDelivered(long nowMillis) {
        if (unacknowledged == 0) {
            firstUnacknowledgedMillis = nowMillis;
        }
        unacknowledged++;
    }

    /** Something arrived out of order or twice: acknowledge at once. */
    public void onIrregular() {
        urgent = true;
    }

    /** Whether an acknowledgement is owed at {@code nowMillis}. */
    public boolean isDue(long nowMillis) {
        return urgent
                || unacknowledged >= EVERY
                || (unacknowledged > 0 && nowMillis - firstUnacknowledgedMillis >= DELAY_MILLIS);
    }

    /** When an acknowledgement falls due, or {@link Long#MAX_VALUE} when none is owed. */
    public long deadlineMillis() {
        if (urgent || unacknowledged >= EVERY) {
            return Long.MIN_VALUE;
        }
        return unacknowledged == 0 ? Long.MAX_VALUE : firstUnacknowledgedMillis + DELAY_MILLIS;
    }

    /** An acknowledgement (or any datagram carrying the ack field) was just sent. */
    public void onAckSent() {
        unacknowledged = 0;
        urgent = false;
    }
}
