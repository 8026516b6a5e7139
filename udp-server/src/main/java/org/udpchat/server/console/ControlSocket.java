package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.tinylog.Logger;
import org.udpchat.server.ChatServer;
import org.udpchat.server.Texts;

/**
 * The server's control socket: the Unix domain socket at which operators attach to the running server
 * ({@code java -jar udp-server.jar --attach PATH}), each getting a console of their own, as the one on the
 * server's stdin. Only this machine's processes can reach it, and of those only the server's user: its
 * directory is made 0700 before the socket is bound in it, and a path that others could enter or change is
 * refused ({@link SocketPlace}). Who attaches is known from the socket itself ({@code SO_PEERCRED}): a user
 * other than the server's and root is refused, and every line an operator types is logged with their user
 * name.
 *
 * <p>The wire, each way, is lines of UTF-8 text ended by {@code \n}. From the operator: what they typed, a
 * line each, as the console on stdin reads it. To the operator: what that console prints (answers, watched
 * lines, the server's notes), a line each. No prompt crosses: the attaching side shows its own. The operator
 * ends their side (end of input) to detach; the server ends its side when their console has ended ({@code
 * /quit}, their end of input) or the room has closed.
 *
 * <p>Life: {@link #open} binds the socket; the thread {@code control-socket} accepts operators until {@link
 * #close}; each operator's console runs on a thread of its own, {@code operator-N}, and asks the relay
 * through {@link ChatServer} as the local console does, printing through its {@link OperatorConnection}
 * (whose thread {@code operator-N-out} writes to them). {@link #close} (once the room has closed) stops
 * accepting, removes the socket's file, tells each attached operator, ends their consoles and waits for them.
 */
final class ControlSocket implements AutoCloseable {

    /** The file's name in the default directory: one socket per port, so servers on different ports coexist. */
    static String defaultName(int port) {
        return "udp-chat-" + port + ".sock";
    }

    /** How long the end waits for the attached consoles to take their last line. */
    private static final Duration FAREWELL_WAIT = Duration.ofSeconds(1);

    private final Path path;
    /** The socket's file as bound ({@code fileKey}): what the end removes, and nothing that replaced it. */
    private final Object file;

    private final int ownUid;
    private final ServerSocketChannel channel;
    private final Texts texts;
    private final ChatServer server;
    private final Thread acceptor;
    private final AtomicInteger attachments = new AtomicInteger();
    /** The operators attached: listed when accepted, before their console starts; unlisted when it ends. */
    private final CopyOnWriteArrayList<Attached> attached = new CopyOnWriteArrayList<>();

    /** An operator's connection and the thread of their console. */
    private record Attached(OperatorConnection connection, Thread console) {}

    private ControlSocket(
            Path path, Object file, int ownUid, ServerSocketChannel channel, Texts texts, ChatServer server) {
        this.path = path;
        this.file = file;
        this.ownUid = ownUid;
        this.channel = channel;
        this.texts = texts;
        this.server = server;
        this.acceptor = new Thread(this::accept, "control-socket");
        acceptor.setDaemon(true); // a blocking accept must not keep a closed server alive
    }

    /** A control socket that could not be opened; the message says why and what to do. */
    static final class ControlSocketException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean anotherServers;

        ControlSocketException(String message) {
            this(message, false);
        }

        ControlSocketException(String message, boolean anotherServers) {
            super(message);
            this.anotherServers = anotherServers;
        }

