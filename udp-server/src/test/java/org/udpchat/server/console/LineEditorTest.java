package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.server.console.VirtualTerminal.BACKSPACE;
import static org.udpchat.server.console.VirtualTerminal.CTRL_A;
import static org.udpchat.server.console.VirtualTerminal.CTRL_C;
import static org.udpchat.server.console.VirtualTerminal.CTRL_D;
import static org.udpchat.server.console.VirtualTerminal.CTRL_E;
import static org.udpchat.server.console.VirtualTerminal.ENTER;
import static org.udpchat.server.console.VirtualTerminal.LEFT;
import static org.udpchat.server.console.VirtualTerminal.TAB;
import static org.udpchat.server.console.VirtualTerminal.UP;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;

/**
 * The operator's line editor on a virtual xterm: what the screen shows while lines arrive, the keys a
 * person uses (Emacs keys, arrows, backspace over Chinese), history kept in a file, Tab completion.
 */
@Timeout(30)
class LineEditorTest {

    private static final String PROMPT = "admin> ";

    /** What Tab offers in these tests: two members, two rooms, one ban, one mute. */
    private static final ConsoleCompleter.Choices CHOICES = new ConsoleCompleter.Choices() {
        @Override
        public List<String> members() {
            return List.of("alice", "小明", "albert");
        }

        @Override
        public List<String> rooms() {
            return List.of("lobby", "games");
        }

        @Override
        public List<String> bannedAddresses() {
            return List.of("2001:db8::7");
        }

        @Override
        public List<String> mutedNames() {
            return List.of("bob");
        }
    };

    @TempDir
    Path directory;

    private final List<VirtualTerminal> terminals = new ArrayList<>();
    private final List<LineEditor> editors = new ArrayList<>();

    @AfterEach
    void closeEverything() throws IOException {
        editors.forEach(LineEditor::close);
        for (VirtualTerminal terminal : terminals) {
            terminal.close();
        }
    }

