package org.udpchat.codec.reliability;

import java.util.function.Consumer;

/**
 * The receiving side of a reliable stream: hands messages on in order, each exactly once, however the
 * network duplicated or reordered them. A message ahead of the next expected one waits here, up to
 * {@code capacity} numbers ahead; one already handed on, or already waiting, is a duplicate and is
 * dropped (this is the duplicate filter); one further ahead is dropped too, and its sender will resend it.
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

    private final Object[] waiting;

    /** The number of the next message to hand on. */
    private long expected = 1;

    public ReorderBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " < 1");
        }
        waiting = new Object[capacity];
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
        if (seq >= expected + waiting.length) {
            return Arrival.TOO_FAR_AHEAD;
        }
        int slot = slot(seq);
        if (seq > expected) {
            if (waiting[slot] != null) {
                return Arrival.DUPLICATE;
            }
            waiting[slot] = message;
            return Arrival.BUFFERED;
        }
        // expected moves before each hand-on, so that what is acknowledged during delivery includes it
        expected++;
        deliver.accept(message);
        while (waiting[slot(expected)] != null) {
            int next = slot(expected);
            @SuppressWarnings("unchecked") // only accept() stores into waiting, and it takes a T
            T follower = (T) waiting[next];
            waiting[next] = null;
            expected++;
            deliver.accept(follower);
        }
        return Arrival.DELIVERED;
    }

    /** How many messages wait behind a gap. */
    public int waitingCount() {
        int count = 0;
        for (Object message : waiting) {
            if (message != null) {
                count++;
            }
        }
        return count;
    }

    private int slot(long seq) {
        return (int) (seq % waiting.length);
    }
}
