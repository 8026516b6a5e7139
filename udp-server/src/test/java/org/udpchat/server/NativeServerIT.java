package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.secure.SealedDatagram;

/**
 * The native protocol over real sockets on loopback: a real server ({@link ServerUnderTest}), native
 * clients as raw {@link NativePeer}s, classic ones as {@link Peer}s, in one room. "Nothing else arrived" is proven without
 * waiting: a later datagram that must arrive (a pong, a challenge, a chat line) is the next one received.
 */
@Timeout(60)
class NativeServerIT {

    /** A token no session was ever given: the server draws tokens from SecureRandom. */
    private static final long NEVER_ISSUED = 0x0BAD_C0DE_0BAD_C0DEL;

    @RegisterExtension
    final ServerUnderTest underTest =
            new ServerUnderTest(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));

    private final ChatServer server = underTest.server();

    /** The members of {@link #aliceAndBob} or {@link #aliceBobAndCarol}, when a test starts from them. */
    private NativePeer alice;

    private NativePeer bob;
    private Peer carol;

    /** Alice and bob join natively, and alice takes the event that bob joined. */
    private void aliceAndBob() throws IOException {
        alice = underTest.nativePeer().join("alice");
        bob = underTest.nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
    }

    /** {@link #aliceAndBob}, then carol joins in classic text, and alice and bob take the event. */
    private void aliceBobAndCarol() throws IOException {
        aliceAndBob();
        carol = underTest.classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        bob.expectEvents(new RoomEvent.Joined("carol"));
    }

    /**
     * Takes {@code count} datagrams, whichever of {@code peers} each arrives at, waiting up to
     * {@link NativePeer#DEADLINE} for them all; {@code check} sees each with the peer it came to.
     */
    private static void takeFromAny(
            Collection<NativePeer> peers, long count, String context, BiConsumer<NativePeer, byte[]> check)
            throws IOException {
        long deadline = System.nanoTime() + NativePeer.DEADLINE.toNanos();
        int total = 0;
        while (total < count) {
            assertTrue(System.nanoTime() - deadline < 0, context + "only " + total + " of " + count + " arrived");
            for (NativePeer peer : peers) {
                Optional<byte[]> datagram = peer.poll(Duration.ofMillis(1));
                if (datagram.isPresent()) {
                    check.accept(peer, datagram.get());
                    total++;
                }
            }
        }
    }

    @Test
    void handshakeEarnsASmallChallengeThenAWelcomeAndTheRoomIsTold() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        NativePeer bob = underTest.nativePeer();

        bob.send(new byte[] {(byte) 0xFF, (byte) 0xAC, NativeCodec.VERSION, 0x01, 0, 0, 0, 0}); // a short hello
        bob.hello(NativeCodec.HELLO_BYTES);
        ClearServerPacket.Challenge challenge = assertInstanceOf(ClearServerPacket.Challenge.class, bob.receive());
        assertEquals(NativeCodec.CHALLENGE_BYTES, bob.lastSize(), "the short hello was not answered: this is the next");
        NativeServerPacket.Welcome welcome =
                assertInstanceOf(NativeServerPacket.Welcome.class, bob.login(challenge.cookie(), 0, "bob"));

        assertEquals("bob", welcome.name());
        alice.expectEvents(new RoomEvent.Joined("bob"));
        assertEquals(List.of("alice", "bob"), underTest.names());
        assertTrue(underTest.member("bob").isNative());
        assertEquals(bob.address(), underTest.member("bob").address());
        assertEquals(1, server.stats().dropped(DropReason.MALFORMED));
    }

    @Test
    void aSingleServerDoesNotSayItTakesLineIdsSoItsEventsAreNumberedAsBefore() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        underTest.nativePeer().join("bob");

        // a single server ignores line ids: it does not tell its members to give them (TAKES_LINE_IDS)
        assertEquals(new RoomEvent.Joined("bob"), alice.nextEvent(), "alice's first event, numbered 1");
    }

    @Test
    void nativeAndClassicMembersHearEachOtherInOneRoom() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        Peer carol = underTest.classicPeer().join("carol");
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
        assertEquals(List.of("carol"), underTest.names());
    }

    @Test
    void tokensNeverIssuedEarnOnlyASmallUnknownAndStaleOnesOnlyASealedEnded() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        NativePeer forger = underTest.nativePeer();
        forger.shakeHands(forger.challenge()); // keys of its own, which no session of NEVER_ISSUED has

        forger.send(new NativeClientPacket.Chat(NEVER_ISSUED, 1, 0, "forged"));
        forger.send(new NativeClientPacket.Ping(NEVER_ISSUED, 0));
        forger.send(new NativeClientPacket.PathResponse(NEVER_ISSUED, 1));

        for (int i = 0; i < 3; i++) {
            assertEquals(new ClearServerPacket.Unknown(NEVER_ISSUED), forger.expect(ClearServerPacket.Unknown.class));
            assertEquals(12, forger.lastSize());
        }
        assertEquals(3, server.stats().dropped(DropReason.UNKNOWN_TOKEN));

        NativePeer bob = underTest.nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        bob.quit();
        bob.expect(NativeServerPacket.Ack.class);
        alice.expectEvents(new RoomEvent.Left("bob"));

        bob.chat("after quitting");

        assertEquals(
                new NativeServerPacket.Ended(bob.token(), EndReason.QUIT), bob.expect(NativeServerPacket.Ended.class));
        assertEquals(13 + SealedDatagram.OVERHEAD, bob.lastSize(), "sealed");
        alice.sync(); // nothing reached alice
        assertEquals(List.of("alice"), underTest.names());
    }

    @Test
    void aCookieReplayedFromAnotherSocketCreatesNoSession() throws Exception {
        NativePeer victim = underTest.nativePeer();
        Cookie cookie = victim.challenge();
        NativePeer attacker = underTest.nativePeer();

        attacker.send(new ClearClientPacket.Init(cookie, 1, new byte[NativeCodec.NOISE_FIRST_BYTES]));
        attacker.hello(NativeCodec.HELLO_BYTES);

        attacker.expect(ClearServerPacket.Challenge.class); // the init was not answered
        assertEquals(1, server.stats().dropped(DropReason.BAD_COOKIE));
        assertEquals(List.of(), underTest.names());
        assertInstanceOf(NativeServerPacket.Welcome.class, victim.login(cookie, 0, "victim"));
    }

    @Test
    void classicDatagramsNeverSpeakForANativeMember() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        Peer carol = underTest.classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        Peer stranger = underTest.classicPeer();

        alice.send("C alice hello in classic text".getBytes(UTF_8)); // from her own address: dropped
        alice.send("Q alice".getBytes(UTF_8));
        carol.send("C alice I owe carol money");
        carol.expect("您的昵称是 carol，不能冒用他人名义");
        stranger.send("C alice I owe the stranger money");
        stranger.expect("您不在聊天室中，请先登录");
        stranger.send("Q alice");
        stranger.expect("EXIT");

        alice.sync();
        carol.sync("carol"); // and no forged line before it
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
        assertEquals(List.of("alice", "carol"), underTest.names());
        assertEquals(3, server.stats().dropped(DropReason.IMPERSONATION));
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
        RelayStats before = server.stats();
        Map<NativePeer, Integer> smallestHello = new HashMap<>();
        long start = System.nanoTime();

        for (int v = 0; v < victims; v++) {
            NativePeer victim = underTest.nativePeer();
            int smallest = Integer.MAX_VALUE;
            for (int i = 0; i < hellosEach; i++) {
                int size = NativeCodec.HELLO_BYTES
                        + random.nextInt(Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.HELLO_BYTES + 1);
                victim.hello(size);
                smallest = Math.min(smallest, size);
            }
            smallestHello.put(victim, smallest);
            long sent = before.datagramsIn() + (long) (v + 1) * hellosEach;
            underTest.awaitStats(
                    s -> s.datagramsIn() >= sent, "the server read the hellos"); // within its socket buffer
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        RelayStats after = server.stats();
        long challenges = after.datagramsOut() - before.datagramsOut();
        long limited = after.dropped(DropReason.REPLY_RATE_LIMITED) - before.dropped(DropReason.REPLY_RATE_LIMITED);

        String replay = "seed " + seed + ", " + elapsedMillis + " ms";
        assertEquals((long) victims * hellosEach, challenges + limited, replay);
        long perVictim = ReplyBudget.PER_ADDRESS_BURST + elapsedMillis / ReplyBudget.PER_ADDRESS_REFILL_MILLIS;
        Map<NativePeer, Integer> received = new HashMap<>();
        takeFromAny(smallestHello.keySet(), challenges, replay + ": ", (victim, reply) -> {
            assertInstanceOf(ClearServerPacket.Challenge.class, NativePeer.decodeClear(reply), replay);
            assertTrue(reply.length <= smallestHello.get(victim), replay + ": " + reply.length + " bytes");
            received.merge(victim, 1, Integer::sum);
        });
        for (Map.Entry<NativePeer, Integer> entry : received.entrySet()) {
            assertTrue(entry.getValue() <= perVictim, replay + ": " + entry.getValue() + " challenges to one victim");
        }
        assertTrue(limited > 0, replay + ": nothing was rate-limited");
    }

    @Test
    void aSessionsCapturedDatagramsFromOtherSocketsEarnOnlySmallRareSealedPathChallenges() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        RelayStats before = server.stats();
        List<NativePeer> spoofers = new ArrayList<>();
        long start = System.nanoTime();

        for (int i = 0; i < 20; i++) {
            NativePeer spoofer = underTest.nativePeer();
            spoofers.add(spoofer);
            for (int j = 0; j < 8; j++) {
                // alice's pings, captured before they arrived: 56 bytes, the smallest sealed datagram
                spoofer.send(alice.sealed(new NativeClientPacket.Ping(alice.token(), 0)));
            }
        }
        RelayStats after = underTest.awaitStats(
                s -> s.datagramsIn() >= before.datagramsIn() + 160, "the server read the spoofed datagrams");
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        long challenges = after.datagramsOut() - before.datagramsOut();
        long perSpoofer = ReplyBudget.PER_ADDRESS_BURST + elapsedMillis / ReplyBudget.PER_ADDRESS_REFILL_MILLIS;
        assertTrue(challenges <= perSpoofer * spoofers.size(), challenges + " path challenges");
        assertEquals(
                160, after.dropped(DropReason.UNVALIDATED_ADDRESS) - before.dropped(DropReason.UNVALIDATED_ADDRESS));
        takeFromAny(spoofers, challenges, "", (spoofer, reply) -> {
            assertEquals(PathValidation.SEALED_CHALLENGE_BYTES, reply.length);
            assertTrue(SealedDatagram.isFromServer(ByteBuffer.wrap(reply)), "sealed: the spoofer cannot answer it");
            assertEquals(alice.token(), SealedDatagram.token(ByteBuffer.wrap(reply)));
        });
        alice.sync(); // alice heard nothing of it
        assertEquals(alice.address(), underTest.member("alice").address());
    }

    @Test
    void followsAClientWhoseNatRebindsOnceTheNewPortAnswersTheChallenge() throws Exception {
        aliceAndBob();

        alice.moveToNewPort();
        alice.chat("after the move");

        NativeServerPacket.PathChallenge challenge = alice.expect(NativeServerPacket.PathChallenge.class);
        assertEquals(PathValidation.SEALED_CHALLENGE_BYTES, alice.lastSize());
        assertEquals(alice.token(), challenge.token());
        bob.sync(); // the chat was not relayed
        assertNotEquals(
                alice.address(), underTest.member("alice").address(), "moved before the challenge was answered");

        alice.send(new NativeClientPacket.PathResponse(alice.token(), challenge.nonce()));
        alice.send(new NativeClientPacket.Chat(alice.token(), 1, alice.eventsTaken(), "after the move")); // resent

        alice.expectEvents(new RoomEvent.Said("alice", "after the move"));
        bob.expectEvents(new RoomEvent.Said("alice", "after the move"));
        assertEquals(alice.address(), underTest.member("alice").address());
    }

    @Test
    void aKickedMemberIsToldReliablyAndItsTokenIsRevoked() throws Exception {
        aliceBobAndCarol();

        assertEquals(KickOutcome.KICKED, server.kick("bob", "刷屏"));

        bob.expectEvents(new RoomEvent.YouWereKicked("刷屏")); // and acknowledges it: the token is revoked
        alice.expectEvents(new RoomEvent.Kicked("bob", "刷屏"));
        carol.expect("bob 被管理员移出了聊天室");
        bob.chat("still here?");
        assertEquals(
                new NativeServerPacket.Ended(bob.token(), EndReason.KICKED),
                bob.expect(NativeServerPacket.Ended.class));
        assertEquals(13 + SealedDatagram.OVERHEAD, bob.lastSize(), "sealed");
        alice.sync();
        carol.sync("carol"); // bob's chat never reached the room
        assertEquals(List.of("alice", "carol"), underTest.names());
    }

    @Test
    void closingTellsNativesReliablyAndClassicMembersTheirLineThenStops() throws Exception {
        aliceBobAndCarol();

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
        NativePeer alice = underTest.nativePeer().join("alice");
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
