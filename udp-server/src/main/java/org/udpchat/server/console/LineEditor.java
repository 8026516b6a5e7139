package org.udpchat.server.console;

import java.io.IOError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.tinylog.Logger;

/**
 * The operator's line editor at a terminal (JLine): a prompt, Emacs keys, editing by what the screen shows
 * (a Chinese character is two columns and one keystroke), history kept in a file between runs, Tab to
 * complete commands and names, and lines from other threads printed above the prompt ({@link #screen}).
 *
 * <p>Life: opened by {@link ServerMain} once the room is open; {@link #next} is called by the {@code
 * admin-console} thread alone; {@link #close} by whichever ends first (the console on {@code /quit} or
 * Ctrl-D, the shutdown hook on a signal), once.
 */
final class LineEditor implements ConsoleInput, AutoCloseable {

    /** Lines of history kept, in memory and in the file. */
    private static final int HISTORY_LINES = 1000;

    private final Terminal terminal;
    private final LineReader reader;
    private final String prompt;
    private final OperatorScreen screen;
    private final List<Runnable> afterClose = new CopyOnWriteArrayList<>();
    private boolean closed; // guarded by this

    private LineEditor(Terminal terminal, LineReader reader, String prompt) {
        this.terminal = terminal;
        this.reader = reader;
        this.prompt = prompt;
        this.screen = new OperatorScreen(reader::printAbove);
    }

    /**
     * An editor on {@code terminal}, which it owns from now on (and closes).
     *
     * @param history the history file; empty for none (tests, {@code --state-dir none})
     */
    static LineEditor open(Terminal terminal, String prompt, Optional<Path> history, Completer completer) {
        // A line is an announcement, not a shell command: quotes and backslashes are text, never an
        // unfinished line waiting for its closing quote, and '!' is not history expansion.
        DefaultParser parser = new DefaultParser();
        parser.setQuoteChars(new char[0]);
        parser.setEscapeChars(new char[0]);
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .appName("udp-server")
                .terminal(terminal)
                .parser(parser)
                .completer(completer)
                .variable(LineReader.HISTORY_SIZE, HISTORY_LINES)
                .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_TIMESTAMPED, false);
        history.ifPresent(file -> builder.variable(LineReader.HISTORY_FILE, file));
        LineReader reader = builder.build();
        reader.setKeyMap(LineReader.EMACS);
        return new LineEditor(terminal, reader, prompt);
    }

    @Override
    public Entry next() throws IOException {
        try {
            return new Line(reader.readLine(prompt));
        } catch (UserInterruptException e) {
            return new Interrupt();
        } catch (EndOfFileException e) {
            return new End();
        } catch (IOError | UncheckedIOException | IllegalStateException e) {
            // closed under us, for one: on a signal our shutdown hook gives the terminal back first
            throw new IOException("the terminal failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isEditor() {
        return true;
    }

    /**
     * A stream whose lines are printed above the prompt while the editor is open, and to {@code plain}
     * once it is closed: what the console, the server and the log print while the operator types.
     */
    PrintStream screen(PrintStream plain) {
        return screen.stream(plain);
    }

    @Override
    public void onInterrupt(Runnable action) {
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    /** Runs {@code action} when the editor closes, once its screen has printed what was queued. */
    void whenClosed(Runnable action) {
        afterClose.add(action);
    }

    /**
     * Prints what is queued for the screen, saves the history and gives the terminal back as it was (the
     * shell's line mode, its Ctrl-C). Safe to call again.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        screen.detach();
        afterClose.forEach(Runnable::run);
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            Logger.warn("could not save the console's history: {}", e.getMessage());
        }
        try {
            if (reader.isReading()) {
                // closed under the console (a signal): end the half-typed line, or the shell's prompt follows it
                terminal.writer().println();
                terminal.flush();
            }
            terminal.close();
        } catch (IOException e) {
            Logger.warn("could not give the terminal back: {}", e.getMessage());
        } catch (IllegalStateException e) {
            // given back already (closed twice on the way out)
        }
    }
}
