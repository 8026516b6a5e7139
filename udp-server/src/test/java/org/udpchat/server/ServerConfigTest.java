package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;
import org.udpchat.server.cluster.ClusterOptions;

class ServerConfigTest {

    private final ServerConfig defaults = ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0);

    /**
     * Every {@code with...} changes its own field and keeps all the others: the record's fields listed, each
     * once, as the configuration made by changing every field in turn must equal one made at once.
     */
    @Test
    void everyChangeKeepsTheOtherFields() {
        Optional<InetAddress> anywhere = Optional.empty();
        RoomLimits limits = new RoomLimits(7, 5, 3);
        Safeguards safeguards = Safeguards.DEFAULTS.withClassic(ClassicAccess.ANY);
        Optional<Path> state = Optional.of(Path.of("/tmp/state"));
        Optional<ClusterOptions> cluster =
                Optional.of(ClusterOptions.of("chat", 5702, List.of(new HostPort("127.0.0.1", 5702))));

        ServerConfig changed = defaults.withBindAddress(anywhere)
                .withLanguage(Locale.ENGLISH)
                .withLimits(limits)
                .withSessionTimeout(Duration.ofSeconds(40))
                .withClassicIdleTimeout(Duration.ofMinutes(3))
                .withSafeguards(safeguards)
                .withStateDirectory(state)
                .withHistoryLines(17)
                .withMaxHandshakesPerIp(9)
                .withCluster(cluster)
                .withMaxHandshakes(11);

        ServerConfig expected = new ServerConfig(
                anywhere,
                defaults.port(),
                Locale.ENGLISH,
                limits,
                defaults.logLevel(),
                defaults.logFile(),
                Duration.ofSeconds(40),
                Duration.ofMinutes(3),
                safeguards,
                state,
                17,
                9,
                cluster,
                11);
        assertEquals(expected, changed);
        assertEquals(
                defaults,
                changed.withBindAddress(defaults.bindAddress())
                        .withLanguage(defaults.language())
                        .withLimits(defaults.limits())
                        .withSessionTimeout(defaults.sessionTimeout())
                        .withClassicIdleTimeout(defaults.classicIdleTimeout())
                        .withSafeguards(defaults.safeguards())
                        .withStateDirectory(defaults.stateDirectory())
                        .withHistoryLines(defaults.historyLines())
                        .withMaxHandshakesPerIp(defaults.maxHandshakesPerIp())
                        .withCluster(defaults.cluster())
                        .withMaxHandshakes(defaults.maxHandshakes()));
    }

    @Test
    void aChangeIsCheckedAsAFreshConfigurationIs() {
        assertThrows(IllegalArgumentException.class, () -> defaults.withHistoryLines(-1));
        assertThrows(IllegalArgumentException.class, () -> defaults.withSessionTimeout(Duration.ZERO));
        assertEquals(3, defaults.withMaxMembers(3).maxMembers());
    }
}
