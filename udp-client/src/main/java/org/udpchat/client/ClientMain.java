package org.udpchat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.ShutdownHooks;
import org.tinylog.Logger;
import org.tinylog.provider.ProviderRegistry;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.reliability.PingRule;

/**
 * {@code java -jar udp-client.jar [options]}: joins the room under a name, then runs the two client
 * threads (a {@link Sender} for what the user types, a receiver for what arrives) until the
 * session ends. Only {@link #main} exits the process; {@link #run} returns the exit status.
 *
 * <p>Where stdin and stdout are a terminal, the user meets a {@link LineEditor}; elsewhere (a script, a
 * pipe) plain lines, exactly as the classic client printed them.
 */
public final class ClientMain {

    private final PrintStream out;
    private final PrintStream err;
    private final Consoles consoles;
    /** The servers' keys the user's client remembers (trust on first use). */
    private final KnownServers knownServers;
    /**
     * The room we are in, once joined: set before the joined line is shown, and watched while a join is
     * under way, so that a signal from the moment the server may have taken us in finds a session to leave.
     */
    private final JoinWatch<InRoom> inRoom = new JoinWatch<>();
    /** The console while it is open: a signal's shutdown hook gives the terminal back through it. */
    private volatile Console console;

    /** A membership and the way its user leaves it. */
    private record InRoom(ChatSession session, Sender sender) {}

    /**
     * How the program meets its user for one run: where lines come from, where they go, whether a person
     * is there to ask again for a name, the names learnt for completion, what to do once joined (the
     * editor's prompt follows the session), and what to do at the end (the editor gives the terminal back).
     */
    record Console(
            LineInput input,
            Screen screen,
            boolean interactive,
            KnownNames known,
            Consumer<ChatSession> onJoined,
            Runnable onClose)
            implements AutoCloseable {

        @Override
        public void close() {
            onClose.run();
        }
    }

    /** Opens the console for a run, once the command line is known to be good. */
    interface Consoles {
        Console open(ClientConfig config) throws IOException;
    }

    /** The session once joined, or null: for a test's diagnosis when something stalls. */
    ChatSession activeSession() {
        return inRoom.now().map(InRoom::session).orElse(null);
    }

    /**
     * A client that reads plain lines from {@code in} and prints plain lines to {@code out} and
     * {@code err}; {@code interactive} is whether a person is there to be asked for another name.
     */
    public ClientMain(BufferedReader in, PrintStream out, PrintStream err, boolean interactive) {
        this(out, err, config -> plainConsole(in, out, err, interactive, config));
    }

    /** Plain lines from {@code in} to {@code out} and {@code err}, as the classic client read and printed them. */
    private static Console plainConsole(
            BufferedReader in, PrintStream out, PrintStream err, boolean interactive, ClientConfig config) {
        return new Console(
                LineInput.plain(in, out, interactive),
                new PlainScreen(out, err, timestamps(config, false)),
                interactive,
                new KnownNames(),
                session -> {},
                () -> {});
    }

    /** A client that meets its user as {@code consoles} opens; {@code out} and {@code err} take help and usage errors. */
    ClientMain(PrintStream out, PrintStream err, Consoles consoles) {
        this(out, err, consoles, usersKnownServers());
    }

    private ClientMain(PrintStream out, PrintStream err, Consoles consoles, KnownServers knownServers) {
        this.out = out;
        this.err = err;
        this.consoles = consoles;
        this.knownServers = knownServers;
    }

    /** This client, remembering servers' keys in {@code known} rather than the user's file: for tests. */
    ClientMain knowing(KnownServers known) {
        return new ClientMain(out, err, consoles, known);
    }

