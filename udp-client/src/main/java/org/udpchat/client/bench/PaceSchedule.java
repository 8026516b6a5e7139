package org.udpchat.client.bench;

/**
 * When the load program's chats fall due at a fixed rate of deliveries: one sequence of chats, numbered from
 * 0, evenly spaced, dealt to the senders in turn (chat {@code n} is sender {@code n % senders}'s), so the
 * senders share the rate and never send together. Every chat is delivered to every member, the sender
 * included, so {@code deliveriesPerSecond} deliveries a second are {@code deliveriesPerSecond / members}
 * chats. Times are {@link System#nanoTime} values; pure arithmetic, no clock of its own.
 */
final class PaceSchedule {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long startNanos;
    private final double chatsPerSecond;
    private final int senders;

    PaceSchedule(long startNanos, long deliveriesPerSecond, int members, int senders) {
        if (deliveriesPerSecond <= 0) {
            throw new IllegalArgumentException("the rate must be positive: " + deliveriesPerSecond);
        }
        if (senders < 1 || senders > members) {
            throw new IllegalArgumentException("senders must be 1 to " + members + ": " + senders);
        }
        this.startNanos = startNanos;
        this.chatsPerSecond = (double) deliveriesPerSecond / members;
        this.senders = senders;
    }

    /** Chats a second, all senders together. */
    double chatsPerSecond() {
        return chatsPerSecond;
    }

    /** When chat {@code n} is due. */
    long dueNanos(long n) {
        // computed from the start each time, not by adding intervals, so rounding never accumulates
        return startNanos + Math.round(n * (NANOS_PER_SECOND / chatsPerSecond));
    }

    /** Which sender says chat {@code n}. */
    int sender(long n) {
        return (int) (n % senders);
    }

    /** The first chat due at or after {@code nanos}: where a window that starts then begins. */
    long firstDueAtOrAfter(long nanos) {
        long n = Math.max(0, (long) Math.floor((nanos - startNanos) * chatsPerSecond / NANOS_PER_SECOND));
        while (dueNanos(n) < nanos) {
            n++;
        }
        while (n > 0 && dueNanos(n - 1) >= nanos) {
            n--;
        }
        return n;
    }
}
