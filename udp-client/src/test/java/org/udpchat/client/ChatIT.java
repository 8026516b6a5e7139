package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.ChatServer;
import org.udpchat.server.FloodControl;
import org.udpchat.server.KickOutcome;
import org.udpchat.server.Peer;
import org.udpchat.server.Safeguards;
import org.udpchat.server.ServerConfig;

/** The real client program against the real server, in-process over loopback, stdin and stdout piped. */
@Timeout(60)
class ChatIT {

    private ChatServer server;
    private final InProcessClients clients = new InProcessClients();

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stopAll() {
        clients.endInput();
        server.close();
    }

    private String serverAddress() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private InProcessClient joined(String name, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("--server", serverAddress(), "--name", name));
        args.addAll(List.of(moreArgs));
        InProcessClient client = clients.start(args.toArray(new String[0]));
        boolean english = args.contains("en");
        client.out.awaitLineMatching(Pattern.compile(
                args.contains("--legacy")
                        ? (english ? "You are in the room" : "您已进入聊天室")
                        : (english ? "You are in room \\S+" : "您已进入房间 \\S+")));
        return client;
    }

    @Test
    void twoClientsChatInChineseHearTheAdminAndLeave() throws Exception {
        InProcessClient xiaoming = joined("小明");
        InProcessClient xiaohong = joined("小红");
        xiaoming.out.awaitLine("欢迎 小红 进入聊天室");

        xiaoming.keyboard.type("你好，  世界 🌏");
        xiaoming.out.awaitLine("小明 : 你好，  世界 🌏");
        xiaohong.out.awaitLine("小明 : 你好，  世界 🌏");

        server.announce("今晚十点维护");
        xiaoming.out.awaitLine("【公告】管理员 : 今晚十点维护");
        xiaohong.out.awaitLine("【公告】管理员 : 今晚十点维护");

        xiaohong.keyboard.type("/quit");
        assertEquals(ExitStatus.OK.code(), xiaohong.awaitStatus());
        xiaohong.out.awaitLine("您已退出聊天室");
        xiaoming.out.awaitLine("小红 退出了聊天室");

        // The line that says we are in comes first, exactly once.
        assertTrue(xiaohong.out.text().startsWith("您已进入房间 lobby\n"), xiaohong.out.text());
        assertEquals(1, xiaohong.out.text().split("您已进入房间", -1).length - 1);
    }

    @Test
    void aKickedClientExitsWith3WhileItsUserIsNotTyping() throws Exception {
        InProcessClient bob = joined("bob");
        assertEquals(KickOutcome.KICKED, server.kick("bob", "spam"));
        assertEquals(ExitStatus.KICKED.code(), bob.awaitStatus());
        assertTrue(bob.out.lines().contains("【公告】管理员 : 您已被移出聊天室，管理员说：“spam”"), bob.out.text());
    }

    @Test
    void closingTheRoomEndsClientsWith0() throws Exception {
        InProcessClient alice = joined("alice");
        InProcessClient bob = joined("bob");
        server.stop(Duration.ofSeconds(5));
        assertEquals(ExitStatus.OK.code(), alice.awaitStatus());
        assertEquals(ExitStatus.OK.code(), bob.awaitStatus());
        assertTrue(alice.out.lines().contains("【公告】管理员 : 服务器关闭，聊天室结束"), alice.out.text());
    }

    @Test
    void endOfInputLeavesTheRoom() throws Exception {
        InProcessClient alice = joined("alice");
        InProcessClient bob = joined("bob");
        bob.keyboard.endOfInput();
        assertEquals(ExitStatus.OK.code(), bob.awaitStatus());
        alice.out.awaitLine("bob 退出了聊天室");
    }

    @Test
    void endOfInputLeavesOnlyOnceEveryLineTheServerHeldBackIsSaid() throws Exception {
        server.close();
        // two lines at once, then twenty a second: eighteen of the script's twenty wait, held by the server
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withSafeguards(Safeguards.DEFAULTS.withFlood(new FloodControl(2, 20))));
        InProcessClient alice = joined("alice", "--lang", "en");
        InProcessClient script = joined("script", "--lang", "en");
        for (int i = 1; i <= 20; i++) {
            script.keyboard.type("line " + i);
        }
        script.keyboard.endOfInput();

        assertEquals(ExitStatus.OK.code(), script.awaitStatus());
        alice.out.awaitLine("script left the room");
        List<String> said = alice.out.lines().stream()
                .filter(line -> line.startsWith("script : "))
                .toList();
        List<String> typed = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            typed.add("script : line " + i);
        }
        assertEquals(typed, said, "every line, in order, before the quit");
        assertFalse(script.err.text().contains("may not have been sent"), script.err.text());
    }

    @Test
    void withoutAConsoleTheFirstLineIsTheName() throws Exception {
        InProcessClient alice = clients.start("--server", serverAddress());
        alice.keyboard.type("  alice  ");
        alice.out.awaitLine("您已进入房间 lobby");
        alice.keyboard.type("hello");
        alice.out.awaitLine("alice : hello");
        assertFalse(alice.out.text().contains("请输入昵称"), "no prompt without a console");
    }

    @Test
    void aRefusedNameExitsWith2AndSaysWhy() throws Exception {
        joined("bob");
        InProcessClient impostor = clients.start("--server", serverAddress(), "--name", "BOB", "--lang", "en");
        assertEquals(ExitStatus.USAGE.code(), impostor.awaitStatus());
        assertEquals(
                "cannot join: that name is taken - choose another\n",
                InProcessClient.withoutFirstContact(impostor.err.text()));
        InProcessClient classicImpostor = clients.start("--server", serverAddress(), "--name", "Bob", "--legacy");
        assertEquals(ExitStatus.USAGE.code(), classicImpostor.awaitStatus());
        assertEquals("无法进入聊天室：该昵称已被占用\n", classicImpostor.err.text());

        InProcessClient admin = clients.start("--server", serverAddress(), "--name", "管理员");
        assertEquals(ExitStatus.USAGE.code(), admin.awaitStatus());
        assertEquals("无法进入聊天室：该昵称为管理员保留\n", InProcessClient.withoutFirstContact(admin.err.text()));
    }

    @Test
    void atATerminalARefusedNameIsAskedAgain() throws Exception {
        joined("bob");
        InProcessClient user = clients.start(true, "--server", serverAddress(), "--name", "bob");
        user.err.awaitLine("无法进入聊天室：该昵称已被占用");
        user.out.awaitContains("请输入昵称:");
        user.keyboard.type("bob smith");
        user.err.awaitLine("无法进入聊天室：昵称不能包含空格");
        user.keyboard.type("robert");
        user.out.awaitLine("请输入昵称:请输入昵称:您已进入房间 lobby"); // each prompt waits on its line for the name
        assertFalse(user.status.isDone());
    }

    @Test
    void refusesATooLongLineWithoutSendingIt() throws Exception {
        InProcessClient alice = joined("alice", "--lang", "en");
        alice.keyboard.type("x".repeat(1017));
        alice.err.awaitLine("message not sent: it is 1017 bytes, at most 1016 fit");
        alice.keyboard.type("a\u001B[2Jb");
        alice.err.awaitLine("message not sent: it holds control or invisible characters");
        alice.keyboard.type("/nonsense");
        alice.err.awaitLine("unknown command '/nonsense' - /help lists the commands");
        alice.keyboard.type("x".repeat(1016));
        alice.out.awaitLine("alice : " + "x".repeat(1016));
        assertEquals(2, alice.out.text().split("\n").length, "only the joined line and the longest message");
    }

    @Test
    void aClassicClientChatsWithTheProjectsClient() throws Exception {
        try (Peer python = new Peer(server.localAddress())) {
            python.join("py");
            InProcessClient alice = joined("alice");
            python.expect("欢迎 alice 进入聊天室");
            python.send("C py hello from   python");
            alice.out.awaitLine("py : hello from   python");
            python.expect("py : hello from   python");
            alice.keyboard.type("你好 python");
            python.expect("alice : 你好 python");
            python.send("Q py");
            python.expect("EXIT");
            alice.out.awaitLine("py 退出了聊天室");
        }
    }

    @Test
    void theLegacyClientSpeaksClassicTextBesideNativeClients() throws Exception {
        InProcessClient classic = joined("老王", "--legacy");
        InProcessClient modern = joined("小李");
        classic.out.awaitLine("欢迎 小李 进入聊天室");
        classic.keyboard.type("我用的是文本协议");
        modern.out.awaitLine("老王 : 我用的是文本协议");
        modern.keyboard.type("收到");
        classic.out.awaitLine("小李 : 收到");
        assertEquals(KickOutcome.KICKED, server.kick("老王", "测试"));
        assertEquals(ExitStatus.KICKED.code(), classic.awaitStatus());
        assertTrue(classic.out.lines().contains("管理员 : 您已被移出聊天室：测试"), classic.out.text());
        modern.out.awaitLine("老王 被管理员移出了聊天室，管理员说：“测试”"); // the operator's own words, quoted
    }

    @Test
    void theLegacyClientLeavesAndEndsWhenTheRoomCloses() throws Exception {
        InProcessClient leaving = joined("甲", "--legacy");
        InProcessClient staying = joined("乙", "--legacy");
        leaving.keyboard.type("/quit");
        assertEquals(ExitStatus.OK.code(), leaving.awaitStatus());
        assertTrue(leaving.out.lines().contains("您已退出聊天室"), leaving.out.text());
        staying.out.awaitLine("甲 退出了聊天室");
        server.stop(Duration.ofSeconds(5));
        assertEquals(ExitStatus.OK.code(), staying.awaitStatus());
        assertTrue(staying.out.lines().contains("管理员 : 服务器关闭，聊天室结束"), staying.out.text());
    }

    @Test
    void noServerExitsWith1AfterRetrying() throws Exception {
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        InProcessClient lonely =
                clients.start("--server", "127.0.0.1:" + closedPort, "--name", "alice", "--lang", "en");
        assertEquals(ExitStatus.NO_SERVER.code(), lonely.awaitStatus());
        assertEquals(
                "no server answered at 127.0.0.1:" + closedPort
                        + " within 5 s - is it running, and are the address and port right? (A server older than"
                        + " version 2 of the native protocol does not answer this client at all.)\n",
                lonely.err.text());
    }

    @Test
    void badOptionsExitWith2() throws Exception {
        for (String[] bad : new String[][] {
            {"--server", "nonsense"}, {"--server", "::1:80"}, {"--server", "host:99999"}, {"--lang", "fr"}, {"--what"}
        }) {
            InProcessClient client = clients.start(bad);
            assertEquals(ExitStatus.USAGE.code(), client.awaitStatus(), String.join(" ", bad));
            String why = assertThrows(ClientCommandLine.UsageException.class, () -> ClientCommandLine.parse(bad))
                    .getMessage();
            assertEquals("udp-client: " + why + "\n" + ClientCommandLine.help(Locale.CHINESE), client.err.text());
        }
        InProcessClient help = clients.start("--help");
        assertEquals(ExitStatus.OK.code(), help.awaitStatus());
        assertEquals(ClientCommandLine.help(Locale.CHINESE), help.out.text(), "the default language's");
    }

    @Test
    void anUnknownHostIsAUsageErrorLikeTheOthers() throws Exception {
        InProcessClient client = clients.start("--server", "nohost.invalid:8888", "--name", "alice", "--lang", "en");
        assertEquals(ExitStatus.USAGE.code(), client.awaitStatus());
        assertEquals(
                "udp-client: --server: cannot find the host nohost.invalid\n" + ClientCommandLine.help(Locale.ENGLISH),
                client.err.text());
        assertEquals("", client.out.text());
    }

    @Test
    void theHelpFollowsLang() throws Exception {
        InProcessClient english = clients.start("--help", "--lang", "en");
        assertEquals(ExitStatus.OK.code(), english.awaitStatus());
        assertEquals(ClientCommandLine.help(Locale.ENGLISH), english.out.text());
        InProcessClient chinese = clients.start("--lang", "zh", "--help");
        assertEquals(ExitStatus.OK.code(), chinese.awaitStatus());
        assertEquals(ClientCommandLine.help(Locale.CHINESE), chinese.out.text());
    }
}
