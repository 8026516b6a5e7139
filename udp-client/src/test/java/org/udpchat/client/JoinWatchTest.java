package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JoinWatchTest {

    private final JoinWatch<String> watch = new JoinWatch<>();

    @Test
    void beforeAnyJoinThereIsNothingToLeave() throws InterruptedException {
        assertEquals(Optional.empty(), watch.awaitSettled());
    }

    @Test
    void aJoinThatSucceedsWhileTheHookWaitsIsLeft() throws Exception {
        watch.joining(Duration.ofMinutes(1));
        CompletableFuture<Optional<String>> hook = CompletableFuture.supplyAsync(() -> {
            try {
                return watch.awaitSettled();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        watch.joined("bob in lobby");

        assertEquals(Optional.of("bob in lobby"), hook.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aJoinThatFailsLeavesNothing() throws Exception {
        watch.joining(Duration.ofMinutes(1));
        CompletableFuture<Optional<String>> hook = CompletableFuture.supplyAsync(() -> {
            try {
                return watch.awaitSettled();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });

        watch.notJoined();

        assertEquals(Optional.empty(), hook.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aJoinThatNeverSettlesIsWaitedForOnlyUntilItsOwnTimeoutHasPassed() throws InterruptedException {
        watch.joining(Duration.ofMillis(1));

        assertEquals(Optional.empty(), watch.awaitSettled(), "returns once the timeout and margin have passed");
    }

    @Test
    void aMembershipStaysUntilTheProcessEnds() throws InterruptedException {
        watch.joining(Duration.ofMinutes(1));
        watch.joined("bob");

        assertEquals(Optional.of("bob"), watch.now());
        assertEquals(Optional.of("bob"), watch.awaitSettled());
    }
}
