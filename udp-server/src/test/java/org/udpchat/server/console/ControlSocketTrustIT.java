package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;

/**
 * Who may be at either end of the control socket, and what the server may touch on its path: a path through
 * a symbolic link, or through a directory another user may change, is refused (else that user could move the
 * socket, and with it what the server deletes at its end and where {@code --attach} connects); only a
 * socket is ever replaced; the server hangs up on another user, and {@code --attach} refuses a server of
 * another user's. The tests that need another user run as root, with {@code nobody} as the other user
 * ({@code runuser}, and Python for the other user's end); elsewhere they are skipped.
 */
@Timeout(30)
class ControlSocketTrustIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final String PYTHON = "/usr/bin/python3";
    private static final String RUNUSER = "/usr/sbin/runuser";

    private final Keyboard keyboard = new Keyboard();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private final List<Process> processes = new ArrayList<>();
    private CompletableFuture<Integer> status;

    @TempDir
    Path temporary;

    @AfterEach
    void quit() throws Exception {
        processes.forEach(Process::destroyForcibly);
        if (status != null && !status.isDone()) {
            keyboard.type("/quit");
            status.get(10, TimeUnit.SECONDS);
        }
    }

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

    /** The server's first line on stderr once it has given up: it must not start. */
    private String refusal(Path socket) throws Exception {
        assertEquals(ServerMain.EXIT_FAILURE, start(socket).get(10, TimeUnit.SECONDS), out.text());
        return err.lines().get(0);
    }

    private static Path directory(Path path, String permissions) throws IOException {
        Files.createDirectories(path);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        return path;
    }

    /** A directory as {@code /tmp} is: everyone may make files in it, and only remove their own. */
    private static Path stickyDirectory(Path path) throws IOException, InterruptedException {
        Files.createDirectories(path);
        Process chmod = new ProcessBuilder("chmod", "1777", path.toString()).start();
        assertEquals(0, chmod.waitFor());
        return path;
    }

    @Test
    void aPathThroughASymbolicLinkIsRefusedAndNothingIsMadeThere() throws Exception {
        Path real = directory(temporary.resolve("real"), "rwx------");
        Path link = Files.createSymbolicLink(temporary.resolve("link"), real);

        String message = refusal(link.resolve("control.sock"));

        assertEquals(
                "udp-server: --control-socket: the control socket's path " + link.resolve("control.sock")
                        + " goes through the symbolic link " + link + ", which could be made to point elsewhere;"
                        + " give the real path (" + real.resolve("control.sock") + " now), in directories that"
                        + " only you or root may change",
                message);
        try (var files = Files.list(real)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aLinkAboveTheSocketsDirectoryIsRefusedToo() throws Exception {
        Path real = directory(temporary.resolve("real"), "rwx------");
        Path link = Files.createSymbolicLink(temporary.resolve("link"), real);

        String message = refusal(link.resolve("run").resolve("control.sock"));

        assertTrue(message.contains(" goes through the symbolic link " + link + ","), message);
        assertFalse(Files.exists(real.resolve("run")), "no directory made through the link");
    }

    @Test
    void aDirectoryAboveThatOthersMayWriteIsRefused() throws Exception {
        Path open = directory(temporary.resolve("open"), "rwxrwxrwx");

        String message = refusal(open.resolve("run").resolve("control.sock"));

        assertEquals(
                "udp-server: --control-socket: the directory " + open + " on the control socket's path "
                        + open.resolve("run").resolve("control.sock") + " is rwxrwxrwx: others may replace what is"
                        + " in it; give a path in directories that only you or root may change (or chmod go-w "
                        + open + ")",
                message);
    }

    @Test
    void aStickyDirectoryAboveIsLikeTmpAndAccepted() throws Exception {
        Path sticky = stickyDirectory(temporary.resolve("sticky"));
        Path socket = sticky.resolve("run").resolve("control.sock");

        start(socket);
        out.awaitLineMatching(LISTENING);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    void aFifoWhereTheSocketGoesIsLeftAlone() throws Exception {
        Path fifo = temporary.resolve("control.sock");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());

        String message = refusal(fifo);

        assertEquals(
                "udp-server: --control-socket: " + fifo + " exists and is a FIFO (named pipe), not a socket; not"
                        + " replacing it (remove it yourself, or give --control-socket another path)",
                message);
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aFileWhereTheSocketGoesIsLeftAlone() throws Exception {
        Path file = Files.writeString(temporary.resolve("control.sock"), "mine");

        String message = refusal(file);

        assertTrue(
                message.endsWith(file + " exists and is a regular file, not a socket; not replacing it (remove"
                        + " it yourself, or give --control-socket another path)"),
                message);
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void attachingThroughASymbolicLinkIsRefused() throws Exception {
        Path real = temporary.resolve("real").resolve("control.sock");
        start(real);
        out.awaitLineMatching(LISTENING);
        Path link = Files.createSymbolicLink(temporary.resolve("link"), real.getParent());
        CapturedOutput attachedOut = new CapturedOutput();
        CapturedOutput attachedErr = new CapturedOutput();

        int attached = new ServerMain(
                        new BufferedReader(new StringReader("/rooms\n")),
                        attachedOut.printStream(),
                        attachedErr.printStream(),
                        false)
                .run("--attach", link.resolve("control.sock").toString());

        assertEquals(ServerMain.EXIT_FAILURE, attached);
        assertTrue(
                attachedErr
                        .text()
                        .startsWith("udp-server: --attach: the control socket's path " + link.resolve("control.sock")
                                + " goes through the symbolic link " + link),
                attachedErr.text());
        assertEquals("", attachedOut.text());
    }

    // What follows needs another user: run as root, with nobody as the other.

    private static void assumeRootWithNobody() {
        assumeTrue(SocketPlace.ownUid() == 0, "needs root, to act as another user");
        assumeTrue(Files.isExecutable(Path.of(RUNUSER)) && Files.isExecutable(Path.of(PYTHON)), "needs runuser");
    }

    private static UserPrincipal nobody() throws IOException {
        return user("nobody");
    }

    private static UserPrincipal user(String name) throws IOException {
        return java.nio.file.FileSystems.getDefault()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(name);
    }

    /** Python, run as nobody: {@code script} with {@code args}; its stdout collected in {@code output}. */
    private Process asNobody(String script, CapturedOutput output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(RUNUSER, "-u", "nobody", "--", PYTHON, "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        Thread pump = new Thread(() -> {
            try (var from = process.getInputStream()) {
                from.transferTo(output);
            } catch (IOException e) {
                // ended: nothing more to read
            }
        });
        pump.setDaemon(true);
        pump.start();
        return process;
    }

    @Test
    void aDirectoryAboveOfAnotherUsersIsRefused() throws Exception {
        assumeRootWithNobody();
        Path theirs = directory(temporary.resolve("theirs"), "rwxr-xr-x");
        Files.setOwner(theirs, nobody());

        String message = refusal(theirs.resolve("run").resolve("control.sock"));

        assertTrue(
                message.startsWith("udp-server: --control-socket: the directory " + theirs
                        + " on the control socket's path "
                        + theirs.resolve("run").resolve("control.sock")
                        + " is nobody's, who could move what is in it"),
                message);
    }

    @Test
    void theServerHangsUpOnAnotherUser() throws Exception {
        assumeRootWithNobody();
        Path socket = temporary.resolve("run").resolve("control.sock");
        start(socket);
        out.awaitLineMatching(LISTENING);
        // As if the operator had opened the way to the socket for others after the start:
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        CapturedOutput theySaw = new CapturedOutput();

        // It only listens: were it sending too, the server's hanging up on what it did not read would reset it.
        Process stranger = asNobody(
                "import socket, sys\n"
                        + "s = socket.socket(socket.AF_UNIX)\n"
                        + "s.connect(sys.argv[1])\n"
                        + "sys.stdout.write(s.makefile(encoding='utf-8').read())\n",
                theySaw,
                socket.toString());

        assertTrue(stranger.waitFor(20, TimeUnit.SECONDS));
        // what it wrote may still be in its pipe when it has ended (one run under load read nothing yet)
        theySaw.await(text -> text.endsWith("\n"), Duration.ofSeconds(10), "the stranger's whole line");
        assertEquals("udp-server: refused: only root may attach to this server, not user nobody\n", theySaw.text());
    }

    @Test
    void attachRefusesAServerOfAnotherUsers() throws Exception {
        assumeRootWithNobody();
        Path shared = stickyDirectory(temporary.resolve("shared"));
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwx--x--x"));
        Path socket = shared.resolve("control.sock");
        CapturedOutput theyGot = new CapturedOutput();
        Process impostor = asNobody(
                "import socket, sys\n"
                        + "s = socket.socket(socket.AF_UNIX)\n"
                        + "s.bind(sys.argv[1])\n"
                        + "s.listen(1)\n"
                        + "print('listening', flush=True)\n"
                        + "c, _ = s.accept()\n"
                        + "print('got:' + c.makefile(encoding='utf-8').read(), flush=True)\n",
                theyGot,
                socket.toString());
        theyGot.awaitContains("listening");
        // The socket is nobody's: refused by its owner alone. Made root's, only the server's user can tell.
        assertEquals(ServerMain.EXIT_FAILURE, attach(socket).status());
        Files.setOwner(socket, user("root"));

        Attached attached = attach(socket);

        assertEquals(ServerMain.EXIT_FAILURE, attached.status());
        assertEquals(
                "udp-server: --attach: the server at this socket runs as nobody, not as root: not attaching (it"
                        + " could be posing as yours; check the path)\n",
                attached.err());
        assertTrue(impostor.waitFor(20, TimeUnit.SECONDS));
        // its last line may still be in the pipe when it has ended: wait for it, then look at all it got
        theyGot.awaitContains("got:");
        assertTrue(theyGot.text().endsWith("got:\n"), "nothing the operator typed reached it: " + theyGot.text());
    }

    private record Attached(int status, String out, String err) {}

    private static Attached attach(Path socket) {
        CapturedOutput attachedOut = new CapturedOutput();
        CapturedOutput attachedErr = new CapturedOutput();
        int status = new ServerMain(
                        new BufferedReader(new StringReader("/quit\nyes\n")),
                        attachedOut.printStream(),
                        attachedErr.printStream(),
                        false)
                .run("--attach", socket.toString());
        return new Attached(status, attachedOut.text(), attachedErr.text());
    }
}
