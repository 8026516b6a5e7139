package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.server.console.VirtualTerminal.CTRL_A;
import static org.udpchat.server.console.VirtualTerminal.CTRL_D;
import static org.udpchat.server.console.VirtualTerminal.ENTER;
import static org.udpchat.server.console.VirtualTerminal.TAB;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;
import org.udpchat.server.Peer;

/**
 * {@code --attach} at a terminal (a JLine virtual xterm): the line editor's prompt, the answers and the
 * watched room above it, and Ctrl-D detaching while the server goes on.
 */
@Timeout(30)
class AttachAtATerminalIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String PROMPT = "admin>";
    private static final String CTRL_K = "\u000b";

    @TempDir
    Path temporary;

    private final Keyboard serverKeyboard = new Keyboard();
    private final VirtualTerminal terminal = new VirtualTerminal();
    private CompletableFuture<Integer> server;

    AttachAtATerminalIT() throws java.io.IOException {}

    @AfterEach
    void stop() throws Exception {
        serverKeyboard.type("/quit");
        server.get(10, TimeUnit.SECONDS);
        terminal.close();
    }

    @Test
    void theAttachedEditorShowsAnswersAndTheWatchedRoomAboveThePromptAndCtrlDDetaches() throws Exception {
        Path socket = temporary.resolve("control.sock");
        CapturedOutput serverOut = new CapturedOutput();
        ServerMain serverProgram = new ServerMain(
                serverKeyboard.reader(), serverOut.printStream(), new CapturedOutput().printStream(), false);
        server = CompletableFuture.supplyAsync(() -> serverProgram.run(
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--lang",
                "en",
                "--log-level",
                "warn",
                "--state-dir",
                "none",
                "--control-socket",
                socket.toString()));
        Matcher listening = LISTENING.matcher(serverOut.awaitLineMatching(LISTENING));
        assertTrue(listening.matches());

        ServerMain attach = new ServerMain(
                new BufferedReader(new StringReader("")), // the editor reads the terminal, never stdin
                new CapturedOutput().printStream(),
                new CapturedOutput().printStream(),
                true,
                (prompt, history, completer) ->
                        Optional.of(LineEditor.open(terminal.terminal(), prompt, history, completer)),
                () -> Instant.parse("2026-12-01T10:00:00Z"));
        CompletableFuture<Integer> attached =
                CompletableFuture.supplyAsync(() -> attach.run("--attach", socket.toString(), "--lang", "en"));
        terminal.awaitLastRow(PROMPT);
        assertTrue(
                terminal.screen().get(0).startsWith("attached to the server at " + socket),
                terminal.screen().toString());

        try (Peer alice = new Peer(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1)))) {
            alice.join("alice");
            terminal.type("/watch lobby" + ENTER);
            terminal.awaitScreen( // wrapped at 80 columns
                    "the answer to /watch",
                    rows -> rows.stream().anyMatch(row -> row.startsWith("watching lobby: what is said there")));
            alice.send("C alice hi there");
            alice.expect("alice : hi there");
            terminal.awaitScreen(
                    "alice's line above the prompt",
                    rows -> rows.stream()
                                    .anyMatch(row -> row.matches("\\d\\d:\\d\\d:\\d\\d \\[lobby\\] alice : hi there"))
                            && rows.get(rows.size() - 1).equals(PROMPT));
            terminal.type("/rooms" + ENTER);
            terminal.awaitRow("  lobby                            1 member");
            // a person types after the prompt: before it the terminal is not in raw mode yet, and echoes itself
            terminal.awaitLastRow(PROMPT);
            terminal.type("/kick al" + TAB); // the names are the server's: asked over the socket
            terminal.awaitLastRow(PROMPT + " /kick alice");
            terminal.type(CTRL_A + CTRL_K);
            terminal.awaitLastRow(PROMPT);

            terminal.type(CTRL_D);
            assertEquals(ServerMain.EXIT_OK, attached.get(10, TimeUnit.SECONDS));
            alice.sync("alice"); // the room is open
        }
        assertFalse(server.isDone());
    }
}
