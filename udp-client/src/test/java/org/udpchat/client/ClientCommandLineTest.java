package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jline.utils.WCWidth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.secure.Fingerprint;

/** The client's command line, {@code --room} above all: what it accepts, and how it explains a refusal. */
class ClientCommandLineTest {

    private static ClientConfig config(String... args) throws ClientCommandLine.UsageException {
        return assertInstanceOf(ClientCommandLine.Run.class, ClientCommandLine.parse(args))
                .config();
    }

    private static String refusal(String... args) {
        return assertThrows(ClientCommandLine.UsageException.class, () -> ClientCommandLine.parse(args))
                .getMessage();
    }

    @Test
    void withoutRoomTheServerChooses() throws Exception {
        assertEquals(Optional.empty(), config().room());
        assertEquals(Optional.empty(), config("--legacy").room());
    }

    @Test
    void roomIsTaken() throws Exception {
        assertEquals(Optional.of("games"), config("--room", "games").room());
        assertEquals(Optional.of("games"), config("--room=games").room());
        assertEquals(Optional.of("游戏室"), config("--room", "游戏室").room());
        assertEquals(
                Optional.of("r".repeat(32)), config("--room", "r".repeat(32)).room());
    }

    @Test
    void roomIsStripped() throws Exception {
        assertEquals(Optional.of("games"), config("--room", "  games\t").room());
    }

    @Test
    void roomGoesWithTheOtherOptions() throws Exception {
        ClientConfig config =
                config("--server", "127.0.0.1:9000", "--name", "alice", "--room", "games", "--lang", "en");
        assertEquals(Optional.of("games"), config.room());
        assertEquals(Optional.of("alice"), config.name());
        assertEquals(9000, config.servers().first().port());
    }

    @Test
    void severalServersAreTakenInOrder() throws Exception {
        assertEquals(
                List.of(
                        org.udpchat.codec.HostPort.parse("a.example:8888"),
                        org.udpchat.codec.HostPort.parse("[::1]:8889")),
                config("--server", "a.example:8888,[::1]:8889").servers().servers());
    }

    @Test
    void aBadServerListIsRefusedWithTheElementAtFault() {
        assertEquals(
                "--server: server 2 of 2: nothing between the commas: list servers as HOST:PORT,HOST:PORT",
                refusal("--server", "a.example:8888,"));
        assertEquals(
                "--server: server 2 of 2: 'a.example:8888' is server 1 already: name each server once",
                refusal("--server", "a.example:8888,a.example:8888"));
        assertEquals("--server: port 0 is not a server's port", refusal("--server", "a.example:0"));
    }

