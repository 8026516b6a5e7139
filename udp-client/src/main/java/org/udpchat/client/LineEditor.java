package org.udpchat.client;

import java.io.ByteArrayOutputStream;
import java.io.IOError;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;
import org.tinylog.Logger;

/**
 * The client at a terminal: a JLine line editor that is both where the user's lines come from and the
 * screen. The user types after a prompt that says who and where they are ({@code [lobby] alice> }), with
 * Emacs keys, history kept between runs, Tab completing commands, member names and room names, and CJK
 * characters edited whole (what the screen shows is what is sent). Arriving lines are printed above the
 * prompt ({@link LineReader#printAbove}), which JLine redraws with the half-typed line as it was.
 *
 * <p>Lines look by their {@link LineKind}: a local {@code HH:mm} first (unless {@code --no-timestamps}),
 * announcements bold yellow, private messages magenta, problems red, notices dim. What the user typed is
 * erased when they press Enter ({@code ERASE_LINE_ON_FINISH}): their chat appears once, when the server
 * relays it, where the room's order puts it.
 *
 * <p>Threads: the main thread asks for a name, then the sender thread alone reads lines; any thread
 * shows lines (JLine's reader holds a lock while it prints and redraws). The main thread closes it once
 * the session has ended, which ends a read still waiting.
 */
