package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.SealedDatagram;

/**
 * The load program's simulated native member joins and talks as protocol 2 says, against the codec's own
 * server side ({@link TinyNativeServer}): step by step with no socket, and over loopback.
 */
class MemberHandshakeTest {

    private static final Supplier<NoiseKeyPair> EPHEMERALS = NoiseKeyPair.generator(new SecureRandom());

    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void joinsWithHelloInitAndASealedLoginThenSealsAndOpensBothWays() {
        TinyNativeServer server = new TinyNativeServer();
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);

        join.start(out);
        assertInstanceOf(ClearClientPacket.Hello.class, clear(out));
        ByteBuffer challenge = only(server.answer(out));
        assertEquals(MemberHandshake.Step.SEND, join.onDatagram(challenge, out, 0));
        ClearClientPacket.Init init = assertInstanceOf(ClearClientPacket.Init.class, clear(out));
        assertEquals(NativeCodec.INIT_BYTES, init.size());
        ByteBuffer reply = only(server.answer(out));
        assertEquals(MemberHandshake.Step.SEND, join.onDatagram(reply, out, 0));
        assertTrue(SealedDatagram.isFromClient(out), "the login goes sealed");
        ByteBuffer welcome = only(server.answer(out));
        assertEquals(new NativeClientPacket.Login("m1", ""), server.opened().poll());
        assertEquals(MemberHandshake.Step.WELCOMED, join.onDatagram(welcome, out, 0));

