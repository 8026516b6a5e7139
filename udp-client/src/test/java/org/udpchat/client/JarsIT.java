package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.Peer;

/** The jars as a user runs them ({@link RunningJars}): chat, the operator's tools, the signals. */
@Timeout(90)
class JarsIT extends RunningJars {

    @Test
    void chatInChineseWithAnnouncementQuitKickAndClose() throws Exception {
        Program xiaoming = client("--name", "小明");
        xiaoming.out.awaitLine("您已进入房间 lobby");
        Program xiaohong = client(); // no console: the first line is the name
        xiaohong.type("小红");
        xiaohong.out.awaitLine("您已进入房间 lobby");
        xiaoming.out.awaitLine("欢迎 小红 进入聊天室");

        xiaoming.type("你好，世界");
        xiaohong.out.awaitLine("小明 : 你好，世界");
        xiaoming.out.awaitLine("小明 : 你好，世界");

        server.type("今晚十点维护");
        xiaoming.out.awaitLine("【公告】管理员 : 今晚十点维护");
        xiaohong.out.awaitLine("【公告】管理员 : 今晚十点维护");

        xiaohong.type("/quit");
        assertEquals(0, xiaohong.awaitExit());
        xiaoming.out.awaitLine("小红 退出了聊天室");

        server.type("/kick 小明 再见");
        assertEquals(3, xiaoming.awaitExit(), xiaoming.err.text());
        assertTrue(xiaoming.out.lines().contains("【公告】管理员 : 您已被移出聊天室，管理员说：“再见”"), xiaoming.out.text());
        server.out.awaitLine("已将 小明 移出聊天室");

        server.type("/quit");
        assertEquals(0, server.awaitExit(), server.err.text());
        assertLogEndsWith("[relay] room closed; said goodbye to 0 members", "[main] server stopped");
        String log = Files.readString(logs.resolve("server.log"), StandardCharsets.UTF_8);
        assertTrue(hasLogLine(log, "'小明' joined 'lobby' from 127\\.0\\.0\\.1:\\d+ \\(1 on the server, native\\)"), log);
        assertTrue(hasLogLine(log, "'小明' kicked: '再见'"), log);
        assertTrue(
                hasLogLine(server.err.text(), "'小红' left \\(1 on the server\\)"),
                "the log goes to stderr too: " + server.err.text());
        assertFalse(server.out.text().contains("INFO"), "stdout is the operator's screen, not the log");
    }

    @Test
    void roomsPrivateMessagesAndTheOperatorsToolsThroughPipedStdin() throws Exception {
        Program alice = client("--name", "alice", "--room", "games", "--lang", "en");
        alice.out.awaitLine("You are in room games");
        Program bob = client("--name", "bob", "--lang", "en");
        bob.out.awaitLine("You are in room lobby");

        bob.type("only the lobby hears this");
        bob.out.awaitLine("bob : only the lobby hears this");
        bob.type("/msg alice psst");
        alice.out.awaitLine("bob (private) : psst");
        bob.out.awaitLine("(private to alice) : psst");
        server.type("/say games games only");
        alice.out.awaitLine("[notice to games] 管理员 : games only"); // a room notice, not an announcement
        server.type("/rooms");
        server.out.awaitLine(String.format("  %-32s %s", "games", "1 人"));

        server.type("/mute bob 5");
        bob.out.awaitLine("[announcement] 管理员 : you are muted for 5 minutes");
        bob.type("still there?");
        bob.err.awaitLine("you are muted for 5 more minutes - not sent");
        server.type("/ban alice");
        assertEquals(3, alice.awaitExit(), alice.err.text());
        assertEquals(3, bob.awaitExit(), "bob is at the same address: " + bob.err.text());
        // a Chinese server, an English client: the whole line in the client's language
        String banned = "[announcement] 管理员 : you have been removed from the room and banned until the ban is lifted";
        assertTrue(alice.out.lines().contains(banned), alice.out.text());
        Program carol = client("--name", "carol", "--lang", "en");
        assertEquals(2, carol.awaitExit());
        assertTrue(carol.err.lines().contains("cannot join: you are banned from this server"), carol.err.text());

        server.type("/stats");
        server.out.awaitLineMatching(Pattern.compile("重传：\\d+"));
        server.type("/quit");
        assertEquals(0, server.awaitExit(), server.err.text());
        assertFalse(alice.out.text().contains("only the lobby hears this"), alice.out.text());
        assertFalse(bob.out.text().contains("games only"), bob.out.text());
    }