final class LineEditor implements LineInput, Screen, AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private static final AttributedStyle TIMESTAMP = AttributedStyle.DEFAULT.faint();

    private static final AttributedStyle LOG = AttributedStyle.DEFAULT.faint().foreground(AttributedStyle.RED);

    /** The commands of a native session, as Tab offers them. */
    static final List<String> COMMANDS = List.of("/help", "/join", "/me", "/msg", "/nick", "/quit", "/rooms", "/who");

    /** The commands of a classic session. */
    static final List<String> CLASSIC_COMMANDS = List.of("/help", "/quit");

    private final Terminal terminal;
    private final Reader reader;
    /** The question being asked (a name), or null: then the prompt is the session's. */
    private volatile String asking;

    private final Optional<Clock> timestamps;
    private final KnownNames known;
    /** The session once joined: for the prompt and the commands to complete. */
    private volatile ChatSession session;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final PrintStream afterClose;
    private final AtomicBoolean printedAfterClose = new AtomicBoolean();

    /**
     * A line editor on {@code terminal}, which it closes when closed.
     *
     * @param historyFile where the history is kept between runs; empty for none
     * @param timestamps the clock whose local time precedes each line; empty for none
     * @param known the names Tab offers after a command that takes one
     * @param afterClose where lines go, plain, once the terminal is closed: on SIGTERM our shutdown hook
     *     gives the terminal back and then still leaves the room and says so
     */
    LineEditor(
            Terminal terminal,
            Optional<Path> historyFile,
            Optional<Clock> timestamps,
            KnownNames known,
            PrintStream afterClose) {
        this.terminal = terminal;
        this.afterClose = afterClose;
        this.timestamps = timestamps;
        this.known = known;
        this.reader = new Reader(terminal);
        reader.setCompleter(this::complete);
        // What is typed is sent as typed: no history expansion of '!', no escapes.
        reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        // The server's echo shows our line where the room's order puts it; the typed copy goes.
        reader.option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
        // Tab completes what was typed, never something else: "g" must not become "lobby".
        reader.option(LineReader.Option.COMPLETE_MATCHER_TYPO, false);
        reader.option(LineReader.Option.COMPLETE_MATCHER_CAMELCASE, false);
        historyFile.flatMap(LineEditor::usable).ifPresent(file -> reader.setVariable(LineReader.HISTORY_FILE, file));
        reader.setHistory(new DefaultHistory()); // loads the file when the first read begins
    }

    /**
     * JLine's reader, with a prompt worked out when it is drawn, not when a read is asked for: the
     * sender asks for its next line at once, and the receiver may learn of a move (and print it) before
     * the prompt is first drawn. Both the reader's own {@code setPrompt} (as a read begins) and
     * {@link #show}'s go through here, one at a time, each taking the session as it is then; the last
     * one before the drawing wins, which is always the newest.
     */
    private final class Reader extends LineReaderImpl {
        private final Object promptLock = new Object();

        Reader(Terminal terminal) {
            super(terminal, StateDirectory.APPLICATION, new HashMap<>());
        }

        @Override
        public void setPrompt(String asked) {
            synchronized (promptLock) {
                String question = asking;
                super.setPrompt(question != null ? question : prompt());
            }
        }
    }

    /** The history file if its directory exists or can be made; else the history lasts this run only. */
    private static Optional<Path> usable(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return Optional.of(file);
        } catch (IOException | SecurityException e) {
            Logger.warn("no history kept between runs: cannot make {}: {}", file.getParent(), e.getMessage());
            return Optional.empty();
        }
    }

    /** From now on the prompt and completion follow {@code joined}. */
    void follow(ChatSession joined) {
        this.session = joined;
    }

    /** The names Tab offers, as the receiver learns them. */
    KnownNames known() {
        return known;
    }

    /** The reader, for tests that look at its buffer. */
    LineReader reader() {
        return reader;
    }

    @Override
    public String readLine() throws IOException, Interrupted {
        return read(prompt());
    }

    /** Asks {@code question}; the answer (a name) is kept out of the history of chat lines. */
    @Override
    public String ask(String question) throws IOException, Interrupted {
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        asking = question.replace("%", "%%");
        try {
            return read(asking);
        } finally {
            asking = null;
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

    private String read(String prompt) throws IOException, Interrupted {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            throw new Interrupted();
        } catch (EndOfFileException e) {
            return null;
        } catch (IOError e) {
            // JLine reports a failed terminal as an error; to the sender it is a failed read.
            throw e.getCause() instanceof IOException cause ? cause : new InterruptedIOException(e.getMessage());
        } catch (IllegalStateException e) {
            if (!closed.get()) {
                throw e;
            }
            // The shutdown hook closed the terminal under this read (SIGTERM at the name prompt, or while
            // typing): the process is ending, and what was typed goes nowhere, as at the end of input.
            return null;
        }
    }

    /**
     * {@code [room] name> }, or {@code name> } where there are no rooms; JLine expands {@code %} in
     * prompts, so a name's is doubled.
     */
    private String prompt() {
        ChatSession joined = session;
        if (joined == null) {
            return "> ";
        }
        String room = joined.room();
        String who = (room.isEmpty() ? "" : "[" + room + "] ") + joined.name() + "> ";
        return who.replace("%", "%%");
    }

    @Override
    public void show(LineKind kind, String text) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        if (kind != LineKind.HISTORY) { // it carries the time it was said
            timestamps.ifPresent(
                    clock -> line.styled(TIMESTAMP, LocalTime.now(clock).format(TIME) + " "));
        }
        line.styled(style(kind), text);
        print(line.toAttributedString());
    }

    /** Prints {@code line} above the prompt; once the terminal is closed, plainly after it. */
    private void print(AttributedString line) {
        if (!closed.get()) {
            try {
                reader.setPrompt(""); // worked out afresh: a move or a new name shows in the prompt redrawn below
                reader.printAbove(line);
                return;
            } catch (IllegalStateException closedUnderUs) {
                // the terminal was closed under us (a shutdown): the line still goes out, plain
            }
        }
        if (!printedAfterClose.getAndSet(true) && reader.isReading()) {
            afterClose.println(); // below the prompt and half-typed line still shown
        }
        afterClose.println(line.toString());
    }

    /** How a line of {@code kind} looks: colour marks what needs noticing; chat stays plain. */
    static AttributedStyle style(LineKind kind) {
        switch (kind) {
            case OWN_CHAT:
                return AttributedStyle.DEFAULT.bold();
            case ANNOUNCEMENT:
                return AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
            case ROOM_NOTICE:
                return AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
            case PRIVATE:
                return AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
            case NOTICE:
            case HISTORY:
                return AttributedStyle.DEFAULT.faint();
            case PROBLEM:
                return AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
            case CHAT:
            case PLAIN:
            default:
                return AttributedStyle.DEFAULT;
        }
    }

    /**
     * A stream whose lines are printed above the prompt as they are completed, dim red: for the log,
     * which would otherwise write into the line being typed. Any thread; each line whole.
     */
    PrintStream linesAbove() {
        OutputStream lines = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
                    line.reset();
                    print(new AttributedString(text, LOG));
                } else {
                    line.write(b);
                }
            }
        };
        return new PrintStream(lines, true, StandardCharsets.UTF_8);
    }

    /**
     * Tab: the commands at the start of a line; after {@code /msg} the members known; after {@code /join}
     * and {@code /who} the rooms known. A chat line completes nothing.
     */
    private void complete(LineReader lineReader, ParsedLine line, List<Candidate> candidates) {
        ChatSession joined = session;
        if (joined == null) {
            return; // asking for a name
        }
        if (line.wordIndex() == 0) {
            if (line.word().startsWith("/")) {
                (joined.takesRequests() ? COMMANDS : CLASSIC_COMMANDS)
                        .forEach(command -> candidates.add(new Candidate(command)));
            }
            return;
        }
        if (line.wordIndex() != 1 || !joined.takesRequests()) {
            return;
        }
        switch (line.words().get(0).toLowerCase(Locale.ROOT)) {
            case "/msg":
                known.members().forEach(name -> candidates.add(new Candidate(name)));
                return;
            case "/join":
            case "/who":
                known.rooms().forEach(room -> candidates.add(new Candidate(room)));
                return;
            default:
        }
    }

    /**
     * Clears the prompt line left by a read that the end of the session cut short, saves the history and
     * gives the terminal back as it was. Main thread, once the session has ended.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // the main thread's close, and a signal's (the shutdown hook), may both come
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            Logger.warn("could not save the history: {}", e.getMessage());
        }
        try {
            if (reader.isReading()) {
                terminal.puts(InfoCmp.Capability.carriage_return);
                terminal.puts(InfoCmp.Capability.clr_eol);
                terminal.flush();
            }
        } catch (IllegalStateException closedUnderUs) {
            Logger.debug("the terminal was closed already (SIGTERM): {}", closedUnderUs.getMessage());
        }
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // During a shutdown JLine cannot remove its own shutdown hook: the terminal is given back anyway.
            Logger.debug("closing the terminal: {}", e.toString());
        }
    }
}
