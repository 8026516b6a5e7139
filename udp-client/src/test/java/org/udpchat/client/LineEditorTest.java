package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The line editor on a virtual xterm (JLine's terminal over piped streams, its output read by a
 * {@link VirtualScreen}): what the user types, what the screen shows, what is read. JLine's reader runs
 * on a thread of its own, as the sender's does; every wait has a deadline.
 */
@Timeout(30)
class LineEditorTest {

    private static final long DEADLINE_MILLIS = VirtualTerminal.DEADLINE_MILLIS;
    private static final int COLUMNS = 80;

    @TempDir
    Path state;

    private final VirtualTerminal xterm = new VirtualTerminal(COLUMNS, 12);
    private final VirtualScreen screen = xterm.screen;
    private LineEditor editor;
    private final Room room = new Room();
    private final ByteArrayOutputStream afterCloseBytes = new ByteArrayOutputStream();
    private final PrintStream afterClose = new PrintStream(afterCloseBytes, true, StandardCharsets.UTF_8);

    /** A session that only says who and where we are, and whether the server takes commands. */
    private static final class Room implements ChatSession {
        volatile String name = "alice";
        volatile String room = "lobby";

        @Override
        public String name() {
            return name;
        }

        @Override
        public String room() {
            return room;
        }

        @Override
        public boolean takesRequests() {
            return !room.isEmpty();
        }

        @Override
        public void request(RoomRequest request) {}

        @Override
        public void say(String text) {}

        @Override
        public int dropUnsent() {
            return 0;
        }

        @Override
        public int awaitLinesAcknowledged() {
            return 0;
        }

        @Override
        public void quit(Runnable unanswered) {}

        @Override
        public boolean hasEnded() {
            return false;
        }

        @Override
        public ExitStatus awaitEnd() {
            return ExitStatus.OK;
        }
    }

    /** Opens an editor on a fresh virtual terminal, following {@link #room}. */
    private LineEditor open(Optional<Path> history, Optional<Clock> timestamps) throws IOException {
        LineEditor opened = new LineEditor(xterm.open(), history, timestamps, new KnownNames(), afterClose);
        opened.follow(room);
        return opened;
    }

    private LineEditor open() throws IOException {
        return open(Optional.empty(), Optional.empty());
    }

    @AfterEach
    void close() throws IOException {
        if (editor != null) {
            editor.close();
        }
        xterm.close();
    }

    private void type(String text) throws IOException {
        xterm.type(text);
    }

    /**
     * One read on a thread of its own, as the sender reads, once its prompt shows: a person types after
     * the prompt (before it, the terminal is not yet in raw mode, and echoes what is typed itself).
     */
    private CompletableFuture<String> reading() throws InterruptedException {
        return reading(room.takesRequests() ? "[" + room.room + "] " + room.name + ">" : room.name + ">");
    }

