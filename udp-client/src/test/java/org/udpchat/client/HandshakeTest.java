package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;

/**
 * Joining in protocol 2, against a {@link ScriptedServer} and its clock: the handshake takes only answers
 * that echo its nonce, so someone who cannot see its datagrams cannot make it give up, nor feed it a cookie;
 * a reply that does not open is ignored and the next attempt starts afresh; the server's key is checked
 * before anything is sealed; the login goes sealed, with the earlier session's token and secret; and it
 * asks again, on time, until its timeout.
 */
class HandshakeTest {

    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final long OLD_TOKEN = 0x1112_1314_1516_1718L;
    private static final ResumptionSecret SECRET = new ResumptionSecret(1, 2, 3, 4);
    private static final ResumptionSecret OLD_SECRET = new ResumptionSecret(5, 6, 7, 8);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ScriptedServer server = new ScriptedServer();
    private final Handshake handshake = handshake(ServerKeyCheck.ACCEPT_ALL);

    private Handshake handshake(ServerKeyCheck check) {
        return new Handshake(server, server, server.clock(), ScriptedServer.ADDRESS, check);
    }

    /** An earlier session that asks back {@code token} with {@code secret}. */
    private static Handshake.Earlier earlier(long token, ResumptionSecret secret) {
        return () -> new Handshake.Previous(token, secret);
    }

