package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.udpchat.server.CapturedOutput;

/**
 * The built {@code udp-server.jar} run by a test as processes of their own, as a service manager or a shell
 * runs it: no JVM options from the test's environment, no {@code XDG_RUNTIME_DIR} of the user's (every path is
 * the test's), stdout and stderr captured. Closing it kills every process it started that still runs.
 */
public final class ServerJarProcesses implements AutoCloseable {

    /** Built by {@code mvn package}, before the integration tests run. */
    static final Path JAR = Path.of("target", "udp-server.jar");

    private final Path jar;
    private final List<Process> processes = new ArrayList<>();

    /** This module's own jar ({@link #JAR}). */
    ServerJarProcesses() {
        this(JAR);
    }

    /** The jar at {@code jar}: another module's tests run the server this way too. */
    public ServerJarProcesses(Path jar) {
        this.jar = jar;
    }

    /** Starts {@code java -jar udp-server.jar ARGS} with {@code stdin}, its output going to {@code out} and {@code err}. */
    public Process start(List<String> args, ProcessBuilder.Redirect stdin, CapturedOutput out, CapturedOutput err)
            throws IOException {
        assertTrue(Files.isRegularFile(jar), "build the jar first (mvn package): " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(stdin);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("XDG_RUNTIME_DIR");
        Process process = builder.start();
        processes.add(process);
        pump(process.getInputStream(), out);
        pump(process.getErrorStream(), err);
        return process;
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

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
