package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;

/**
 * Joining, against a {@link ScriptedServer} and its clock: the handshake takes only answers that echo its
 * nonce, so someone who cannot see its datagrams cannot make it give up with a forged refusal, nor feed it
 * a cookie; and it asks again, on time, until its timeout.
 */
class HandshakeTest {

    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final long OLD_TOKEN = 0x1112_1314_1516_1718L;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ScriptedServer server = new ScriptedServer();
    private final Handshake handshake = new Handshake(server, server, server.clock());

    /** The cookie to every hello; {@code login} answers every login. */
    private void answerLoginsWith(LongFunction<NativeServerPacket> login) {
        server.answer(packet -> {
            if (packet instanceof NativeClientPacket.Hello hello) {
                return List.of(new NativeServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            return List.of(login.apply(((NativeClientPacket.Login) packet).nonce()));
        });
    }

    @Test
    void takesOnlyAnswersThatEchoItsNonce() throws Exception {
        server.answer(packet -> {
            if (packet instanceof NativeClientPacket.Hello hello) {
                long nonce = hello.nonce();
                return List.of(
                        new NativeServerPacket.Refused(RefusalReason.NOT_ALLOWED, 0, nonce + 1), // forged
                        new NativeServerPacket.Challenge(COOKIE, nonce ^ 1), // forged: not its cookie
                        new NativeServerPacket.Challenge(COOKIE, nonce));
            }
            long nonce = ((NativeClientPacket.Login) packet).nonce();
            return List.of(
                    new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0, 0), // forged: no nonce
                    new NativeServerPacket.Welcome(TOKEN, nonce, "alice", "games"));
        });

        Handshake.Result result = handshake.join("alice", "games", 0, TIMEOUT);

        assertEquals(new Handshake.Joined(TOKEN, "alice", "games"), result);
        long nonce =
                assertInstanceOf(NativeClientPacket.Hello.class, server.next()).nonce();
        assertNotEquals(0, nonce);
        assertEquals(new NativeClientPacket.Login(COOKIE, 0, nonce, "alice", "games"), server.next());
        assertEquals(List.of(), server.rest(), "the forgeries were not answers: nothing was asked again");
        assertEquals(0, server.now(), "and nothing was waited for");
    }

    @Test
    void asksForItsNameBackWithTheTokenOfItsEarlierSession() throws Exception {
        answerLoginsWith(nonce -> new NativeServerPacket.Welcome(TOKEN, nonce, "alice", "lobby"));

        handshake.join("alice", "lobby", OLD_TOKEN, TIMEOUT);

        server.next(); // the hello
        assertEquals(
                OLD_TOKEN,
                assertInstanceOf(NativeClientPacket.Login.class, server.next()).previousToken());
    }

    @Test
    void returnsTheServersRefusal() throws Exception {
        answerLoginsWith(nonce -> new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 50, nonce));

        assertEquals(
                new Handshake.Refused(RefusalReason.ROOM_FULL, 50, ""), handshake.join("alice", "games", 0, TIMEOUT));
    }

    @Test
    void saysHelloAgainEveryRetryIntervalUntilTheTimeout() throws Exception {
        Handshake.Result result = handshake.join("alice", "lobby", 0, TIMEOUT);

        assertEquals(new Handshake.NoAnswer(), result);
        assertEquals(List.of(0L, 500L, 1_000L, 1_500L), server.timesOf(NativeClientPacket.Hello.class));
        assertEquals(TIMEOUT.toMillis(), server.now());
    }

    @Test
    void waitsAsLongBetweenDatagramsAsItIsTold() throws Exception {
        handshake.join("alice", "lobby", 0, Duration.ofSeconds(4), Duration.ofSeconds(2));

        assertEquals(List.of(0L, 2_000L), server.timesOf(NativeClientPacket.Hello.class));
    }

    @Test
    void asksForAFreshCookieAfterThreeUnansweredLogins() throws Exception {
        server.answer(packet -> packet instanceof NativeClientPacket.Hello hello
                ? List.of(new NativeServerPacket.Challenge(COOKIE, hello.nonce()))
                : List.of()); // the cookie went stale: the server drops its logins without a word

        handshake.join("alice", "lobby", 0, TIMEOUT);

        List<String> asked = server.sent().stream()
                .map(sent -> sent.at() + " " + sent.packet().getClass().getSimpleName())
                .toList();
        assertEquals(List.of("0 Hello", "0 Login", "500 Login", "1000 Login", "1500 Hello", "1500 Login"), asked);
    }
}
