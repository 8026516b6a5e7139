package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load program's native members join, say and count deliveries through sealed sessions. */
class NativeLoadTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void countsEveryDeliveryOfARoomSpeakingProtocolTwo() throws Exception {
        try (TinyNativeServer server = new TinyNativeServer()) {
            InetSocketAddress address = server.serve();
            try (Load load = new Load(address, 3, new NativeLoad(3))) {
                load.joinAll();

                Load.Result result = load.run(2, 50, 8);

                assertEquals(2 * 50 * 3, result.expected());
                assertEquals(result.expected(), result.deliveries());
                assertEquals(0, result.unopened());
            }
        }
    }
}
