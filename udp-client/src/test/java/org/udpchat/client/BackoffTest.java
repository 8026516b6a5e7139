package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pauses of one reconnection: half a second, doubling, never more than eight seconds. */
class BackoffTest {

    @Test
    void startsAtHalfASecondAndDoublesUpToEightSeconds() {
        Backoff backoff = new Backoff();
        List<Duration> pauses = new ArrayList<>();
        for (int attempt = 0; attempt < 8; attempt++) {
            pauses.add(backoff.next());
        }

        assertEquals(
                List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 8_000L, 8_000L, 8_000L),
                pauses.stream().map(Duration::toMillis).toList());
    }
}