        MemberSession session = join.session();
        assertFalse(session.resumption().isNone());
        session.seal(new NativeClientPacket.Chat(session.token(), 1, 0, "12345"), plain, out, 0);
        assertFalse(contains(out, "12345".getBytes(StandardCharsets.UTF_8)), "a chat's text never goes in clear");
        ByteBuffer event = only(server.answer(out));
        assertEquals(
                new NativeClientPacket.Chat(session.token(), 1, 0, "12345"),
                server.opened().poll());
        ByteBuffer opened = session.open(event);
        assertNotNull(opened);
        assertTrue(SaidView.isSaid(opened));
        assertEquals(12345, SaidView.number(opened));
        assertEquals(0, session.unopened());
    }

    @Test
    void aResentLoginIsSealedAgainUnderANewCounter() {
        TinyNativeServer server = new TinyNativeServer(Set.of(), 1);
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);
        byte[] firstLogin = bytes(out);
        assertTrue(server.answer(out).isEmpty(), "the server drops the first login");

        assertEquals(MemberHandshake.Step.SEND, join.resend(out, 500));
        byte[] secondLogin = bytes(out);
        assertTrue(SealedDatagram.counter(ByteBuffer.wrap(secondLogin))
                > SealedDatagram.counter(ByteBuffer.wrap(firstLogin)));
        assertEquals(MemberHandshake.Step.WELCOMED, join.onDatagram(only(server.answer(out)), out, 500));
        assertEquals(0, server.unopened(), "a replayed login would not open");
        assertEquals(2, server.opened().size());
    }

    @Test
    void aReplyThatDoesNotOpenIsIgnoredAndTheNextAttemptHasANewKey() {
        TinyNativeServer server = new TinyNativeServer();
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        ClearClientPacket.Init first = (ClearClientPacket.Init) clear(out);
        ByteBuffer reply = only(server.answer(out));
        reply.put(reply.limit() - 1, (byte) (reply.get(reply.limit() - 1) ^ 1)); // the tag no longer verifies

        assertEquals(MemberHandshake.Step.NOTHING, join.onDatagram(reply, out, 0));
        assertTrue(join.lastProblem().contains("REPLY that did not open"), join.lastProblem());
        assertEquals(MemberHandshake.Step.SEND, join.resend(out, 500));
        ClearClientPacket.Init second = assertInstanceOf(ClearClientPacket.Init.class, clear(out));
        assertFalse(Arrays.equals(first.handshake(), second.handshake()), "a new ephemeral key");
        assertEquals(first.cookie(), second.cookie());
        join.onDatagram(only(server.answer(out)), out, 500);
        assertEquals(MemberHandshake.Step.WELCOMED, join.onDatagram(only(server.answer(out)), out, 500));
    }

    @Test
    void asksForAFreshCookieAfterThreeUnansweredInits() {
        TinyNativeServer server = new TinyNativeServer();
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        ClearClientPacket.Init init = (ClearClientPacket.Init) clear(out);

        assertEquals(init, resent(join)); // the same INIT: the same attempt
        assertEquals(init, resent(join));
        assertInstanceOf(ClearClientPacket.Hello.class, resent(join));
    }

    @Test
    void startsAgainWhenTheServerHasNoKeysForTheLoginsToken() {
        TinyNativeServer server = new TinyNativeServer();
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);
        long token = SealedDatagram.token(out);
        ByteBuffer otherToken = ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(token + 1)));
        ByteBuffer unknown = ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(token)));

        assertEquals(MemberHandshake.Step.NOTHING, join.onDatagram(otherToken, out, 0));
        assertEquals(MemberHandshake.Step.SEND, join.onDatagram(unknown, out, 0));
        assertInstanceOf(ClearClientPacket.Hello.class, clear(out));
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);
        assertEquals(MemberHandshake.Step.WELCOMED, join.onDatagram(only(server.answer(out)), out, 0));
    }

    @Test
    void ignoresAnswersThatDoNotEchoItsNonce() {
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        long nonce = ((ClearClientPacket.Hello) clear(out)).nonce();
        ByteBuffer stranger =
                ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Challenge(new Cookie(1, 2, 3), nonce + 1)));

        assertEquals(MemberHandshake.Step.NOTHING, join.onDatagram(stranger, out, 0));
        assertInstanceOf(ClearClientPacket.Hello.class, resent(join));
    }

    @Test
    void aSealedRefusalEndsTheJoinSayingWhy() {
        TinyNativeServer server = new TinyNativeServer(Set.of("taken"), 0);
        MemberHandshake join = new MemberHandshake("taken", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);

        assertEquals(MemberHandshake.Step.FAILED, join.onDatagram(only(server.answer(out)), out, 0));
        assertEquals("taken was refused: NAME_TAKEN (0)", join.failure());
        assertThrows(IllegalStateException.class, join::session);
    }

    @Test
    void aRejoinPresentsTheSessionItTakesBack() {
        TinyNativeServer server = new TinyNativeServer();
        ResumptionSecret secret = new ResumptionSecret(1, 2, 3, 4);
        MemberHandshake join = new MemberHandshake("m1", "r1", EPHEMERALS, 77, secret);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);

        only(server.answer(out));

        assertEquals(
                new NativeClientPacket.Login(77, secret, "m1", "r1"),
                server.opened().poll());
    }

    @Test
    void aSealedRefusalSaysItsReason() {
        TinyNativeServer server = new TinyNativeServer(Set.of("taken"), 0);
        MemberHandshake join = new MemberHandshake("taken", "", EPHEMERALS);
        join.start(out);
        join.onDatagram(only(server.answer(out)), out, 0);
        join.onDatagram(only(server.answer(out)), out, 0);

        join.onDatagram(only(server.answer(out)), out, 0);

        assertEquals(RefusalReason.NAME_TAKEN, join.refusal());
    }

    @Test
    void anUpgradeEndsTheJoinNamingTheServersVersion() {
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        long nonce = ((ClearClientPacket.Hello) clear(out)).nonce();
        ByteBuffer upgrade = ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Upgrade(2, 3, nonce)));

        assertEquals(MemberHandshake.Step.FAILED, join.onDatagram(upgrade, out, 0));
        assertEquals("the server speaks version 3 of the native protocol, this load program 2", join.failure());
    }

    @Test
    void dropsWhatDoesNotOpenAndKnowsTheServersUnknownForItsToken() {
        TinyNativeServer server = new TinyNativeServer();
        MemberSession session = joined(server);
        session.seal(new NativeClientPacket.Chat(session.token(), 1, 0, "7"), plain, out, 0);
        ByteBuffer event = only(server.answer(out));
        ByteBuffer copy = ByteBuffer.wrap(bytes(event));

        assertNotNull(session.openPacket(event));
        assertNull(session.openPacket(copy), "a replay");
        byte[] altered = bytes(copy);
        altered[SealedDatagram.HEADER_BYTES] ^= 1;
        assertNull(session.open(ByteBuffer.wrap(altered)));
        assertEquals(2, session.unopened());

        ByteBuffer unknown = ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(session.token())));
        assertNull(session.openPacket(unknown));
        assertTrue(session.isUnknownToServer(unknown));
        assertFalse(session.isUnknownToServer(
                ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(session.token() + 1)))));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void joinsOverLoopbackResendingTheLoginTheServerDropped() throws Exception {
        TinyNativeServer server = new TinyNativeServer(Set.of(), 1);
        toClose.add(server);
        InetSocketAddress address = server.serve();
        DatagramChannel channel = ProbeMember.open(address, InetAddress.getLoopbackAddress());
        toClose.add(channel);

        MemberSession session =
                MemberHandshake.join(channel, "p0", EPHEMERALS, Duration.ofMillis(100), Duration.ofSeconds(10));

        assertInstanceOf(NativeClientPacket.Login.class, server.opened().take());
        assertInstanceOf(NativeClientPacket.Login.class, server.opened().take()); // resent, and it opened
        ProbeMember.send(channel, session, plain, out, new NativeClientPacket.Chat(session.token(), 1, 0, "42"));
        assertEquals(
                new NativeClientPacket.Chat(session.token(), 1, 0, "42"),
                server.opened().take());
        ByteBuffer answer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        NativeServerPacket[] heard = new NativeServerPacket[1];
        assertTrue(Answers.await(channel, answer, Duration.ofSeconds(10), bytes -> {
            heard[0] = session.openPacket(bytes);
            return heard[0] != null;
        }));
        NativeServerPacket.Event event = assertInstanceOf(NativeServerPacket.Event.class, heard[0]);
        assertEquals(new RoomEvent.Said("p0", "42"), event.event());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void saysWhyWhenTheServerRefusesOverLoopback() throws Exception {
        TinyNativeServer server = new TinyNativeServer(Set.of("taken"), 0);
        toClose.add(server);
        DatagramChannel channel = ProbeMember.open(server.serve(), InetAddress.getLoopbackAddress());
        toClose.add(channel);

        IOException refused = assertThrows(
                IOException.class,
                () -> MemberHandshake.join(
                        channel, "taken", EPHEMERALS, Duration.ofMillis(100), Duration.ofSeconds(10)));
        assertEquals("taken was refused: NAME_TAKEN (0)", refused.getMessage());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void givesUpWhenNothingAnswersNamingTheVersion() throws Exception {
        DatagramChannel silent =
                DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        toClose.add(silent);
        DatagramChannel channel =
                ProbeMember.open((InetSocketAddress) silent.getLocalAddress(), InetAddress.getLoopbackAddress());
        toClose.add(channel);

        IOException none = assertThrows(
                IOException.class,
                () -> MemberHandshake.join(channel, "p0", EPHEMERALS, Duration.ofMillis(50), Duration.ofMillis(300)));
        assertTrue(none.getMessage().contains("of version 2"), none.getMessage());
    }

    private MemberSession joined(TinyNativeServer server) {
        MemberHandshake join = new MemberHandshake("m1", "", EPHEMERALS);
        join.start(out);
        MemberHandshake.Step step;
        do {
            step = join.onDatagram(only(server.answer(out)), out, 0);
        } while (step == MemberHandshake.Step.SEND);
        assertEquals(MemberHandshake.Step.WELCOMED, step);
        return join.session();
    }

    private ClearClientPacket resent(MemberHandshake join) {
        assertEquals(MemberHandshake.Step.SEND, join.resend(out, 0));
        return clear(out);
    }

    private static ClearClientPacket clear(ByteBuffer datagram) {
        try {
            return NativeCodec.decodeClientHandshake(datagram.duplicate());
        } catch (MalformedPacketException e) {
            throw new AssertionError("not a clear client datagram: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer only(List<ByteBuffer> answers) {
        assertEquals(1, answers.size(), "answers");
        return answers.get(0);
    }

    private static byte[] bytes(ByteBuffer datagram) {
        byte[] bytes = new byte[datagram.remaining()];
        datagram.duplicate().get(bytes);
        return bytes;
    }

    private static boolean contains(ByteBuffer datagram, byte[] text) {
        byte[] bytes = bytes(datagram);
        for (int at = 0; at + text.length <= bytes.length; at++) {
            if (Arrays.equals(bytes, at, at + text.length, text, 0, text.length)) {
                return true;
            }
        }
        return false;
    }
}
