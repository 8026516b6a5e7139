package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The sending thread with no socket: typed lines in, what it asked of a recording session and what it
 * printed out. Every mistake must be explained on stderr and send nothing.
 */
class SenderTest {

    private static final String NAME = "alice";

    /** A session that records what the sender asks of it. */
    private static final class RecordingSession implements ChatSession {
        final boolean takesRequests;
        final List<String> said = new ArrayList<>();
        final List<RoomRequest> requests = new ArrayList<>();
        int quits;
        /** What {@link #dropUnsent} says may not have been sent. */
        int unsent;
        /** What {@link #awaitLinesAcknowledged} says may not have been sent. */
        int unacknowledged;
        /** The calls that leave, in order. */
        final List<String> leaving = new ArrayList<>();

        private boolean ended;

        RecordingSession(boolean takesRequests) {
            this.takesRequests = takesRequests;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String room() {
            return takesRequests ? "lobby" : "";
        }

        @Override
        public boolean takesRequests() {
            return takesRequests;
        }

        @Override
        public void request(RoomRequest request) {
            if (!takesRequests) {
                throw new UnsupportedOperationException("a classic session has no requests");
            }
            // What NativeSession does next: a request that cannot be put in a datagram fails here.
            new NativeClientPacket.Request(1, 1, 0, request);
            requests.add(request);
        }

        @Override
        public void say(String text) {
            said.add(text);
        }

        @Override
        public int dropUnsent() {
            leaving.add("dropUnsent");
            return unsent;
        }

        @Override
        public int awaitLinesAcknowledged() {
            leaving.add("awaitLinesAcknowledged");
            return unacknowledged;
        }

        /** Whether the server answers the quit; when not, the session says so before it ends. */
        boolean quitAnswered = true;

        @Override
        public void quit(Runnable unanswered) {
            leaving.add("quit");
            quits++;
            if (!quitAnswered) {
                unanswered.run();
            }
            ended = true;
        }

        @Override
        public boolean hasEnded() {
            return ended;
        }

        @Override
        public ExitStatus awaitEnd() {
            return ExitStatus.OK;
        }
    }

    /** What one run of the sender did: the session it drove and the screen it wrote. */
    private record Run(RecordingSession session, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        /** Nothing was sent, and the one line on stderr is {@code expected}. */
        void assertRefused(String expected) {
            assertEquals(List.of(), session.requests, "requests");
            assertEquals(List.of(), session.said, "chat");
            assertEquals(List.of(expected), errLines(), "stderr");
            assertEquals("", out, "stdout");
        }
    }

    private static Run send(boolean takesRequests, Locale language, String... lines) {
        return send(new RecordingSession(takesRequests), language, lines);
    }

