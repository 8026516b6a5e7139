package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;

/**
 * The built jars as separate processes, as a user runs them, under {@code LANG=C}: the locale in which
 * Java 17 would turn every Chinese character on stdin, stdout and in arguments into '?'. Each test starts with
 * a server of its own ({@code --session-timeout 15}); its tests are in {@link JarsIT} and {@link
 * JarsAfterACrashIT}, two classes so that Failsafe's two JVMs can share them out.
 */
@Timeout(90)
abstract class RunningJars {

    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)\n");

    /**
     * How long a jar may take from its start to its first line: several JVMs starting at once, beside the other
     * test JVM, on a busy 2-core machine (a server's listening line once took more than 10 s).
     */
    static final Duration STARTING = Duration.ofSeconds(30);

    final List<Program> programs = new CopyOnWriteArrayList<>();

    /** A running jar: its stdin to type into, its stdout and stderr as they arrive. */
    static final class Program {
        final Process process;
        final PrintStream stdin;
        final CapturedOutput out = new CapturedOutput();
        final CapturedOutput err = new CapturedOutput();

        Program(String jarProperty, String... args) throws IOException {
            Path jar = Path.of(System.getProperty(jarProperty, "missing system property " + jarProperty));
            assertTrue(Files.isRegularFile(jar), "build the jars first (mvn package): " + jar);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("LANG", "C");
            builder.environment().put("LC_ALL", "C");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            // a client's own known_servers: never the user's, never shared with another test's server
            builder.environment()
                    .put("XDG_CONFIG_HOME", FreshKnownServers.directory().toString());
            process = builder.start();
            stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        void type(String line) {
            stdin.println(line);
        }

        int awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "still running; stderr:\n" + err.text());
            return process.exitValue();
        }

        private static void pump(InputStream from, OutputStream to) {
            Thread pump = new Thread(() -> {
                try (from) {
                    from.transferTo(to);
                } catch (IOException e) {
                    // the process ended: nothing more to read
                }
            });
            pump.setDaemon(true);
            pump.start();
        }
    }

    Program server;
    int port;

    @TempDir
    Path logs;

    /** The servers' state directory: never the home directory of whoever runs the tests. */
    @TempDir
    Path stateDir;

    @BeforeEach
    void startServer() throws IOException {
        server = startServer("0", "--session-timeout", "15");
        port = listeningPort(server);
    }

    /** A server process on 127.0.0.1 at {@code port} ("0": any), logging to the test's log file too. */
    Program startServer(String port, String... moreArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--bind",
                "127.0.0.1",
                "--port",
                port,
                "--log-file",
                logs.resolve("server.log").toString(),
                "--state-dir",
                stateDir.toString(),
                // never the user's runtime directory, where the default socket would go when it is set
                "--control-socket",
                "none"));
        args.addAll(List.of(moreArgs));
        return start("udpchat.server.jar", args.toArray(new String[0]));
    }

    static int listeningPort(Program server) {
        Matcher matcher = LISTENING.matcher(
                server.out.await(text -> LISTENING.matcher(text).find(), STARTING, "the listening line"));
        assertTrue(matcher.find());
        return Integer.parseInt(matcher.group(1));
    }

    /** Whether {@code log} has a whole INFO line of the relay thread whose message matches {@code message}. */
    static boolean hasLogLine(String log, String message) {
        Pattern line =
                Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[relay\\] " + message);
        return log.lines().anyMatch(text -> line.matcher(text).matches());
    }

    /**
     * The server's log file ends with {@code lastLines} ({@code [thread] message}, without date and level), and
     * nothing failed to reach it: tinylog says so on stderr ("LOGGER ERROR: Failed to write log entry").
     */
    void assertLogEndsWith(String... lastLines) throws IOException {
        List<String> lines = Files.readAllLines(logs.resolve("server.log"), StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceFirst("^\\S+ \\S+ \\S+\\s+", ""))
                .toList();
        assertEquals(
                List.of(lastLines),
                lines.subList(Math.max(0, lines.size() - lastLines.length), lines.size()),
                String.join("\n", lines));
        assertFalse(server.err.text().contains("LOGGER ERROR"), server.err.text());
    }

    @AfterEach
    void killAll() {
        programs.forEach(program -> program.process.destroyForcibly());
    }

    Program start(String jarProperty, String... args) throws IOException {
        Program program = new Program(jarProperty, args);
        programs.add(program);
        return program;
    }

    Program client(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--server", "127.0.0.1:" + port));
        all.addAll(List.of(args));
        return start("udpchat.client.jar", all.toArray(new String[0]));
    }
}
