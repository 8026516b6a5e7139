package org.udpchat.codec.secure;

import java.util.Arrays;

/**
 * Which counters of one direction have been opened, as WireGuard and DTLS keep it: the highest seen, and
 * a bitmap of the {@value #SIZE} below it. A counter above the highest is new; one within the window is
 * new if its bit is clear; one below the window is refused, as if replayed (a datagram delayed that long
 * is resent by the reliability layer anyway). Reordering within the window is tolerated.
 *
 * <p>Only counters whose datagram opened are {@linkplain #accept accepted}: a forgery touches nothing.
 * Counters are non-negative (a sealed datagram's counter never reaches 2^63).
 */
public final class ReplayWindow {

    /** How far behind the highest counter a datagram may arrive and still be taken. */
    public static final int SIZE = 2048;

    private static final int WORD_BITS = Long.SIZE;

    private final long[] words = new long[SIZE / WORD_BITS];
    private long highest = -1;

    /** Whether {@code counter} has not been accepted and is not too old to tell. */
    public boolean isFresh(long counter) {
        if (counter < 0) {
            return false;
        }
        if (counter > highest) {
            return true;
        }
        if (highest - counter >= SIZE) {
            return false;
        }
        return !isSet(counter);
    }

    /** Marks {@code counter} as taken; it must be {@link #isFresh fresh}. */
    public void accept(long counter) {
        if (!isFresh(counter)) {
            throw new IllegalArgumentException("counter " + counter + " is not fresh");
        }
        if (counter > highest) {
            long advance = highest < 0 ? SIZE : counter - highest;
            if (advance >= SIZE) {
                Arrays.fill(words, 0);
            } else {
                for (long cleared = highest + 1; cleared < counter; cleared++) {
                    clear(cleared); // the bits that now stand for counters never seen
                }
            }
            highest = counter;
        }
        set(counter);
    }

    /** The highest counter accepted, or -1 before the first. */
    public long highest() {
        return highest;
    }

    private boolean isSet(long counter) {
        int bit = (int) (counter % SIZE);
        return (words[bit / WORD_BITS] & (1L << (bit % WORD_BITS))) != 0;
    }

    private void set(long counter) {
        int bit = (int) (counter % SIZE);
        words[bit / WORD_BITS] |= 1L << (bit % WORD_BITS);
    }

    private void clear(long counter) {
        int bit = (int) (counter % SIZE);
        words[bit / WORD_BITS] &= ~(1L << (bit % WORD_BITS));
    }
}