    private VirtualTerminal terminal() {
        try {
            VirtualTerminal terminal = new VirtualTerminal();
            terminals.add(terminal);
            return terminal;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LineEditor editor(VirtualTerminal terminal, Optional<Path> history) {
        LineEditor editor = LineEditor.open(terminal.terminal(), PROMPT, history, new ConsoleCompleter(CHOICES));
        editors.add(editor);
        return editor;
    }

    /**
     * Reads one entry on another thread, as the console thread does, once the prompt is shown: keys typed
     * before it would be echoed by the terminal's line mode, as at a real terminal.
     */
    private static CompletableFuture<ConsoleInput.Entry> read(VirtualTerminal terminal, LineEditor editor) {
        long prompts = terminal.screen().stream()
                .filter(row -> row.startsWith(PROMPT.strip()))
                .count();
        CompletableFuture<ConsoleInput.Entry> entry = read(editor);
        terminal.awaitScreen(
                "a new prompt",
                rows -> rows.stream()
                                .filter(row -> row.startsWith(PROMPT.strip()))
                                .count()
                        > prompts);
        return entry;
    }

    private static CompletableFuture<ConsoleInput.Entry> read(LineEditor editor) {
        CompletableFuture<ConsoleInput.Entry> entry = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        entry.complete(editor.next());
                    } catch (IOException | RuntimeException e) {
                        entry.completeExceptionally(e);
                    }
                },
                "admin-console");
        reader.setDaemon(true);
        reader.start();
        return entry;
    }

    private static ConsoleInput.Entry await(CompletableFuture<ConsoleInput.Entry> entry) throws Exception {
        return entry.get(10, TimeUnit.SECONDS);
    }

    private static ConsoleInput.Entry line(String text) {
        return new ConsoleInput.Line(text);
    }

    @Test
    void aLogLineArrivingWhileALineIsHalfTypedGoesAboveItAndTheHalfLineIsStillEdited() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        PrintStream log = editor.screen(new PrintStream(new CapturedOutput(), true, StandardCharsets.UTF_8));
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);
        terminal.type("hello 大家 half typ");
        terminal.awaitLastRow(PROMPT + "hello 大家 half typ");

        log.println("10:35:56.765 INFO  [relay] 'alice' joined from 127.0.0.1:40000 (1 on the server)");

        List<String> expected = List.of(
                "10:35:56.765 INFO  [relay] 'alice' joined from 127.0.0.1:40000 (1 on the server)",
                PROMPT + "hello 大家 half typ");
        terminal.awaitScreen("the log line above the half-typed line", expected::equals);
        terminal.type("ed" + ENTER);
        assertEquals(line("hello 大家 half typed"), await(entry));
    }

    @Test
    void linesFromOtherThreadsAreAllShownInOrderAboveThePrompt() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        PrintStream notes = editor.screen(new PrintStream(new CapturedOutput(), true, StandardCharsets.UTF_8));
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);
        terminal.type("/li");
        terminal.awaitLastRow(PROMPT + "/li");

        for (int i = 1; i <= 5; i++) {
            notes.println("note " + i);
        }

        assertEquals(
                List.of("note 1", "note 2", "note 3", "note 4", "note 5", PROMPT + "/li"),
                terminal.awaitScreen("five notes above the prompt", rows -> rows.size() == 6));
        terminal.type("st" + ENTER);
        assertEquals(line("/list"), await(entry));
    }

    @Test
    void onceClosedTheScreenWritesToThePlainStreamAndNothingQueuedIsLost() {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CapturedOutput plain = new CapturedOutput();
        PrintStream log = editor.screen(new PrintStream(plain, true, StandardCharsets.UTF_8));
        log.println("above the prompt");

        editor.close();
        log.println("the last line");

        terminal.awaitRow("above the prompt");
        assertEquals("the last line\n", plain.text());
    }

    @Test
    void backspaceDeletesAWholeChineseCharacterAndWhatTheScreenShowsIsWhatIsRead() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);

        terminal.type("中文好" + BACKSPACE);
        terminal.awaitLastRow(PROMPT + "中文");
        terminal.type(LEFT + BACKSPACE);
        terminal.awaitLastRow(PROMPT + "文");
        terminal.type(ENTER);

        assertEquals(line("文"), await(entry));
    }

    @Test
    void emacsKeysMoveToTheStartAndEndOfTheLine() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);

        terminal.type("say 你好" + CTRL_A + "/" + CTRL_E + "!");
        terminal.awaitLastRow(PROMPT + "/say 你好!");
        terminal.type(ENTER);

        assertEquals(line("/say 你好!"), await(entry));
    }

    @Test
    void quotesBackslashesAndExclamationMarksAreTextNotShellSyntax() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);

        terminal.type("don't \"panic\" C:\\temp !! !$" + ENTER);

        assertEquals(line("don't \"panic\" C:\\temp !! !$"), await(entry));
    }

    @Test
    void ctrlCIsAnInterruptAndWhatWasHalfTypedIsGone() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> first = read(terminal, editor);
        terminal.type("/qu");
        terminal.awaitLastRow(PROMPT + "/qu");

        terminal.type(CTRL_C);

        assertEquals(new ConsoleInput.Interrupt(), await(first));
        CompletableFuture<ConsoleInput.Entry> second = read(terminal, editor);
        terminal.type("/list" + ENTER);
        assertEquals(line("/list"), await(second));
    }

    @Test
    void ctrlDOnAnEmptyLineIsTheEndButInALineDeletesACharacter() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> first = read(terminal, editor);
        terminal.type("abc" + LEFT + CTRL_D + ENTER);
        assertEquals(line("ab"), await(first));

        CompletableFuture<ConsoleInput.Entry> second = read(terminal, editor);
        terminal.type(CTRL_D);

        assertEquals(new ConsoleInput.End(), await(second));
    }

    @Test
    void tabCompletesACommand() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);

        terminal.type("/ki" + TAB);
        terminal.awaitLastRow(PROMPT + "/kick");
        terminal.type(ENTER);

        assertEquals(line("/kick "), await(entry));
    }

    @Test
    void tabCompletesAMemberAfterKickAndAChineseNameToo() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> first = read(terminal, editor);
        terminal.type("/kick ali" + TAB + "spamming" + ENTER);
        assertEquals(line("/kick alice spamming"), await(first));

        CompletableFuture<ConsoleInput.Entry> second = read(terminal, editor);
        terminal.type("/mute 小" + TAB + "5" + ENTER);

        assertEquals(line("/mute 小明 5"), await(second));
    }

    @Test
    void tabCompletesARoomAfterSayAndABanAfterUnban() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> first = read(terminal, editor);
        terminal.type("/say g" + TAB + "hello" + ENTER);
        assertEquals(line("/say games hello"), await(first));

        CompletableFuture<ConsoleInput.Entry> second = read(terminal, editor);
        terminal.type("/unban 2" + TAB + ENTER);

        assertEquals(line("/unban 2001:db8::7 "), await(second));
    }

    @Test
    void tabShowsTheChoicesWhenThereAreSeveral() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        read(terminal, editor);

        terminal.type("/ban al" + TAB + TAB);

        terminal.awaitScreen("both names that start with al", rows -> rows.stream()
                .anyMatch(row -> row.contains("alice") && row.contains("albert")));
    }

    @Test
    void anAnnouncementIsNotCompleted() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);

        terminal.type("ali" + TAB + ENTER);

        assertEquals(line("ali"), await(entry));
    }

    @Test
    void historyIsKeptInItsFileAndTheNextRunFindsItWithTheUpArrow() throws Exception {
        Path history = directory.resolve(ServerMain.HISTORY_FILE);
        VirtualTerminal first = terminal();
        LineEditor firstEditor = editor(first, Optional.of(history));
        CompletableFuture<ConsoleInput.Entry> one = read(first, firstEditor);
        first.type("hello everyone" + ENTER);
        await(one);
        CompletableFuture<ConsoleInput.Entry> two = read(first, firstEditor);
        first.type("/kick alice" + ENTER);
        await(two);
        firstEditor.close();
        assertTrue(Files.readString(history).contains("/kick alice"), "the history file holds the lines");

        VirtualTerminal second = terminal();
        LineEditor secondEditor = editor(second, Optional.of(history));
        CompletableFuture<ConsoleInput.Entry> again = read(second, secondEditor);
        second.type(UP);
        second.awaitLastRow(PROMPT + "/kick alice");
        second.type(UP);
        second.awaitLastRow(PROMPT + "hello everyone");
        second.type(ENTER);

        assertEquals(line("hello everyone"), await(again));
    }

    @Test
    void withoutAHistoryFileNothingIsWritten() throws Exception {
        VirtualTerminal terminal = terminal();
        LineEditor editor = editor(terminal, Optional.empty());
        CompletableFuture<ConsoleInput.Entry> entry = read(terminal, editor);
        terminal.type("/list" + ENTER);
        await(entry);

        editor.close();

        try (var files = Files.list(directory)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