    @Test
    void aBadServerListEndsTheProgramWithTheUsageStatus() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        ClientMain client = new ClientMain(
                new java.io.BufferedReader(new java.io.StringReader("")),
                new java.io.PrintStream(
                        new java.io.ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                false);

        assertEquals(ExitStatus.USAGE.code(), client.run("--server", "127.0.0.1:8888,,127.0.0.1:8889", "--lang", "en"));
        assertTrue(
                err.toString(java.nio.charset.StandardCharsets.UTF_8)
                        .startsWith("udp-client: --server: server 2 of 3: nothing between the commas"),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theHelpSaysServerTakesAList() {
        String help = ClientCommandLine.help(Locale.ENGLISH);
        assertTrue(help.contains("  --server HOST:PORT,...  the chat server (default 127.0.0.1:8888; IPv6 as"), help);
    }

    @Test
    void aRoomWithASpaceIsRefused() {
        assertEquals("--room: 'my room' is not a room name: it has whitespace", refusal("--room", "my room"));
    }

    @Test
    void aRoomOf33CharactersIsRefused() {
        assertEquals(
                "--room: '" + "r".repeat(33) + "' is not a room name: it has more than 32 characters",
                refusal("--room", "r".repeat(33)));
    }

    @Test
    void anEmptyRoomIsRefused() {
        assertEquals("--room: '' is not a room name: it is empty", refusal("--room", "  "));
    }

    @Test
    void aRoomWithAControlCharacterIsRefusedAndQuotedSafely() {
        // the escape character itself must not reach the terminal: it is quoted as an escape sequence
        assertEquals(
                "--room: 'a\\u001B[2J' is not a room name: it has control or invisible characters",
                refusal("--room", "a\u001B[2J"));
    }

    @Test
    void roomWithoutItsValueIsRefused() {
        assertEquals("Missing argument for option: room", refusal("--room"));
    }

    @Test
    void aClassicServerHasNoRoomButTheLobby() {
        assertEquals("--room: a classic (--legacy) server has one room only", refusal("--room", "games", "--legacy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lobby", "LOBBY", "Lobby"})
    void aClassicServerTakesTheLobby(String lobby) throws Exception {
        ClientConfig config = config("--legacy", "--room", lobby);
        assertTrue(config.legacy());
        assertEquals(Optional.of(lobby), config.room());
    }

    @Test
    void theHelpNamesRoom() {
        String help = ClientCommandLine.help(Locale.ENGLISH);
        assertTrue(
                help.contains("  --room ROOM             the room to start in (default lobby); /join moves\n"
                        + "                          later\n"),
                help);
    }

    @Test
    void theHelpFitsAnEightyColumnTerminal() {
        assertEquals(
                List.of(),
                ClientCommandLine.help(Locale.ENGLISH)
                        .lines()
                        .filter(line -> line.length() > 80)
                        .toList());
    }

    @Test
    void theHelpFollowsLangAndTheDefaultLanguageIsChinese() throws Exception {
        assertEquals(new ClientCommandLine.ShowHelp(Locale.CHINESE), ClientCommandLine.parse("--help"));
        assertEquals(new ClientCommandLine.ShowHelp(Locale.CHINESE), ClientCommandLine.parse("--help", "--lang", "zh"));
        assertEquals(new ClientCommandLine.ShowHelp(Locale.ENGLISH), ClientCommandLine.parse("--lang=en", "--help"));
        assertTrue(ClientCommandLine.help(Locale.CHINESE).startsWith("用法：java -jar udp-client.jar [选项]\n"));
        assertTrue(ClientCommandLine.help(Locale.CHINESE).contains("  --room ROOM             起始房间（默认 lobby）"));
        assertTrue(ClientCommandLine.help(Locale.ENGLISH).startsWith("Usage: java -jar udp-client.jar [options]\n"));
    }

    @Test
    void theChineseHelpFitsAnEightyColumnTerminalToo() {
        assertEquals(
                List.of(),
                ClientCommandLine.help(Locale.CHINESE)
                        .lines()
                        .filter(line -> line.codePoints().map(WCWidth::wcwidth).sum() > 80)
                        .toList());
    }

    @Test
    void theHelpAfterAUsageErrorIsInTheLanguageAskedForIfItCanBeMadeOut() {
        assertEquals(Locale.CHINESE, ClientCommandLine.helpLanguage("--what"));
        assertEquals(Locale.ENGLISH, ClientCommandLine.helpLanguage("--what", "--lang", "en"));
        assertEquals(Locale.ENGLISH, ClientCommandLine.helpLanguage("--lang=EN", "--server", "x"));
        assertEquals(Locale.CHINESE, ClientCommandLine.helpLanguage("--lang", "fr"));
        assertEquals(Locale.CHINESE, ClientCommandLine.helpLanguage("--lang"));
    }

    @Test
    void timestampsAreShownAtATerminalUnlessAskedOtherwise() throws Exception {
        assertEquals(ClientConfig.Timestamps.AT_A_TERMINAL, config().timestamps());
        assertEquals(ClientConfig.Timestamps.ALWAYS, config("--timestamps").timestamps());
        assertEquals(ClientConfig.Timestamps.NEVER, config("--no-timestamps").timestamps());
        assertTrue(ClientConfig.Timestamps.AT_A_TERMINAL.shown(true));
        assertFalse(ClientConfig.Timestamps.AT_A_TERMINAL.shown(false));
        assertTrue(ClientConfig.Timestamps.ALWAYS.shown(false));
        assertFalse(ClientConfig.Timestamps.NEVER.shown(true));
        assertEquals("--timestamps and --no-timestamps: choose one", refusal("--timestamps", "--no-timestamps"));
    }

    @Test
    void withoutServerKeyTheKeyIsTrustedOnFirstUse() throws Exception {
        assertEquals(Optional.empty(), config().serverKey());
    }

    @Test
    void serverKeyTakesAFingerprintWithOrWithoutItsPrefix() throws Exception {
        Fingerprint fingerprint = Fingerprint.of(new byte[32]);
        assertEquals(
                Optional.of(fingerprint),
                config("--server-key", fingerprint.text()).serverKey());
        assertEquals(
                Optional.of(fingerprint),
                config("--server-key=" + fingerprint.text().substring("SHA256:".length()))
                        .serverKey());
        assertEquals(
                Optional.of(fingerprint),
                config("--server-key", " " + fingerprint + " ").serverKey());
    }

    @Test
    void aServerKeyThatIsNotAFingerprintIsAUsageErrorThatSaysWhatIsExpected() {
        String expected =
                " is not a key fingerprint: expected SHA256: and 43 base64 characters, as the server" + " prints it";
        assertEquals("--server-key: 'SHA256:abc'" + expected, refusal("--server-key", "SHA256:abc"));
        assertEquals("--server-key: 'MD5:aa:bb'" + expected, refusal("--server-key", "MD5:aa:bb"));
        String oneTooMany = Fingerprint.of(new byte[32]).text() + "A";
        String quoted = refusal("--server-key", oneTooMany);
        assertTrue(quoted.startsWith("--server-key: 'SHA256:") && quoted.endsWith(expected), quoted);
        assertEquals("Missing argument for option: server-key", refusal("--server-key"));
    }

    @Test
    void aClassicServerHasNoKeyToCheck() {
        assertEquals(
                "--server-key: a classic (--legacy) server has no key to check",
                refusal("--legacy", "--server-key", Fingerprint.of(new byte[32]).text()));
    }

    @Test
    void theHelpNamesServerKey() {
        String help = ClientCommandLine.help(Locale.ENGLISH);
        assertTrue(
                help.contains("  --server-key FINGERPRINT\n                          connect only if the server's key"),
                help);
        assertTrue(ClientCommandLine.help(Locale.CHINESE).contains("  --server-key FINGERPRINT\n"));
    }
}
