package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.reader.Completer;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.ShutdownHooks;
import org.tinylog.Logger;

/**
 * The process's standard streams in UTF-8 whatever the locale (Java 17 encodes them in the locale's
 * charset, and on a bare machine with {@code LANG=C} that turns every Chinese character into '?'), and the
 * line editor on the process's terminal. Only {@link ServerMain#main} calls these: they change what the
 * whole process prints to.
 */
final class Terminal {

    private Terminal() {}

    /** Replaces {@code System.out} and {@code System.err}; call first in {@code main}, before any log line. */
    static void useUtf8() {
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    /**
     * The program's arguments as the user typed them. The launcher decodes arguments in the locale's
     * charset, so under {@code LANG=C} a name like 小明 arrives as replacement characters; on Linux the
     * original bytes are still in {@code /proc/self/cmdline}, whose last entries are the arguments.
     * Where they cannot be recovered as UTF-8, the arguments stay as the launcher gave them.
     */
    static String[] utf8Arguments(String[] args) {
        Charset launcherCharset = Charset.defaultCharset();
        try {
            launcherCharset = Charset.forName(System.getProperty("sun.jnu.encoding", launcherCharset.name()));
        } catch (IllegalArgumentException unknownCharset) {
            // keep the default charset's verdict
        }
        if (args.length == 0 || launcherCharset.equals(StandardCharsets.UTF_8)) {
            return args;
        }
        try {
            byte[] commandLine = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> entries = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < commandLine.length; i++) {
                if (commandLine[i] == 0) {
                    entries.add(StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(commandLine, start, i - start))
                            .toString());
                    start = i + 1;
                }
            }
            if (entries.size() < args.length) {
                return args;
            }
            return entries.subList(entries.size() - args.length, entries.size()).toArray(new String[0]);
        } catch (IOException | SecurityException e) {
            return args; // not Linux, or not readable, or not UTF-8: nothing better to offer
        }
    }

    static BufferedReader stdin() {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }

    /** Whether a person is at the keyboard: stdin and stdout are a terminal. */
    static boolean isInteractive() {
        return System.console() != null;
    }

    /**
     * The line editor on the process's terminal, or empty when JLine can drive no more than a dumb
     * terminal there (then the console reads plain lines, as without a terminal). While it is open, the log
     * (tinylog's console writer prints to {@code System.err}) goes above the prompt too, if stderr is the
     * same terminal; when it closes, {@code System.err} is the plain stream again, for the last lines.
     */
    static Optional<LineEditor> openEditor(String prompt, Optional<Path> history, Completer completer) {
        // The server's shutdown hook gives the terminal back itself, first, and then writes the room's last
        // lines plainly; JLine's own hook would run beside it and close the terminal under the editor.
        System.setProperty(ShutdownHooks.PROP_DISABLE_SHUTDOWN_HOOK, "true");
        String type = System.getenv("TERM");
        if (type == null || type.isEmpty() || type.equals("dumb") || type.equals("unknown")) {
            Logger.info("no line editor at a terminal of type {}; the console reads plain lines", type);
            return Optional.empty();
        }
        org.jline.terminal.Terminal terminal;
        try {
            terminal = TerminalBuilder.builder()
                    .system(true)
                    .encoding(StandardCharsets.UTF_8)
                    .dumb(false) // fail rather than make a dumb terminal: closing that would close stdin
                    // No probe of the terminal's grapheme-cluster mode: its answer, late on a loaded machine, would be
                    // left in the input and typed into the first line (seen once as "[?1;2c" sent to the room).
                    .graphemeCluster(false)
                    .build();
        } catch (IOException | RuntimeException e) {
            Logger.info("no line editor at this terminal ({}); the console reads plain lines", e.getMessage());
            return Optional.empty();
        }
        if (terminal.getType().startsWith(org.jline.terminal.Terminal.TYPE_DUMB)) {
            // Left open: closing it would close stdin, which the plain console reads.
            Logger.info("no line editor at a {} terminal; the console reads plain lines", terminal.getType());
            return Optional.empty();
        }
        // Ctrl-C between two lines (while a command runs) is ignored; while a line is read the editor takes
        // it, and the console asks for a second one before it closes the room.
        terminal.handle(org.jline.terminal.Terminal.Signal.INT, org.jline.terminal.Terminal.SignalHandler.SIG_IGN);
        LineEditor editor = LineEditor.open(terminal, prompt, history, completer);
        if (stderrIsTheTerminal()) {
            PrintStream plain = System.err;
            System.setErr(editor.screen(plain));
            editor.whenClosed(() -> System.setErr(plain));
        }
        return Optional.of(editor);
    }

    /**
     * Whether stderr is the terminal stdout is (it is, unless redirected: {@code 2>server.log} must keep the
     * log in the file). Where {@code /proc} cannot tell, it is taken to be.
     */
    private static boolean stderrIsTheTerminal() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/fd/1")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }
}
