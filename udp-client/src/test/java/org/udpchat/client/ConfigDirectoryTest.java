package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the remembered keys go: the XDG configuration directory if set (and absolute), else ~/.config. */
class ConfigDirectoryTest {

    private static final Path HOME = Path.of("/home/alice");

    @Test
    void xdgConfigHomeWins() {
        assertEquals(
                Path.of("/etc/alice/udp-chat/known_servers"),
                ConfigDirectory.knownServersFile(Map.of("XDG_CONFIG_HOME", "/etc/alice"), HOME));
    }

    @Test
    void withoutItTheHomesConfig() {
        assertEquals(
                Path.of("/home/alice/.config/udp-chat/known_servers"),
                ConfigDirectory.knownServersFile(Map.of(), HOME));
        assertEquals(Path.of("/home/alice/.config/udp-chat"), ConfigDirectory.of(Map.of("XDG_CONFIG_HOME", ""), HOME));
    }

    @Test
    void aRelativeXdgConfigHomeIsIgnoredAsTheSpecificationSays() {
        assertEquals(
                Path.of("/home/alice/.config/udp-chat"), ConfigDirectory.of(Map.of("XDG_CONFIG_HOME", "config"), HOME));
    }

    @Test
    void theStateDirectorysVariableIsNotTheConfigurations() {
        assertEquals(
                Path.of("/home/alice/.config/udp-chat"),
                ConfigDirectory.of(Map.of("XDG_STATE_HOME", "/var/state"), HOME));
    }
}
