package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.StateDirectory;
import org.udpchat.server.Texts;

/**
 * The command line's state directory (where the bans, mutes and the server's key go, or nowhere), history
 * and handshake rate.
 */
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

    @Test
    void letsTwentyHandshakesASecondFromOneAddressByDefaultAndWhatMaxHandshakesPerIpSays() throws Exception {
        assertEquals(20, ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP);
        assertEquals(20, parse().maxHandshakesPerIp());
        assertEquals(0, parse("--max-handshakes-per-ip", "0").maxHandshakesPerIp(), "0: no limit");
        assertEquals(1, parse("--max-handshakes-per-ip", "1").maxHandshakesPerIp());
        assertEquals(100_000, parse("--max-handshakes-per-ip=100000").maxHandshakesPerIp());
    }

    @Test
    void theHandshakeRateIsKeptByEveryOtherChangeToTheConfiguration() throws Exception {
        ServerConfig config = parse("--max-handshakes-per-ip", "7");

        assertEquals(
                7,
                config.withHistoryLines(3)
                        .withMaxMembers(5)
                        .withStateDirectory(Optional.empty())
                        .maxHandshakesPerIp());
        assertEquals(9, config.withMaxHandshakesPerIp(9).maxHandshakesPerIp());
        assertThrows(IllegalArgumentException.class, () -> config.withMaxHandshakesPerIp(-1));
    }

    @Test
    void refusesAHandshakeRateThatIsNoNumberInRange() {
        for (String bad : new String[] {"-1", "100001", "many", "", "2.5", " 3"}) {
            ServerCommandLine.UsageException refused = assertThrows(
                    ServerCommandLine.UsageException.class, () -> parse("--max-handshakes-per-ip", bad), bad);
            assertEquals("--max-handshakes-per-ip: '" + bad + "' is not a number in 0..100000", refused.getMessage());
        }
    }

    @Test
    void letsFiveHundredHandshakesASecondFromAllAddressesByDefaultAndWhatMaxHandshakesSays() throws Exception {
        assertEquals(500, parse().maxHandshakes());
        assertEquals(0, parse("--max-handshakes", "0").maxHandshakes(), "0: no limit");
        assertEquals(
                2000,
                parse("--max-handshakes", "2000", "--max-handshakes-per-ip", "5")
                        .maxHandshakes());
        assertEquals(
                5,
                parse("--max-handshakes", "2000", "--max-handshakes-per-ip", "5")
                        .maxHandshakesPerIp());
        assertEquals(
                7,
                parse("--max-handshakes", "7")
                        .withHistoryLines(3)
                        .withMaxHandshakesPerIp(1)
                        .maxHandshakes());
        assertThrows(ServerCommandLine.UsageException.class, () -> parse("--max-handshakes", "-1"));
    }

    @Test
    void theHandshakeRateWantsAValue() {
        ServerCommandLine.UsageException refused =
                assertThrows(ServerCommandLine.UsageException.class, () -> parse("--max-handshakes-per-ip"));
        assertEquals("Missing argument for option: max-handshakes-per-ip", refused.getMessage());
    }

    @Test
    void theHelpNamesTheHandshakeRateAndItsDefaultInBothLanguages() {
        String english = ServerCommandLine.help(Texts.of(Locale.ENGLISH));
        assertTrue(
                english.contains("  --max-handshakes-per-ip N\n"
                        + "                          most encrypted handshakes that native clients at one\n"
                        + "                          address may begin in a second (default 20; 0: no\n"
                        + "                          limit)\n"),
                english);
        String chinese = ServerCommandLine.help(Texts.of(Locale.CHINESE));
        assertTrue(
                chinese.contains("  --max-handshakes-per-ip N\n"
                        + "                          同一地址的原生客户端每秒最多可发起的加密握手次数（默认\n"
                        + "                          20；0：不限）\n"),
                chinese);
    }
}
