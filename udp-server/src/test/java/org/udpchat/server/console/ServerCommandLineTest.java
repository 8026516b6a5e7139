package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.StateDirectory;

/** The command line's state directory (where the bans and mutes go, or nowhere) and history. */
class ServerCommandLineTest {

    private static ServerConfig parse(String... args) throws ServerCommandLine.UsageException {
        return ((ServerCommandLine.Run) ServerCommandLine.parse(args)).config();
    }

    @Test
    void keepsBansInTheUsersStateDirectoryByDefault() throws Exception {
        assertEquals(Optional.of(StateDirectory.defaultLocation()), parse().stateDirectory());
    }

    @Test
    void keepsBansWhereStateDirSays() throws Exception {
        assertEquals(
                Optional.of(Path.of("/srv/chat")),
                parse("--state-dir", "/srv/chat").stateDirectory());
        assertEquals(
                Optional.of(Path.of("./none")), parse("--state-dir", "./none").stateDirectory());
    }

    @Test
    void keepsBansInMemoryOnlyWithStateDirNone() throws Exception {
        assertEquals(Optional.empty(), parse("--state-dir", "none").stateDirectory());
    }

    @Test
    void refusesAnEmptyStateDir() {
        ServerCommandLine.UsageException refused =
                assertThrows(ServerCommandLine.UsageException.class, () -> parse("--state-dir", ""));
        assertEquals(
                "--state-dir: give a directory, or none to keep bans and mutes in memory only", refused.getMessage());
    }

    @Test
    void keepsTwoHundredLinesOfHistoryByDefaultAndWhatHistorySays() throws Exception {
        assertEquals(ServerConfig.DEFAULT_HISTORY_LINES, parse().historyLines());
        assertEquals(0, parse("--history", "0").historyLines());
        assertEquals(10_000, parse("--history", "10000").historyLines());
    }

    @Test
    void refusesAHistoryThatIsNoNumberOfLinesInRange() {
        for (String bad : new String[] {"-1", "10001", "lots"}) {
            ServerCommandLine.UsageException refused =
                    assertThrows(ServerCommandLine.UsageException.class, () -> parse("--history", bad));
            assertEquals("--history: '" + bad + "' is not a number of lines in 0..10000", refused.getMessage());
        }
    }
}
