package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
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
    /** The token a reconnection's handshake gives: a server that resumes welcomes under the old one. */
    private static final long HANDSHAKE_TOKEN = 0x2122232425262728L;

    private static final ResumptionSecret SECRET = new ResumptionSecret(1, 2, 3, 4);
    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);

    private final ScriptedServer server = new ScriptedServer();
    private final Handshake.Joined joined = server.joined(TOKEN, "alice", "lobby");
    private final NativeSession session = new NativeSession(server, joined, server.clock());
    private ServerKeyCheck keyCheck = ServerKeyCheck.ACCEPT_ALL;
    /** The servers of the list: one, unless a test names more; where the connection was pointed, in order. */
    private final List<java.net.InetSocketAddress> redirects = new java.util.ArrayList<>();

    private ServerRotation servers = new ServerRotation(List.of(node(ScriptedServer.ADDRESS, 1)), redirects::add);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Runs the receiver until the session ends; returns the status it ended with. */
    private ExitStatus receive() throws InterruptedException {
        Screen screen = new PlainScreen(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Handshake handshake = new Handshake(
                server, server, server.clock(), () -> servers.current().named(), keyCheck);
        new NativeReceiver(server, handshake, servers, session, screen, Texts.of(Locale.ENGLISH), new KnownNames())
                .run();
        return session.awaitEnd();
    }

    /** A server of the list at 192.0.2.{@code last}, named {@code named}. */
    private static ServerList.Node node(org.udpchat.codec.HostPort named, int last) {
        try {
            return new ServerList.Node(
                    named,
                    new java.net.InetSocketAddress(
                            java.net.InetAddress.getByAddress(named.host(), new byte[] {(byte) 192, 0, 2, (byte) last}),
                            named.port()));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * From {@code from} on, the server answers hellos with its cookie, inits with a reply that gives
     * {@link #HANDSHAKE_TOKEN}, and logins with {@code login} and then {@code then}; before, it is silent.
     */
    private void answerLoginsFrom(long from, Packet login, Packet... then) {
        server.answer(packet -> {
            if (server.now() < from) {
                return List.of();
            }
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, HANDSHAKE_TOKEN));
            }
            if (packet instanceof NativeClientPacket.Login) {
                return Stream.concat(Stream.of(login), Stream.of(then)).toList();
            }
            return List.of();
        });
    }

    /**
     * Every handshake is answered, and its LOGIN with what {@code loginAnswerAt} gives for the server's time then:
     * a server whose answer to a rejoin changes as time goes by.
     */
    private void answerLoginsBy(java.util.function.LongFunction<List<Packet>> loginAnswerAt) {
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, HANDSHAKE_TOKEN));
            }
            if (packet instanceof NativeClientPacket.Login) {
                return loginAnswerAt.apply(server.now());
            }
            return List.of();
        });
    }

    /** The server took the session back: welcomed under its old token, with a new secret. */
    private static NativeServerPacket.Welcome resumed() {
        return new NativeServerPacket.Welcome(TOKEN, SECRET, false, "alice", "lobby");
    }

    /** The server started a new session. */
    private static NativeServerPacket.Welcome restarted() {
        return new NativeServerPacket.Welcome(HANDSHAKE_TOKEN, SECRET, false, "alice", "lobby");
    }

    /** What a node of a cluster says in session {@code token} right after its WELCOME, as its first event. */
    private static NativeServerPacket.Event takesLineIds(long token) {
        return new NativeServerPacket.Event(token, 1, 0, new RoomEvent.TakesLineIds());
    }

    @Test
    void rejoinsASilentServerWaitingTwiceAsLongEachAttemptUpToEightSeconds() throws Exception {
        answerLoginsFrom(39_000, resumed(), new NativeServerPacket.Ended(TOKEN, EndReason.KICKED));

        ExitStatus status = receive();

        // a heartbeat at 10 s, unanswered: probes from 12 s; at 16 s, 6 s after it, the server is gone;
        // then attempts 500 ms apart for 1 s, 1 s apart for 2 s, 2 s for 4, 4 s for 8, 8 s for 16
        assertEquals(
                List.of(16_000L, 16_500L, 17_000L, 18_000L, 19_000L, 21_000L, 23_000L, 27_000L, 31_000L, 39_000L),
                server.timesOf(ClearClientPacket.Hello.class));
        assertEquals(
                List.of(10_000L, 12_000L, 13_000L, 14_000L, 15_000L, 16_000L), // a heartbeat, then probes
                server.timesOf(NativeClientPacket.Ping.class),
                "a heartbeat, then probes every second from 2 s after it went unanswered; none while reconnecting");
        assertEquals(
                List.of(new NativeClientPacket.Login(TOKEN, joined.resumption(), "alice", "lobby")),
                server.sentOf(NativeClientPacket.Login.class),
                "it asks for its own session back, with the token and the secret its welcome gave");
        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        assertEquals(List.of("[announcement] 管理员 : you have been removed from the room"), outLines());
        assertEquals(ExitStatus.KICKED, status);
    }

    /** The receiver's list: a.example:8888 (address 1) and b.example:8888 (address 2), in that order. */
    private List<ServerList.Node> rotateOverAAndB() {
        List<ServerList.Node> list = List.of(
                node(new org.udpchat.codec.HostPort("a.example", 8888), 1),
                node(new org.udpchat.codec.HostPort("b.example", 8888), 2));
        servers = new ServerRotation(list, redirects::add);
        return list;
    }

    @Test
    void aSilentServerIsFollowedByTheNextOfTheListWhichIsNamedAndItsKeyCheckedUnderItsOwnName() throws Exception {
        ServerList.Node b = rotateOverAAndB().get(1);
        List<org.udpchat.codec.HostPort> checked = new java.util.ArrayList<>();
        keyCheck = (named, key) -> {
            checked.add(named);
            return ServerKeyCheck.Verdict.TRUSTED;
        };
        session.say("hello");
        server.forget(TOKEN); // the scripted server plays b, which never had the session
        answerLoginsFrom(0, restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertEquals(List.of(b.address()), redirects, "the first attempt goes to the next server, b");
        assertEquals(List.of(b.named()), checked, "b's key is checked under b's own name");
        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "this message may not have arrived: hello",
                        "reconnected to b.example:8888 (192.0.2.2), still as alice"),
                errLines().subList(0, 3));
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void atTheNextServerOfTheListALineNeverHeardBackIsSaidAgainWithItsIdNotToldAsLost() throws Exception {
        rotateOverAAndB();
        session.giveLinesIds(); // as the receiver of a list of several does, before anything is typed
        session.onDatagram(server.datagram(takesLineIds(TOKEN))); // a, a node of a cluster, says it takes them
        session.say("hello");
        server.forget(TOKEN); // the scripted server plays b, which never had the session
        answerLoginsFrom(
                0,
                restarted(),
                takesLineIds(HANDSHAKE_TOKEN),
                new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "reconnected to b.example:8888 (192.0.2.2), still as alice"),
                errLines().subList(0, 2));
        List<NativeClientPacket.Chat> chats = server.sentOf(NativeClientPacket.Chat.class);
        NativeClientPacket.Chat first = chats.get(0);
        NativeClientPacket.Chat again = chats.get(chats.size() - 1);
        assertEquals(HANDSHAKE_TOKEN, again.token(), "said again in the new session");
        assertEquals(List.of("hello", first.lineId()), List.of(again.text(), again.lineId()), "with its id");
        assertEquals(ExitStatus.OK, status);
    }

    /**
     * A server older than line ids (in a list of several, as in a rolling upgrade) never says it takes them: the
     * client's lines go without, as to a single server, and are taken, where a line with an id would be dropped as
     * malformed and everything after it would wait behind it, unanswered.
     */
    @Test
    void withSeveralNodesAServerThatNeverSaysItTakesLineIdsIsSentLinesWithoutAndTakesThem() throws Exception {
        rotateOverAAndB();
        session.giveLinesIds(); // as the receiver of a list of several does, before anything is typed
        server.answer(
                packet -> { // each line taken as it comes; the last one answered by the room closing
                    if (packet instanceof NativeClientPacket.Chat chat && chat.seq() == 3) {
                        return List.of(new NativeServerPacket.Event(TOKEN, 1, 3, new RoomEvent.Closing()));
                    }
                    if (packet instanceof NativeClientPacket.Chat chat) {
                        return List.of(new NativeServerPacket.Ack(TOKEN, chat.seq()));
                    }
                    if (packet instanceof NativeClientPacket.Request request) {
                        return List.of(new NativeServerPacket.Ack(TOKEN, request.seq()));
                    }
                    return List.of();
                });
        session.say("hello");
        session.request(new RoomRequest.Action("waves"));
        session.say("still here");

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        new NativeClientPacket.Chat(TOKEN, 1, 0, "hello"),
                        new NativeClientPacket.Chat(TOKEN, 3, 0, "still here")),
                server.sentOf(NativeClientPacket.Chat.class),
                "no line ids, and each line sent once: taken");
        assertEquals(
                List.of(new NativeClientPacket.Request(TOKEN, 2, 0, new RoomRequest.Action("waves"))),
                server.sentOf(NativeClientPacket.Request.class));
        assertEquals(List.of(), errLines(), "nothing said to be lost");
        assertEquals(ExitStatus.OK, status);
    }

    /**
     * After losing a node that took line ids, at the next server of the list, which never says it takes them (older
     * than line ids): the line held to be said again waits for its word a while, then is told as one that may not
     * have arrived, as before line ids, instead of going in a form that server would drop; what was typed meanwhile
     * goes then, without an id, and is taken.
     */
    @Test
    void atTheNextServerOfTheListThatNeverSaysItTakesLineIdsTheHeldLineIsToldAsMayNotHaveArrived() throws Exception {
        rotateOverAAndB();
        session.giveLinesIds();
        session.onDatagram(server.datagram(takesLineIds(TOKEN))); // a says it takes them
        session.say("hello");
        server.forget(TOKEN); // the scripted server plays b, which never had the session and is older than line ids
        boolean[] typedWhileAway = {false};
        server.answer(packet -> {
            if (packet instanceof ClearClientPacket.Hello hello) {
                if (!typedWhileAway[0]) {
                    typedWhileAway[0] = true;
                    session.say("typed while away"); // the user types while the receiver reconnects
                }
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, HANDSHAKE_TOKEN));
            }
            if (packet instanceof NativeClientPacket.Login) {
                return List.of(restarted()); // and no word of line ids: an older server
            }
            if (packet instanceof NativeClientPacket.Chat chat && chat.token() == HANDSHAKE_TOKEN) {
                return List.of(new NativeServerPacket.Event(HANDSHAKE_TOKEN, 1, chat.seq(), new RoomEvent.Closing()));
            }
            return List.of();
        });

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "reconnected to b.example:8888 (192.0.2.2), still as alice",
                        "this message may not have arrived: hello"),
                errLines());
        List<NativeClientPacket.Chat> atB = server.sentOf(NativeClientPacket.Chat.class).stream()
                .filter(chat -> chat.token() == HANDSHAKE_TOKEN)
                .toList();
        assertEquals(
                List.of(new NativeClientPacket.Chat(HANDSHAKE_TOKEN, 1, 0, "typed while away")),
                atB,
                "the held line is not sent to b; what was typed goes without an id");
        long welcomedAt = server.timesOf(NativeClientPacket.Login.class).get(0);
        long typedSentAt = server.timesOf(NativeClientPacket.Chat.class).get(1);
        assertEquals(
                NativeSession.LINE_IDS_WAIT.toMillis(),
                typedSentAt - welcomedAt,
                "it waited for b's word as long as the protocol says, and no longer");
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void reconnectingGoesRoundTheListAndEachRoundWaitsLonger() throws Exception {
        List<ServerList.Node> list = rotateOverAAndB();
        ServerList.Node a = list.get(0);
        ServerList.Node b = list.get(1);
        answerLoginsFrom(19_000, resumed(), new NativeServerPacket.Ended(TOKEN, EndReason.KICKED));

        ExitStatus status = receive();

        // lost at 16 s; b, then a, for 1 s each, a hello every 500 ms; then b for 2 s, a hello every 1 s: its
        // second, at 19 s, is answered
        assertEquals(
                List.of(16_000L, 16_500L, 17_000L, 17_500L, 18_000L, 19_000L),
                server.timesOf(ClearClientPacket.Hello.class));
        assertEquals(List.of(b.address(), a.address(), b.address()), redirects);
        assertTrue(
                errLines().contains("reconnected to b.example:8888 (192.0.2.2), still as alice"),
                errLines().toString());
        assertEquals(ExitStatus.KICKED, status);
    }

    @Test
    void aRestartedServerGivesANewSessionAndTheUserHearsWhatMayBeLost() throws Exception {
        session.say("hello");
        session.request(new RoomRequest.Who("")); // says nothing that could be lost
        server.forget(TOKEN); // it restarted
        answerLoginsFrom(0, restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "this message may not have arrived: hello",
                        "reconnected, still as alice"),
                errLines());
        assertEquals(
                List.of(TOKEN),
                server.sentOf(NativeClientPacket.Chat.class).stream()
                        .map(NativeClientPacket.Chat::token)
                        .toList(),
                "sent once, not again in the new session: it may have arrived");
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
        answerLoginsBy(now -> now < 20_000
                ? List.of(new NativeServerPacket.Refused(reason, limit))
                : List.of(restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.KICKED)));
        server.advanceTo(1_000);
        server.queue(new NativeServerPacket.Ended(TOKEN, lapse));

        ExitStatus status = receive();

        // rejoined at once; then attempts of 1, 2, 4 and 8 s, each refused at once and waited out, as a
        // silent server's would be
        assertEquals(
                List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L),
                server.timesOf(ClearClientPacket.Hello.class));
        assertEquals(List.of(told, "reconnected, still as alice"), errLines());
        assertEquals(ExitStatus.KICKED, status);
    }

    @Test
    void aNameTakenMeanwhileEndsWithStatus2() throws Exception {
        answerLoginsFrom(0, new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "could not rejoin: that name is taken - choose another"),
                errLines());
        assertEquals(ExitStatus.USAGE, status);
    }

    /**
     * With several nodes, a rejoin refused "name taken" may be refused for a session its own abandoned attempt
     * left at another node (it timed out while that node was still taking the session up): waited out, the node's
     * session timeout lets it go, and the rejoin gets in.
     */
    @Test
    void withSeveralNodesANameTakenIsWaitedOutForAWhileAsItMayBeHeldForThisClient() throws Exception {
        rotateOverAAndB();
        server.forget(TOKEN);
        // the abandoned session lets the name go 30 s after the node was lost, at 16 s
        answerLoginsBy(now -> now < 46_000
                ? List.of(new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0))
                : List.of(restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED)));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "the name is held at another node of the list, perhaps by this client's own last attempt:"
                                + " waiting up to 45 s for it to be let go",
                        "reconnected, still as alice"),
                errLines().stream()
                        .filter(line -> !line.startsWith("this message"))
                        .toList(),
                "told once that it waits, then back (at a, the node lost, as the rotation came round)");
        assertTrue(server.now() >= 46_000, "got in once the name was let go, at " + server.now());
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void withSeveralNodesANameTakenForLongerThanASessionCouldHoldItEndsWithStatus2() throws Exception {
        rotateOverAAndB();
        answerLoginsFrom(0, new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0));

        ExitStatus status = receive();

        assertEquals(
                "could not rejoin: that name is taken - choose another",
                errLines().get(errLines().size() - 1));
        assertTrue(server.now() >= 16_000 + NativeReceiver.OWN_SESSION_WAIT.toMillis(), "at " + server.now());
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
        answerLoginsFrom(0, restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.KICKED));

        ExitStatus status = receive();

        assertEquals(List.of(1_000L), server.timesOf(ClearClientPacket.Hello.class), "no 8 s of silence first");
        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        assertEquals(ExitStatus.KICKED, status);
    }

    @Test
    void anUnknownThatNothingSealedGainsaysReconnectsWithinASecond() throws Exception {
        server.advanceTo(1_000);
        server.queueBytes(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)));
        answerLoginsFrom(0, restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertEquals(List.of(1_000L), server.timesOf(NativeClientPacket.Ping.class), "asked at once, sealed");
        assertEquals(List.of(2_000L), server.timesOf(ClearClientPacket.Hello.class), "a second later: no 16 s");
        assertEquals(
                List.of(TOKEN),
                server.sentOf(NativeClientPacket.Login.class).stream()
                        .map(NativeClientPacket.Login::previousToken)
                        .toList());
        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        assertEquals(ExitStatus.OK, status, "a hint never ends a session, and never as a kick");
    }

    @Test
    void aForgedUnknownChangesNothingWhenTheServerAnswersSealed() throws Exception {
        server.queueBytes(NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)));
        server.answer(packet -> {
            if (!(packet instanceof NativeClientPacket.Ping)) {
                return List.of();
            }
            return server.now() < 30_000
                    ? List.of(new NativeServerPacket.Pong(TOKEN, 0))
                    : List.of(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Closing()));
        });

        ExitStatus status = receive();

        assertEquals(List.of(), server.timesOf(ClearClientPacket.Hello.class), "never a new handshake");
        assertEquals(List.of(), errLines());
        assertEquals(List.of("[announcement] 管理员 : the server is closing the room"), outLines());
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void anEndedInClearIsIgnoredAndTheSessionGoesOn() throws Exception {
        server.queueBytes(
                NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, EndReason.KICKED)),
                NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.YouWereKicked("forged"))));
        server.queue(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Closing()));

        ExitStatus status = receive();

        assertEquals(List.of("[announcement] 管理员 : the server is closing the room"), outLines());
        assertEquals(ExitStatus.OK, status, "never 3 for what was not sealed");
    }

    @Test
    void aServerOfAnotherVersionMetOnReconnectingEndsWithStatus2() throws Exception {
        server.answer(packet -> packet instanceof ClearClientPacket.Hello hello
                ? List.of(new ClearServerPacket.Upgrade(NativeCodec.VERSION, 3, hello.nonce()))
                : List.of());
        server.advanceTo(1_000);
        server.queue(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED));

        ExitStatus status = receive();

        assertEquals(
                List.of(
                        "lost touch with the server; reconnecting...",
                        "the server speaks version 3 of the native protocol, this client 2"
                                + " - use a client that speaks version 3"),
                errLines());
        assertEquals(ExitStatus.USAGE, status);
    }

    @Test
    void aServerKeyTheCheckRefusesOnReconnectingEndsWithTheChecksStatusBeforeTheLogin() throws Exception {
        keyCheck = (server, key) ->
                new ServerKeyCheck.Untrusted("the key of " + server + " has changed", ExitStatus.NO_SERVER);
        answerLoginsFrom(0, resumed());
        server.advanceTo(1_000);
        server.queue(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED));

        ExitStatus status = receive();

        assertEquals(
                List.of("lost touch with the server; reconnecting...", "the key of chat.example:8888 has changed"),
                errLines());
        assertEquals(List.of(), server.sentOf(NativeClientPacket.Login.class), "the name never went to it");
        assertEquals(ExitStatus.NO_SERVER, status);
    }

    @Test
    void aServerBackFromABlackoutResumesUnderANewTokenAndNothingIsLost() throws Exception {
        session.say("hello");
        // silent for a while; then it takes the session back, under the handshake's token, as the design has it
        server.answer(packet -> {
            if (server.now() < 20_000) {
                return List.of();
            }
            if (packet instanceof ClearClientPacket.Hello hello) {
                return List.of(new ClearServerPacket.Challenge(COOKIE, hello.nonce()));
            }
            if (packet instanceof ClearClientPacket.Init init) {
                return List.of(server.reply(init, HANDSHAKE_TOKEN));
            }
            if (packet instanceof NativeClientPacket.Login) {
                return List.of(new NativeServerPacket.Welcome(HANDSHAKE_TOKEN, SECRET, true, "alice", "lobby"));
            }
            if (packet instanceof NativeClientPacket.Chat chat) {
                return List.of(
                        new NativeServerPacket.Ack(HANDSHAKE_TOKEN, chat.seq()),
                        new NativeServerPacket.Event(HANDSHAKE_TOKEN, 1, chat.seq(), new RoomEvent.Closing()));
            }
            return List.of();
        });

        ExitStatus status = receive();

        assertEquals(List.of("lost touch with the server; reconnecting...", "reconnected, still as alice"), errLines());
        List<NativeClientPacket.Chat> chats = server.sentOf(NativeClientPacket.Chat.class);
        assertEquals(
                new NativeClientPacket.Chat(HANDSHAKE_TOKEN, 1, 0, "hello"),
                chats.get(chats.size() - 1),
                "the line in flight is resent under the new token and keys, numbered as before");
        assertEquals(List.of("[announcement] 管理员 : the server is closing the room"), outLines());
        assertEquals(ExitStatus.OK, status);
    }

    @Test
    void aServerThatRestartedWhileWeWaitedAnswersTheSealedQuestionWithUnknownAndANewSessionStarts() throws Exception {
        session.say("hello");
        server.forget(TOKEN);
        server.downUntil(20_000); // restarting: not even an UNKNOWN comes before it is back
        answerLoginsFrom(0, restarted(), new NativeServerPacket.Ended(HANDSHAKE_TOKEN, EndReason.CLOSED));

        ExitStatus status = receive();

        assertTrue(
                errLines().contains("this message may not have arrived: hello"),
                "a new session: the line is reported, not resent into it; " + errLines());
        assertEquals(ExitStatus.OK, status);
    }
}
