package org.udpchat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.tinylog.provider.ProviderRegistry;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ServerPacket;

/**
 * {@code java -jar udp-client.jar [options]}: joins the room under a name, then runs the two client
 * threads (a {@link Sender} for what the user types, a receiver for what arrives) until the
 * session ends. Only {@link #main} exits the process; {@link #run} returns the exit status.
 */
public final class ClientMain {

    private final BufferedReader in;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;
    /**
     * The room we are in, once joined: set before the joined line is shown, and watched while a join is
     * under way, so that a signal from the moment the server may have taken us in finds a session to leave.
     */
    private final JoinWatch<InRoom> inRoom = new JoinWatch<>();

    /** A membership and the way its user leaves it. */
    private record InRoom(ChatSession session, Sender sender) {}

    /** The session once joined, or null: for a test's diagnosis when something stalls. */
    ChatSession activeSession() {
        return inRoom.now().map(InRoom::session).orElse(null);
    }

    public ClientMain(BufferedReader in, PrintStream out, PrintStream err, boolean interactive) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        Terminal.useUtf8();
        ClientMain program = new ClientMain(Terminal.stdin(), System.out, System.err, Terminal.isInteractive());
        // Every way the process ends runs this hook: Ctrl-C, SIGTERM, and the System.exit below.
        Runtime.getRuntime().addShutdownHook(new Thread(program::endProcess, "shutdown"));
        System.exit(program.run(Terminal.utf8Arguments(args)));
    }

    /** Runs the client until the session ends; returns the exit status. */
    public int run(String... args) {
        ClientCommandLine.Invocation invocation;
        try {
            invocation = ClientCommandLine.parse(args);
        } catch (ClientCommandLine.UsageException e) {
            err.println("udp-client: " + e.getMessage());
            err.print(ClientCommandLine.help());
            err.flush();
            return ExitStatus.USAGE.code();
        }
        if (invocation instanceof ClientCommandLine.ShowHelp) {
            out.print(ClientCommandLine.help());
            out.flush();
            return ExitStatus.OK.code();
        }
        if (invocation instanceof ClientCommandLine.ShowVersion) {
            String version = ClientMain.class.getPackage().getImplementationVersion();
            out.println("udp-client " + (version == null ? "(development build)" : version));
            return ExitStatus.OK.code();
        }
        ClientConfig config = ((ClientCommandLine.Run) invocation).config();
        try {
            return chat(config, Texts.of(config.language())).code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitStatus.OK.code();
        }
    }

    private ExitStatus chat(ClientConfig config, Texts texts) throws InterruptedException {
        Screen screen = new Screen(out, err);
        InetSocketAddress server;
        try {
            server = new InetSocketAddress(
                    InetAddress.getByName(config.server().host()),
                    config.server().port());
        } catch (UnknownHostException e) {
            screen.warn(texts.get("unknownHost", config.server().host()));
            return ExitStatus.NO_SERVER;
        }
        try (Connection connection = new Connection(server)) {
            if (config.legacy()) {
                Inbox<ServerPacket> packets = connection.classicPackets();
                ClassicSession session = new ClassicSession(connection);
                return joinAndChat(
                        name -> session.join(packets, name, config.joinTimeout()),
                        joined -> new ClassicReceiver(packets, joined, screen, texts),
                        config,
                        texts,
                        screen);
            }
            Inbox<NativeServerPacket> packets = connection.nativePackets();
            LongSupplier clock = ClientMain::monotonicMillis;
            Handshake handshake = new Handshake(connection, packets, clock);
            EventWording wording = new EventWording(texts);
            return joinAndChat(
                    name -> {
                        Handshake.Result result =
                                handshake.join(name, config.room().orElse(""), 0, config.joinTimeout());
                        if (result instanceof Handshake.Joined welcome) {
                            return new JoinResult.Joined<>(new NativeSession(connection, welcome, clock));
                        }
                        if (result instanceof Handshake.Refused refused) {
                            return new JoinResult.Refused<>(
                                    wording.refusal(refused.reason(), refused.limit(), refused.subject()),
                                    refused.reason().remedy() == RefusalReason.Remedy.ANOTHER_NAME);
                        }
                        return new JoinResult.NoAnswer<>();
                    },
                    joined -> new NativeReceiver(packets, handshake, joined, screen, texts),
                    config,
                    texts,
                    screen);
        } catch (IOException e) {
            screen.warn(texts.get("networkError", config.server(), e.getMessage()));
            return ExitStatus.NO_SERVER;
        }
    }

    /** One attempt to join under a name, in one protocol. */
    private interface JoinAttempt<S extends ChatSession> {
        JoinResult<S> join(String name) throws IOException;
    }

    /**
     * Joins, then runs the session: a {@code receiver} for what arrives (on the thread of that name), a
     * {@link Sender} for what the user types, until the session ends.
     */
    private <S extends ChatSession> ExitStatus joinAndChat(
            JoinAttempt<S> attempt, Function<S, Runnable> receiver, ClientConfig config, Texts texts, Screen screen)
            throws IOException, InterruptedException {
        JoinResult<S> result = join(attempt, config, texts, screen);
        if (result instanceof JoinResult.NoAnswer) {
            screen.warn(
                    texts.get("noServer", config.server(), config.joinTimeout().toSeconds()));
            return ExitStatus.NO_SERVER;
        }
        if (!(result instanceof JoinResult.Joined<S> joined)) {
            return ExitStatus.USAGE; // refused, and told why
        }
        S session = joined.session();
        Sender sender = new Sender(in, session, screen, texts);
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
            JoinAttempt<S> attempt, ClientConfig config, Texts texts, Screen screen) throws IOException {
        EventWording wording = new EventWording(texts);
        Optional<String> given = config.name();
        while (true) {
            Optional<String> name = given.isPresent() ? given : askName(screen, texts);
            given = Optional.empty();
            if (name.isEmpty()) {
                screen.warn(texts.get("noName"));
                return new JoinResult.Refused<>(texts.get("noName"), false);
            }
            Optional<Names.Problem> problem = Names.check(name.get());
            JoinResult<S> result = problem.isPresent()
                    // a name no server takes: no need to ask one
                    ? new JoinResult.Refused<>(wording.refusal(RefusalReason.of(problem.get()), 0), true)
                    : watchedJoin(attempt, name.get(), config);
            if (!(result instanceof JoinResult.Refused<S> refused)) {
                return result;
            }
            screen.warn(texts.get("refused", refused.reason()));
            if (!refused.anotherNameMayDo() || !interactive) {
                return refused; // a ban, a full server, a bad --room; or nobody to ask again
            }
        }
    }

    /**
     * One attempt, watched by {@link #inRoom} from before the first datagram: once the server has it, it may
     * take us in at any moment. A success stays "joining" until {@link #joinAndChat} records the membership.
     */
    private <S extends ChatSession> JoinResult<S> watchedJoin(JoinAttempt<S> attempt, String name, ClientConfig config)
            throws IOException {
        inRoom.joining(config.joinTimeout());
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

    /** With a console, asks; without one, the first input line is the name, as in the classic client. */
    private Optional<String> askName(Screen screen, Texts texts) throws IOException {
        if (interactive) {
            screen.prompt(texts.get("namePrompt"));
        }
        String line = in.readLine();
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
