package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.jline.reader.Completer;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.IpLiteral;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.StateDirectoryException;
import org.udpchat.server.Texts;
import org.udpchat.server.cluster.ClusterStartException;

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

    /** The console's history at a terminal, in the state directory: it outlives the run, as the bans do. */
    static final String HISTORY_FILE = "console-history";

    /** Opens the line editor at the operator's terminal, or says there is none that JLine can drive. */
    interface Editors {
        Optional<LineEditor> open(String prompt, Optional<Path> history, Completer completer);
    }

    private final BufferedReader stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    private final Editors editors;
    private final InstantSource clock;
    private final UnaryOperator<String> environment;
    /** Where the server's notes go: stdout, or above the prompt while the editor is open. */
    private volatile PrintStream screen;
    /** The control socket, once open: where operators attach. */
    private volatile Optional<ControlSocket> controlSocket = Optional.empty();
    /** The line editor, once open: what the end gives back to the shell. */
    private volatile Optional<LineEditor> editor = Optional.empty();
    /** The room, once open: what a signal closes. */
    private final CompletableFuture<ChatServer> opened = new CompletableFuture<>();
    /** The status {@link #run} returned, once {@link #main} has it. */
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();

    /**
     * A server whose console reads plain lines from {@code stdin}, with a prompt if {@code interactive}.
     */
    public ServerMain(BufferedReader stdin, PrintStream out, PrintStream err, boolean interactive) {
        this(stdin, out, err, interactive, (prompt, history, completer) -> Optional.empty(), InstantSource.system());
    }

    /**
     * @param editors the line editor for an {@code interactive} console; plain lines where it has none
     * @param clock what tells a second Ctrl-C at the editor from a first one
     */
    ServerMain(
            BufferedReader stdin,
            PrintStream out,
            PrintStream err,
            boolean interactive,
            Editors editors,
            InstantSource clock) {
        this(stdin, out, err, interactive, editors, clock, System::getenv);
    }

    /** @param environment the process's environment variables by name (null when unset): where sockets go */
    ServerMain(
            BufferedReader stdin,
            PrintStream out,
            PrintStream err,
            boolean interactive,
            Editors editors,
            InstantSource clock,
            UnaryOperator<String> environment) {
        this.environment = environment;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.editors = editors;
        this.clock = clock;
        this.screen = out;
    }

    public static void main(String[] args) {
        Terminal.useUtf8();
        ServerMain program = new ServerMain(
                Terminal.stdin(),
                System.out,
                System.err,
                Terminal.isInteractive(),
                Terminal::openEditor,
                InstantSource.system());
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
            err.print(ServerCommandLine.help(args));
            err.flush();
            return EXIT_USAGE;
        }
        if (invocation instanceof ServerCommandLine.ShowHelp help) {
            out.print(ServerCommandLine.help(Texts.of(help.language())));
            out.flush();
            return EXIT_OK;
        }
        if (invocation instanceof ServerCommandLine.ShowVersion) {
            out.println("udp-server " + version());
            return EXIT_OK;
        }
        if (invocation instanceof ServerCommandLine.Attach attach) {
            return Attach.run(attach.socket(), Texts.of(attach.language()), stdin, out, err, interactive, editors);
        }
        ServerCommandLine.Run run = (ServerCommandLine.Run) invocation;
        ServerConfig config = run.config();
        if (config.logFile().isPresent()
                && !isWritable("--log-file", config.logFile().get())) {
            return EXIT_USAGE;
        }
        if (run.transcript().isPresent()
                && !isWritable("--transcript", run.transcript().get())) {
            return EXIT_USAGE;
        }
        Logging.configure(config.logLevel(), config.logFile(), run.transcript());
        return serve(run);
    }

    private int serve(ServerCommandLine.Run run) {
        ServerConfig config = run.config();
        Optional<RoomFeed> transcript = run.transcript().map(path -> transcriptFeed());
        ChatServer server;
        try {
            server = transcript.isPresent()
                    ? ChatServer.start(config, this::tellOperator, transcript.get())
                    : ChatServer.start(config, this::tellOperator);
        } catch (StateDirectoryException e) {
            err.println("udp-server: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (ClusterStartException e) {
            err.println(
                    "udp-server: --cluster " + config.cluster().orElseThrow().name() + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (BindException e) {
            Optional<InetAddress> foreign = config.bindAddress().filter(address -> !isThisMachines(address));
            err.println("udp-server: cannot listen on " + where(config) + ": "
                    + (foreign.isPresent()
                            ? IpLiteral.format(foreign.get()) + " is not an address of this machine (give --bind one"
                                    + " of its addresses, or leave --bind out to listen on every interface)"
                            : e.getMessage() + " (is another server using port " + config.port()
                                    + "? choose another with --port)"));
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("udp-server: cannot open the socket on " + where(config) + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
        opened.complete(server);
        if (config.stateDirectory().isEmpty()) {
            Logger.warn(
                    "no state directory (--state-dir none): the server key {} is new and kept in memory only, so"
                            + " clients will see a new key at every start and those that remember this server will"
                            + " refuse it",
                    server.fingerprint());
        }
        try {
            controlSocket = openControlSocket(run.controlSocket(), config, server);
        } catch (ControlSocket.ControlSocketException e) {
            err.println("udp-server: --control-socket: " + e.getMessage());
            server.stop(ChatServer.ANSWER_TIMEOUT);
            transcript.ifPresent(RoomFeed::close);
            return EXIT_FAILURE;
        }
        out.println("listening on " + HostPort.format(server.localAddress()));
        // what the operator reads out, or publishes, for members to check the server by (and /fingerprint again)
        out.println(Texts.of(config.language())
                .get("server.fingerprint", server.fingerprint().text()));
        out.flush();
        Thread console = new Thread(openConsole(config, server), "admin-console");
        // A blocking read of stdin cannot be interrupted; the console must not keep a closed server alive.
        console.setDaemon(true);
        console.start();
        while (!server.awaitStopped(Duration.ofDays(1))) {
            // the room is open: keep waiting
        }
        // The attached operators' consoles end (and log it) before the server's last line.
        controlSocket.ifPresent(ControlSocket::close);
        int status = EXIT_OK;
        if (server.hasFailed()) {
            err.println("udp-server: the relay failed and the room is closed; see the log for why");
            status = EXIT_FAILURE;
        } else if (!server.savedItsState()) {
            err.println("udp-server: the last bans and mutes could not be saved to the state directory; see the"
                    + " log for why, and check them after the next start with /bans");
            Logger.info("server stopped");
            status = EXIT_FAILURE;
        } else {
            Logger.info("server stopped");
        }
        transcript.ifPresent(RoomFeed::close);
        editor.ifPresent(LineEditor::close);
        return status;
    }

    /**
     * The control socket {@code --control-socket} asks for: none, the path given, or the default for the
     * port the server listens on (none when there is no default place).
     */
    private Optional<ControlSocket> openControlSocket(
            ServerCommandLine.ControlSocketChoice choice, ServerConfig config, ChatServer server)
            throws ControlSocket.ControlSocketException {
        Optional<Path> path;
        if (choice instanceof ServerCommandLine.ControlSocketChoice.Off) {
            path = Optional.empty();
        } else if (choice instanceof ServerCommandLine.ControlSocketChoice.At at) {
            path = Optional.of(at.path());
        } else if (choice instanceof ServerCommandLine.ControlSocketChoice.Default) {
            path = ControlSocket.defaultPath(
                    server.localAddress().getPort(), config.stateDirectory(), environment.apply("XDG_RUNTIME_DIR"));
            if (path.isEmpty()) {
                Logger.info(
                        "no control socket: no XDG_RUNTIME_DIR and no state directory (give --control-socket PATH)");
            }
        } else {
            throw new AssertionError(choice);
        }
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ControlSocket.open(path.get(), Texts.of(config.language()), server));
        } catch (ControlSocket.ControlSocketException e) {
            if (!(choice instanceof ServerCommandLine.ControlSocketChoice.Default) || e.anotherServers()) {
                throw e;
            }
            // A place the operator did not choose (a state directory others may enter, a path too long) must
            // not stop a server that ran before there were control sockets: it runs without one, and says so.
            Logger.warn("no control socket, so no operator can attach: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The transcript: the rooms' lines through a {@link RoomFeed} to tinylog's transcript writer, so the relay
     * never waits for the disk; lines the feed had no room for are counted, in the transcript and the log.
     */
    private static RoomFeed transcriptFeed() {
        return new RoomFeed(
                "transcript", line -> Logging.transcript().info((Object) Logging.transcriptLine(line)), missed -> {
                    Logging.transcript().info((Object) Logging.transcriptLine(
                            Instant.now(), "(" + missed + " lines not recorded: the transcript fell behind)"));
                    Logger.warn("the transcript fell behind the rooms: {} lines not recorded", missed);
                });
    }

    /**
     * The operator's console: on the line editor at a terminal it can drive, else on plain lines (with a
     * prompt at a terminal, none piped).
     */
    private AdminConsole openConsole(ServerConfig config, ChatServer server) {
        Texts texts = Texts.of(config.language());
        if (interactive) {
            editor = editors.open(
                    texts.get("console.editorPrompt"),
                    config.stateDirectory().map(directory -> directory.resolve(HISTORY_FILE)),
                    new ConsoleCompleter(AdminConsole.choices(server)));
        }
        if (editor.isPresent()) {
            screen = editor.get().screen(out);
            return new AdminConsole(editor.get(), screen, texts, server, clock);
        }
        return new AdminConsole(stdin, out, interactive, texts, server);
    }

    /** What the server tells its operators from behind the scenes: on the local screen and every attached one. */
    private void tellOperator(String line) {
        screen.println("udp-server: " + line);
        screen.flush();
        controlSocket.ifPresent(socket -> socket.tellAll("udp-server: " + line));
    }

    /**
     * The shutdown hook: the process is ending, on SIGTERM or Ctrl-C, or because {@link #main} returned.
     * Closes the room if it is open, closes the log after its last line, and ends.
     */
    private void onShutdown() {
        // First the shell gets its terminal back as it was, the half-typed line ended (JLine's own shutdown
        // hook is off: see Terminal.openEditor); the room's last lines follow, plainly.
        editor.ifPresent(LineEditor::close);
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

    /**
     * Whether the rolled file {@code option} names can be written: its directory is made if missing, for the
     * server's user alone (0700), as the file is made (0600): the transcript holds what members said, the
     * log their addresses. A directory that exists keeps its permissions. The path becomes a link to the file
     * being written; a plain file left there by an earlier version (not such a link) is moved aside, to
     * {@code PATH.earlier}, rather than lost when tinylog replaces it.
     */
    private boolean isWritable(String option, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OwnerOnlyFiles.DIRECTORY));
            } else {
                Files.createDirectories(parent);
            }
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(file) > 0
                    && ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() == 1) {
                Path earlier = file.resolveSibling(file.getFileName() + ".earlier");
                Files.move(file, earlier, StandardCopyOption.REPLACE_EXISTING);
                err.println("udp-server: " + option + ": moved the earlier file to " + earlier + "; " + file
                        + " now follows the rolled files beside it");
            }
            if (posix) {
                OwnerOnlyFiles.create(file);
            }
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    .close();
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            err.println("udp-server: " + option + ": cannot write to " + file + ": " + e);
            return false;
        }
    }

    /** Whether {@code address} is one of this machine's (or the wildcard); when it cannot tell, yes. */
    private static boolean isThisMachines(InetAddress address) {
        try {
            return address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true;
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
