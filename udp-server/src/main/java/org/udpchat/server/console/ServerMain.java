package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.StateDirectoryException;
import org.udpchat.server.Texts;

/**
 * {@code java -jar udp-server.jar [options]}: parses the command line, starts the room and its admin
 * console, and waits for the room to close. Only {@link #main} exits the process; {@link #run} returns the
 * exit status, so the whole command line can be tested in-process.
 */
public final class ServerMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    /** How long a signal waits for the goodbyes to go out before the process ends anyway. */
    private static final Duration SIGNAL_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final BufferedReader stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private volatile ChatServer running;

    public ServerMain(BufferedReader stdin, PrintStream out, PrintStream err, boolean interactive) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        Terminal.useUtf8();
        ServerMain program = new ServerMain(Terminal.stdin(), System.out, System.err, Terminal.isInteractive());
        Runtime.getRuntime().addShutdownHook(new Thread(program::onSignal, "shutdown"));
        System.exit(program.run(Terminal.utf8Arguments(args)));
    }

    /** Runs the server until the room closes; returns the exit status. */
    public int run(String... args) {
        ServerCommandLine.Invocation invocation;
        try {
            invocation = ServerCommandLine.parse(args);
        } catch (ServerCommandLine.UsageException e) {
            err.println("udp-server: " + e.getMessage());
            err.print(ServerCommandLine.help());
            err.flush();
            return EXIT_USAGE;
        }
        if (invocation instanceof ServerCommandLine.ShowHelp) {
            out.print(ServerCommandLine.help());
            out.flush();
            return EXIT_OK;
        }
        if (invocation instanceof ServerCommandLine.ShowVersion) {
            out.println("udp-server " + version());
            return EXIT_OK;
        }
        ServerConfig config = ((ServerCommandLine.Run) invocation).config();
        if (config.logFile().isPresent() && !isWritable(config.logFile().get())) {
            return EXIT_USAGE;
        }
        Logging.configure(config.logLevel(), config.logFile());
        return serve(config);
    }

    private int serve(ServerConfig config) {
        ChatServer server;
        try {
            server = ChatServer.start(config, this::tellOperator);
        } catch (StateDirectoryException e) {
            err.println("udp-server: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (BindException e) {
            err.println("udp-server: cannot listen on " + where(config) + ": " + e.getMessage()
                    + " (is another server using port " + config.port() + "? choose another with --port)");
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("udp-server: cannot open the socket on " + where(config) + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
        running = server;
        out.println("listening on " + HostPort.format(server.localAddress()));
        out.flush();
        Thread console = new Thread(
                new AdminConsole(stdin, out, interactive, Texts.of(config.language()), server), "admin-console");
        // A blocking read of stdin cannot be interrupted; the console must not keep a closed server alive.
        console.setDaemon(true);
        console.start();
        while (!server.awaitStopped(Duration.ofDays(1))) {
            // the room is open: keep waiting
        }
        if (server.hasFailed()) {
            err.println("udp-server: the relay failed and the room is closed; see the log for why");
            return EXIT_FAILURE;
        }
        Logger.info("server stopped");
        return EXIT_OK;
    }

    /** What the server tells its operator from behind the scenes, on the operator's screen. */
    private void tellOperator(String line) {
        out.println("udp-server: " + line);
        out.flush();
    }

    /** SIGTERM or Ctrl-C: close the room (goodbyes first) and end with status 0, as {@code /quit} does. */
    private void onSignal() {
        ChatServer server = running;
        if (server == null || server.isStopped()) {
            return; // not started, or already closed: the process ends with the status it chose
        }
        Logger.info("signal received: closing the room");
        server.stop(SIGNAL_STOP_TIMEOUT);
        // The JVM would end with 128+signal; the room closed in order, so it ends as /quit does.
        Runtime.getRuntime().halt(EXIT_OK);
    }

    private boolean isWritable(Path file) {
        try {
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    .close();
            return true;
        } catch (IOException | SecurityException e) {
            err.println("udp-server: --log-file: cannot write to " + file + ": " + e);
            return false;
        }
    }

    private static String where(ServerConfig config) {
        return config.bindAddress().map(a -> a.getHostAddress()).orElse("every interface") + " port " + config.port();
    }

    static String version() {
        String version = ServerMain.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
