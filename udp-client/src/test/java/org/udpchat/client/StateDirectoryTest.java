package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the history goes: the XDG state directory if set (and absolute), else ~/.local/state. */
class StateDirectoryTest {

    private static final Path HOME = Path.of("/home/alice");

    @Test
    void xdgStateHomeWins() {
        assertEquals(
                Path.of("/var/state/udp-chat/history"),
                StateDirectory.historyFile(Map.of("XDG_STATE_HOME", "/var/state"), HOME));
    }

    @Test
    void withoutItTheHomesLocalState() {
        assertEquals(Path.of("/home/alice/.local/state/udp-chat/history"), StateDirectory.historyFile(Map.of(), HOME));
        assertEquals(
                Path.of("/home/alice/.local/state/udp-chat"), StateDirectory.of(Map.of("XDG_STATE_HOME", ""), HOME));
    }

    @Test
    void aRelativeXdgStateHomeIsIgnoredAsTheSpecificationSays() {
        assertEquals(
                Path.of("/home/alice/.local/state/udp-chat"),
                StateDirectory.of(Map.of("XDG_STATE_HOME", "state"), HOME));
    }
}
