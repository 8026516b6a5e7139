package org.udpchat.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether the client is in a room, for the shutdown hook, which runs on a thread of its own while the main
 * thread may be half way through a join. The server may have taken the member in before the main thread
 * knows it (its welcome on the way back), so a signal then must not end the process without a leave: the
 * hook {@linkplain #awaitSettled waits} for the join under way to settle, and leaves if it succeeded.
 *
 * @param <M> what the main thread records once joined
 */
final class JoinWatch<M> {

    /** Past the join's own timeout: the main thread needs a moment to see that it ran out. */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    // Guarded by this:
    private M membership;
    private boolean joining;
    private long settledByNanos;

    /**
     * The main thread is about to ask the server to take it in.
     *
     * @param timeout how long the join may take at most before it gives up by itself
     */
    synchronized void joining(Duration timeout) {
        joining = true;
        settledByNanos = System.nanoTime() + timeout.plus(MARGIN).toNanos();
    }

    /** The server took us in: from now on the hook has something to leave. */
    synchronized void joined(M joined) {
        membership = joined;
        joining = false;
        notifyAll();
    }

    /** The join under way ended without a membership: refused, or unanswered. */
    synchronized void notJoined() {
        joining = false;
        notifyAll();
    }

    /**
     * The membership, once the join under way (if any) has settled, or has outlived its own timeout; empty
     * when there is none to leave.
     */
    synchronized Optional<M> awaitSettled() throws InterruptedException {
        while (joining) {
            long leftNanos = settledByNanos - System.nanoTime();
            if (leftNanos <= 0) {
                break;
            }
            wait(Math.max(1, leftNanos / 1_000_000));
        }
        return Optional.ofNullable(membership);
    }

    /** The membership now, without waiting; empty before joining. */
    synchronized Optional<M> now() {
        return Optional.ofNullable(membership);
    }
}
