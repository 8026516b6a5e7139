package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * The control socket, in a temporary directory: operators attach (over the wire as the server speaks it, and
 * through {@code --attach}), each gets their own answers, detaching leaves the server running, {@code /quit}
 * asks first; a socket left by a dead server is replaced, a live one refused, and the directory is the
 * user's alone.
 */
@Timeout(30)
class ControlSocketIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Keyboard keyboard = new Keyboard();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private CompletableFuture<Integer> status;

    @TempDir
    Path temporary;

    @AfterEach
    void quit() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        if (status != null && !status.isDone()) {
            keyboard.type("/quit");
            status.get(10, TimeUnit.SECONDS);
        }
    }

    /** The server, its console on the test's keyboard, its control socket at {@code socket}. */
    private CompletableFuture<Integer> start(Path socket) {
        ServerMain program = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false);
        status = CompletableFuture.supplyAsync(() -> program.run(
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
        return status;
    }

    private InetSocketAddress awaitListening() {
        Matcher matcher = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(matcher.matches());
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(matcher.group(1)));
    }

    /** An operator on the wire: lines out, lines in. */
    private final class Operator implements AutoCloseable {
        final SocketChannel channel;
        final PrintStream to;
        final BufferedReader from;

        Operator(Path socket) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            to = new PrintStream(UnixStreams.output(channel), true, StandardCharsets.UTF_8);
            from = new BufferedReader(new InputStreamReader(UnixStreams.input(channel), StandardCharsets.UTF_8));
            opened.add(this);
        }

        void type(String line) {
            to.println(line);
        }

        /** The lines that come, up to and including {@code last}. */
        List<String> readThrough(String last) throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = from.readLine(); line != null; line = from.readLine()) {
                lines.add(line);
                if (line.equals(last)) {
                    return lines;
                }
            }
            throw new AssertionError("the server hung up before '" + last + "'; it sent " + lines);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void twoOperatorsAtOnceEachGetTheirOwnAnswers() throws Exception {
        Path socket = temporary.resolve("run").resolve("control.sock");
        start(socket);
        InetSocketAddress address = awaitListening();
        Operator first = new Operator(socket);
        Operator second = new Operator(socket);
        try (Peer alice = new Peer(address)) {
            alice.join("alice");

            first.type("/list");
            second.type("/frobnicate");
            second.type("/rooms");
            first.type("/rooms");

            List<String> firstSaw = first.readThrough("  lobby                            1 member");
            List<String> secondSaw = second.readThrough("  lobby                            1 member");
            assertEquals("1 member:", firstSaw.get(0), firstSaw.toString());
            assertTrue(firstSaw.get(1).startsWith("  alice "), firstSaw.toString());
            assertEquals(List.of("1 room:", "  lobby                            1 member"), firstSaw.subList(2, 4));
            assertEquals(4, firstSaw.size(), "nothing of the other operator's: " + firstSaw);
            assertEquals(
                    List.of(
                            "unknown command '/frobnicate' - /help lists the commands",
                            "1 room:",
                            "  lobby                            1 member"),
                    secondSaw);
        }
    }

    @Test
    void detachingLeavesTheServerRunning() throws Exception {
        Path socket = temporary.resolve("control.sock");
        start(socket);
        InetSocketAddress address = awaitListening();
        Operator leaving = new Operator(socket);
        Operator staying = new Operator(socket);
        leaving.type("/rooms");
        leaving.readThrough("  lobby                            0 members");
        leaving.channel.shutdownOutput(); // the end of the operator's input: Ctrl-D, or the end of a script

        assertEquals(null, leaving.from.readLine(), "the server ends the console, and hangs up");
        try (Peer alice = new Peer(address)) {
            alice.join("alice");
            staying.type("/rooms");
            staying.readThrough("  lobby                            1 member");
            // Still the same server, taking new operators: one attaching after the detach sees alice.
            Operator later = new Operator(socket);
            later.type("/list");
            assertTrue(later.readThrough("1 member:").contains("1 member:"));
            assertTrue(later.from.readLine().startsWith("  alice "));
        }
    }

    @Test
    void attachPrintsTheAnswersToPipedLinesAndEnds() throws Exception {
        Path socket = temporary.resolve("control.sock");
        start(socket);
        InetSocketAddress address = awaitListening();
        CapturedOutput attachedOut = new CapturedOutput();
        CapturedOutput attachedErr = new CapturedOutput();

        int attached = new ServerMain(
                        new BufferedReader(new StringReader("/rooms\n/bans\n")),
                        attachedOut.printStream(),
                        attachedErr.printStream(),
                        false)
                .run("--attach", socket.toString());

        assertEquals(ServerMain.EXIT_OK, attached, attachedErr.text());
        assertEquals(
                List.of("1 room:", "  lobby                            0 members", "0 bans:", "0 mutes:"),
                attachedOut.lines());
        assertServerServes(address, socket);
    }

    /** The server still runs: a member joins, and a new operator attaching sees it. */
    private void assertServerServes(InetSocketAddress address, Path socket) throws IOException {
        try (Peer carol = new Peer(address)) {
            carol.join("carol");
            Operator later = new Operator(socket);
            later.type("/rooms");
            later.readThrough("  lobby                            1 member");
        }
    }

    @Test
    void quitFromAnAttachedConsoleAsksFirstThenStopsTheServerForEveryone() throws Exception {
        Path socket = temporary.resolve("control.sock");
        start(socket);
        InetSocketAddress address = awaitListening();
        Operator watching = new Operator(socket);
        Operator quitting = new Operator(socket);
        String question = "/quit closes the room for every member and stops the server for every operator. Type yes"
                + " to go on, anything else to keep it running:";
        try (Peer alice = new Peer(address)) {
            alice.join("alice");

            quitting.type("/quit");
            quitting.readThrough(question);
            quitting.type("no");
            quitting.readThrough("not closed: the server keeps running");
            quitting.type("/rooms");
            quitting.readThrough("  lobby                            1 member");

            quitting.type("/quit");
            quitting.readThrough(question);
            quitting.type("yes");
            alice.expect("管理员 : the server is closing the room", "EXIT");
            assertEquals(ServerMain.EXIT_OK, status.get(10, TimeUnit.SECONDS));
        }
        watching.readThrough("the room has closed; this console ends");
        assertEquals(null, watching.from.readLine());
        assertFalse(Files.exists(socket), "the socket's file is removed with the server");
    }

    @Test
    void aScriptThatEndsAfterQuitHasNotConfirmed() throws Exception {
        Path socket = temporary.resolve("control.sock");
        start(socket);
        InetSocketAddress address = awaitListening();
        CapturedOutput attachedOut = new CapturedOutput();

        new ServerMain(
                        new BufferedReader(new StringReader("/quit\n")),
                        attachedOut.printStream(),
                        err.printStream(),
                        false)
                .run("--attach", socket.toString());

        assertEquals("not closed: the server keeps running", attachedOut.lines().get(1));
        assertServerServes(address, socket);
    }

    @Test
    void aSocketLeftByADeadServerIsReplaced() throws Exception {
        Path socket = temporary.resolve("control.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close(); // as a killed server leaves it: the file stays, and nothing listens
        assertTrue(Files.exists(socket));

        start(socket);
        awaitListening();
        Operator operator = new Operator(socket);
        operator.type("/rooms");
        operator.readThrough("  lobby                            0 members");
    }

    @Test
    void aLiveSocketIsAnotherServersAndRefused() throws Exception {
        Path socket = temporary.resolve("control.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));

            assertEquals(ServerMain.EXIT_FAILURE, start(socket).get(10, TimeUnit.SECONDS));
            assertEquals(
                    "udp-server: --control-socket: another server is listening on the control socket " + socket
                            + " (attach to it with --attach " + socket + "); stop it, or give this one another"
                            + " --control-socket or --port",
                    err.lines().get(0));
            assertTrue(Files.exists(socket), "another server's socket is left alone");
        }
    }

    @Test
    void theSocketsDirectoryIsMadeForTheUserAlone() throws Exception {
        Path socket = temporary.resolve("new").resolve("run").resolve("control.sock");
        start(socket);
        awaitListening();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(socket.getParent().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void aDirectoryOthersMayEnterIsRefused() throws Exception {
        Path open = Files.createDirectory(temporary.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(
                ServerMain.EXIT_FAILURE, start(open.resolve("control.sock")).get(10, TimeUnit.SECONDS));
        String user = System.getProperty("user.name");
        assertEquals(
                "udp-server: --control-socket: the control socket's directory " + open + " is rwxr-xr-x and " + user
                        + "'s: others could reach the console there; give --control-socket a path in a directory of "
                        + user + "'s alone (chmod 700 it), or none",
                err.lines().get(0));
        assertFalse(Files.exists(open.resolve("control.sock")));
    }

    @Test
    void theDefaultPlaceInADirectoryOthersMayEnterIsSkippedAndTheServerRuns() throws Exception {
        Path state = Files.createDirectory(temporary.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        ServerMain program = withEnvironment(Map.of());
        status = CompletableFuture.supplyAsync(() -> program.run(
                "--bind", "127.0.0.1", "--port", "0", "--log-level", "warn", "--state-dir", state.toString()));

        InetSocketAddress address = awaitListening();
        try (Peer alice = new Peer(address)) {
            alice.join("alice");
        }
        try (var files = Files.list(state)) {
            assertTrue(files.noneMatch(file -> file.getFileName().toString().endsWith(".sock")));
        }
    }

    @Test
    void theDefaultPlaceIsTheStateDirectory() throws Exception {
        Path state = temporary.resolve("state");
        ServerMain program = withEnvironment(Map.of());
        status = CompletableFuture.supplyAsync(() -> program.run(
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--lang",
                "en",
                "--log-level",
                "warn",
                "--state-dir",
                state.toString()));

        int port = awaitListening().getPort();
        Operator operator = new Operator(state.resolve("udp-chat-" + port + ".sock"));
        operator.type("/rooms");
        operator.readThrough("  lobby                            0 members");
    }

    @Test
    void theDefaultPlaceIsTheUsersRuntimeDirectoryWhenThereIsOne() throws Exception {
        Path runtime = Files.createDirectory(temporary.resolve("runtime"));
        ServerMain program = withEnvironment(Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        status = CompletableFuture.supplyAsync(() -> program.run(
                "--bind", "127.0.0.1", "--port", "0", "--lang", "en", "--log-level", "warn", "--state-dir", "none"));

        int port = awaitListening().getPort();
        Path socket = runtime.resolve("udp-chat").resolve("udp-chat-" + port + ".sock");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        Operator operator = new Operator(socket);
        operator.type("/rooms");
        operator.readThrough("  lobby                            0 members");
    }

    /** A server on the test's keyboard that sees {@code environment} as the process's environment. */
    private ServerMain withEnvironment(Map<String, String> environment) {
        return new ServerMain(
                keyboard.reader(),
                out.printStream(),
                err.printStream(),
                false,
                (prompt, history, completer) -> Optional.empty(),
                InstantSource.system(),
                environment::get);
    }

    @Test
    void attachingWhereNoServerListensSaysSo() throws Exception {
        Path socket = temporary.resolve("control.sock");
        CapturedOutput attachedErr = new CapturedOutput();

        int attached = new ServerMain(
                        new BufferedReader(new StringReader("")), out.printStream(), attachedErr.printStream(), false)
                .run("--attach", socket.toString());

        assertEquals(ServerMain.EXIT_FAILURE, attached);
        assertEquals(
                "udp-server: --attach: no server's control socket at " + socket + ": is the server running, with"
                        + " this --control-socket (by default one for its --port and --state-dir)?",
                attachedErr.lines().get(0));
    }
}