    private CompletableFuture<String> reading(String prompt) throws InterruptedException {
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.readLine();
            } catch (IOException | LineInput.Interrupted e) {
                throw new CompletionException(e);
            }
        });
        awaitScreen(
                "the prompt '" + prompt + "'",
                lines -> editor.reader().isReading()
                        && !lines.isEmpty()
                        && lines.get(lines.size() - 1).equals(prompt));
        return read;
    }

    private static String result(CompletableFuture<String> read) throws Exception {
        return read.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private List<String> awaitScreen(String what, Predicate<List<String>> condition) throws InterruptedException {
        return xterm.awaitScreen(what, condition);
    }

    private List<String> awaitLastLine(String expected) throws InterruptedException {
        return xterm.awaitLastLine(expected);
    }

    /** Waits until the editor's buffer (what Enter would send) is {@code expected}. */
    private void awaitBuffer(String expected) throws InterruptedException {
        Supplier<String> buffer = () -> editor.reader().getBuffer().toString();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        while (!buffer.get().equals(expected)) {
            if (System.nanoTime() - deadline > 0) {
                fail("the buffer never became '" + expected + "': it is '" + buffer.get() + "'");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aLineArrivingWhileTheUserTypesShowsAboveAndTheHalfLineStaysBeingEdited() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("this is half typ");
        awaitLastLine("[lobby] alice> this is half typ");

        editor.show(LineKind.CHAT, "bob : 打断一下 interrupting");

        List<String> lines = awaitLastLine("[lobby] alice> this is half typ");
        assertEquals(List.of("bob : 打断一下 interrupting", "[lobby] alice> this is half typ"), lines);
        assertEquals(lines.size() - 1, screen.cursor()[0], "the cursor stays on the line being typed");
        type("ed\r");
        assertEquals("this is half typed", result(read));
    }

    @Test
    void eachLineShowsItsLocalTimeWhenAsked() throws Exception {
        Clock noon = Clock.fixed(Instant.parse("2026-12-01T12:34:56Z"), ZoneOffset.UTC);
        editor = open(Optional.empty(), Optional.of(noon));
        CompletableFuture<String> read = reading();
        editor.show(LineKind.ANNOUNCEMENT, "[announcement] 管理员 : 欢迎");
        assertEquals(List.of("12:34 [announcement] 管理员 : 欢迎", "[lobby] alice>"), awaitLastLine("[lobby] alice>"));
        type("\r");
        assertEquals("", result(read));
    }

    @Test
    void whatWasTypedIsErasedOnEnterSoThatTheServersEchoShowsItOnce() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("hello\r");
        assertEquals("hello", result(read));
        List<String> lines = screen.lines();
        assertTrue(lines.stream().noneMatch(line -> line.contains("hello")), String.join("\n", lines));
    }

    @Test
    void thePromptFollowsAMoveAndANewName() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("half");
        awaitLastLine("[lobby] alice> half");
        room.room = "games";
        room.name = "alicia";
        editor.show(LineKind.NOTICE, "you are now in room games (1 members)");
        awaitLastLine("[games] alicia> half");
        type("\r");
        assertEquals("half", result(read));
    }

    @Test
    void aBackspaceOverChineseDeletesOneCharacterAndWhatIsShownIsWhatIsSent() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("中文好");
        awaitLastLine("[lobby] alice> 中文好");
        type("\177"); // Backspace
        awaitLastLine("[lobby] alice> 中文");
        awaitBuffer("中文");
        type("\r");
        assertEquals("中文", result(read));
    }

    /** The arrow keys as an xterm sends them once the editor has asked for its keypad's keys (smkx). */
    @Test
    void arrowsMoveInTheLineAndThroughTheHistory() throws Exception {
        editor = open();
        CompletableFuture<String> first = reading();
        type("first\r");
        assertEquals("first", result(first));
        CompletableFuture<String> second = reading();
        type("helo\033ODl\r"); // Left, then the missing l
        assertEquals("hello", result(second));

        CompletableFuture<String> third = reading();
        type("\033OA"); // Up: the last line
        awaitBuffer("hello");
        type("\033OA"); // Up again: the one before
        awaitBuffer("first");
        awaitLastLine("[lobby] alice> first");
        type("\033OB"); // Down
        awaitBuffer("hello");
        type("\r");
        assertEquals("hello", result(third));
    }

    @Test
    void emacsKeysWork() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("world\001hello \005!"); // Ctrl-A to the start, Ctrl-E to the end
        awaitBuffer("hello world!");
        type("\025"); // Ctrl-U: the whole line goes
        awaitBuffer("");
        type("again\r");
        assertEquals("again", result(read));
    }

    @Test
    void aLineIsReadAsTypedWithQuotesBackslashesAndBangs() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("it's a \\test! \"half !!\r");
        assertEquals("it's a \\test! \"half !!", result(read));
    }

    @Test
    void tabCompletesCommandsMembersAndRooms() throws Exception {
        editor = open();
        editor.known().learn(new RoomEvent.MemberList("lobby", 3, List.of("alice", "bob", "卡罗尔")), "alice");
        editor.known()
                .learn(
                        new RoomEvent.RoomList(
                                2, List.of(new RoomEvent.RoomCount("games", 1), new RoomEvent.RoomCount("lobby", 2))),
                        "alice");

        CompletableFuture<String> read = reading();
        type("/ms\t");
        awaitBuffer("/msg ");
        type("b\t");
        awaitBuffer("/msg bob ");
        type("hi\r");
        assertEquals("/msg bob hi", result(read));

        read = reading();
        type("/jo\tg\t");
        awaitBuffer("/join games ");
        type("\r");
        assertEquals("/join games ", result(read));

        read = reading();
        type("/MSG 卡\t");
        awaitBuffer("/MSG 卡罗尔 ");
        type("\025\r");
        assertEquals("", result(read));
    }

    @Test
    void tabNeverTurnsWhatWasTypedIntoSomethingElse() throws Exception {
        editor = open();
        editor.known().learn(new RoomEvent.YouAreIn("lobby", 1), "alice");
        CompletableFuture<String> read = reading();
        type("/join g\t");
        awaitBuffer("/join g");
        type("\t\r");
        assertEquals("/join g", result(read));
    }

    @Test
    void aClassicSessionCompletesOnlyItsCommands() throws Exception {
        room.room = "";
        editor = open();
        CompletableFuture<String> read = reading();
        type("/\t");
        awaitScreen(
                "both commands listed",
                lines -> String.join("\n", lines).contains("/help")
                        && String.join("\n", lines).contains("/quit")
                        && !String.join("\n", lines).contains("/join"));
        type("\025\r");
        assertEquals("", result(read));
    }

    @Test
    void ctrlCInterruptsAndCtrlDOnAnEmptyLineEndsTheInput() throws Exception {
        editor = open();
        CompletableFuture<String> interrupted = reading();
        type("half\003");
        CompletionException e = assertInstanceOfCause(interrupted);
        assertInstanceOf(LineInput.Interrupted.class, e.getCause());

        CompletableFuture<String> ended = reading();
        type("\004");
        assertNull(result(ended));
    }

    private static CompletionException assertInstanceOfCause(CompletableFuture<String> read) throws Exception {
        try {
            read.get(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return new CompletionException(e.getCause());
        }
        return fail("the read ended normally");
    }

    @Test
    void theHistoryIsKeptBetweenRunsInTheFileGiven() throws Exception {
        Path file = state.resolve("udp-chat").resolve("history");
        editor = open(Optional.of(file), Optional.empty());
        CompletableFuture<String> read = reading();
        type("remember me\r");
        assertEquals("remember me", result(read));
        editor.close();
        assertTrue(Files.readString(file).contains("remember me"), Files.readString(file));

        editor = open(Optional.of(file), Optional.empty());
        read = reading();
        type("\033OA");
        awaitBuffer("remember me");
        type("\r");
        assertEquals("remember me", result(read));
    }

    @Test
    void theNamePromptIsAQuestionAndPercentSignsStayAsTheyAre() throws Exception {
        room.name = "100%";
        editor = open();
        CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.ask("Your name: ");
            } catch (IOException | LineInput.Interrupted e) {
                throw new CompletionException(e);
            }
        });
        awaitLastLine("Your name:");
        type("carol\r");
        assertEquals("carol", result(asked));
        CompletableFuture<String> read = reading("[lobby] 100%>");
        type("\r");
        assertEquals("", result(read));
    }

    @Test
    void logLinesGoAboveThePromptNeverIntoTheLineBeingTyped() throws Exception {
        editor = open();
        CompletableFuture<String> read = reading();
        type("half");
        awaitLastLine("[lobby] alice> half");
        editor.linesAbove().print("10:30:00.000 WARN  [receiver] the connection failed\n");
        assertEquals(
                List.of("10:30:00.000 WARN  [receiver] the connection failed", "[lobby] alice> half"),
                awaitLastLine("[lobby] alice> half"));
        type("\r");
        assertEquals("half", result(read));
    }

    @Test
    void theNameGivenIsNotKeptInTheHistory() throws Exception {
        editor = open();
        CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.ask("Your name: ");
            } catch (IOException | LineInput.Interrupted e) {
                throw new CompletionException(e);
            }
        });
        awaitLastLine("Your name:");
        type("carol\r");
        assertEquals("carol", result(asked));
        assertEquals(0, editor.reader().getHistory().size());
    }

    @Test
    void onceTheTerminalIsClosedUnderItLinesStillGoOutPlain() throws Exception {
        editor = open();
        editor.reader().getTerminal().close(); // closed under the editor, by whatever
        editor.show(LineKind.PROBLEM, "the server did not answer: you left without its goodbye");
        editor.linesAbove().print("a log line\n");
        assertEquals(
                "the server did not answer: you left without its goodbye\na log line\n",
                afterCloseBytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aShutdownThatClosesTheEditorDuringTheNamePromptEndsTheQuestionWithNoAnswer() throws Exception {
        editor = open();
        CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.ask("Your name: ");
            } catch (IOException | LineInput.Interrupted e) {
                throw new CompletionException(e);
            }
        });
        awaitLastLine("Your name:");
        type("ca");
        awaitLastLine("Your name: ca");

        editor.close(); // what the shutdown hook does on SIGTERM

        assertEquals(null, result(asked), "no answer, and no exception on the main thread");
    }

    @Test
    void ctrlCAtTheNamePromptIsAnInterruptNotAnEmptyName() throws Exception {
        editor = open();
        CompletableFuture<String> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return editor.ask("Your name: ");
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (LineInput.Interrupted e) {
                return "interrupted";
            }
        });
        awaitLastLine("Your name:");
        type("ali\003");

        assertEquals("interrupted", result(asked));
    }
}
