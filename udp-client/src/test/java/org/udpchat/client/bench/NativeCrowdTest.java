package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A crowd of native members joins through protocol 2's handshake, a few at a time, on one thread. */
class NativeCrowdTest {

    private static final long LIMIT_NANOS = 30_000_000_000L;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyMemberShakesHandsAndIsWelcomedUnderItsOwnKeys() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer(Set.of(), 3);
                NativeCrowd crowd = new NativeCrowd(server.serve(), 20, 4)) {
            crowd.beginJoining();

            assertTrue(crowd.runUntil(() -> crowd.welcomed() == 20, System.nanoTime() + LIMIT_NANOS));
            assertEquals(0, crowd.failed());
            assertEquals(0, crowd.unopened());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRefusedMemberCountsAsFailedAndFreesItsPlaceInTheWindow() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer(Set.of("n0", "n1"), 0);
                NativeCrowd crowd = new NativeCrowd(server.serve(), 6, 2)) {
            crowd.beginJoining();

            assertTrue(crowd.runUntil(() -> crowd.welcomed() + crowd.failed() == 6, System.nanoTime() + LIMIT_NANOS));
            assertEquals(4, crowd.welcomed());
            assertEquals(2, crowd.failed());
        }
    }
}
