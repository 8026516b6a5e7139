package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The native receiving thread's loop, run on the test thread against a {@link ScriptedServer}: a server
 * that falls silent is given up after 8 s and rejoined, each attempt waiting longer than the last; what
 * the user is told on the way (why it was lost, what was refused); what it shows of the events, and
 * where; and how the session ends. Its fake clock makes minutes of waiting take none.
 */
@Timeout(10)
class NativeReceiverTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;
    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);

    private final ScriptedServer server = new ScriptedServer();
    private final NativeSession session =
            new NativeSession(server, new Handshake.Joined(TOKEN, "alice", "lobby"), server.clock());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the receiver until the session ends; returns the status it ended with. */
    private ExitStatus receive() throws InterruptedException {
        Screen screen = new PlainScreen(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Handshake handshake = new Handshake(server, server, server.clock());
        new NativeReceiver(server, handshake, session, screen, Texts.of(Locale.ENGLISH), new KnownNames()).run();
        return session.awaitEnd();
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * From {@code from} on, the server answers hellos with its cookie and logins with {@code login} and
     * then {@code then}; before, it is silent.
     */
    private void answerLoginsFrom(long from, LongFunction<NativeServerPacket> login, NativeServerPacket... then) {
        server.answer(packet -> {
            if (server.now() < from) {
                return List.of();
            }
            if (packet instanceof NativeClientPacket.Hello hello) {
                return List.of(new NativeServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof NativeClientPacket.Login asked) {
                return Stream.concat(Stream.of(login.apply(asked.nonce())), Stream.of(then))
                        .toList();
            }
            return List.of();
        });
    }

    @Test
    void rejoinsASilentServerWaitingTwiceAsLongEachAttemptUpToEightSeconds() throws Exception {
        answerLoginsFrom(
                39_000,
                nonce -> new NativeServerPacket.Welcome(TOKEN, nonce, "alice", "lobby"),
                new NativeServerPacket.Ended(TOKEN, EndReason.KICKED));

        ExitStatus status = receive();

        // a heartbeat at 10 s, unanswered: probes from 12 s; at 16 s, 6 s after it, the server is gone;
        // then attempts 500 ms apart for 1 s, 1 s apart for 2 s, 2 s for 4, 4 s for 8, 8 s for 16
        assertEquals(
                List.of(16_000L, 16_500L, 17_000L, 18_000L, 19_000L, 21_000L, 23_000L, 27_000L, 31_000L, 39_000L),
                server.timesOf(NativeClientPacket.Hello.class));
        assertEquals(
                List.of(10_000L, 12_000L, 13_000L, 14_000L, 15_000L, 16_000L),
                server.timesOf(NativeClientPacket.Ping.class),
                "a heartbeat, then probes every second from 2 s after it went unanswered");
        assertEquals(
                List.of(TOKEN),
                server.sentOf(NativeClientPacket.Login.class).stream()
                        .map(NativeClientPacket.Login::previousToken)
                        .toList(),
                "it asks for its own session back");
        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        assertEquals(List.of("[announcement] 管理员 : you have been removed from the room"), outLines());
        assertEquals(ExitStatus.KICKED, status);
    }

    @Test
    void aRestartedServerGivesANewSessionAndTheUserHearsWhatMayBeLost() throws Exception {
        session.say("hello");
        session.request(new RoomRequest.Who("")); // says nothing that could be lost
        answerLoginsFrom(
                0,
                nonce -> new NativeServerPacket.Welcome(NEW_TOKEN, nonce, "alice", "lobby"),
                new NativeServerPacket.Ended(NEW_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "this message may not have arrived: hello",
                        "reconnected, still as alice"),
                errLines());
        assertEquals(List.of("[announcement] 管理员 : the server is closing the room"), outLines());
        assertEquals(ExitStatus.OK, status);
    }

    /**
     * Refusals that waiting may lift, each after a way of losing the session: a session that expired
     * (the server was full on the way back), or one the server dropped because it could not keep up
     * (and its address must pause before it rejoins), with what the user is told.
     */
    static Stream<Arguments> refusalsForNow() {
        return Stream.of(
                arguments(
                        RefusalReason.SERVER_FULL, 2, EndReason.EXPIRED, "lost touch with the server; reconnecting..."),
                arguments(
                        RefusalReason.TOO_MANY_FROM_ADDRESS,
                        4,
                        EndReason.EXPIRED,
                        "lost touch with the server; reconnecting..."),
                arguments(
                        RefusalReason.REJOIN_PAUSED,
                        19,
                        EndReason.DROPPED,
                        "you could not keep up and were dropped; rejoining..."));
    }

    @ParameterizedTest(name = "{0} after {2}")
    @MethodSource("refusalsForNow")
    void aRefusalForNowIsAskedAgainOnlyWhenEachAttemptIsOver(
            RefusalReason reason, long limit, EndReason lapse, String told) throws Exception {
        server.answer(packet -> {
            if (packet instanceof NativeClientPacket.Hello hello) {
                return List.of(new NativeServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof NativeClientPacket.Login asked) {
                return server.now() < 20_000
                        ? List.of(new NativeServerPacket.Refused(reason, limit, asked.nonce()))
                        : List.of(
                                new NativeServerPacket.Welcome(NEW_TOKEN, asked.nonce(), "alice", "lobby"),
                                new NativeServerPacket.Ended(NEW_TOKEN, EndReason.KICKED));
            }
            return List.of();
        });
        server.advanceTo(1_000);
        server.queue(new NativeServerPacket.Ended(TOKEN, lapse));

        ExitStatus status = receive();

        // rejoined at once; then attempts of 1, 2, 4 and 8 s, each refused at once and waited out, as a
        // silent server's would be
        assertEquals(
                List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L),
                server.timesOf(NativeClientPacket.Hello.class));
        assertEquals(List.of(told, "reconnected, still as alice"), errLines());
        assertEquals(ExitStatus.KICKED, status);
    }

    @Test
    void aNameTakenMeanwhileEndsWithStatus2() throws Exception {
        answerLoginsFrom(0, nonce -> new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0, nonce));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "could not rejoin: that name is taken - choose another"),
                errLines());
        assertEquals(ExitStatus.USAGE, status);
    }

    @Test
    void anEventOfAKindThisClientDoesNotKnowIsAcknowledgedAndNotShown() throws Exception {
        server.queue(
                new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Unrecognized(99)),
                new NativeServerPacket.Event(TOKEN, 2, 0, new RoomEvent.Said("bob", "after it")),
                new NativeServerPacket.Event(TOKEN, 3, 0, new RoomEvent.Unrecognized(200)),
                new NativeServerPacket.Event(TOKEN, 4, 0, new RoomEvent.Closing()));

        ExitStatus status = receive();

        assertEquals(List.of("bob : after it", "[announcement] 管理员 : the server is closing the room"), outLines());
        assertEquals(List.of(), errLines());
        assertEquals(List.of(new NativeClientPacket.Ack(TOKEN, 4)), server.sentOf(NativeClientPacket.Ack.class));
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void aSlowDownIsShownOnceForEachWithHowManyOfMyLinesWait() throws Exception {
        for (int i = 1; i <= 7; i++) {
            session.say("line " + i);
        }
        server.queue(
                new NativeServerPacket.Event(TOKEN, 1, 3, new RoomEvent.SlowedDown(2)),
                new NativeServerPacket.Event(TOKEN, 2, 5, new RoomEvent.SlowedDown(1)),
                new NativeServerPacket.Event(TOKEN, 3, 7, new RoomEvent.Closing()));

        receive();

        assertEquals(
                List.of(
                        "you are typing faster than the server takes lines (2 a second): your lines wait (4 now)"
                                + " and go as it allows",
                        "you are typing faster than the server takes lines (1 a second): your lines wait (2 now)"
                                + " and go as it allows"),
                errLines(),
                "on stderr, with the lines the server had not acknowledged when each came");
        assertEquals(List.of("[announcement] 管理员 : the server is closing the room"), outLines());
    }

    @Test
    void aLapsedSessionIsRejoinedAtOnce() throws Exception {
        server.advanceTo(1_000);
        server.queue(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED));
        answerLoginsFrom(
                0,
                nonce -> new NativeServerPacket.Welcome(NEW_TOKEN, nonce, "alice", "lobby"),
                new NativeServerPacket.Ended(NEW_TOKEN, EndReason.KICKED));

        ExitStatus status = receive();

        assertEquals(List.of(1_000L), server.timesOf(NativeClientPacket.Hello.class), "no 8 s of silence first");
        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        assertEquals(ExitStatus.KICKED, status);
    }
}