        /** Whether another server listens there: never a place to fall back from quietly. */
        boolean anotherServers() {
            return anotherServers;
        }
    }

    /**
     * Where the control socket of the server on {@code port} is when {@code --control-socket} does not say:
     * in {@code $XDG_RUNTIME_DIR/udp-chat} (the user's own runtime directory, emptied when they log out),
     * else in the state directory, else nowhere.
     */
    static Optional<Path> defaultPath(int port, Optional<Path> stateDirectory, String xdgRuntimeDir) {
        if (xdgRuntimeDir != null
                && !xdgRuntimeDir.isEmpty()
                && Path.of(xdgRuntimeDir).isAbsolute()) {
            return Optional.of(Path.of(xdgRuntimeDir, "udp-chat", defaultName(port)));
        }
        return stateDirectory.map(directory -> directory.resolve(defaultName(port)));
    }

    /**
     * Binds the socket at {@code path} (its missing directories made 0700 first), replacing a socket that a
     * server no longer running left there, and starts accepting operators.
     *
     * @throws ControlSocketException if another server listens there, something else than a socket is there,
     *     or the path is not this user's alone ({@link SocketPlace})
     */
    static ControlSocket open(Path path, Texts texts, ChatServer server) throws ControlSocketException {
        int ownUid = SocketPlace.ownUid();
        Path absolute;
        try {
            absolute = SocketPlace.prepareForServer(path, ownUid);
        } catch (SocketPlace.UnsafePlaceException e) {
            throw new ControlSocketException(e.getMessage());
        }
        replaceIfStale(absolute, ownUid);
        ServerSocketChannel channel;
        try {
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ControlSocketException(
                    "cannot open a Unix domain socket here: " + e.getMessage() + " (give --control-socket none)");
        }
        Object file;
        try {
            channel.bind(UnixDomainSocketAddress.of(absolute));
            // Nobody else may change the directory (checked above), so what is there now is the socket just bound.
            file = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            // The directory already keeps others out; the socket itself says so too, whatever the umask.
            Files.setPosixFilePermissions(absolute, OwnerOnlyFiles.FILE);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ControlSocketException("cannot listen on the control socket " + absolute + ": " + e
                    + " (a path of at most about 100 bytes, in a directory of your own)");
        }
        ControlSocket socket = new ControlSocket(absolute, file, ownUid, channel, texts, server);
        socket.acceptor.start();
        Logger.info("operators attach at {} (java -jar udp-server.jar --attach {})", absolute, absolute);
        return socket;
    }

    Path path() {
        return path;
    }

    /**
     * A socket file left by a server that was killed is removed (nothing answers it); a socket that answers
     * is another server's, and anything else (a file, a FIFO, a device, a link) is not ours to remove.
     */
    private static void replaceIfStale(Path path, int ownUid) throws ControlSocketException {
        Map<String, Object> attributes;
        try {
            Optional<Map<String, Object>> found = SocketPlace.attributes(path);
            if (found.isEmpty()) {
                return;
            }
            attributes = found.get();
        } catch (SocketPlace.UnsafePlaceException e) {
            throw new ControlSocketException(e.getMessage());
        }
        if (!SocketPlace.isSocket(attributes)) {
            throw new ControlSocketException(path + " exists and is " + SocketPlace.kind(attributes)
                    + ", not a socket; not replacing it (remove it yourself, or give --control-socket another path)");
        }
        if (!SocketPlace.isOwnUid(attributes, ownUid)) {
            throw new ControlSocketException(path + " is a socket of " + SocketPlace.owner(path)
                    + "'s; not replacing it (give --control-socket another path)");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            Logger.debug("the control socket {} answers: {}", path, probe.isConnected());
            throw new ControlSocketException(
                    "another server is listening on the control socket " + path
                            + " (attach to it with --attach " + path
                            + "); stop it, or give this one another --control-socket"
                            + " or --port",
                    true);
        } catch (ConnectException refused) {
            try {
                Files.delete(path); // unlink: the socket's own name, in a directory nobody else may change
                Logger.info("removed the control socket {} that a server no longer running left", path);
            } catch (IOException e) {
                throw new ControlSocketException("cannot remove the stale control socket " + path + ": " + e);
            }
        } catch (IOException e) {
            throw new ControlSocketException("cannot tell whether a server is listening on " + path + ": " + e);
        }
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel connection = channel.accept();
                UserPrincipal user = peer(connection);
                if (user == null || !SocketPlace.isOwnOrRoot(user, ownUid)) {
                    refuse(connection, user);
                    continue;
                }
                int number = attachments.incrementAndGet();
                String name = user.getName() + " (attached, console " + number + ")";
                OperatorConnection operator = new OperatorConnection(connection, name, "operator-" + number + "-out");
                Thread console = new Thread(() -> serve(operator, name), "operator-" + number);
                console.setDaemon(true); // as the local console: it must not keep a closed server alive
                // Listed before it starts, so that close() (which waits for this thread first) finds it.
                attached.add(new Attached(operator, console));
                console.start();
            }
        } catch (ClosedChannelException e) {
            // closed: no more operators
        } catch (IOException e) {
            Logger.warn("the control socket failed ({}); no more operators can attach", e.getMessage());
        }
    }

    /** The local user at the other end, as the kernel tells it; null when it cannot. */
    private static UserPrincipal peer(SocketChannel connection) {
        try {
            UnixDomainPrincipal principal = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user();
        } catch (IOException | UnsupportedOperationException e) {
            Logger.warn("cannot tell who connected to the control socket: {}", e.getMessage());
            return null;
        }
    }

    /** Another user reached the socket (its directory was opened to them): told why not, and hung up on. */
    private void refuse(SocketChannel connection, UserPrincipal user) {
        String who = user == null ? "an unknown user" : "user " + user.getName();
        String allowed = ownUid == 0 ? "root" : SocketPlace.owner(path) + " (the server's user) and root";
        Logger.warn("refused {} at the control socket: only {} may attach", who, allowed);
        try {
            // A line into a new connection's empty buffer: it does not block.
            connection.write(StandardCharsets.UTF_8.encode(
                    "udp-server: refused: only " + allowed + " may attach to this server, not " + who + "\n"));
        } catch (IOException e) {
            // gone already: nobody to tell
        }
        closeQuietly(connection);
    }

    private void serve(OperatorConnection connection, String name) {
        Logger.info("operator {} attached", name);
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.input(), StandardCharsets.UTF_8));
            new AdminConsole(
                            new PipedLines(in, connection.out(), Optional.empty()),
                            connection.out(),
                            texts,
                            server,
                            InstantSource.system(),
                            new AdminConsole.Operator(name, true))
                    .run();
        } finally {
            if (server.isStopped()) {
                // Last: after what the console printed and what it watched (its feed is drained by now).
                connection.tell(texts.get("console.roomClosed"));
            }
            connection.finish(FAREWELL_WAIT);
            attached.removeIf(operator -> operator.connection() == connection);
        }
    }

    /**
     * A note for every attached operator (the local console has its own), queued for each: the caller (the
     * state writer, for one) never waits for an operator, whether reading or not.
     */
    void tellAll(String line) {
        for (Attached operator : attached) {
            operator.connection().tell(line);
        }
    }

    /**
     * Stops accepting, removes the socket's file, ends every attached operator's console (which tells them
     * the room has closed) and waits for them (briefly: one who stopped reading is hung up on), so that what
     * they log comes before the server's last line.
     */
    @Override
    public void close() {
        closeQuietly(channel);
        long deadline = System.nanoTime() + FAREWELL_WAIT.toNanos();
        join(acceptor, deadline);
        removeFile();
        for (Attached operator : attached) {
            // Their console sees the end of their input, and ends: it tells them the room has closed.
            operator.connection().endInput();
        }
        for (Attached operator : attached) {
            join(operator.console(), deadline);
        }
        // Past the wait, a console still busy is waiting on an operator who does not read: hang up on them,
        // which ends what is blocked on the connection, and give each console a last moment to end.
        long last = System.nanoTime() + FAREWELL_WAIT.toNanos();
        for (Attached operator : attached) {
            operator.connection().hangUp();
        }
        for (Attached operator : attached) {
            join(operator.console(), last);
            if (operator.console().isAlive()) {
                Logger.warn(
                        "operator console {} did not end in time",
                        operator.console().getName());
            }
        }
    }

    /** Removes the socket's file, if it is still the socket this server bound (never what replaced it). */
    private void removeFile() {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!Objects.equals(now.fileKey(), file)) {
                Logger.warn("{} is no longer the control socket this server made: left as it is", path);
                return;
            }
            Files.delete(path);
        } catch (NoSuchFileException e) {
            // removed already
        } catch (IOException e) {
            Logger.warn("could not remove the control socket {}: {}", path, e.getMessage());
        }
    }

    private static void join(Thread thread, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing on the way out: nothing more to do
        }
    }
}
