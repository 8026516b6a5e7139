package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;

/**
 * The native protocol over real sockets on loopback: a real server, native clients as raw
 * {@link NativePeer}s, classic ones as {@link Peer}s, in one room. "Nothing else arrived" is proven without
 * waiting: a later datagram that must arrive (a pong, a challenge, a chat line) is the next one received.
 */
@Timeout(60)
class NativeServerIT {

    /** A token no session was ever given: the server draws tokens from SecureRandom. */
    private static final long NEVER_ISSUED = 0x0BAD_C0DE_0BAD_C0DEL;

    /** How often {@link #awaitStats} asks the relay: often enough to be quick, rarely enough not to load it. */
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final List<NativePeer> nativePeers = new ArrayList<>();
    private final List<Peer> classicPeers = new ArrayList<>();
    private ChatServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Native sessions still open quit first, so that the closing need not wait for acknowledgements that
     * will never come; the server is stopped once it has read the quits.
     */
    @AfterEach
    void stopAll() throws Exception {
        if (!server.isStopped()) {
            long before = server.stats().datagramsIn();
            int quits = 0;
            for (NativePeer peer : nativePeers) {
                if (peer.token() != 0) {
                    peer.quit();
                    quits++;
                }
            }
            long expected = before + quits;
            awaitStats(stats -> stats.datagramsIn() >= expected, "the server read the quits");
        }
        nativePeers.forEach(NativePeer::close);
        classicPeers.forEach(Peer::close);
        server.close();
    }

    private NativePeer nativePeer() throws IOException {
        NativePeer peer = new NativePeer(server.localAddress());
        nativePeers.add(peer);
        return peer;
    }

    private Peer classicPeer() throws IOException {
        Peer peer = new Peer(server.localAddress());
        classicPeers.add(peer);
        return peer;
    }

    private RelayStats stats() throws ChatServer.UnansweredException {
        return server.stats();
    }

    /** Polls the server's counters until {@code condition} holds, for up to {@link NativePeer#DEADLINE}. */
    private RelayStats awaitStats(Predicate<RelayStats> condition, String what) throws Exception {
        long deadline = System.nanoTime() + NativePeer.DEADLINE.toNanos();
        RelayStats stats;
        while (!condition.test(stats = stats())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + NativePeer.DEADLINE + ": " + what + "; " + stats);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return stats;
    }

    private MemberInfo member(String name) throws ChatServer.UnansweredException {
        return server.members().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not a member"));
    }

    private List<String> names() throws ChatServer.UnansweredException {
        return server.members().stream().map(MemberInfo::name).toList();
    }

    @Test
    void handshakeEarnsASmallChallengeThenAWelcomeAndTheRoomIsTold() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        NativePeer bob = nativePeer();

        bob.send(new byte[] {(byte) 0xFF, (byte) 0xAC, NativeCodec.VERSION, 0x01, 0, 0, 0, 0}); // a short hello
        bob.hello(NativeCodec.HELLO_BYTES);
        NativeServerPacket.Challenge challenge = assertInstanceOf(NativeServerPacket.Challenge.class, bob.receive());
        assertEquals(NativeCodec.CHALLENGE_BYTES, bob.lastSize(), "the short hello was not answered: this is the next");
        NativeServerPacket.Welcome welcome =
                assertInstanceOf(NativeServerPacket.Welcome.class, bob.login(challenge.cookie(), 0, "bob"));

