package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.udpchat.server.Texts;

/** The whole server program in-process: command line, listening line, admin console, exit statuses. */
@Timeout(30)
class ServerMainIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Keyboard keyboard = new Keyboard();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private CompletableFuture<Integer> status;

    /** Every server here keeps its bans there, never in the home directory of whoever runs the tests. */
    @TempDir
    Path stateDir;

    @AfterEach
    void quit() throws Exception {
        if (status != null && !status.isDone()) {
            keyboard.type("/quit");
            status.get(10, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<Integer> start(String... args) {
        ServerMain program = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false);
        String[] withStateDir = withStateDir(args);
        status = CompletableFuture.supplyAsync(() -> program.run(withStateDir));
        return status;
    }

    /** Runs a second program to its end, on the same state directory; its exit status. */
    private int runAnother(String... args) {
        return new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false).run(withStateDir(args));
    }

    /** The test's state directory, and no control socket unless the test asks for one (never the user's). */
    private String[] withStateDir(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", stateDir.toString()));
        if (!all.contains("--control-socket")) {
            all.addAll(List.of("--control-socket", "none"));
        }
        return all.toArray(new String[0]);
    }

    private InetSocketAddress awaitListening() {
        Matcher matcher = LISTENING.matcher(out.awaitLineMatching(LISTENING));
        assertTrue(matcher.matches());
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(matcher.group(1)));
    }

    @Test
    void consoleAnnouncesListsKicksAndQuits() throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn");
        InetSocketAddress address = awaitListening();
        try (Peer alice = new Peer(address);
                Peer bob = new Peer(address)) {
            alice.join("alice");
            bob.join("bob");
            alice.expect("欢迎 bob 进入聊天室");

            keyboard.type("大家好 from the console");
            alice.expect("管理员 : 大家好 from the console");
            bob.expect("管理员 : 大家好 from the console");

            keyboard.type("//help is not a command");
            alice.expect("管理员 : /help is not a command");
            bob.expect("管理员 : /help is not a command");

            keyboard.type("/list");
            out.awaitLine("2 位成员：");
            out.awaitLineMatching(ConsoleRows.memberRow("alice", "lobby", alice.address(), "classic", "空闲"));
            out.awaitLineMatching(ConsoleRows.memberRow("bob", "lobby", bob.address(), "classic", "空闲"));

            keyboard.type("/kick bob 刷屏 太多");
            bob.expect("管理员 : 您已被移出聊天室：刷屏 太多", "EXIT");
            alice.expect("bob 被管理员移出了聊天室");
            out.awaitLine("已将 bob 移出聊天室");

            keyboard.type("/kick nobody");
            out.awaitLine("没有名为 'nobody' 的成员，用 /list 查看成员");
            keyboard.type("/kick");
            out.awaitLine("用法：/kick 昵称 [原因]");
            keyboard.type("/frobnicate");
            out.awaitLine("未知命令 '/frobnicate'，输入 /help 查看命令");
            keyboard.type("/help");
            out.awaitLine("  /kick 昵称 [原因]         将成员移出聊天室");

            keyboard.type("/quit");
            alice.expect("管理员 : 服务器关闭，聊天室结束", "EXIT");
            assertEquals(ServerMain.EXIT_OK, status.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void endOfInputEndsTheConsoleButNotTheServer() throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--lang", "en", "--log-level", "warn");
        InetSocketAddress address = awaitListening();
        keyboard.endOfInput();
        try (Peer alice = new Peer(address);
                Peer bob = new Peer(address)) {
            alice.join("alice");
            bob.join("bob");
            alice.expect("bob joined the room");
        }
        assertFalse(status.isDone());
        status.cancel(true);
    }

    @Test
    void refusesBadOptionsWithUsageAndStatus2() {
        assertEquals(
                ServerMain.EXIT_USAGE,
                new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false).run("--port", "70000"));
        assertEquals(
                "udp-server: --port: port '70000' is not a number in 0..65535" + System.lineSeparator()
                        + ServerCommandLine.help(Texts.of(Locale.CHINESE)),
                err.text());
        for (String[] bad : new String[][] {
            {"--lang", "fr"},
            {"--max-members", "0"},
            {"--log-level", "loud"},
            {"--bogus"},
            {"extra"},
            {"--bind", "no.such.host.invalid"},
            {"--session-timeout", "0"},
            {"--session-timeout", "14"}, // idle clients would expire between their heartbeats
            {"--session-timeout", "soon"},
            {"--classic-idle-timeout", "-5"},
            {"--classic-idle-timeout", "86401"}
        }) {
            assertEquals(
                    ServerMain.EXIT_USAGE,
                    new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false).run(bad),
                    String.join(" ", bad));
        }
    }

    @Test
    void helpAndVersionExitZero() {
        ServerMain program = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false);
        assertEquals(ServerMain.EXIT_OK, program.run("--help", "--lang", "en"));
        String help = out.text();
        assertEquals(ServerCommandLine.help(Texts.of(Locale.ENGLISH)), help);
        for (String lines : List.of(
                "  --port N                UDP port (default 8888; 0 picks a free port)",
                "  --max-members N         most members on the server, in all rooms together\n"
                        + "                          (default 1000)",
                "  --session-timeout SECONDS\n"
                        + "                          how long a native client may stay silent before its\n"
                        + "                          session expires (default 30, at least 15: idle clients\n"
                        + "                          ping every 10 s)",
                "Exit status: 0 the room was closed (/quit, SIGTERM, Ctrl-C); 1 the server could")) {
            assertTrue(help.contains(lines + "\n"), () -> "no lines '" + lines + "' in:\n" + help);
        }
        assertEquals(
                List.of(), help.lines().filter(line -> Table.width(line) > 80).toList(), "wider than 80 columns");
        assertEquals(ServerMain.EXIT_OK, program.run("--version"));
        assertEquals(help + "udp-server " + ServerMain.version() + System.lineSeparator(), out.text());
    }

    @Test
    void helpFollowsLangAndIsInChineseByDefaultLikeTheServersTexts() {
        ServerMain program = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false);
        assertEquals(ServerMain.EXIT_OK, program.run("--lang", "zh", "--help"));
        String help = out.text();
        assertEquals(ServerCommandLine.help(Texts.of(Locale.CHINESE)), help);
        for (String lines : List.of(
                "用法：java -jar udp-server.jar [选项]",
                "  --port N                UDP 端口（默认 8888；0 表示自动选一个空闲端口）",
                "  --session-timeout SECONDS\n"
                        + "                          原生客户端静默多久后会话过期（默认 30，至少 15：空闲客\n"
                        + "                          户端每 10 秒发一次心跳）")) {
            assertTrue(help.contains(lines + "\n"), () -> "no lines '" + lines + "' in:\n" + help);
        }
        assertEquals(
                List.of(), help.lines().filter(line -> Table.width(line) > 80).toList(), "wider than 80 columns");
        assertEquals(ServerMain.EXIT_OK, program.run("--help"));
        assertEquals(help + help, out.text(), "zh is the default, as for the server's texts");
    }

    @Test
    void theHelpAfterAUsageErrorFollowsLangToo() {
        assertEquals(
                ServerMain.EXIT_USAGE,
                new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false)
                        .run("--lang", "en", "--port", "x"));
        assertEquals(
                "udp-server: --port: port 'x' is not a number in 0..65535" + System.lineSeparator()
                        + ServerCommandLine.help(Texts.of(Locale.ENGLISH)),
                err.text());
    }

    @Test
    void aTakenPortIsAClearFailureWithStatus1() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            int result = runAnother("--bind", "127.0.0.1", "--port", String.valueOf(port));
            assertEquals(ServerMain.EXIT_FAILURE, result);
            // the middle is the system's own words for why, such as "Address already in use"
            Pattern failure =
                    Pattern.compile(Pattern.quote("udp-server: cannot listen on 127.0.0.1 port " + port + ": ")
                            + ".+"
                            + Pattern.quote(" (is another server using port " + port + "? choose another with --port)")
                            + "\\R");
            assertTrue(failure.matcher(err.text()).matches(), err.text());
        }
    }

    @Test
    void anAddressThatIsNotThisMachinesIsSaidToBeSo() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no machine has it; binding sends nothing
        assertEquals(ServerMain.EXIT_FAILURE, runAnother("--bind", "192.0.2.1", "--port", "0"));

        assertEquals(
                "udp-server: cannot listen on 192.0.2.1 port 0: 192.0.2.1 is not an address of this machine (give"
                        + " --bind one of its addresses, or leave --bind out to listen on every interface)"
                        + System.lineSeparator(),
                err.text());
    }

    @Test
    void aSecondServerOnTheSameStateDirectoryIsRefusedNamingTheFirstsProcess() throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn");
        awaitListening();

        assertEquals(ServerMain.EXIT_FAILURE, runAnother("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn"));
        assertEquals(
                "udp-server: the state directory " + stateDir + " is in use by another server (process "
                        + ProcessHandle.current().pid()
                        + "): stop that server, or give this one another --state-dir" + System.lineSeparator(),
                err.text());
        assertFalse(status.isDone(), "the first server goes on");
    }

    @Test
    void theStateDirectoryIsFreeAgainOnceItsServerHasQuit() throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn");
        awaitListening();
        keyboard.type("/quit");
        assertEquals(ServerMain.EXIT_OK, status.get(10, TimeUnit.SECONDS));

        start("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn");
        out.await(text -> LISTENING.matcher(text).results().count() == 2, Peer.DEADLINE, "a second listening line");
    }

    @Test
    void aCorruptModerationFileStopsTheStartWithTheLineAndWhatToDo() throws Exception {
        Path file = stateDir.resolve("moderation.txt");
        Files.writeString(file, "udp-chat moderation 2\nban - never 192.0.2.7\nban - never example.com\n");

        assertEquals(ServerMain.EXIT_FAILURE, runAnother("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn"));
        assertEquals(
                "udp-server: " + file.toRealPath() + ": line 3: 'example.com' is not an IP address: fix line 3 (with"
                        + " the server stopped), or move the file away to start with no bans and mutes"
                        + System.lineSeparator(),
                err.text());
        assertEquals("", out.text(), "it never listened");
    }

    // --- the server's key --------------------------------------------------------------------------

    private static final Pattern FINGERPRINT_LINE =
            Pattern.compile("server key fingerprint: (SHA256:[A-Za-z0-9+/]{43})");

    /** The fingerprint on the line after the listening line. */
    private String awaitFingerprintLine() {
        List<String> lines = out.await(
                        text -> FINGERPRINT_LINE.matcher(text).find(), Peer.DEADLINE, "the fingerprint line")
                .lines()
                .toList();
        int listening = lines.indexOf(lines.stream()
                .filter(line -> LISTENING.matcher(line).matches())
                .findFirst()
                .orElseThrow());
        Matcher matcher = FINGERPRINT_LINE.matcher(lines.get(listening + 1));
        assertTrue(matcher.matches(), () -> "the line after the listening line: " + lines);
        return matcher.group(1);
    }

    @Test
    void theFirstStartMakesTheKeyFileAndSaysItsFingerprintAsSlashFingerprintDoesAndTheNextStartKeepsIt()
            throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--lang", "en", "--log-level", "warn");
        awaitListening();
        String fingerprint = awaitFingerprintLine();
        Path keyFile = stateDir.resolve("server.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        byte[] key = Files.readAllBytes(keyFile);

        keyboard.type("/fingerprint");
        out.await(
                text -> text.lines()
                                .filter(("server key fingerprint: " + fingerprint)::equals)
                                .count()
                        == 2,
                Peer.DEADLINE,
                "/fingerprint's answer: the start's line again");
        keyboard.type("/quit");
        assertEquals(ServerMain.EXIT_OK, status.get(10, TimeUnit.SECONDS));

        start("--bind", "127.0.0.1", "--port", "0", "--lang", "zh", "--log-level", "warn");
        out.awaitLine("服务器密钥指纹：" + fingerprint);
        assertArrayEquals(key, Files.readAllBytes(keyFile), "read, not rewritten");
    }

    @Test
    void aCorruptKeyFileStopsTheStartNamingTheFileAndIsKept() throws Exception {
        Path file = stateDir.resolve("server.key");
        Files.writeString(file, "udp-chat server key 1\nnot a key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertEquals(ServerMain.EXIT_FAILURE, runAnother("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn"));
        assertEquals(
                "udp-server: the server key " + file + " is not a key file this server can read: line 2 is not"
                        + " base64: Illegal base64 character 20: restore the file from a backup; or, to give this"
                        + " server a new identity (clients that know the old key will refuse the server until their"
                        + " users accept the new one), move it away and start the server again"
                        + System.lineSeparator(),
                err.text());
        assertEquals("", out.text(), "it never listened");
        assertEquals("udp-chat server key 1\nnot a key\n", Files.readString(file));
    }

    @Test
    void aKeyFileOthersMayReadStopsTheStartWithTheChmodThatFixesIt() throws Exception {
        start("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn");
        awaitListening();
        keyboard.type("/quit");
        assertEquals(ServerMain.EXIT_OK, status.get(10, TimeUnit.SECONDS));
        Path file = stateDir.resolve("server.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String shown = out.text();

        assertEquals(ServerMain.EXIT_FAILURE, runAnother("--bind", "127.0.0.1", "--port", "0", "--log-level", "warn"));
        assertEquals(
                "udp-server: the server key " + file + " is open to others (permissions 0644): a private key must be"
                        + " readable by the server's user alone, or anyone who can read it can pose as this server;"
                        + " fix it with: chmod 600 " + file + System.lineSeparator(),
                err.text());
        assertEquals(shown, out.text(), "it never listened");
    }
}
