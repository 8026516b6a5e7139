package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/** What every node's Hazelcast is told, and what an operator's configuration file may say otherwise. */
class HazelcastSettingsTest {

    private static final Fingerprint KEY = Fingerprint.of(new byte[32]);

    @Test
    void aNodeNeverCallsOutDetectsADeadNodeInSecondsAndLooksForTheOtherSideOfASplitEvery10Seconds() throws Exception {
        Config config = HazelcastSettings.configFor(
                ClusterOptions.of("chat", 0, List.of(new HostPort("127.0.0.1", 5701))), KEY);

        assertEquals("chat", config.getClusterName());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("1", config.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("30", config.getProperty("hazelcast.merge.first.run.delay.seconds"));
        assertEquals("10", config.getProperty("hazelcast.merge.next.run.delay.seconds"));
        assertEquals(KEY.text(), config.getMemberAttributeConfig().getAttribute(HazelcastSettings.KEY_ATTRIBUTE));
    }

    @Test
    void theOperatorsFileDecidesTheTimingsItGivesButNeverPhoningHomeNorTheName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hazelcast.yaml");
        Files.writeString(
                file,
                """
                hazelcast:
                  cluster-name: theirs
                  properties:
                    hazelcast.phone.home.enabled: true
                    hazelcast.merge.next.run.delay.seconds: 60
                    hazelcast.max.no.heartbeat.seconds: 20
                """);

        Config config =
                HazelcastSettings.configFor(new ClusterOptions("chat", 5701, List.of(), Optional.of(file)), KEY);

        assertEquals("chat", config.getClusterName());
        assertEquals("false", config.getProperty("hazelcast.phone.home.enabled"));
        assertEquals("60", config.getProperty("hazelcast.merge.next.run.delay.seconds"));
        assertEquals("20", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("30", config.getProperty("hazelcast.merge.first.run.delay.seconds"));
    }
}
