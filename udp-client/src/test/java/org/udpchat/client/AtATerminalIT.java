package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;

/**
 * The client program at a (virtual) terminal against the real server, in-process: the line editor's
 * whole path, from the joined line to Ctrl-D or Ctrl-C, while another member (piped, as a script) chats.
 */
@Timeout(60)
class AtATerminalIT {

    @TempDir
    Path state;

    private ChatServer server;
    private final InProcessClients scripts = new InProcessClients();
    private final VirtualTerminal xterm = new VirtualTerminal(80, 12);
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private CompletableFuture<Integer> alice;

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stopAll() throws Exception {
        if (alice != null && !alice.isDone()) {
            xterm.type("\025\004"); // Ctrl-U empties the line, so that Ctrl-D ends the input
            alice.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        scripts.endInput();
        server.close();
        xterm.close();
    }

    private String serverAddress() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    /** Alice at the terminal, in English, without timestamps so that the screen can be compared. */
    private void startAlice(String... more) throws Exception {
        ClientMain program = ClientMain.atATerminal(
                        xterm::open,
                        Optional.of(state.resolve("udp-chat").resolve("history")),
                        new BufferedReader(new StringReader("")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        logs -> {})
                .knowing(FreshKnownServers.make());
        List<String> args = new java.util.ArrayList<>(
                List.of("--server", serverAddress(), "--name", "alice", "--lang", "en", "--no-timestamps"));
        args.addAll(List.of(more));
        alice = CompletableFuture.supplyAsync(() -> program.run(args.toArray(new String[0])));
        xterm.awaitLastLine("[lobby] alice>");
    }

    private InProcessClient bob() {
        InProcessClient bob = scripts.start("--server", serverAddress(), "--name", "bob", "--lang", "en");
        bob.out.awaitLineMatching(Pattern.compile("You are in room \\S+"));
        return bob;
    }

    @Test
    void whatArrivesGoesAboveTheHalfTypedLineAndOurOwnLineShowsOnceAsTheRoomOrdersIt() throws Exception {
        startAlice();
        InProcessClient bob = bob();
        xterm.type("this is half typ");
        xterm.awaitLastLine("[lobby] alice> this is half typ");

        bob.type("打断一下 interrupting");

        List<String> lines = xterm.awaitScreen(
                "bob's line above the half-typed one",
                shown -> shown.contains("bob : 打断一下 interrupting")
                        && shown.get(shown.size() - 1).equals("[lobby] alice> this is half typ"));
        lines = lines.subList(lines.indexOf("You are in room lobby"), lines.size()); // after the key's first contact
        assertEquals(
                List.of(
                        "You are in room lobby",
                        "bob joined the room",
                        "bob : 打断一下 interrupting",
                        "[lobby] alice> this is half typ"),
                lines);
        xterm.type("ed\r");
        bob.out.awaitLine("alice : this is half typed");
        lines = xterm.awaitScreen(
                "our line, relayed", shown -> shown.get(shown.size() - 2).equals("alice : this is half typed"));
        assertEquals("[lobby] alice>", lines.get(lines.size() - 1));
        assertEquals(
                1,
                lines.stream()
                        .filter(line -> line.contains("this is half typed"))
                        .count(),
                String.join("\n", lines));
    }

    @Test
    void ctrlDLeavesAfterEveryLineAndKeepsTheHistory() throws Exception {
        startAlice();
        xterm.type("remember this\r");
        xterm.awaitScreen("our line", lines -> lines.contains("alice : remember this"));
        xterm.type("\004");
        assertEquals(ExitStatus.OK.code(), alice.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        xterm.awaitScreen("the goodbye", lines -> lines.contains("You left the room"));
        assertTrue(
                Files.readString(state.resolve("udp-chat").resolve("history")).contains("remember this"));
        assertEquals("", err.text());
    }

    @Test
    void ctrlCLeavesTheRoomAtOnceWithStatus0() throws Exception {
        startAlice();
        InProcessClient bob = bob();
        xterm.type("half typed\003");
        assertEquals(ExitStatus.OK.code(), alice.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        bob.out.awaitLine("alice left the room");
        assertTrue(bob.out.lines().stream().noneMatch(line -> line.contains("half typed")), bob.out.text());
    }

    @Test
    void thePromptFollowsJoinAndNickAndTabCompletesTheRoomsLearnt() throws Exception {
        startAlice();
        xterm.type("/rooms\r");
        xterm.awaitScreen("the rooms", lines -> lines.contains("- lobby (1)"));
        xterm.awaitLastLine("[lobby] alice>"); // typed before the prompt, keys would be echoed by the tty
        xterm.type("/join games\r");
        xterm.awaitLastLine("[games] alice>");
        xterm.type("/NICK alicia\r");
        xterm.awaitLastLine("[games] alicia>");
        xterm.type("/join lo\t");
        xterm.awaitLastLine("[games] alicia> /join lobby");
        xterm.type("\r");
        xterm.awaitLastLine("[lobby] alicia>");
    }

    @Test
    void ctrlCAtTheNamePromptEndsWith130AndNoComplaint() throws Exception {
        ClientMain program = ClientMain.atATerminal(
                        xterm::open,
                        Optional.empty(),
                        new BufferedReader(new StringReader("")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        logs -> {})
                .knowing(FreshKnownServers.make());
        alice = CompletableFuture.supplyAsync(
                () -> program.run("--server", serverAddress(), "--lang", "en", "--no-timestamps"));
        xterm.awaitLastLine("Your name:");
        xterm.type("ali\003");

        assertEquals(
                ExitStatus.INTERRUPTED.code(),
                alice.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals("", err.text(), "Ctrl-C is not a mistake to explain");
        assertEquals(List.of(), server.members());
    }

    @Test
    void aTerminalThatCannotBeOpenedGetsThePlainClient() throws Exception {
        ClientMain program = ClientMain.atATerminal(
                        () -> {
                            throw new IOException("no stty here");
                        },
                        Optional.empty(),
                        new BufferedReader(new StringReader("hello from a plain line\n")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        logs -> {
                            throw new AssertionError("no editor, no log redirection");
                        })
                .knowing(FreshKnownServers.make());
        int status = program.run("--server", serverAddress(), "--name", "alice", "--lang", "en", "--no-timestamps");
        assertEquals(ExitStatus.OK.code(), status);
        assertEquals(
                List.of("You are in room lobby", "alice : hello from a plain line", "You left the room"), out.lines());
    }
}