    private static Run send(RecordingSession session, Locale language, String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Screen screen = new PlainScreen(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
        new Sender(LineInput.plain(in, System.out, false), session, screen, Texts.of(language)).run();
        return new Run(
                session,
                out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"),
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    private static Run send(String... lines) {
        return send(true, Locale.ENGLISH, lines);
    }

    @Test
    void aPlainLineIsSaidAsTyped() {
        Run run = send("hello   world ", "你好 🌏");
        assertEquals(List.of("hello   world ", "你好 🌏"), run.session.said);
        assertEquals(List.of(), run.session.requests);
        assertEquals("", run.out + run.err);
    }

    @Test
    void aLineStartingWithTwoSlashesIsSentWithOneSlashLess() {
        Run run = send("//join games", "//", "///me");
        assertEquals(List.of("/join games", "/", "//me"), run.session.said);
        assertEquals(List.of(), run.session.requests);
        assertEquals("", run.err);
    }

    @Test
    void anEmptyLineSendsNothingAndNeedsNoTelling() {
        Run run = send("");
        assertEquals(List.of(), run.session.said);
        assertEquals("", run.out + run.err);
    }

    @Test
    void anAllBlankLineSendsNothingAndNeedsNoTelling() {
        Run run = send("   ", "\u3000", "\u3164\u3164", " \u00A0 ");
        assertEquals(List.of(), run.session.said);
        assertEquals("", run.out + run.err);
    }

    @Test
    void theEndOfInputLeavesOnce() {
        Run run = send("hi");
        assertEquals(1, run.session.quits);
    }

    @Test
    void quitSaysHowManyLinesMayNotHaveBeenSentBeforeItLeaves() {
        RecordingSession session = new RecordingSession(true);
        session.unsent = 3;

        Run run = send(session, Locale.ENGLISH, "/quit", "after the quit");

        assertEquals(List.of("3 of your lines may not have been sent"), run.errLines());
        assertEquals(List.of("dropUnsent", "quit"), session.leaving, "dropped and counted first: then the quit");
        assertEquals("", run.out);
    }

    @Test
    void theEndOfInputDropsNothingAndQuitsOnceTheServerHasEveryLine() {
        RecordingSession session = new RecordingSession(true);
        session.unsent = 5; // what a /quit would drop

        Run run = send(session, Locale.ENGLISH, "one", "two");

        assertEquals(List.of("one", "two"), session.said);
        assertEquals(List.of("awaitLinesAcknowledged", "quit"), session.leaving, "nothing dropped");
        assertEquals("", run.err);
    }

    @Test
    void theEndOfInputSaysHowManyLinesMayNotHaveBeenSentWhenTheServerWentAwayFirst() {
        RecordingSession session = new RecordingSession(true);
        session.unacknowledged = 1;

        Run run = send(session, Locale.CHINESE, "hi");

        assertEquals(List.of("有 1 行消息可能未发出"), run.errLines());
        assertEquals(List.of("awaitLinesAcknowledged", "quit"), session.leaving, "counted first: then the quit");
    }

    /**
     * A script's twenty lines with a real session and a scripted server that takes ten at once and holds
     * the rest: the end of input sends every one of them, and the quit only once the server has them all.
     */
    @Test
    void aScriptsLinesAllGoBeforeItsQuitHoweverLongTheServerHoldsThem() throws Exception {
        long token = 7;
        ScriptedServer server = new ScriptedServer();
        NativeSession session = new NativeSession(server, server.joined(token, NAME, "lobby"), server.clock());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Screen screen = new PlainScreen(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> lines =
                IntStream.rangeClosed(1, 20).mapToObj(i -> "line " + i).toList();
        BufferedReader in = new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
        CompletableFuture<Void> sender = CompletableFuture.runAsync(
                new Sender(LineInput.plain(in, System.out, false), session, screen, Texts.of(Locale.ENGLISH)));

        for (int i = 1; i <= 20; i++) {
            assertEquals(new NativeClientPacket.Chat(token, i, 0, "line " + i), server.next());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!session.isFinishing()) { // the sender has met the end of input, and waits
            assertTrue(System.nanoTime() < deadline, "the sender did not wait for the server at the end of input");
            Thread.onSpinWait();
        }
        // the server relays ten and holds ten, then relays them at two a second
        session.onDatagram(server.datagram(new NativeServerPacket.Event(token, 1, 10, new RoomEvent.SlowedDown(2))));
        for (long ack = 11; ack < 20; ack++) {
            server.advanceTo(server.now() + 500);
            session.onDatagram(server.datagram(new NativeServerPacket.Ack(token, ack)));
        }
        assertEquals(List.of(), server.sentOf(NativeClientPacket.Quit.class), "line 20 is still held");

        session.onDatagram(server.datagram(new NativeServerPacket.Ack(token, 20)));

        Packet next;
        do {
            next = server.next(); // its acknowledgement of the SLOWED_DOWN may come first
        } while (!(next instanceof NativeClientPacket.Quit));
        assertEquals(new NativeClientPacket.Quit(token, 21, 1), next);
        NativeSession.Received left = session.onDatagram(server.datagram(new NativeServerPacket.Ack(token, 21)));
        assertEquals(NativeSession.Received.LEFT, left);
        session.end(left.end().orElseThrow()); // as the receiver does
        sender.get(5, TimeUnit.SECONDS);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing may have been lost, so nothing said");
        assertEquals(ExitStatus.OK, session.awaitEnd());
    }

    @Test
    void quitSaysNothingWhenEveryLineWasTaken() {
        Run run = send("hi", "/quit");

        assertEquals("", run.err);
        assertEquals(List.of("dropUnsent", "quit"), run.session.leaving);
    }

    @Test
    void quitLeavesAndReadsNoFurther() {
        Run run = send("/quit", "after the quit");
        assertEquals(1, run.session.quits);
        assertEquals(List.of(), run.session.said);
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("/join games", new RoomRequest.JoinRoom("games")),
                Arguments.of("/join   游戏  ", new RoomRequest.JoinRoom("游戏")),
                Arguments.of("/join " + "r".repeat(32), new RoomRequest.JoinRoom("r".repeat(32))),
                Arguments.of("/rooms", new RoomRequest.ListRooms()),
                Arguments.of("/who", new RoomRequest.Who("")),
                Arguments.of("/who games", new RoomRequest.Who("games")),
                Arguments.of("/msg bob hi   there", new RoomRequest.PrivateMessage("bob", "hi   there")),
                Arguments.of("/msg 小红 你好", new RoomRequest.PrivateMessage("小红", "你好")),
                Arguments.of("/me waves  at everyone", new RoomRequest.Action("waves  at everyone")),
                Arguments.of("/nick bobby", new RoomRequest.Nick("bobby")),
                Arguments.of("/nick 小明", new RoomRequest.Nick("小明")));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void eachCommandSendsItsRequest(String line, RoomRequest expected) {
        Run run = send(line);
        assertEquals(List.of(expected), run.session.requests);
        assertEquals(List.of(), run.session.said, "a command is not chat");
        assertEquals("", run.out + run.err);
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("/join", "usage: /join ROOM"),
                Arguments.of("/join games chess", "usage: /join ROOM"),
                Arguments.of("/rooms games", "usage: /rooms"),
                Arguments.of("/who games chess", "usage: /who [ROOM]"),
                Arguments.of("/msg", "usage: /msg NAME text"),
                Arguments.of("/msg bob", "usage: /msg NAME text"),
                Arguments.of("/msg bob    ", "usage: /msg NAME text"),
                Arguments.of("/me", "usage: /me text"),
                Arguments.of("/me    ", "usage: /me text"),
                Arguments.of("/nick", "usage: /nick NAME"),
                Arguments.of("/nick bob smith", "usage: /nick NAME"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void aCommandUsedWronglyShowsItsUsageAndSendsNothing(String line, String expected) {
        send(line).assertRefused(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"/join a\u0001", "/who a\u0001", "/join a\u200Bb", "/join 1234567890123456789012345678901234"})
    void aBadRoomNameIsExplainedAndNotSent(String line) {
        send(line).assertRefused("not a room name: 1 to 32 characters, no spaces or control characters");
    }

    @Test
    void aRoomNameOf33CharactersIsTooLong() {
        send("/join " + "r".repeat(33))
                .assertRefused("not a room name: 1 to 32 characters, no spaces or control characters");
        send("/who " + "房".repeat(33))
                .assertRefused("not a room name: 1 to 32 characters, no spaces or control characters");
    }

    @Test
    void aPrivateMessageMayTakeExactlyTheBytesLeftForIt() {
        int max = ChatText.maxPrivateBytes(NAME);
        Run fits = send("/msg bob " + "x".repeat(max));
        assertEquals(List.of(new RoomRequest.PrivateMessage("bob", "x".repeat(max))), fits.session.requests);
        assertEquals("", fits.err);

        send("/msg bob " + "x".repeat(max + 1))
                .assertRefused("message not sent: it is " + (max + 1) + " bytes, at most " + max + " fit");
    }

    @Test
    void aPrivateMessageIsCountedInBytesNotCharacters() {
        int max = ChatText.maxPrivateBytes(NAME);
        String text = "字".repeat(max / 3 + 1); // three bytes each
        send("/msg bob " + text)
                .assertRefused("message not sent: it is " + (max / 3 + 1) * 3 + " bytes, at most " + max + " fit");
    }

    @Test
    void aPrivateMessageWithAControlCharacterIsNotSent() {
        send("/msg bob a\u001B[2Jb").assertRefused("message not sent: it holds control or invisible characters");
    }

    @Test
    void aLineWithMoreThanEightBlanksInARowIsNotSent() {
        String refused =
                "message not sent: it has more than 8 blanks in a row, which could push a forged line into view";
        send("hi" + "\u3164".repeat(9) + "管理员 : restart").assertRefused(refused);
        send("/me waves" + " ".repeat(9) + "x").assertRefused(refused);
        send("/msg bob a" + "\u2800".repeat(72) + "b").assertRefused(refused);
    }

    @Test
    void aPrivateMessageToANameNoMemberCanHaveIsAnsweredAtOnce() {
        send("/msg " + "x".repeat(256) + " hi")
                .assertRefused("nobody called '" + "x".repeat(40) + "…' is here - /who and /rooms show who is where");
    }

    static Stream<Arguments> impossibleNames() {
        return Stream.of(
                Arguments.of("a\u0000b", "'a\\u0000b'"),
                // no member can have it: names have at most 32 characters
                Arguments.of("x".repeat(200), "'" + "x".repeat(40) + "…'"));
    }

    @ParameterizedTest
    @MethodSource("impossibleNames")
    void aPrivateMessageToANameNoMemberCanHaveIsRefusedAndTheSenderGoesOn(String to, String quoted) {
        Run run = send("/msg " + to + " " + "y".repeat(ChatText.maxPrivateBytes(NAME)), "still here");
        assertEquals(List.of(), run.session.requests);
        assertEquals(List.of("still here"), run.session.said, "the sender went on reading");
        assertEquals(
                List.of("nobody called " + quoted + " is here - /who and /rooms show who is where"), run.errLines());
    }

    @Test
    void anActionMayTakeAsManyBytesAsAChatLine() {
        int max = ChatText.maxBytes(NAME);
        Run fits = send("/me " + "x".repeat(max));
        assertEquals(List.of(new RoomRequest.Action("x".repeat(max))), fits.session.requests);
        send("/me " + "x".repeat(max + 1))
                .assertRefused("message not sent: it is " + (max + 1) + " bytes, at most " + max + " fit");
        send("/me waves\u0007").assertRefused("message not sent: it holds control or invisible characters");
    }

    @Test
    void theAdministratorsNameCannotBeTaken() {
        send("/nick 管理员").assertRefused("cannot take that name: that name is reserved for the administrator");
        send("/nick 管理員").assertRefused("cannot take that name: that name is reserved for the administrator");
    }

    @Test
    void theNameWeHaveAlreadyIsNotAskedFor() {
        send("/nick " + NAME).assertRefused("you are alice already");
    }

    @Test
    void aNickWithASpaceTheCommandLineDoesNotSplitIsRefused() {
        // U+3000, the ideographic space, is not \s: the whole "小\u3000明" is the name, and names have no spaces.
        send("/nick 小\u3000明").assertRefused("cannot take that name: a name cannot contain spaces");
    }

    @Test
    void aNickTooLongOrInvisibleIsRefused() {
        send("/nick " + "n".repeat(33)).assertRefused("cannot take that name: a name has at most 32 characters");
        send("/nick bo\u200Bb")
                .assertRefused("cannot take that name: a name cannot hold control or invisible characters");
    }

    @Test
    void helpListsTheCommandsOfANativeSession() {
        Run run = send("/help");
        assertEquals(
                """
                Type a line to send it to your room (start with // to send a line that starts with /).
                Commands:
                  /join ROOM        go to ROOM (made if it does not exist)
                  /rooms            the rooms and how many are in each
                  /who [ROOM]       who is in your room, or in ROOM
                  /msg NAME text    a private message to NAME, in whichever room
                  /me text          an action: * you text
                  /nick NAME        go on under another name
                  /quit             leave (so do the end of input and Ctrl-C)
                  /help             show this help
                """,
                run.out);
        assertEquals("", run.err);
        assertEquals(List.of(), run.session.said);
    }

    @Test
    void helpForAClassicSessionSaysItHasNoCommands() {
        Run run = send(false, Locale.ENGLISH, "/help");
        assertEquals(
                """
                Type a line to send it (start with // to send a line that starts with /).
                Commands (a classic server has one room and no other commands):
                  /quit    leave the room (so do the end of input and Ctrl-C)
                  /help    show this help
                """,
                run.out);
        Run chinese = send(false, Locale.CHINESE, "/help");
        assertEquals(
                """
                输入一行文字即发送消息（以 // 开头可发送以 / 开头的消息）。
                命令（经典服务器只有一个聊天室，没有其他命令）：
                  /quit    退出聊天室（输入结束或 Ctrl-C 也会退出）
                  /help    显示本帮助
                """,
                chinese.out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/join games", "/rooms", "/who", "/msg bob hi", "/me waves", "/nick bobby", "/join"})
    void aClassicSessionExplainsThatItHasNoCommands(String line) {
        String command = line.split(" ")[0];
        send(false, Locale.ENGLISH, line)
                .assertRefused(command
                        + " needs the native protocol: a classic (--legacy) server has one room and no commands");
    }

    @Test
    void aClassicSessionStillChatsAndEscapes() {
        Run run = send(false, Locale.ENGLISH, "hello", "//join games");
        assertEquals(List.of("hello", "/join games"), run.session.said);
        assertEquals("", run.err);
    }

    @Test
    void anUnknownCommandIsNamedAndNotSent() {
        send("/nonsense at all").assertRefused("unknown command '/nonsense' - /help lists the commands");
        send("/").assertRefused("unknown command '/' - /help lists the commands");
        send("/\u001B[2J").assertRefused("unknown command '/\\u001B[2J' - /help lists the commands");
    }

    @Test
    void mistakesAreExplainedInChinese() {
        send(true, Locale.CHINESE, "/join").assertRefused("用法：/join 房间");
        send(true, Locale.CHINESE, "/nick 管理员").assertRefused("不能使用该昵称：该昵称为管理员保留");
        send(true, Locale.CHINESE, "/nonsense").assertRefused("未知命令 '/nonsense'，输入 /help 查看命令");
        send(false, Locale.CHINESE, "/rooms").assertRefused("/rooms 需要原生协议：经典（--legacy）服务器只有一个聊天室，没有命令");
    }

    @Test
    void aMistakeDoesNotStopTheLinesAfterIt() {
        Run run = send("/join", "/nonsense", "/msg bob " + "x".repeat(2000), "still here", "/who");
        assertEquals(List.of("still here"), run.session.said);
        assertEquals(List.of(new RoomRequest.Who("")), run.session.requests);
        assertEquals(3, run.errLines().size(), run.err);
        assertEquals(1, run.session.quits);
    }

    @Test
    void aBlankLineSendsNothingAndNeedsNoTelling() {
        Run run = send("   ", "\t", "\u3000", "after");
        assertEquals(List.of("after"), run.session.said);
        assertEquals("", run.out + run.err);
    }

    @Test
    void commandsAreCaseInsensitive() {
        Run run = send("/NICK bobby", "/Join games", "/WHO");
        assertEquals(
                List.of(new RoomRequest.Nick("bobby"), new RoomRequest.JoinRoom("games"), new RoomRequest.Who("")),
                run.session.requests);
        assertEquals("", run.out + run.err);
        assertEquals(1, send("/QUIT", "after the quit").session.quits);
    }

    @Test
    void anUnknownCommandIsNamedAsTyped() {
        send("/NONSENSE").assertRefused("unknown command '/NONSENSE' - /help lists the commands");
    }

    @Test
    void aQuitTheServerDoesNotAnswerSaysWeLeftWithoutItsGoodbye() {
        RecordingSession session = new RecordingSession(true);
        session.quitAnswered = false;
        Run run = send(session, Locale.ENGLISH, "/quit");
        assertEquals(List.of("the server did not answer: you left without its goodbye"), run.errLines());
        session = new RecordingSession(true);
        session.quitAnswered = false;
        assertEquals(
                List.of("服务器没有应答：您已离开，没有等到它的告别"),
                send(session, Locale.CHINESE, "/quit").errLines());
    }

    @Test
    void ctrlCAtTheEditorLeavesAsQuitDoes() {
        RecordingSession session = new RecordingSession(true);
        session.unsent = 2;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Screen screen = new PlainScreen(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<String> typed = new ArrayList<>(List.of("one line"));
        LineInput interruptedAfterOneLine = new LineInput() {
            @Override
            public String readLine() throws LineInput.Interrupted {
                if (typed.isEmpty()) {
                    throw new LineInput.Interrupted();
                }
                return typed.remove(0);
            }

            @Override
            public String ask(String question) {
                throw new AssertionError("the sender asks nothing");
            }
        };
        new Sender(interruptedAfterOneLine, session, screen, Texts.of(Locale.ENGLISH)).run();
        assertEquals(List.of("one line"), session.said);
        assertEquals(List.of("dropUnsent", "quit"), session.leaving, "at once, as /quit: not after every line");
        assertEquals(
                "2 of your lines may not have been sent\n",
                err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