    /** {@code known_servers} in the user's configuration directory ({@link ConfigDirectory}). */
    private static KnownServers usersKnownServers() {
        return KnownServers.of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * A client at the terminal {@code terminals} opens, keeping its history in {@code historyFile}: the
     * line editor; if the terminal cannot be opened, plain lines from {@code in}, as before the editor.
     * {@code out} and {@code err} take help and usage errors, printed before any editor.
     * While the editor runs, {@code logTo} is given a stream whose lines go above the prompt (then the
     * original {@code err}), so that a log line never lands inside what the user is typing: the program
     * passes {@link System#setErr}, where tinylog's console writer looks for stderr at each line.
     */
    static ClientMain atATerminal(
            TerminalOpener terminals,
            Optional<Path> historyFile,
            BufferedReader in,
            PrintStream out,
            PrintStream err,
            Consumer<PrintStream> logTo) {
        return new ClientMain(out, err, config -> {
            org.jline.terminal.Terminal terminal;
            try {
                terminal = terminals.open();
            } catch (IOException | RuntimeException e) {
                // A terminal JLine cannot drive (no stty, say): the person still gets the plain client.
                Logger.info("no line editor at this terminal ({}); reading plain lines", e.getMessage());
                return plainConsole(in, out, err, true, config);
            }
            LineEditor editor = new LineEditor(terminal, historyFile, timestamps(config, true), new KnownNames(), out);
            logTo.accept(editor.linesAbove());
            Consumer<ChatSession> onJoined = session -> {
                editor.follow(session);
                // G1's default heap lets the editor's redraws touch hundreds of MB: shrink it once settled
                MemoryTrim.startAfterJoining();
            };
            return new Console(editor, editor, true, editor.known(), onJoined, () -> {
                logTo.accept(err);
                editor.close();
            });
        });
    }

    /** Opens the terminal the line editor runs on. */
    interface TerminalOpener {
        org.jline.terminal.Terminal open() throws IOException;
    }

    private static Optional<Clock> timestamps(ClientConfig config, boolean atATerminal) {
        return config.timestamps().shown(atATerminal) ? Optional.of(Clock.systemDefaultZone()) : Optional.empty();
    }

    public static void main(String[] args) {
        StandardStreams.useUtf8();
        // A person at a terminal gets the line editor; a script or a pipe, plain lines as ever.
        ClientMain program = StandardStreams.isInteractive() && StandardStreams.isEditable()
                ? atATerminal(
                        ClientMain::systemTerminal,
                        Optional.of(
                                StateDirectory.historyFile(System.getenv(), Path.of(System.getProperty("user.home")))),
                        StandardStreams.stdin(),
                        System.out,
                        System.err,
                        // the log above the prompt, unless stderr goes elsewhere (2>file)
                        StandardStreams.stderrIsTheTerminal() ? System::setErr : logs -> {})
                : new ClientMain(StandardStreams.stdin(), System.out, System.err, StandardStreams.isInteractive());
        // Every way the process ends runs this hook: Ctrl-C, SIGTERM, and the System.exit below.
        Runtime.getRuntime().addShutdownHook(new Thread(program::endProcess, "shutdown"));
        System.exit(program.run(StandardStreams.utf8Arguments(args)));
    }

    /**
     * The process's terminal, in UTF-8 whatever the locale (as {@link StandardStreams#useUtf8} makes
     * stdout). JLine puts SIGINT back to the system's default, which ends the process at once, without
     * the shutdown hook that leaves the room: outside a read (while joining, while a quit waits), Ctrl-C
     * ends the program as it always did, through the hook, with the JVM's status for it. During a read
     * JLine takes Ctrl-C itself, and the sender leaves.
     */
    private static org.jline.terminal.Terminal systemTerminal() throws IOException {
        // Our shutdown hook leaves the room and then gives the terminal back itself (Console.close); JLine's
        // own hook would run beside it and close the terminal under the leaving (as the server's console).
        System.setProperty(ShutdownHooks.PROP_DISABLE_SHUTDOWN_HOOK, "true");
        org.jline.terminal.Terminal terminal = TerminalBuilder.builder()
                .system(true)
                .encoding(StandardCharsets.UTF_8)
                .dumb(false) // fail rather than make a dumb terminal: the plain client does better there
                // No probe of the terminal's grapheme-cluster mode: its answer, late on a loaded machine, would be
                // left in the input and typed into the first line (seen once as "[?1;2c" sent to the room).
                .graphemeCluster(false)
                .build();
        terminal.handle(org.jline.terminal.Terminal.Signal.INT, signal -> System.exit(SIGINT_STATUS));
        return terminal;
    }

    /** How a process ends on SIGINT: 128 + 2, as the JVM's own handler ends it. */
    private static final int SIGINT_STATUS = 130;

    /** Runs the client until the session ends; returns the exit status. */
    public int run(String... args) {
        ClientCommandLine.Invocation invocation;
        try {
            invocation = ClientCommandLine.parse(args);
        } catch (ClientCommandLine.UsageException e) {
            return usageError(e.getMessage(), ClientCommandLine.helpLanguage(args));
        }
        if (invocation instanceof ClientCommandLine.ShowHelp help) {
            out.print(ClientCommandLine.help(help.language()));
            out.flush();
            return ExitStatus.OK.code();
        }
        if (invocation instanceof ClientCommandLine.ShowVersion) {
            String version = ClientMain.class.getPackage().getImplementationVersion();
            out.println("udp-client " + (version == null ? "(development build)" : version));
            return ExitStatus.OK.code();
        }
        ClientConfig config = ((ClientCommandLine.Run) invocation).config();
        List<ServerList.Node> servers;
        try {
            servers = config.servers().resolve(InetAddress::getAllByName);
        } catch (UnknownHostException e) {
            // A host that does not exist is a mistake on the command line, like a bad port.
            return usageError("--server: cannot find the host " + e.getMessage(), config.language());
        }
        try (Console opened = consoles.open(config)) {
            console = opened;
            return chat(config, servers, Texts.of(config.language()), opened).code();
        } catch (IOException e) {
            err.println("udp-client: cannot use the terminal: " + e.getMessage());
            return ExitStatus.NO_SERVER.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.OK.code();
        }
    }

    /** Says what is wrong with the command line, then the help in {@code language}; the usage status. */
    private int usageError(String message, Locale language) {
        err.println("udp-client: " + message);
        err.print(ClientCommandLine.help(language));
        err.flush();
        return ExitStatus.USAGE.code();
    }

    private ExitStatus chat(ClientConfig config, List<ServerList.Node> servers, Texts texts, Console console)
            throws InterruptedException {
        Screen screen = console.screen();
        try (Connection connection = new Connection(servers.get(0).address())) {
            // the servers of the list in turn: at the first join, and (native) at each reconnection
            ServerRotation rotation = new ServerRotation(servers, connection::connectTo);
            if (config.legacy()) {
                Inbox<ServerPacket> packets = connection.classicPackets();
                ClassicSession session = new ClassicSession(connection);
                return joinAndChat(
                        new JoinInTurn<>(
                                name -> session.join(packets, name, config.joinTimeout()),
                                rotation,
                                config.joinTimeout(),
                                screen,
                                texts),
                        joined -> new ClassicReceiver(packets, joined, screen, texts),
                        config,
                        texts,
                        console);
            }
            Inbox<ByteBuffer> datagrams = connection.nativeDatagrams();
            LongSupplier clock = ClientMain::monotonicMillis;
            ServerKeyCheck keyCheck = keyCheck(
                    new ServerTrust(
                            knownServers, config.serverKey(), config.servers().servers()),
                    screen,
                    texts);
            Handshake handshake = new Handshake(
                    connection, datagrams, clock, () -> rotation.current().named(), keyCheck);
            return joinAndChat(
                    new JoinInTurn<>(
                            name -> joined(
                                    handshake.join(
                                            name,
                                            config.room().orElse(""),
                                            Handshake.Earlier.NONE,
                                            config.joinTimeout()),
                                    connection,
                                    clock,
                                    // other nodes to go to: notice a node's death sooner
                                    servers.size() > 1 ? PingRule.FAILOVER_HEARTBEAT_MILLIS : PingRule.HEARTBEAT_MILLIS,
                                    texts),
                            rotation,
                            config.joinTimeout(),
                            screen,
                            texts),
                    joined ->
                            new NativeReceiver(datagrams, handshake, rotation, joined, screen, texts, console.known()),
                    config,
                    texts,
                    console);
        } catch (IOException e) {
            screen.warn(texts.get("networkError", config.servers(), e.getMessage()));
            return ExitStatus.NO_SERVER;
        }
    }

    /**
     * The handshake's check of the server's key: what {@code trust} decides, its lines said to the user (a
     * first contact's fingerprint, a skipped line of the file) or, when it refuses, ending the join with them.
     */
    private static ServerKeyCheck keyCheck(ServerTrust trust, Screen screen, Texts texts) {
        return (server, serverKey) -> {
            ServerTrust.Result result = trust.check(server, serverKey);
            List<String> lines = result.lines(texts);
            if (result.refused()) {
                return new ServerKeyCheck.Untrusted(String.join(System.lineSeparator(), lines), ExitStatus.UNVERIFIED);
            }
            lines.forEach(
                    screen::warn); // connection news, on stderr as ssh's "Permanently added …": stdout is the room's
            return ServerKeyCheck.Verdict.TRUSTED;
        };
    }

    /** How a native handshake went, as a join's result: the session, or what the user is told. */
    private static JoinResult<NativeSession> joined(
            Handshake.Result result, Outbox outbox, LongSupplier clock, long heartbeatMillis, Texts texts) {
        if (result instanceof Handshake.Joined welcome) {
            return new JoinResult.Joined<>(new NativeSession(outbox, welcome, clock, heartbeatMillis));
        }
        if (result instanceof Handshake.Refused refused) {
            return new JoinResult.Refused<>(
                    new EventWording(texts).refusal(refused.reason(), refused.limit(), refused.subject()),
                    refused.reason().remedy() == RefusalReason.Remedy.ANOTHER_NAME);
        }
        if (result instanceof Handshake.Outdated outdated) {
            return new JoinResult.Failed<>(
                    texts.get("outdated", outdated.serverVersion(), NativeCodec.VERSION), ExitStatus.USAGE);
        }
        if (result instanceof Handshake.Untrusted untrusted) {
            return new JoinResult.Failed<>(untrusted.text(), untrusted.status());
        }
        if (result instanceof Handshake.NoAnswer noAnswer) {
            // a server of version 1 drops our datagrams without a word: silence may mean that
            return new JoinResult.NoAnswer<>(!noAnswer.heardAnything());
        }
        throw new AssertionError(result);
    }

    /** One attempt to join under a name, in one protocol. */
    interface JoinAttempt<S extends ChatSession> {
        JoinResult<S> join(String name) throws IOException;
    }

    /**
     * Joins, then runs the session: a {@code receiver} for what arrives (on the thread of that name), a
     * {@link Sender} for what the user types, until the session ends.
     */
    private <S extends ChatSession> ExitStatus joinAndChat(
            JoinInTurn<S> attempt, Function<S, Runnable> receiver, ClientConfig config, Texts texts, Console console)
            throws IOException, InterruptedException {
        Screen screen = console.screen();
        JoinResult<S> result = join(attempt, config, texts, console);
        if (result instanceof JoinResult.NoAnswer<S> noAnswer) {
            screen.warn(
                    noAnswer.silent() && !config.legacy()
                            ? texts.get(
                                    "noServer.native",
                                    config.servers(),
                                    config.joinTimeout().toSeconds(),
                                    NativeCodec.VERSION)
                            : texts.get(
                                    "noServer",
                                    config.servers(),
                                    config.joinTimeout().toSeconds()));
            return ExitStatus.NO_SERVER;
        }
        if (result instanceof JoinResult.Failed<S> failed) {
            screen.warn(failed.text());
            return failed.status();
        }
        if (result instanceof JoinResult.GaveUp) {
            return ExitStatus.INTERRUPTED;
        }
        if (!(result instanceof JoinResult.Joined<S> joined)) {
            return ExitStatus.USAGE; // refused, and told why
        }
        S session = joined.session();
        Sender sender = new Sender(console.input(), session, screen, texts);
        console.onJoined().accept(session);
        inRoom.joined(new InRoom(session, sender));
        screen.say(session.room().isEmpty() ? texts.get("joined") : texts.get("joinedRoom", session.room()));
        start(receiver.apply(session), "receiver");
        start(sender, "sender");
        return session.awaitEnd();
    }

    /**
     * Joins under the configured name or one the user gives, asking again after a refusal that another
     * name may lift while a person is there to ask. Every refusal is shown as it comes.
     *
     * @return joined; unanswered; or the last refusal
     */
    private <S extends ChatSession> JoinResult<S> join(
            JoinInTurn<S> attempt, ClientConfig config, Texts texts, Console console) throws IOException {
        Screen screen = console.screen();
        EventWording wording = new EventWording(texts);
        Optional<String> given = config.name();
        while (true) {
            Optional<String> name;
            try {
                name = given.isPresent() ? given : askName(console.input(), texts);
            } catch (LineInput.Interrupted e) {
                return new JoinResult.GaveUp<>();
            }
            given = Optional.empty();
            if (name.isEmpty()) {
                screen.warn(texts.get("noName"));
                return new JoinResult.Refused<>(texts.get("noName"), false);
            }
            Optional<Names.Problem> problem = Names.check(name.get());
            JoinResult<S> result = problem.isPresent()
                    // a name no server takes: no need to ask one
                    ? new JoinResult.Refused<>(wording.refusal(RefusalReason.of(problem.get()), 0), true)
                    : watchedJoin(attempt, name.get());
            if (!(result instanceof JoinResult.Refused<S> refused)) {
                return result;
            }
            screen.warn(texts.get("refused", refused.reason()));
            if (!refused.anotherNameMayDo() || !console.interactive()) {
                return refused; // a ban, a full server, a bad --room; or nobody to ask again
            }
        }
    }

    /**
     * One attempt, watched by {@link #inRoom} from before the first datagram: once the server has it, it may
     * take us in at any moment. A success stays "joining" until {@link #joinAndChat} records the membership.
     */
    private <S extends ChatSession> JoinResult<S> watchedJoin(JoinInTurn<S> attempt, String name) throws IOException {
        inRoom.joining(attempt.longest());
        JoinResult<S> result = null;
        try {
            result = attempt.join(name);
            return result;
        } finally {
            if (!(result instanceof JoinResult.Joined)) {
                inRoom.notJoined();
            }
        }
    }

    /** Milliseconds from the monotonic clock: timers must not jump when the wall clock is set. */
    private static long monotonicMillis() {
        return System.nanoTime() / 1_000_000;
    }

    /**
     * With a person at the keyboard, asks; without one, the first input line is the name, as in the
     * classic client.
     *
     * @throws LineInput.Interrupted Ctrl-C at the editor: the person gave up joining
     */
    private static Optional<String> askName(LineInput input, Texts texts) throws IOException, LineInput.Interrupted {
        String line = input.ask(texts.get("namePrompt"));
        return line == null ? Optional.empty() : Optional.of(line.strip());
    }

    private static void start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        // Neither may keep the process alive once the session has ended: the sender may be blocked on
        // stdin for ever, and the receiver on a socket that is about to close.
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The process is ending, on Ctrl-C or SIGTERM, or because {@link #main} returned: once we have joined,
     * leaves the room as {@code /quit} does, unless the session has ended already. A join under way is
     * waited for (at most its own timeout), since the server may have taken us in already. The main thread goes on
     * meanwhile (starting the threads, if it has just joined: the receiver takes the server's answer).
     *
     * @return the status the session ended with, once we have joined; empty before (the process then ends
     *     with the status it has)
     */
    OptionalInt onShutdown() {
        InRoom joined;
        try {
            joined = inRoom.awaitSettled().orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
        if (joined == null) {
            return OptionalInt.empty();
        }
        if (!joined.session().hasEnded()) {
            joined.sender().leave(); // ends the session: answered, or given up on after a short wait
        }
        try {
            return OptionalInt.of(joined.session().awaitEnd().code());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(ExitStatus.OK.code()); // we left: what else could it end with
        }
    }

    /** The shutdown hook: leaves the room if we are in one, closes the log after its last line, and ends. */
    private void endProcess() {
        OptionalInt status = onShutdown();
        Console open = console;
        if (open != null) {
            try {
                open.close(); // the terminal as it was before the editor, even on SIGTERM during a read
            } catch (RuntimeException e) {
                Logger.debug("closing the console as the process ends: {}", e.toString());
            }
        }
        closeLog();
        // A signal would make the JVM end with 128+signal; we left in order, so it ends as /quit does.
        status.ifPresent(Runtime.getRuntime()::halt);
    }

    /**
     * Closes the log's writers, last of all. tinylog's own shutdown hook is off ({@code autoshutdown = false}
     * in {@code tinylog.properties}): it would close them while our hook still logs the leave.
     */
    private static void closeLog() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
