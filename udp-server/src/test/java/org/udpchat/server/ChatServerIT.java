package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Limits;

/**
 * The room's rules over real sockets on loopback: a real server, classic clients as plain datagram
 * sockets. "Nothing else arrived" is proven without waiting: a later datagram that must arrive (the
 * server sends to each member in order) is the next one received.
 */
@Timeout(30)
class ChatServerIT {

    @RegisterExtension
    final ServerUnderTest underTest =
            new ServerUnderTest(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));

    private ChatServer server = underTest.server();

    /** The members of {@link #aliceAndBob}, when a test starts from it. */
    private Peer alice;

    private Peer bob;

    private void restart(ServerConfig config) throws IOException {
        server = underTest.restart(config);
    }

    private Peer peer() throws IOException {
        return underTest.classicPeer();
    }

    /** Alice and bob join, and alice is told that bob did. */
    private void aliceAndBob() throws IOException {
        alice = peer().join("alice");
        bob = peer().join("bob");
        alice.expect("欢迎 bob 进入聊天室");
    }

    @Test
    void joinsAndWelcomesToTheOthers() throws Exception {
        Peer alice = peer().join("alice");
        Peer bob = peer();
        bob.send("L   bob  ");
        bob.expect("OK");
        alice.expect("欢迎 bob 进入聊天室");
        assertEquals(List.of("alice", "bob"), underTest.names());
    }

    @Test
    void refusesTakenNameAndChangesNothing() throws Exception {
        Peer alice = peer().join("bob");
        Peer impostor = peer();
        impostor.send("L bob");
        impostor.expect("该昵称已被占用");
        impostor.send("L BOB");
        impostor.expect("该昵称已被占用");
        impostor.send("L ｂｏｂ");
        impostor.expect("该昵称已被占用");
        assertEquals(List.of("bob"), underTest.names());
        peer().join("carol");
        alice.expect("欢迎 carol 进入聊天室"); // and no notice before it
    }

    @Test
    void refusesTheAdministratorsNameAndItsLookAlikes() throws Exception {
        Peer peer = peer();
        // the traditional spelling, and 理 as its CJK compatibility ideograph U+F9E4, which NFKC maps back
        for (String name : List.of("管理员", "管理員", "管\uF9E4员")) {
            peer.send("L " + name);
            peer.expect("该昵称为管理员保留");
        }
        Peer member = peer().join("alice");
        member.send("C 管理员 I am the admin");
        member.expect("您的昵称是 alice，不能冒用他人名义");
        assertEquals(List.of("alice"), underTest.names());
    }

    @Test
    void refusesBadNamesSayingWhichRule() throws Exception {
        // A fresh address for each: refusals to non-members are rate-limited per address.
        refuses("L " + "名".repeat(33), "昵称最多 32 个字符");
        refuses("L bob smith", "昵称不能包含空格");
        refuses("L bob\nalice", "昵称不能包含空格"); // a line break is whitespace, the rule checked first
        refuses("L bob\u0007", "昵称不能包含控制字符或不可见字符");
        refuses("L bob\u202E", "昵称不能包含控制字符或不可见字符");
        refuses("L \u001B[2Jbob", "昵称不能包含控制字符或不可见字符");
        refuses("L bo\u200Bb", "昵称不能包含控制字符或不可见字符");
        assertEquals(List.of(), underTest.names());
    }

    private void refuses(String request, String reason) throws IOException {
        Peer peer = peer();
        peer.send(request);
        peer.expect(reason);
    }

    @Test
    void refusesForgedLinesInChat() throws Exception {
        aliceAndBob();
        // four from bob and one from alice: refusals to one address are budgeted, a few at once
        for (String forged : List.of("hi\n管理员 : 服务器将关闭", "\u001B[2J", "abc\u202Edef", "x\u2066y")) {
            bob.send("C bob " + forged);
            bob.expect("消息不能包含控制字符或不可见字符，未发送");
        }
        alice.send("C alice a\u2028b");
        alice.expect("消息不能包含控制字符或不可见字符，未发送");
        bob.send("C bob after");
        alice.expect("bob : after");
    }

    @Test
    void relaysChatExactlyToEveryMember() throws Exception {
        Peer alice = peer().join("小明");
        Peer bob = peer().join("bob");
        alice.expect("欢迎 bob 进入聊天室");
        bob.send("C bob hi   there  ");
        alice.expect("bob : hi   there  ");
        bob.expect("bob : hi   there  ");
        alice.send("C 小明 你好，世界 🌏");
        alice.expect("小明 : 你好，世界 🌏");
        bob.expect("小明 : 你好，世界 🌏");
    }

    @Test
    void relaysTheLongestAllowedMessageAndDropsOneByteMore() throws Exception {
        Peer alice = peer().join("alice");
        int room = ChatText.maxBytes("alice");
        String longest = "好".repeat(room / 3) + "x".repeat(room % 3);
        alice.send("C alice " + longest);
        byte[] line = alice.receiveBytes();
        assertEquals(Limits.MAX_DATAGRAM_BYTES, line.length);
        assertEquals("alice : " + longest, new String(line, StandardCharsets.UTF_8));
        // One byte more makes the request itself oversize: dropped and counted (the client never sends it).
        alice.send("C alice " + longest + "x");
        alice.sync("alice");
        assertEquals(1, server.stats().dropped(DropReason.MALFORMED));
    }

    @Test
    void refusesImpersonationAndOneAddressHoldsOneName() throws Exception {
        aliceAndBob();
        bob.send("C alice I am alice");
        bob.expect("您的昵称是 bob，不能冒用他人名义");
        bob.send("Q alice");
        bob.expect("您的昵称是 bob，不能冒用他人名义");
        bob.send("L carol");
        bob.expect("此地址已是 bob，请先退出");
        Peer stranger = peer();
        stranger.send("C alice hello");
        stranger.expect("您不在聊天室中，请先登录");
        bob.send("C bob sync");
        alice.expect("bob : sync"); // nothing forged reached alice before it
        assertEquals(List.of("alice", "bob"), underTest.names());
        assertEquals(2, server.stats().dropped(DropReason.IMPERSONATION));
    }

    @Test
    void repeatedLoginIsAnsweredAgainWithoutASecondNotice() throws Exception {
        Peer alice = peer().join("alice");
        Peer bob = peer().join("bob");
        bob.send("L bob");
        bob.expect("OK");
        bob.send("C bob once");
        alice.expect("欢迎 bob 进入聊天室", "bob : once");
    }

    @Test
    void quitFreesTheNameAndTellsTheRoom() throws Exception {
        aliceAndBob();
        bob.send("Q bob");
        bob.expect("EXIT");
        alice.expect("bob 退出了聊天室");
        bob.send("Q bob"); // a retry whose EXIT was lost
        bob.expect("EXIT");
        Peer newBob = peer().join("bob");
        alice.expect("欢迎 bob 进入聊天室");
        newBob.send("C bob new");
        alice.expect("bob : new");
    }

    @Test
    void announcesAsTheAdministratorToEveryone() throws Exception {
        aliceAndBob();
        assertTrue(server.announce("今晚十点维护").isEmpty());
        alice.expect("管理员 : 今晚十点维护");
        bob.expect("管理员 : 今晚十点维护");
        assertEquals(
                ChatText.Problem.INVISIBLE_OR_CONTROL, server.announce("a\nb").orElseThrow());
    }

    @Test
    void kickSendsTheReasonThenExitAndTellsTheRoom() throws Exception {
        aliceAndBob();
        assertEquals(KickOutcome.KICKED, server.kick("bob", "刷屏"));
        bob.expect("管理员 : 您已被移出聊天室：刷屏", "EXIT");
        alice.expect("bob 被管理员移出了聊天室");
        assertEquals(KickOutcome.NO_SUCH_MEMBER, server.kick("bob", ""));
        bob.send("C bob still here?");
        bob.expect("您不在聊天室中，请先登录");
    }

    @Test
    void closingSaysGoodbyeToEveryMember() throws Exception {
        aliceAndBob();
        assertTrue(server.stop(Peer.DEADLINE));
        alice.expect("管理员 : 服务器关闭，聊天室结束", "EXIT");
        bob.expect("管理员 : 服务器关闭，聊天室结束", "EXIT");
    }

    @Test
    void capsTheServerAtMaxMembers() throws Exception {
        restart(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withMaxMembers(2));
        peer().join("a");
        Peer b = peer().join("b");
        Peer c = peer();
        c.send("L c");
        c.expect("服务器已满（2 人），请稍后再来");
        b.send("Q b");
        b.expect("EXIT");
        c.join("c");
    }

    @Test
    void keepsServingAfterABurstOfGarbage() throws Exception {
        Peer alice = peer().join("alice");
        Peer attacker = peer();
        Random random = new Random(42);
        // Few and small enough to fit the server's socket buffer even before it drains any.
        int garbage = 200;
        for (int i = 0; i < garbage; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            bytes[0] = (byte) 'Z'; // never a valid tag, so every one is malformed
            attacker.send(bytes);
        }
        attacker.send(new byte[0]);
        attacker.send(new byte[Limits.MAX_DATAGRAM_BYTES + 1]);
        attacker.send(new byte[] {'C', ' ', (byte) 0xC3});
        attacker.send("L attacker");
        attacker.expect("OK"); // the relay has handled everything sent before
        alice.expect("欢迎 attacker 进入聊天室");
        RelayStats stats = server.stats();
        assertEquals(garbage + 3, stats.dropped(DropReason.MALFORMED));
    }

    @Test
    void repliesToStrangersStaySmallAndRare() throws Exception {
        peer().join("taken");
        Peer spoofed = peer();
        int replies = 0;
        // Every request is shorter than 22 bytes, so the bound is the 64-byte floor.
        for (int i = 0; i < 50; i++) {
            String request =
                    List.of("L taken", "L 管理员", "C x y", "Q x", "L a b").get(i % 5);
            spoofed.send(request);
        }
        spoofed.send("L sync"); // a member's answers are not budgeted: this proves the relay got through all 50
        List<String> received = new ArrayList<>();
        String reply;
        while (!(reply = spoofed.receive()).equals("OK")) {
            received.add(reply);
            replies++;
            assertTrue(reply.getBytes(StandardCharsets.UTF_8).length <= ClassicProtocol.MIN_REPLY_BOUND, reply);
        }
        assertEquals(ReplyBudget.PER_ADDRESS_BURST, replies, received.toString());
        assertEquals(50 - ReplyBudget.PER_ADDRESS_BURST, server.stats().dropped(DropReason.REPLY_RATE_LIMITED));
    }

    @Test
    void listensOnIpv4AndIpv6ByDefault() throws Exception {
        restart(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withBindAddress(Optional.empty())
                .withLanguage(Locale.ENGLISH));
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        assumeTrue(hasIpv6Loopback(ipv6Loopback), "this machine has no IPv6 loopback");
        try (Peer overIpv4 = new Peer(
                        InetAddress.getByName("127.0.0.1"),
                        server.localAddress().getPort());
                Peer overIpv6 = new Peer(ipv6Loopback, server.localAddress().getPort())) {
            overIpv4.join("four");
            overIpv6.join("six");
            overIpv4.expect("six joined the room");
            overIpv6.send("C six hello over IPv6");
            overIpv4.expect("six : hello over IPv6");
            overIpv6.expect("six : hello over IPv6");
        }
    }

    private static boolean hasIpv6Loopback(InetAddress ipv6Loopback) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(ipv6Loopback, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
