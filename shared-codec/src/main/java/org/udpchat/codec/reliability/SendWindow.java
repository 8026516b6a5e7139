package org.udpchat.codec.reliability;

import java.util.function.ObjLongConsumer;

/**
 * The messages one side has sent reliably and the other has not yet acknowledged, numbered from 1, at
 * most {@code capacity} at once. Each remembers when it was last sent and how often, so that it is resent
 * when its own timeout passes, and so that a round trip is measured only on messages sent once (Karn).
 * An acknowledgement is cumulative: it covers every message up to its number.
 *
 * <p>The payloads are references the caller owns (the relay stores one shared, encoded event body for
 * all its recipients), kept in a ring: taking and acknowledging messages allocates nothing. The ring
 * starts empty and doubles when it fills, up to {@code capacity}: a server keeps one window per member,
 * and an idle member, which has nothing in flight, must not cost a full window's memory (at 1,024
 * messages, about 29 KB). Once grown it stays grown; growth is a copy, not a cost on every message.
 *
 * <p>Pure state, driven by the caller's clock readings.
 *
 * @param <T> what a message's payload is
 */
public final class SendWindow<T> {

    /** The ring's first size, for a window that takes its first message: small, and a few doublings from any. */
    static final int FIRST_RING = 8;

    private final int capacity;
    // Empty until the first message; arrays of length 0 hold nothing, so all windows may share them.
    private static final Object[] NO_PAYLOADS = {};
    private static final long[] NO_TIMES = {};
    private static final int[] NO_COUNTS = {};

    private Object[] payloads = NO_PAYLOADS;
    private long[] lastSentMillis = NO_TIMES;
    private long[] firstSentMillis = NO_TIMES;
    private int[] transmissions = NO_COUNTS;
    private final RetransmitTimer timer = new RetransmitTimer();

    /** Whether an acknowledgement's delay is a round trip (see {@link #SendWindow(int, boolean)}). */
    private final boolean acksMeasureRoundTrips;

    /** The number of the oldest unacknowledged message; the next one to send is {@code base + size}. */
    private long base = 1;

    private int size;

    /**
     * No message falls due before this: a lower bound, exact after each {@link #resendDue} scan, lowered by
     * each {@link #add}, and forgotten when the timeout shrinks. Acknowledgements only make it early.
     */
    private long earliestDeadlineMillis = Long.MAX_VALUE;

    private int duplicateAcks;

    /** The message a fast retransmit made due, or 0 for none. */
    private long fastRetransmitSeq;

    /** Three, as TCP: one or two repeats are as likely reordering as loss. */
    public static final int FAST_RETRANSMIT_AFTER = 3;

    /** Fast retransmissions of one message are at least this far apart, even on a path with no RTT yet. */
    static final long MIN_FAST_RETRANSMIT_GAP_MILLIS = 10;

    /** A window whose acknowledgements come back as soon as the other side has the messages. */
    public SendWindow(int capacity) {
        this(capacity, true);
    }

