package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adversaries that speak protocol 2 get as far as the server lets them. */
class AdversaryTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theInitFlooderMakesTheServerShakeHandsWithACookieItFetched() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer()) {
            Adversary flooder = Adversary.start(Adversary.Mode.INIT_FLOOD, server.serve());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (server.handshakes() < 10 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // polling, with a deadline
                }
            } finally {
                flooder.close();
            }
            assertTrue(
                    flooder.summary().matches("[0-9,]+ INITs sent, [0-9,]+ REPLYs .*, [1-9][0-9,]* cookies"),
                    flooder.summary());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theBurstyMemberJoinsThroughTheHandshake() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer()) {
            Adversary bursty = Adversary.start(Adversary.Mode.BURSTY, server.serve());
            bursty.close();
            assertTrue(bursty.summary().startsWith("0 events taken"), bursty.summary());
        }
    }
}
