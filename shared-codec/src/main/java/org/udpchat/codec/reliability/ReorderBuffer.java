package org.udpchat.codec.reliability;

import java.util.function.Consumer;

/**
 * The receiving side of a reliable stream: hands messages on in order, each exactly once, however the
 * network duplicated or reordered them. A message ahead of the next expected one waits here, up to
 * {@code capacity} numbers ahead; one already handed on, or already waiting, is a duplicate and is
 * dropped (this is the duplicate filter); one further ahead is dropped too, and its sender will resend it.
 *
 * <p>Messages that arrive in order are handed on without being stored, so the ring where early ones wait
 * is made only when one must wait, as small as it can be (and no smaller than {@value #FIRST_RING}),
 * doubled as later ones arrive, never beyond {@code capacity}; it is let go once nothing waits. A server
 * keeps one buffer per member, and an idle member, or one on a clean path, must not cost a whole ring.
 *
 * <p>Pure state: no clock at all.
 *
 * @param <T> what a message is
 */
public final class ReorderBuffer<T> {

    /** What became of one arrival. */
    public enum Arrival {
        /** It was the next expected: handed on, with any waiting ones that follow it. */
        DELIVERED,
        /** It is ahead of a gap: kept until the gap fills. */
        BUFFERED,
        /** Handed on or kept already: dropped. */
        DUPLICATE,
        /** Too far ahead to keep: dropped; the sender will resend it. */
        TOO_FAR_AHEAD
    }

    /** The ring's first size: enough for the few messages a single loss holds back. */
    static final int FIRST_RING = 8;

    /** No ring: nothing waits. Of length 0 it holds nothing, so every buffer may share it. */
    private static final Object[] NO_RING = {};

    private final int capacity;

    /** Messages ahead of {@link #expected}, message {@code seq} at {@code seq % waiting.length}. */
    private Object[] waiting = NO_RING;

    private int waitingCount;

    /** The number of the next message to hand on. */
    private long expected = 1;

    public ReorderBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /** Every message up to this number has been handed on: what to acknowledge. */
    public long cumulativeAck() {
        return expected - 1;
    }

    /**
     * Message {@code seq} arrived; hands it and every waiting message that now follows in order to
     * {@code deliver}.
     */
    public Arrival accept(long seq, T message, Consumer<? super T> deliver) {
        if (message == null) {
            throw new NullPointerException("message == null"); // null marks an empty slot
        }
        if (seq < expected) {
            return Arrival.DUPLICATE;
        }
        if (seq >= expected + capacity) {
            return Arrival.TOO_FAR_AHEAD;
        }
        if (seq > expected) {
            if (seq >= expected + waiting.length) {
                grow(seq - expected + 1);
            }
            int slot = slot(seq);
            if (waiting[slot] != null) {
                return Arrival.DUPLICATE;
            }
            waiting[slot] = message;
            waitingCount++;
            return Arrival.BUFFERED;
        }
        // expected moves before each hand-on, so that what is acknowledged during delivery includes it
        expected++;
        deliver.accept(message);
        while (waitingCount > 0 && waiting[slot(expected)] != null) {
            int next = slot(expected);
            @SuppressWarnings("unchecked") // only accept() stores into waiting, and it takes a T
            T follower = (T) waiting[next];
            waiting[next] = null;
            waitingCount--;
            expected++;
            deliver.accept(follower);
        }
        if (waitingCount == 0) {
            waiting = NO_RING; // the gap closed: a clean path needs no ring until the next loss
        }
        return Arrival.DELIVERED;
    }

    /** How many messages wait behind a gap. */
    public int waitingCount() {
        return waitingCount;
    }

    /** How many numbers ahead the ring reaches now: what the buffer costs in memory. */
    int ringSize() {
        return waiting.length;
    }

    /**
     * Makes the ring reach at least {@code span} numbers from {@link #expected}: doubling from its size, up
     * to the capacity, each waiting message moving to its slot in the new ring.
     */
    private void grow(long span) {
        int length = Math.max(FIRST_RING, waiting.length);
        while (length < span) {
            length *= 2;
        }
        length = Math.min(length, capacity);
        Object[] ring = new Object[length];
        // every waiting message lies within the old ring's reach of expected, so its number is known
        for (long seq = expected + 1; seq < expected + waiting.length; seq++) {
            Object message = waiting[slot(seq)];
            if (message != null) {
                ring[(int) (seq % length)] = message;
            }
        }
        waiting = ring;
    }

    private int slot(long seq) {
        return (int) (seq % waiting.length);
    }
}
