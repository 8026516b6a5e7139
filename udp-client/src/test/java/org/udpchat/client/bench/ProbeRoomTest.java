package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The probe's members join, say their timed lines and hear each other's through sealed sessions. */
class ProbeRoomTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyLineOfTheMeasuredTimeIsASampleAtEveryOtherMember() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer();
                ProbeRoom room = ProbeRoom.join(server.serve(), 3)) {
            ProbeRoom.Result result = room.measure(
                    Duration.ofMillis(200), Duration.ofMillis(1_500), Duration.ofSeconds(5), Duration.ofMillis(600));

            assertEquals(0, result.lost());
            assertEquals(0, result.membersLost());
            assertTrue(
                    result.latencies().count() >= 2 * 3,
                    "samples: " + result.latencies().count());
        }
    }
}
