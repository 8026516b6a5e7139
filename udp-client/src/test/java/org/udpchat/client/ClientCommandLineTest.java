package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        assertEquals(9000, config.server().port());
    }

    @Test
    void aRoomWithASpaceIsRefused() {
        String message = refusal("--room", "my room");
        assertTrue(message.startsWith("--room: 'my room' is not a room name"), message);
        assertTrue(message.contains("whitespace"), message);
    }

    @Test
    void aRoomOf33CharactersIsRefused() {
        String message = refusal("--room", "r".repeat(33));
        assertTrue(message.startsWith("--room: "), message);
        assertTrue(message.contains("more than 32 characters"), message);
    }

    @Test
    void anEmptyRoomIsRefused() {
        String message = refusal("--room", "  ");
        assertTrue(message.startsWith("--room: "), message);
        assertTrue(message.contains("empty"), message);
    }

    @Test
    void aRoomWithAControlCharacterIsRefusedAndQuotedSafely() {
        String message = refusal("--room", "a\u001B[2J");
        assertTrue(message.startsWith("--room: 'a\\u001B[2J' is not a room name"), message);
        assertTrue(message.contains("control or invisible"), message);
        assertTrue(!message.contains("\u001B"), "the escape itself must not reach the terminal");
    }

    @Test
    void roomWithoutItsValueIsRefused() {
        assertTrue(refusal("--room").contains("room"));
    }

    @Test
    void aClassicServerHasNoRoomButTheLobby() {
        String message = refusal("--room", "games", "--legacy");
        assertTrue(message.startsWith("--room: "), message);
        assertTrue(message.contains("--legacy"), message);
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
        assertTrue(ClientCommandLine.help().contains("--room"), ClientCommandLine.help());
    }
}
