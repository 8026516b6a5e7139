package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Peer;

/**
 * The server as a service runs it: the built jar in a process of its own with stdin at {@code /dev/null}
 * ({@code StandardInput=null}), which keeps serving, an operator attaching through the control socket with a
 * piped {@code /list} and detaching, the rooms in the transcript, the operator in the log by user name, and
 * SIGTERM (what {@code systemctl stop} sends) closing the room in order, the closing the transcript's last
 * line; the log's directory and files its user's alone; SIGTERM with operators attached and watching: their
 * consoles end, and say so in the log, before its last line.
 */
@Timeout(60)
class ServiceIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final ServerJarProcesses jars = new ServerJarProcesses();

    @TempDir
    Path temporary;

    @AfterEach
    void killAll() {
        jars.close();
    }

    private Process java(List<String> args, ProcessBuilder.Redirect stdin, CapturedOutput out, CapturedOutput err)
            throws IOException {
        return jars.start(args, stdin, out, err);
    }

    @Test
    void aServerWithoutStdinKeepsServingIsAttachableAndStopsOnSigterm() throws Exception {
        Path socket = temporary.resolve("run").resolve("udp-chat.sock");
        Path log = temporary.resolve("log").resolve("server.log");
        Path transcript = temporary.resolve("log").resolve("rooms.log");
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        Process server = java(
                List.of(
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--lang",
                        "en",
                        "--state-dir",
                        temporary.resolve("state").toString(),
                        "--control-socket",
                        socket.toString(),
                        "--log-file",
                        log.toString(),
                        "--transcript",
                        transcript.toString()),
                ProcessBuilder.Redirect.from(new File("/dev/null")),
                out,
                err);
        Matcher listening = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(listening.matches());
        int port = Integer.parseInt(listening.group(1));
        // the server's identity: made at this first start, its user's alone, its fingerprint on stdout and in the log
        String fingerprint = out.awaitLineMatching(Pattern.compile("server key fingerprint: SHA256:[A-Za-z0-9+/]{43}"))
                .substring("server key fingerprint: ".length());
        assertEquals("rw-------", permissions(temporary.resolve("state").resolve("server.key")));
        awaitFileLine(log, "INFO  [main] server key fingerprint: " + fingerprint);

        try (Peer alice = new Peer(java.net.InetAddress.getLoopbackAddress(), port)) {
            alice.join("alice");
            alice.send("C alice hello, service");
            alice.expect("alice : hello, service");

            CapturedOutput attached = new CapturedOutput();
            CapturedOutput attachedErr = new CapturedOutput();
            Process operator =
                    java(List.of("--attach", socket.toString()), ProcessBuilder.Redirect.PIPE, attached, attachedErr);
            operator.getOutputStream().write("/list\n".getBytes(StandardCharsets.UTF_8));
            operator.getOutputStream().close();
            assertTrue(operator.waitFor(20, TimeUnit.SECONDS), "attached console still running: " + attached.text());
            assertEquals(0, operator.exitValue(), attachedErr.text());
            List<String> shown = attached.lines();
            assertEquals("1 member:", shown.get(0), attached.text());
            assertTrue(shown.get(1).startsWith("  alice "), attached.text());

            assertTrue(server.isAlive(), "detaching leaves the server running: " + err.text());
            alice.sync("alice");
            String user = System.getProperty("user.name");
            awaitFileLine(log, "operator " + user + " (attached, console 1): '/list'");
            awaitFileLine(transcript, "[lobby] alice : hello, service");

            server.destroy(); // SIGTERM
            alice.expect("管理员 : the server is closing the room", "EXIT");
        }
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "still running after SIGTERM: " + err.text());
        assertEquals(ServerMain.EXIT_OK, server.exitValue(), err.text());
        assertFalse(Files.exists(socket), "the control socket goes with the server");
        assertFalse(err.text().contains("LOGGER ERROR"), err.text());
        List<String> recorded = Files.readAllLines(transcript, StandardCharsets.UTF_8);
        assertTrue(
                recorded.get(recorded.size() - 1)
                        .endsWith("[*] the server closed the room, saying goodbye to 1 member"),
                "the transcript's last line is the room's closing:\n" + String.join("\n", recorded));
        assertEquals("rwx------", permissions(log.getParent()), "the directory the server made is its user's");
        try (var files = Files.list(log.getParent())) {
            List<Path> made = files.sorted().toList();
            for (Path file : made) {
                assertEquals("rw-------", permissions(file), file + " is the server's user's alone");
            }
            List<String> names =
                    made.stream().map(file -> file.getFileName().toString()).toList();
            assertEquals(4, names.size(), names.toString());
            assertTrue(
                    names.stream().anyMatch(name -> name.matches("rooms\\.\\d{4}-\\d\\d-\\d\\d\\.0\\.log")),
                    names.toString());
            assertTrue(
                    names.stream().anyMatch(name -> name.matches("server\\.\\d{4}-\\d\\d-\\d\\d\\.0\\.log")),
                    names.toString());
        }
    }

    @Test
    void anAttachedQuitEndsTheTranscriptWithTheRoomsClosing() throws Exception {
        Path socket = temporary.resolve("udp-chat.sock");
        Path transcript = temporary.resolve("rooms.log");
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        Process server = java(
                List.of(
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--lang",
                        "en",
                        "--state-dir",
                        "none",
                        "--control-socket",
                        socket.toString(),
                        "--transcript",
                        transcript.toString()),
                ProcessBuilder.Redirect.from(new File("/dev/null")),
                out,
                err);
        Matcher listening = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(listening.matches());
        int port = Integer.parseInt(listening.group(1));
        // with no state directory, no key outlives the run: the operator is warned
        err.awaitContains("kept in memory only, so clients will see a new key at every start and those that remember"
                + " this server will refuse it");

        try (Peer alice = new Peer(java.net.InetAddress.getLoopbackAddress(), port);
                Peer bob = new Peer(java.net.InetAddress.getLoopbackAddress(), port)) {
            alice.join("alice");
            bob.join("bob");
            bob.send("C bob last words");
            alice.expect("bob joined the room", "bob : last words");
            CapturedOutput attached = new CapturedOutput();
            Process operator =
                    java(List.of("--attach", socket.toString()), ProcessBuilder.Redirect.PIPE, attached, attached);
            operator.getOutputStream().write("/quit\nyes\n".getBytes(StandardCharsets.UTF_8));
            operator.getOutputStream().close();
            alice.expect("管理员 : the server is closing the room", "EXIT");
            assertTrue(operator.waitFor(20, TimeUnit.SECONDS), "attached console still running: " + attached.text());
        }
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "still running after /quit: " + err.text());
        assertEquals(ServerMain.EXIT_OK, server.exitValue(), err.text());
        List<String> recorded = Files.readAllLines(transcript, StandardCharsets.UTF_8);
        assertTrue(recorded.get(recorded.size() - 2).endsWith("[lobby] bob : last words"), recorded.toString());
        assertTrue(
                recorded.get(recorded.size() - 1)
                        .endsWith("[*] the server closed the room, saying goodbye to 2 members"),
                recorded.toString());
        assertEquals("rw-------", permissions(transcript));
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void sigtermWithOperatorsAttachedAndWatchingEndsTheirConsolesBeforeTheLastLogLine() throws Exception {
        Path socket = temporary.resolve("run").resolve("udp-chat.sock");
        Path log = temporary.resolve("log").resolve("server.log");
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        Process server = java(
                List.of(
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--lang",
                        "en",
                        "--state-dir",
                        "none",
                        "--control-socket",
                        socket.toString(),
                        "--log-file",
                        log.toString()),
                ProcessBuilder.Redirect.from(new File("/dev/null")),
                out,
                err);
        Matcher listening = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(listening.matches());
        int port = Integer.parseInt(listening.group(1));
        List<Process> operators = new ArrayList<>();
        List<CapturedOutput> screens = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CapturedOutput screen = new CapturedOutput();
            // Their input stays open: they are attached, watching, when the server is stopped.
            Process operator = java(
                    List.of("--attach", socket.toString()), ProcessBuilder.Redirect.PIPE, screen, new CapturedOutput());
            operator.getOutputStream().write("/watch all\n".getBytes(StandardCharsets.UTF_8));
            operator.getOutputStream().flush();
            screen.awaitContains("watching every room");
            operators.add(operator);
            screens.add(screen);
        }

        try (Peer alice = new Peer(java.net.InetAddress.getLoopbackAddress(), port)) {
            alice.join("alice");
            alice.send("C alice hello, operators");
            alice.expect("alice : hello, operators");
            for (CapturedOutput screen : screens) {
                screen.awaitContains("[lobby] alice : hello, operators");
            }

            server.destroy(); // SIGTERM
            alice.expect("管理员 : the server is closing the room", "EXIT");
        }
        assertTrue(server.waitFor(20, TimeUnit.SECONDS), "still running after SIGTERM: " + err.text());
        assertEquals(ServerMain.EXIT_OK, server.exitValue(), err.text());
        assertFalse(err.text().contains("LOGGER ERROR"), err.text());
        for (int i = 0; i < operators.size(); i++) {
            assertTrue(
                    operators.get(i).waitFor(20, TimeUnit.SECONDS),
                    screens.get(i).text());
            assertEquals(0, operators.get(i).exitValue());
            List<String> shown = screens.get(i).lines();
            // What they watched comes first, the room's closing as its last line, then the console's end.
            assertTrue(
                    shown.get(shown.size() - 2).endsWith("[*] the server closed the room, saying goodbye to 1 member"),
                    screens.get(i).text());
            assertEquals(
                    "the room has closed; this console ends",
                    shown.get(shown.size() - 1),
                    screens.get(i).text());
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertTrue(lines.get(lines.size() - 1).endsWith("server stopped"), String.join("\n", lines));
        String user = System.getProperty("user.name");
        for (int console = 1; console <= 3; console++) {
            String detached = "operator " + user + " (attached, console " + console + ") detached: the room has closed";
            assertEquals(
                    1,
                    lines.stream().filter(line -> line.endsWith(detached)).count(),
                    detached + " in\n" + String.join("\n", lines));
        }
    }

    /** Waits, with a deadline, for {@code file} to hold a line that ends with {@code ending}. */
    private static void awaitFileLine(Path file, String ending) throws IOException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (true) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            if (lines.stream().anyMatch(line -> line.endsWith(ending))) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "no line ending '" + ending + "' in " + file + ":\n" + String.join("\n", lines));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
