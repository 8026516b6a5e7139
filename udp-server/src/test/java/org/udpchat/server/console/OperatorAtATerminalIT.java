package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.server.console.VirtualTerminal.CTRL_C;
import static org.udpchat.server.console.VirtualTerminal.CTRL_D;
import static org.udpchat.server.console.VirtualTerminal.ENTER;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.Names;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Peer;
import org.udpchat.server.Texts;

/**
 * The server program with its operator at a terminal: {@link ServerMain} as {@code main} wires it, on a
 * JLine virtual xterm instead of the process's terminal and with a clock the test moves. The keys that
 * surprised (Ctrl-C, Ctrl-D), the prompt, and the history file in the state directory.
 */
@Timeout(30)
class OperatorAtATerminalIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String PROMPT = "admin>";
    private static final String WARNING =
            "press Ctrl-C again within 3 s, or type /quit, to close the room for everyone";
    private static final String CLOSING = "closing the room...";

    /** What a classic member is told when the room closes. */
    private static final String GOODBYE =
            Names.ADMINISTRATOR + " : " + Texts.of(Locale.ENGLISH).get("notice.closing");

    @TempDir
    Path stateDir;

    private final VirtualTerminal terminal = new VirtualTerminal();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private CompletableFuture<Integer> status;

    OperatorAtATerminalIT() throws IOException {}

    @AfterEach
    void stop() throws Exception {
        if (status != null && !status.isDone()) {
            terminal.type("/quit" + ENTER);
            status.get(10, TimeUnit.SECONDS);
        }
        terminal.close();
    }

    /** Starts the server at the virtual terminal; waits for its first prompt; its address. */
    private InetSocketAddress start() {
        ServerMain program = new ServerMain(
                new BufferedReader(new StringReader("")), // the editor reads the terminal, never stdin
                out.printStream(),
                err.printStream(),
                true,
                (prompt, history, completer) ->
                        Optional.of(LineEditor.open(terminal.terminal(), prompt, history, completer)),
                () -> now);
        String[] args = {
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--lang",
            "en",
            "--log-level",
            "warn",
            "--state-dir",
            stateDir.toString(),
            "--control-socket",
            "none"
        };
        status = CompletableFuture.supplyAsync(() -> program.run(args));
        Matcher matcher = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(matcher.matches());
        terminal.awaitLastRow(PROMPT);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(matcher.group(1)));
    }

    private int awaitStatus() throws Exception {
        return status.get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits for the {@code n}th warning and the prompt after it: a Ctrl-C typed before the editor reads
     * again would reach the terminal between two lines, where it is ignored.
     */
    private List<String> awaitWarningAndPrompt(int n) {
        return terminal.awaitScreen(
                "warning " + n + ", then a new prompt",
                shown -> count(shown, WARNING) == n
                        && shown.get(shown.size() - 1).equals(PROMPT));
    }

    private static long count(List<String> rows, String row) {
        return rows.stream().filter(row::equals).count();
    }

    @Test
    void ctrlCOnceOnlyWarnsAndTheRoomStaysOpen() throws Exception {
        InetSocketAddress address = start();

        terminal.type(CTRL_C);

        List<String> rows = awaitWarningAndPrompt(1);
        assertFalse(rows.contains(CLOSING));
        try (Peer carol = new Peer(address)) {
            carol.join("carol"); // the room is open
        }
        assertFalse(status.isDone());
    }

    @Test
    void ctrlCTwiceWithinThreeSecondsClosesTheRoom() throws Exception {
        InetSocketAddress address = start();
        try (Peer carol = new Peer(address)) {
            carol.join("carol");
            terminal.type(CTRL_C);
            awaitWarningAndPrompt(1);
            now = now.plus(Duration.ofMillis(2_500));

            terminal.type(CTRL_C);

            assertEquals(ServerMain.EXIT_OK, awaitStatus());
            terminal.awaitRow(CLOSING);
            carol.expect(GOODBYE, "EXIT");
        }
    }

    @Test
    void ctrlCTwiceFourSecondsApartOnlyWarnsTwice() throws Exception {
        InetSocketAddress address = start();
        terminal.type(CTRL_C);
        awaitWarningAndPrompt(1); // the editor reads again: a key before that would meet the tty, not it
        now = now.plus(Duration.ofSeconds(4));

        terminal.type(CTRL_C);

        List<String> rows = terminal.awaitScreen(
                "a second warning, then a new prompt",
                shown -> count(shown, WARNING) == 2
                        && shown.get(shown.size() - 1).equals(PROMPT));
        assertFalse(rows.contains(CLOSING));
        try (Peer carol = new Peer(address)) {
            carol.join("carol");
        }
        assertFalse(status.isDone());
    }

    @Test
    void ctrlDSaysTheConsoleIsClosedAndHowToStopTheServerAndCtrlCThenStopsIt() throws Exception {
        Set<Thread> others = consoleThreads(); // other tests' servers may still have theirs
        InetSocketAddress address = start();
        Set<Thread> ours = new HashSet<>(consoleThreads());
        ours.removeAll(others);
        assertEquals(1, ours.size(), "this server's console thread");

        terminal.type(CTRL_D);

        terminal.awaitRow("console closed; the server keeps running. Stop it with Ctrl-C or kill "
                + ProcessHandle.current().pid());
        awaitEnded(ours.iterator().next()); // so that what is typed next finds nobody to read it
        try (Peer carol = new Peer(address)) {
            carol.join("carol"); // the server keeps running
            terminal.type("/quit" + ENTER); // nobody reads it any more
            carol.sync("carol");
            assertFalse(status.isDone());

            terminal.type(CTRL_C);

            assertEquals(ServerMain.EXIT_OK, awaitStatus());
            carol.expect(GOODBYE, "EXIT");
        }
        terminal.awaitRow(CLOSING);
    }

    private static Set<Thread> consoleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("admin-console"))
                .collect(Collectors.toSet());
    }

    /** Waits, up to {@link Peer#DEADLINE}, until the console's thread has ended; fails if it has not. */
    private static void awaitEnded(Thread console) throws InterruptedException {
        console.join(Peer.DEADLINE.toMillis());
        if (console.isAlive()) {
            throw new AssertionError("the console still reads after Ctrl-D");
        }
    }

    @Test
    void tabCompletesTheNamesOfTheMembersInTheRoomNow() throws Exception {
        InetSocketAddress address = start();
        try (Peer carol = new Peer(address)) {
            carol.join("carol");

            terminal.type("/kick ca" + VirtualTerminal.TAB + "enough" + ENTER);

            terminal.awaitRow(Texts.of(Locale.ENGLISH).get("console.kicked", "carol"));
        }
    }

    @Test
    void theHistoryIsKeptInTheStateDirectory() throws Exception {
        start();
        terminal.type("/rooms" + ENTER);
        terminal.awaitScreen("a second prompt", rows -> count(rows, PROMPT) == 1 && rows.size() > 2);

        terminal.type("/quit" + ENTER);

        assertEquals(ServerMain.EXIT_OK, awaitStatus());
        assertEquals(
                List.of("/rooms", "/quit"),
                Files.readAllLines(stateDir.resolve(ServerMain.HISTORY_FILE)).stream()
                        .map(line -> line.substring(line.indexOf(':') + 1))
                        .toList());
    }
}
