package org.udpchat.client;

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

/**
 * The process's standard streams in UTF-8 whatever the locale: Java 17 encodes them in the locale's
 * charset, and on a bare machine with {@code LANG=C} that turns every Chinese character into '?'.
 */
final class StandardStreams {

    private StandardStreams() {}

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

    /**
     * Whether stderr is the terminal stdout is (it is, unless redirected: {@code 2>client.log} must keep the
     * log in the file rather than above the prompt). Where {@code /proc} cannot tell, it is taken to be.
     */
    static boolean stderrIsTheTerminal() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/fd/1")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /**
     * Whether the terminal is one a line editor can drive: {@code TERM} names one, and not {@code dumb}
     * (Emacs's shell, a bare serial line), where plain lines do better.
     */
    static boolean isEditable() {
        String type = System.getenv("TERM");
        return type != null && !type.isEmpty() && !type.equals("dumb") && !type.equals("unknown");
    }

    /** Whether a person is at the keyboard: stdin and stdout are a terminal. */
    static boolean isInteractive() {
        return System.console() != null;
    }
}