    /** The cookie to every hello, the reply to every init; {@code login} answers every login. */
    private void answerLoginsWith(Function<NativeClientPacket.Login, List<Packet>> login) {
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, TOKEN));
            }
            return login.apply((NativeClientPacket.Login) packet);
        });
    }

    private static Handshake.Joined assertJoined(String name, String room, Handshake.Result result) {
        Handshake.Joined joined = assertInstanceOf(Handshake.Joined.class, result);
        assertEquals(TOKEN, joined.token());
        assertEquals(name, joined.name());
        assertEquals(room, joined.room());
        assertEquals(SECRET, joined.resumption());
        return joined;
    }

    @Test
    void takesOnlyAnswersThatEchoItsNonce() throws Exception {
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                long nonce = hello.nonce();
                return List.of(
                        new ClearServerPacket.Upgrade(NativeCodec.VERSION, 3, nonce + 1), // forged
                        new ClearServerPacket.Challenge(COOKIE, nonce ^ 1), // forged: not its cookie
                        new ClearServerPacket.Challenge(COOKIE, nonce));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                ClearServerPacket.Reply reply = server.reply(init, TOKEN);
                return List.of(new ClearServerPacket.Reply(init.nonce() + 1, reply.handshake()), reply);
            }
            return List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "games"));
        });

        Handshake.Joined joined =
                assertJoined("alice", "games", handshake.join("alice", "games", Handshake.Earlier.NONE, TIMEOUT));

        assertFalse(joined.resumed());
        long nonce =
                assertInstanceOf(ClearClientPacket.Hello.class, server.next()).nonce();
        assertNotEquals(0, nonce);
        ClearClientPacket.Init init = assertInstanceOf(ClearClientPacket.Init.class, server.next());
        assertEquals(COOKIE, init.cookie());
        assertEquals(NativeCodec.INIT_BYTES, NativeCodec.encode(init).length, "padded so the reply is no larger");
        assertEquals(new NativeClientPacket.Login("alice", "games"), server.next(), "sealed: the server opened it");
        assertEquals(List.of(), server.rest(), "the forgeries were not answers: nothing was asked again");
        assertEquals(0, server.now(), "and nothing was waited for");
    }

    @Test
    void asksForItsSessionBackWithTheTokenAndTheResumptionSecretOfIt() throws Exception {
        answerLoginsWith(login -> List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, true, "alice", "lobby")));

        Handshake.Joined joined = assertJoined(
                "alice", "lobby", handshake.join("alice", "lobby", earlier(OLD_TOKEN, OLD_SECRET), TIMEOUT));

        NativeClientPacket.Login login =
                server.sentOf(NativeClientPacket.Login.class).get(0);
        assertEquals(OLD_TOKEN, login.previousToken());
        assertEquals(OLD_SECRET, login.proof());
        assertTrue(joined.resumed(), "the WELCOME says the session was resumed, under the handshake's token");
    }

    @Test
    void aWelcomeAfterTheServerSaidItLostTheEarlierSessionStartsANewOne() throws Exception {
        answerLoginsWith(login -> List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby")));

        Handshake.Result result = handshake.join("alice", "lobby", earlier(OLD_TOKEN, OLD_SECRET), TIMEOUT);

        assertFalse(assertJoined("alice", "lobby", result).resumed());
    }

    @Test
    void anUnknownForTheEarlierTokenWhileJoiningMeansTheWelcomeStartsANewSession() throws Exception {
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(
                        new ClearServerPacket.Unknown(OLD_TOKEN), // a restarted server's answer to the old session
                        new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, TOKEN));
            }
            return List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby"));
        });

        Handshake.Result result = handshake.join("alice", "lobby", earlier(OLD_TOKEN, OLD_SECRET), TIMEOUT);

        assertFalse(assertJoined("alice", "lobby", result).resumed());
    }

    @Test
    void aWelcomeUnderTheEarlierTokenResumesTheSession() throws Exception {
        answerLoginsWith(login -> List.of(new NativeServerPacket.Welcome(OLD_TOKEN, SECRET, true, "alice", "lobby")));

        Handshake.Result result = handshake.join("alice", "lobby", earlier(OLD_TOKEN, OLD_SECRET), TIMEOUT);

        Handshake.Joined joined = assertInstanceOf(Handshake.Joined.class, result);
        assertEquals(OLD_TOKEN, joined.token());
        assertTrue(joined.resumed());
    }

    @Test
    void returnsTheServersRefusal() throws Exception {
        answerLoginsWith(login -> List.of(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 50)));

        assertEquals(
                new Handshake.Refused(RefusalReason.ROOM_FULL, 50, ""),
                handshake.join("alice", "games", Handshake.Earlier.NONE, TIMEOUT));
    }

    @Test
    void aRefusalInClearOrUnderOtherKeysIsNoAnswer() throws Exception {
        ScriptedServer forger = new ScriptedServer();
        forger.joined(TOKEN, "mallory", "lobby");
        byte[] otherKeys = forger.sealed(new NativeServerPacket.Ended(TOKEN, org.udpchat.codec.EndReason.KICKED));
        answerLoginsWith(login -> {
            server.queueBytes(otherKeys, NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)));
            return List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby"));
        });

        assertJoined("alice", "lobby", handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT));
    }

    @Test
    void saysHelloAgainEveryRetryIntervalUntilTheTimeout() throws Exception {
        Handshake.Result result = handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT);

        assertEquals(new Handshake.NoAnswer(false), result, "nothing at all came back: maybe an older server");
        assertEquals(List.of(0L, 500L, 1_000L, 1_500L), server.timesOf(ClearClientPacket.Hello.class));
        assertEquals(
                List.of(NativeCodec.HELLO_BYTES),
                server.sentOf(ClearClientPacket.Hello.class).stream()
                        .map(ClearClientPacket.Hello::size)
                        .distinct()
                        .toList());
        assertEquals(TIMEOUT.toMillis(), server.now());
    }

    @Test
    void waitsAsLongBetweenDatagramsAsItIsTold() throws Exception {
        handshake.join("alice", "lobby", Handshake.Earlier.NONE, Duration.ofSeconds(4), Duration.ofSeconds(2));

        assertEquals(List.of(0L, 2_000L), server.timesOf(ClearClientPacket.Hello.class));
    }

    @Test
    void asksForAFreshCookieAfterThreeUnansweredInits() throws Exception {
        server.answer(packet -> packet instanceof ClearClientPacket.Hello hello
                ? List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()))
                : List.of()); // the cookie went stale: the server drops its inits without a word

        Handshake.Result result = handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT);

        assertEquals(new Handshake.NoAnswer(true), result, "the server answered: it speaks this version");
        assertEquals(List.of("0 Hello", "0 Init", "500 Init", "1000 Init", "1500 Hello", "1500 Init"), asked());
    }

    @Test
    void startsAgainFromTheHelloAfterEightSecondsOfUnansweredLogins() throws Exception {
        answerLoginsWith(login -> List.of()); // the server forgot the handshake (restarted, or it lapsed)

        handshake.join("alice", "lobby", Handshake.Earlier.NONE, Duration.ofSeconds(9));

        List<String> logins = new ArrayList<>();
        for (int i = 0; i < Handshake.LOGINS_PER_HANDSHAKE; i++) {
            logins.add(i * 500 + " Login");
        }
        List<String> expected = new ArrayList<>(List.of("0 Hello", "0 Init"));
        expected.addAll(logins);
        expected.addAll(List.of("8000 Hello", "8000 Init", "8000 Login", "8500 Login"));
        assertEquals(expected, asked(), "logins for 8 s, inside the server's 10 s for a handshake's login");
        List<ClearClientPacket.Init> inits = server.sentOf(ClearClientPacket.Init.class);
        assertFalse(Arrays.equals(inits.get(0).handshake(), inits.get(1).handshake()), "a new handshake, new keys");
    }

    @Test
    void aWelcomeLostThreeTimesIsAskedForAgainUnderTheSameHandshake() throws Exception {
        List<NativeClientPacket.Login> heard = new ArrayList<>();
        answerLoginsWith(login -> {
            heard.add(login);
            // the server opened the session at the first login; its first three WELCOMEs are lost on the way
            return heard.size() <= 3
                    ? List.of()
                    : List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby"));
        });

        Handshake.Result result = handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT);

        assertJoined("alice", "lobby", result);
        assertEquals(
                List.of("0 Hello", "0 Init", "0 Login", "500 Login", "1000 Login", "1500 Login"),
                asked(),
                "its fourth login, under the same keys, gets the WELCOME the session's first login got");
    }

    /** One bit flipped in every byte of the reply, a different bit in each: every field, every position. */
    @Test
    void aReplyWithABitFlippedIsIgnoredAndTheNextAttemptJoins() throws Exception {
        for (int at = 0; at < NativeCodec.REPLY_BYTES; at++) {
            int bit = at * 8 + at % 8;
            ScriptedServer server = new ScriptedServer();
            List<ClearClientPacket.Init> inits = new ArrayList<>();
            int flipped = bit;
            server.answer(packet -> {
                if (packet instanceof ClearClientPacket.Hello hello) {
                    return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
                }
                if (packet instanceof ClearClientPacket.Init init) {
                    inits.add(init);
                    byte[] reply = NativeCodec.encode(server.reply(init, TOKEN));
                    if (inits.size() == 1) {
                        reply[flipped / 8] ^= (byte) (1 << (flipped % 8));
                    }
                    server.queueBytes(reply);
                    return List.of();
                }
                return List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby"));
            });
            Handshake handshake =
                    new Handshake(server, server, server.clock(), ScriptedServer.ADDRESS, ServerKeyCheck.ACCEPT_ALL);

            Handshake.Result result = handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT);

            assertInstanceOf(Handshake.Joined.class, result, "bit " + flipped);
            assertEquals(List.of(0L, 500L), server.timesOf(ClearClientPacket.Init.class), "bit " + flipped);
            assertEquals(1, server.sentOf(NativeClientPacket.Login.class).size(), "bit " + flipped);
        }
    }

    @Test
    void anInitAfterAReplyThatDidNotOpenStartsANewHandshakeUnderANewNonce() throws Exception {
        List<ClearClientPacket.Init> inits = new ArrayList<>();
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                inits.add(init);
                ClearServerPacket.Reply reply = server.reply(init, TOKEN);
                if (inits.size() > 1) {
                    return List.of(reply);
                }
                byte[] forged = reply.handshake();
                forged[40] ^= 1;
                return List.of(new ClearServerPacket.Reply(init.nonce(), forged));
            }
            return List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby"));
        });

        assertJoined("alice", "lobby", handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT));

        assertEquals(2, inits.size());
        assertNotEquals(inits.get(0).nonce(), inits.get(1).nonce(), "a late reply to the dead one is no answer");
        assertFalse(Arrays.equals(inits.get(0).handshake(), inits.get(1).handshake()), "a new ephemeral key");
        assertEquals(inits.get(0).cookie(), inits.get(1).cookie(), "the cookie is still good");
    }

    @Test
    void anUpgradeEchoingItsHelloSaysWhichVersionTheServerSpeaks() throws Exception {
        server.answer(packet -> packet instanceof ClearClientPacket.Hello hello
                ? List.of(
                        new ClearServerPacket.Upgrade(NativeCodec.VERSION, 3, hello.nonce() ^ 1), // forged
                        new ClearServerPacket.Upgrade(NativeCodec.VERSION, 3, hello.nonce()))
                : List.of());

        assertEquals(new Handshake.Outdated(3), handshake.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT));
        assertEquals(List.of("0 Hello"), asked());
    }

    @Test
    void theKeyCheckSeesTheServerAsNamedAndItsKeyBeforeAnythingIsSealed() throws Exception {
        List<HostPort> asked = new ArrayList<>();
        List<byte[]> keys = new ArrayList<>();
        Handshake checked = handshake((server, key) -> {
            asked.add(server);
            keys.add(key);
            return new ServerKeyCheck.Untrusted("the server's key has changed", ExitStatus.USAGE);
        });
        answerLoginsWith(login -> List.of(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby")));

        Handshake.Result result = checked.join("alice", "lobby", Handshake.Earlier.NONE, TIMEOUT);

        assertEquals(new Handshake.Untrusted("the server's key has changed", ExitStatus.USAGE), result);
        assertEquals(List.of(ScriptedServer.ADDRESS), asked);
        assertArrayEquals(server.publicKey(), keys.get(0));
        assertEquals(List.of(), server.sentOf(NativeClientPacket.Login.class), "the name never went to it");
    }

    /** What the client sent, as "time Kind". */
    private List<String> asked() {
        return server.sent().stream()
                .map(sent -> sent.at() + " " + sent.packet().getClass().getSimpleName())
                .toList();
    }
}
