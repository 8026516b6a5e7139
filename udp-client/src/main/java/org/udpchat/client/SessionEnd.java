package org.udpchat.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a session ends: once, with an {@link ExitStatus}, from whichever thread sees it first (the receiver
 * on {@code EXIT} or a kick, the sender on a quit), while the main thread waits for it. Thread-safe.
 */
final class SessionEnd {

    private final CompletableFuture<ExitStatus> status = new CompletableFuture<>();

    /** Ends with {@code exitStatus}; the first end wins. */
    void end(ExitStatus exitStatus) {
        status.complete(exitStatus);
    }

    boolean hasEnded() {
        return status.isDone();
    }

    /** Waits until the end and returns its exit status. */
    ExitStatus await() throws InterruptedException {
        try {
            return status.get();
        } catch (ExecutionException e) {
            throw new AssertionError("the end is never completed exceptionally", e);
        }
    }

    /**
     * Waits up to {@code timeout} for the end.
     *
     * @return whether it came; false also when interrupted (the interrupt flag is kept)
     */
    boolean await(Duration timeout) {
        try {
            status.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError("the end is never completed exceptionally", e);
        }
    }
}
