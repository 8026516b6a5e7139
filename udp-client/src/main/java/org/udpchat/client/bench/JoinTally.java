package org.udpchat.client.bench;

/**
 * Whether every member of a join storm heard of everyone who joined after it. A member hears of later
 * joiners one by one (JOINED, counted 1) or coalesced (a notice of {@code n} who joined, counted
 * {@code n}); the relay admits members in an order the load program sees only as the order their
 * welcomes arrived, so a member's {@link #expected} share is reckoned from its place in that order.
 *
 * <p>The relay tells each member of those admitted after it and of no one else (a newcomer in a coalesced
 * notice hears only of those after it in that notice), so with the relay's order every count would be
 * exact. Reckoned from the order of welcomes read, a member may seem to hear more or fewer than expected by
 * as many places as that order differs from the relay's (the handshakes in flight are answered in the
 * relay's order, but the load program may read their channels in another; with one handshake in flight at
 * a time the order is exact). Whatever the order, the member the relay admitted first hears of every other
 * and no member can hear of more, so {@link #mostHeard} is the whole storm less one exactly, unless a
 * notice to that member was lost.
 */
final class JoinTally {

    private final long[] heard;
    private final int[] place;

    /**
     * @param heard how many joins each member heard of, counting from its own welcome
     * @param place each member's place in the order of welcomes, 0 for the first
     */
    JoinTally(long[] heard, int[] place) {
        if (heard.length != place.length) {
            throw new IllegalArgumentException(heard.length + " counts for " + place.length + " places");
        }
        this.heard = heard;
        this.place = place;
    }

    /** Joins the member at {@code place} should hear of: everyone welcomed after it. */
    long expected(int member) {
        return heard.length - 1L - place[member];
    }

    /** Members that heard of fewer joins than came after them. */
    int shortMembers() {
        int count = 0;
        for (int i = 0; i < heard.length; i++) {
            if (heard[i] < expected(i)) {
                count++;
            }
        }
        return count;
    }

    /** The largest shortfall of any member: 0 when nothing was lost. */
    long largestShortfall() {
        long largest = 0;
        for (int i = 0; i < heard.length; i++) {
            largest = Math.max(largest, expected(i) - heard[i]);
        }
        return largest;
    }

    /** The joins heard beyond those expected, summed: how far the order of welcomes read is off the relay's. */
    long surplus() {
        long sum = 0;
        for (int i = 0; i < heard.length; i++) {
            sum += Math.max(0, heard[i] - expected(i));
        }
        return sum;
    }

    /**
     * The most joins any member heard of: the first member admitted hears of all the others; a member told
     * with others of its own arrival hears of those admitted after the notice's first, never more.
     */
    long mostHeard() {
        long most = 0;
        for (long count : heard) {
            most = Math.max(most, count);
        }
        return most;
    }
}