    /**
     * @param acksMeasureRoundTrips false when the other side may hold its acknowledgements back on
     *     purpose (the server acknowledges a chat only once it has relayed it, which waits for the
     *     sender's flood-control allowance): their delay then measures a queue, not the path, and round trips must
     *     come from elsewhere ({@link #onRoundTrip})
     */
    public SendWindow(int capacity, boolean acksMeasureRoundTrips) {
        this.acksMeasureRoundTrips = acksMeasureRoundTrips;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int inFlight() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** How many messages the ring holds before it must grow again: what the window costs in memory now. */
    int ringSize() {
        return payloads.length;
    }

    /** The number the next message will get. */
    public long nextSeq() {
        return base + size;
    }

    /** The highest number acknowledged so far (0 before any). */
    public long acknowledged() {
        return base - 1;
    }

    public RetransmitTimer timer() {
        return timer;
    }

    /**
     * Takes {@code payload} as the next message, sent now.
     *
     * @return its number
     * @throws IllegalStateException if the window is full: the caller checks {@link #isFull} first
     */
    public long add(T payload, long nowMillis) {
        if (isFull()) {
            throw new IllegalStateException("window full: " + size + " unacknowledged");
        }
        if (size == payloads.length) {
            grow();
        }
        long seq = base + size;
        int slot = slot(seq);
        payloads[slot] = payload;
        lastSentMillis[slot] = nowMillis;
        firstSentMillis[slot] = nowMillis;
        transmissions[slot] = 1;
        size++;
        earliestDeadlineMillis = Math.min(earliestDeadlineMillis, nowMillis + timer.timeoutAfter(1));
        return seq;
    }

    /**
     * The other side has everything up to {@code ack}. Releases those messages and, when none of them was
     * sent more than once, feeds the newest one's round trip to the timer.
     *
     * @return how many messages this released (0 for an old or repeated acknowledgement)
     */
    public int onAck(long ack, long nowMillis) {
        if (ack < base || ack >= base + size) {
            return 0; // nothing new, or a number never sent: ignore rather than trust it
        }
        int newest = slot(ack);
        if (acksMeasureRoundTrips && noneResent(base, ack)) {
            onRoundTrip(nowMillis - lastSentMillis[newest]);
        }
        duplicateAcks = 0;
        int released = (int) (ack - base + 1);
        for (long seq = base; seq <= ack; seq++) {
            payloads[slot(seq)] = null;
        }
        base = ack + 1;
        size -= released;
        return released;
    }

    /** A round trip of {@code rttMillis} was measured on the path (by an acknowledgement, or otherwise). */
    public void onRoundTrip(long rttMillis) {
        long before = timer.rto();
        timer.onSample(rttMillis);
        if (timer.rto() < before) {
            earliestDeadlineMillis = Long.MIN_VALUE; // timeouts shrank: the next resendDue must look
        }
    }

    /**
     * Karn's rule, widened to the whole acknowledged range: if any message in it was resent, this
     * acknowledgement may have waited for a lost message's repair, so its delay says nothing about the
     * path, and a sample from it would inflate the timeout exactly when losses call for a short one.
     */
    private boolean noneResent(long from, long to) {
        for (long seq = from; seq <= to; seq++) {
            if (transmissions[slot(seq)] != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * The other side acknowledged again what it had acknowledged already, in an acknowledgement it sent
     * because something arrived out of order: a message is missing at its end, most likely the oldest
     * one here. On every {@value #FAST_RETRANSMIT_AFTER}rd such acknowledgement in a row, the oldest
     * message falls due at once rather than after its timeout (TCP's fast retransmit), so a loss costs a
     * round trip, not a timeout.
     */
    public void onDuplicateAck(long nowMillis) {
        if (size == 0) {
            return;
        }
        duplicateAcks++;
        int oldest = slot(base);
        // Every third repeat, as long as the last copy has had a round trip to arrive: on a lossy path
        // the fast retransmission itself is lost as often as anything, and waiting out a doubled timeout
        // for it would leave the hole open for seconds.
        if (duplicateAcks % FAST_RETRANSMIT_AFTER == 0
                && nowMillis - lastSentMillis[oldest] >= Math.max(timer.srtt(), MIN_FAST_RETRANSMIT_GAP_MILLIS)) {
            fastRetransmitSeq = base;
            earliestDeadlineMillis = Long.MIN_VALUE;
        }
    }

    /**
     * Resends every message whose timeout has passed at {@code nowMillis}: calls {@code resend} with its
     * payload and number, and restarts its timeout (doubled per retransmission).
     *
     * @return how many were resent
     */
    public int resendDue(long nowMillis, ObjLongConsumer<T> resend) {
        if (nowMillis < earliestDeadlineMillis) {
            return 0; // the relay asks every few milliseconds for every member: answer without a scan
        }
        int resent = 0;
        long earliest = Long.MAX_VALUE;
        for (long seq = base; seq < base + size; seq++) {
            int slot = slot(seq);
            if (seq == fastRetransmitSeq
                    || nowMillis - lastSentMillis[slot] >= timer.timeoutAfter(transmissions[slot])) {
                fastRetransmitSeq = seq == fastRetransmitSeq ? 0 : fastRetransmitSeq;
                lastSentMillis[slot] = nowMillis;
                transmissions[slot]++;
                resend.accept(payload(slot), seq);
                resent++;
            }
            earliest = Math.min(earliest, lastSentMillis[slot] + timer.timeoutAfter(transmissions[slot]));
        }
        earliestDeadlineMillis = earliest;
        return resent;
    }

    /**
     * No message falls due for resending before this, read without a scan: a lower bound, exact after a
     * {@link #resendDue}, sooner than need be after an acknowledgement, and {@link Long#MIN_VALUE} when a
     * message may be due at once; {@link Long#MAX_VALUE} when none waits. When to call {@link #resendDue}
     * next.
     */
    public long resendDueNoSoonerThanMillis() {
        return size == 0 ? Long.MAX_VALUE : earliestDeadlineMillis;
    }

    /** The earliest time a message falls due for resending, or {@link Long#MAX_VALUE} when none waits. */
    public long nextDeadlineMillis() {
        long next = Long.MAX_VALUE;
        for (long seq = base; seq < base + size; seq++) {
            int slot = slot(seq);
            next = Math.min(next, lastSentMillis[slot] + timer.timeoutAfter(transmissions[slot]));
        }
        return next;
    }

    /** When the oldest unacknowledged message was first sent, or {@link Long#MAX_VALUE} when none is. */
    public long oldestUnackedSinceMillis() {
        return size == 0 ? Long.MAX_VALUE : firstSentMillis[slot(base)];
    }

    /** The payload of unacknowledged message {@code seq}. */
    public T payload(long seq) {
        if (seq < base || seq >= base + size) {
            throw new IllegalArgumentException("message " + seq + " is not in flight");
        }
        return payload(slot(seq));
    }

    /** Calls {@code each} with every unacknowledged message, oldest first. */
    public void forEachUnacked(ObjLongConsumer<T> each) {
        for (long seq = base; seq < base + size; seq++) {
            each.accept(payload(slot(seq)), seq);
        }
    }

    /** Doubles the ring (up to the capacity), each message moving to its slot in the new one. */
    private void grow() {
        int length = Math.min(capacity, Math.max(FIRST_RING, payloads.length * 2));
        Object[] newPayloads = new Object[length];
        long[] newLastSent = new long[length];
        long[] newFirstSent = new long[length];
        int[] newTransmissions = new int[length];
        for (long seq = base; seq < base + size; seq++) {
            int from = slot(seq);
            int to = (int) (seq % length);
            newPayloads[to] = payloads[from];
            newLastSent[to] = lastSentMillis[from];
            newFirstSent[to] = firstSentMillis[from];
            newTransmissions[to] = transmissions[from];
        }
        payloads = newPayloads;
        lastSentMillis = newLastSent;
        firstSentMillis = newFirstSent;
        transmissions = newTransmissions;
    }

    @SuppressWarnings("unchecked") // only add() stores into payloads, and it takes a T
    private T payload(int slot) {
        return (T) payloads[slot];
    }

    private int slot(long seq) {
        return (int) (seq % payloads.length);
    }
}