        assertEquals("bob", welcome.name());
        alice.expectEvents(new RoomEvent.Joined("bob"));
        assertEquals(List.of("alice", "bob"), names());
        assertTrue(member("bob").isNative());
        assertEquals(bob.address(), member("bob").address());
        assertEquals(1, stats().dropped(DropReason.MALFORMED));
    }

    @Test
    void nativeAndClassicMembersHearEachOtherInOneRoom() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        Peer carol = classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));

        alice.chat("你好 carol");
        alice.expectEvents(new RoomEvent.Said("alice", "你好 carol"));
        carol.expect("alice : 你好 carol");

        carol.send("C carol 你好  alice");
        carol.expect("carol : 你好  alice");
        alice.expectEvents(new RoomEvent.Said("carol", "你好  alice"));

        assertTrue(server.announce("今晚十点维护").isEmpty());
        alice.expectEvents(new RoomEvent.Announced("今晚十点维护"));
        carol.expect("管理员 : 今晚十点维护");

        alice.quit();
        assertEquals(new NativeServerPacket.Ack(alice.token(), 2), alice.expect(NativeServerPacket.Ack.class));
        carol.expect("alice 退出了聊天室");
        assertEquals(List.of("carol"), names());
    }

    @Test
    void tokensNeverIssuedAreDroppedUnansweredAndStaleOnesEarnOnlyEnded() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        NativePeer forger = nativePeer();

        forger.send(new NativeClientPacket.Chat(NEVER_ISSUED, 1, 0, "forged"));
        forger.send(new NativeClientPacket.Ping(NEVER_ISSUED, 0));
        forger.send(new NativeClientPacket.PathResponse(NEVER_ISSUED, 1));
        forger.hello(NativeCodec.HELLO_BYTES);

        forger.expect(NativeServerPacket.Challenge.class); // the first answer it gets
        assertEquals(3, stats().dropped(DropReason.UNKNOWN_TOKEN));

        NativePeer bob = nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        bob.quit();
        bob.expect(NativeServerPacket.Ack.class);
        alice.expectEvents(new RoomEvent.Left("bob"));

        bob.chat("after quitting");

        assertEquals(
                new NativeServerPacket.Ended(bob.token(), EndReason.QUIT), bob.expect(NativeServerPacket.Ended.class));
        assertEquals(13, bob.lastSize());
        alice.sync(); // nothing reached alice
        assertEquals(List.of("alice"), names());
    }

    @Test
    void aCookieReplayedFromAnotherSocketCreatesNoSession() throws Exception {
        NativePeer victim = nativePeer();
        Cookie cookie = victim.challenge();
        NativePeer attacker = nativePeer();

        attacker.send(new NativeClientPacket.Login(cookie, 0, "mallory"));
        attacker.hello(NativeCodec.HELLO_BYTES);

        attacker.expect(NativeServerPacket.Challenge.class); // the login was not answered
        assertEquals(1, stats().dropped(DropReason.BAD_COOKIE));
        assertEquals(List.of(), names());
        assertInstanceOf(NativeServerPacket.Welcome.class, victim.login(cookie, 0, "victim"));
    }

    @Test
    void classicDatagramsNeverSpeakForANativeMember() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        Peer carol = classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        Peer stranger = classicPeer();

        alice.send("C alice hello in classic text".getBytes(UTF_8)); // from her own address: dropped
        alice.send("Q alice".getBytes(UTF_8));
        carol.send("C alice I owe carol money");
        carol.expect("您的昵称是 carol，不能冒用他人名义");
        stranger.send("C alice I owe the stranger money");
        stranger.expect("您不在聊天室中，请先登录");
        stranger.send("Q alice");
        stranger.expect("EXIT");

        alice.sync();
        carol.send("C carol sync");
        carol.expect("carol : sync"); // and no forged line before it
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
        assertEquals(List.of("alice", "carol"), names());
        assertEquals(3, stats().dropped(DropReason.IMPERSONATION));
    }

    /**
     * Hellos from many sockets, of many sizes, stand for hellos forged with many victims' addresses: each
     * victim receives challenges no larger than what was sent in its name, and only a few.
     */
    @Test
    void manySpoofedHellosEarnOnlyChallengesSmallerThanThemselvesAndFew() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int victims = 40;
        int hellosEach = 8;
        RelayStats before = stats();
        Map<NativePeer, Integer> smallestHello = new HashMap<>();
        long start = System.nanoTime();

        for (int v = 0; v < victims; v++) {
            NativePeer victim = nativePeer();
            int smallest = Integer.MAX_VALUE;
            for (int i = 0; i < hellosEach; i++) {
                int size = NativeCodec.HELLO_BYTES
                        + random.nextInt(Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.HELLO_BYTES + 1);
                victim.hello(size);
                smallest = Math.min(smallest, size);
            }
            smallestHello.put(victim, smallest);
            long sent = before.datagramsIn() + (long) (v + 1) * hellosEach;
            awaitStats(s -> s.datagramsIn() >= sent, "the server read the hellos"); // within its socket buffer
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        RelayStats after = stats();
        long challenges = after.datagramsOut() - before.datagramsOut();
        long limited = after.dropped(DropReason.REPLY_RATE_LIMITED) - before.dropped(DropReason.REPLY_RATE_LIMITED);

        String replay = "seed " + seed + ", " + elapsedMillis + " ms";
        assertEquals((long) victims * hellosEach, challenges + limited, replay);
        long perVictim = ReplyBudget.PER_ADDRESS_BURST + elapsedMillis / ReplyBudget.PER_ADDRESS_REFILL_MILLIS;
        Map<NativePeer, Integer> received = new HashMap<>();
        long deadline = System.nanoTime() + NativePeer.DEADLINE.toNanos();
        int total = 0;
        while (total < challenges) {
            assertTrue(System.nanoTime() - deadline < 0, replay + ": only " + total + " of " + challenges + " arrived");
            for (NativePeer victim : smallestHello.keySet()) {
                byte[] reply = victim.poll(Duration.ofMillis(1)).orElse(null);
                if (reply != null) {
                    assertInstanceOf(NativeServerPacket.Challenge.class, NativePeer.decode(reply), replay);
                    assertTrue(reply.length <= smallestHello.get(victim), replay + ": " + reply.length + " bytes");
                    received.merge(victim, 1, Integer::sum);
                    total++;
                }
            }
        }
        for (Map.Entry<NativePeer, Integer> entry : received.entrySet()) {
            assertTrue(entry.getValue() <= perVictim, replay + ": " + entry.getValue() + " challenges to one victim");
        }
        assertTrue(limited > 0, replay + ": nothing was rate-limited");
    }

    @Test
    void aSessionsTokenFromOtherSocketsEarnsOnlySmallRarePathChallenges() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        RelayStats before = stats();
        List<NativePeer> spoofers = new ArrayList<>();
        long start = System.nanoTime();

        for (int i = 0; i < 20; i++) {
            NativePeer spoofer = nativePeer();
            spoofers.add(spoofer);
            for (int j = 0; j < 8; j++) {
                spoofer.send(new NativeClientPacket.Ping(alice.token(), 0)); // 20 bytes, the smallest
            }
        }
        RelayStats after =
                awaitStats(s -> s.datagramsIn() >= before.datagramsIn() + 160, "the server read the spoofed datagrams");
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        long challenges = after.datagramsOut() - before.datagramsOut();
        long perSpoofer = ReplyBudget.PER_ADDRESS_BURST + elapsedMillis / ReplyBudget.PER_ADDRESS_REFILL_MILLIS;
        assertTrue(challenges <= perSpoofer * spoofers.size(), challenges + " path challenges");
        assertEquals(
                160, after.dropped(DropReason.UNVALIDATED_ADDRESS) - before.dropped(DropReason.UNVALIDATED_ADDRESS));
        long deadline = System.nanoTime() + NativePeer.DEADLINE.toNanos();
        int total = 0;
        while (total < challenges) {
            assertTrue(System.nanoTime() - deadline < 0, "only " + total + " of " + challenges + " arrived");
            for (NativePeer spoofer : spoofers) {
                byte[] reply = spoofer.poll(Duration.ofMillis(1)).orElse(null);
                if (reply != null) {
                    assertEquals(NativeCodec.SESSION_HEADER_BYTES, reply.length);
                    NativeServerPacket.PathChallenge challenge =
                            assertInstanceOf(NativeServerPacket.PathChallenge.class, NativePeer.decode(reply));
                    assertEquals(alice.token(), challenge.token());
                    total++;
                }
            }
        }
        alice.sync(); // alice heard nothing of it
        assertEquals(alice.address(), member("alice").address());
    }

    @Test
    void followsAClientWhoseNatRebindsOnceTheNewPortAnswersTheChallenge() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        NativePeer bob = nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));

        alice.moveToNewPort();
        alice.chat("after the move");

        NativeServerPacket.PathChallenge challenge = alice.expect(NativeServerPacket.PathChallenge.class);
        assertEquals(NativeCodec.SESSION_HEADER_BYTES, alice.lastSize());
        assertEquals(alice.token(), challenge.token());
        bob.sync(); // the chat was not relayed
        assertNotEquals(alice.address(), member("alice").address(), "moved before the challenge was answered");

        alice.send(new NativeClientPacket.PathResponse(alice.token(), challenge.nonce()));
        alice.send(new NativeClientPacket.Chat(alice.token(), 1, alice.eventsTaken(), "after the move")); // resent

        alice.expectEvents(new RoomEvent.Said("alice", "after the move"));
        bob.expectEvents(new RoomEvent.Said("alice", "after the move"));
        assertEquals(alice.address(), member("alice").address());
    }

    @Test
    void aKickedMemberIsToldReliablyAndItsTokenIsRevoked() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        NativePeer bob = nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        Peer carol = classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        bob.expectEvents(new RoomEvent.Joined("carol"));

        assertEquals(KickOutcome.KICKED, server.kick("bob", "刷屏"));

        bob.expectEvents(new RoomEvent.YouWereKicked("刷屏")); // and acknowledges it: the token is revoked
        alice.expectEvents(new RoomEvent.Kicked("bob", "刷屏"));
        carol.expect("bob 被管理员移出了聊天室");
        bob.chat("still here?");
        assertEquals(
                new NativeServerPacket.Ended(bob.token(), EndReason.KICKED),
                bob.expect(NativeServerPacket.Ended.class));
        assertEquals(13, bob.lastSize());
        alice.sync();
        carol.send("C carol sync");
        carol.expect("carol : sync"); // bob's chat never reached the room
        assertEquals(List.of("alice", "carol"), names());
    }

    @Test
    void closingTellsNativesReliablyAndClassicMembersTheirLineThenStops() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        NativePeer bob = nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        Peer carol = classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        bob.expectEvents(new RoomEvent.Joined("carol"));

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));

        carol.expect("管理员 : 服务器关闭，聊天室结束", "EXIT");
        alice.expectEvents(new RoomEvent.Closing()); // acknowledged
        NativeServerPacket.Event first = bob.expect(NativeServerPacket.Event.class); // never acknowledged
        NativeServerPacket.Event again = bob.expect(NativeServerPacket.Event.class);
        assertEquals(new RoomEvent.Closing(), first.event());
        assertEquals(first, again, "resent until acknowledged or given up");
        assertTrue(stopped.get(NativePeer.DEADLINE.toSeconds() + 10, TimeUnit.SECONDS));
        assertTrue(server.isStopped());
    }

    @Test
    void closingStopsAsSoonAsEveryNativeHasAcknowledged() throws Exception {
        NativePeer alice = nativePeer().join("alice");
        long start = System.nanoTime();

        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
        alice.expectEvents(new RoomEvent.Closing());

        assertTrue(stopped.get(NativePeer.DEADLINE.toSeconds(), TimeUnit.SECONDS));
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(
                elapsedMillis < NativeProtocol.LINGER_MILLIS,
                "stopped after " + elapsedMillis + " ms: it waited out the linger instead of the acknowledgement");
    }
}
