package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.IpLiteral;
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

    /**
     * How long the end waits for the main thread: to finish starting (a signal during start-up closes the
     * room it opens), or to log its last line and choose the status once the room is closed.
     */
    private static final Duration MAIN_THREAD_WAIT = Duration.ofSeconds(5);

    private final BufferedReader stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    /** The room, once open: what a signal closes. */
    private final CompletableFuture<ChatServer> opened = new CompletableFuture<>();
    /** The status {@link #run} returned, once {@link #main} has it. */
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    public ServerMain(BufferedReader stdin, PrintStream out, PrintStream err, boolean interactive) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        Terminal.useUtf8();
        ServerMain program = new ServerMain(Terminal.stdin(), System.out, System.err, Terminal.isInteractive());
        // Every way the process ends runs this hook: a signal, and the System.exit below.
        Runtime.getRuntime().addShutdownHook(new Thread(program::onShutdown, "shutdown"));
        int status = program.run(Terminal.utf8Arguments(args));
        program.finished.complete(status);
        System.exit(status);
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
        opened.complete(server);
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
        if (!server.savedItsState()) {
            err.println("udp-server: the last bans and mutes could not be saved to the state directory; see the"
                    + " log for why, and check them after the next start with /bans");
            Logger.info("server stopped");
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

    /**
     * The shutdown hook: the process is ending, on SIGTERM or Ctrl-C, or because {@link #main} returned.
     * Closes the room if it is open, closes the log after its last line, and ends.
     */
    private void onShutdown() {
        int status = closeRoom();
        Logging.shutdown();
        // A signal would make the JVM end with 128+signal; the room closed in order, so it ends as /quit does.
        Runtime.getRuntime().halt(status);
    }

    /**
     * Closes the room if it is open (goodbyes first), as {@code /quit} does, and waits for the main thread
     * to log its last line.
     *
     * @return the status the process ends with: the main thread's; 1 when the room did not close in time
     */
    private int closeRoom() {
        if (!awaitMainThread(CompletableFuture.anyOf(opened, finished))) {
            Logger.warn("the server was still starting after {} s; ending anyway", MAIN_THREAD_WAIT.toSeconds());
            return EXIT_FAILURE;
        }
        ChatServer server = opened.getNow(null);
        if (server != null && !server.isStopped()) {
            Logger.info("signal received: closing the room");
            if (!server.stop(SIGNAL_STOP_TIMEOUT)) {
                Logger.warn("the room did not close within {} s; ending anyway", SIGNAL_STOP_TIMEOUT.toSeconds());
                return EXIT_FAILURE;
            }
        }
        if (!awaitMainThread(finished)) {
            Logger.warn(
                    "the server did not finish within {} s of closing; ending anyway", MAIN_THREAD_WAIT.toSeconds());
            return EXIT_FAILURE;
        }
        return finished.join();
    }

    /** Waits up to {@link #MAIN_THREAD_WAIT} for {@code step}; returns whether it came. */
    private static boolean awaitMainThread(CompletableFuture<?> step) {
        try {
            step.get(MAIN_THREAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError("the main thread's steps never complete exceptionally", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        return config.bindAddress().map(IpLiteral::format).orElse("every interface") + " port " + config.port();
    }

    static String version() {
        String version = ServerMain.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
