package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;
import org.udpchat.server.Peer;

/** The whole server program in-process: command line, listening line, admin console, exit statuses. */
@Timeout(30)
class ServerMainIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\n");

    private final Keyboard keyboard = new Keyboard();
    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private CompletableFuture<Integer> status;

    @AfterEach
    void quit() throws Exception {
        if (status != null && !status.isDone()) {
            keyboard.type("/quit");
            status.get(10, TimeUnit.SECONDS);
        }
    }

    private CompletableFuture<Integer> start(String... args) {
        ServerMain program = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false);
        status = CompletableFuture.supplyAsync(() -> program.run(args));
        return status;
    }

    private InetSocketAddress awaitListening() {
        Matcher matcher =
                LISTENING.matcher(out.await(text -> LISTENING.matcher(text).find(), Peer.DEADLINE, "listening"));
        assertTrue(matcher.find());
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
            String listing = out.awaitContains("2 位成员：");
            out.awaitContains(alice.address().getPort() + "");
            assertTrue(
                    out.await(t -> t.contains("bob") && t.contains("空闲"), Peer.DEADLINE, "bob listed")
                            .contains("alice"),
                    listing);

            keyboard.type("/kick bob 刷屏 太多");
            bob.expect("管理员 : 您已被移出聊天室：刷屏 太多", "EXIT");
            alice.expect("bob 被管理员移出了聊天室");
            out.awaitContains("已将 bob 移出聊天室");

            keyboard.type("/kick nobody");
            out.awaitContains("没有名为 'nobody' 的成员");
            keyboard.type("/kick");
            out.awaitContains("用法：/kick 昵称 [原因]");
            keyboard.type("/frobnicate");
            out.awaitContains("未知命令 '/frobnicate'");
            keyboard.type("/help");
            out.awaitContains("/kick 昵称 [原因]");

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
        assertTrue(!status.isDone());
        status.cancel(true);
    }

    @Test
    void refusesBadOptionsWithUsageAndStatus2() {
        assertEquals(
                ServerMain.EXIT_USAGE,
                new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false).run("--port", "70000"));
        assertTrue(err.text().contains("--port: port '70000' is not a number in 0..65535"), err.text());
        assertTrue(err.text().contains("Usage: java -jar udp-server.jar"), err.text());
        for (String[] bad : new String[][] {
            {"--lang", "fr"},
            {"--max-members", "0"},
            {"--log-level", "loud"},
            {"--bogus"},
            {"extra"},
            {"--bind", "no.such.host.invalid"},
            {"--session-timeout", "0"},
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
        assertEquals(ServerMain.EXIT_OK, program.run("--help"));
        assertTrue(out.text().contains("--max-members N"), out.text());
        assertTrue(out.text().contains("--session-timeout SECONDS"), out.text());
        assertTrue(out.text().contains("--classic-idle-timeout SECONDS"), out.text());
        assertTrue(out.text().contains("Exit status"), out.text());
        assertEquals(ServerMain.EXIT_OK, program.run("--version"));
        assertTrue(out.text().contains("udp-server "), out.text());
    }

    @Test
    void aTakenPortIsAClearFailureWithStatus1() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            int result = new ServerMain(keyboard.reader(), out.printStream(), err.printStream(), false)
                    .run("--bind", "127.0.0.1", "--port", String.valueOf(port));
            assertEquals(ServerMain.EXIT_FAILURE, result);
            assertTrue(err.text().contains("cannot listen on 127.0.0.1 port " + port), err.text());
            assertTrue(err.text().contains("choose another with --port"), err.text());
        }
    }
}