    /** The jar carries only the part of ICU4J's data the name rules read: they hold in it as in the tests. */
    @Test
    void theServerJarRefusesLookalikesAndForgedAnnouncements() throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        Peer alice = new Peer(loopback, port);
        Peer impostor = new Peer(loopback, port);
        try (alice;
                impostor) {
            alice.join("alice");
            impostor.send("L ＡＤＭＩＮ");
            impostor.expect("与管理员太像，请换一个昵称");
            impostor.send("L aIice");
            impostor.expect("与 alice 太像，请换一个昵称");
            impostor.send("L Ωmega");
            impostor.expect("昵称不能混用文字，也不能带游离的附加符号");
            alice.send("C alice 管理员 ː 重启");
            alice.expect("消息看起来像管理员公告，未发送");
        }
    }

    @Test
    void aSecondServerProcessOnTheSameStateDirectoryIsRefusedNamingTheFirst() throws Exception {
        Program second = startServer("0");

        assertEquals(1, second.awaitExit(), second.err.text());
        assertEquals(
                List.of("udp-server: the state directory " + stateDir + " is in use by another server (process "
                        + server.process.pid() + "): stop that server, or give this one another --state-dir"),
                second.err.lines().stream()
                        .filter(line -> line.startsWith("udp-server:"))
                        .toList());
        assertEquals("", second.out.text(), "it never listened");

        server.type("/banip 192.0.2.7");
        server.out.awaitLine("已封禁 192.0.2.7，直到解除"); // the first goes on
    }

    @Test
    void sigtermSaysGoodbyeToClientsAndExitsZero() throws Exception {
        Program alice = client("--name", "alice");
        alice.out.awaitLine("您已进入房间 lobby");
        server.process.destroy(); // SIGTERM
        assertEquals(0, server.awaitExit(), server.err.text());
        assertEquals(0, alice.awaitExit(), alice.err.text());
        assertTrue(alice.out.lines().contains("【公告】管理员 : 服务器关闭，聊天室结束"), alice.out.text());
        assertLogEndsWith("[relay] room closed; said goodbye to 1 member", "[main] server stopped");
    }

    /**
     * SIGTERM the moment the joined line shows, {@link #SIGNALLED_AT_ONCE} clients at a time, native and
     * classic, with every core busy: each client still tells the server it leaves, and ends with 0. A client
     * that took the signal before it was ready to leave ended with 143 (or 130 for Ctrl-C) without telling
     * the server, whose room then kept its name for 30 s. (SIGINT runs the same shutdown hook:
     * {@link LeaveOnSignalIT} covers both by calling it.)
     *
     * <p>It busies every core itself, so it runs alone, after the other integration tests ({@link
     * #EVERY_CORE_BUSY}): beside the other test JVM's cluster nodes and jars, on a machine already busy with
     * other builds, its clients were not up within 20 s (2 runs in 5).
     */
    @Test
    @Tag(EVERY_CORE_BUSY)
    void everyClientLeavesOnASignalTheMomentItHasJoined() throws Exception {
        List<CompletableFuture<String>> clients = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(SIGNALLED_AT_ONCE);
        AtomicBoolean busy = new AtomicBoolean(true);
        for (int core = 0; core < Runtime.getRuntime().availableProcessors(); core++) {
            Thread spinner = new Thread(() -> {
                while (busy.get()) {
                    Thread.onSpinWait(); // a loaded machine, which widens a window between two steps
                }
            });
            spinner.setDaemon(true);
            spinner.start();
        }
        List<String> wrongEnds = new ArrayList<>();
        try {
            for (int i = 0; i < SIGNALLED_CLIENTS; i++) {
                String name = "bob" + i;
                boolean classic = i % 2 == 1;
                clients.add(CompletableFuture.supplyAsync(() -> signalOnJoining(name, classic), starter));
            }
            for (CompletableFuture<String> client : clients) {
                String end = client.get(InProcessClient.EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                if (!end.isEmpty()) {
                    wrongEnds.add(end);
                }
            }
        } finally {
            busy.set(false);
            starter.shutdownNow();
        }
        assertEquals(List.of(), wrongEnds, wrongEnds.size() + " of " + SIGNALLED_CLIENTS + " ended wrongly");
        for (int i = 0; i < SIGNALLED_CLIENTS; i++) {
            String name = "bob" + i;
            server.err.await(
                    log -> hasLogLine(log, "'" + name + "' left \\(\\d+ on the server\\)"),
                    Peer.DEADLINE,
                    name + "'s leave in the server's log");
        }
    }

    /** The tag of a test that busies every core: Failsafe runs it alone (udp-client's pom). */
    static final String EVERY_CORE_BUSY = "every-core-busy";

    /** Enough to catch the old race (1 in 10 under load) almost every run, in about 12 s. */
    private static final int SIGNALLED_CLIENTS = 16;

    private static final int SIGNALLED_AT_ONCE = 4;

    /**
     * Starts a client and sends it SIGTERM as soon as it shows it has joined.
     *
     * @return empty if it ended with 0; else how it ended
     */
    private String signalOnJoining(String name, boolean classic) {
        try {
            Program client = classic ? client("--name", name, "--legacy") : client("--name", name);
            // four JVMs starting at once beside busy cores may take longer than the usual deadline
            client.out.awaitLine(classic ? "您已进入聊天室" : "您已进入房间 lobby", InProcessClient.EXIT_DEADLINE);
            client.process.destroy(); // at once: a kill command would come milliseconds late
            int status = client.awaitExit();
            return status == 0 ? "" : name + (classic ? " (classic)" : "") + " ended with " + status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
