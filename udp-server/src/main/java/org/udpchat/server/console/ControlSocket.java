package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * directory is made 0700 before the socket is bound in it, and a directory others may enter is refused. Who
 * attaches is known from the socket itself ({@code SO_PEERCRED}): every line an operator types is logged with
 * their user name.
 *
 * <p>The wire, each way, is lines of UTF-8 text ended by {@code \n}. From the operator: what they typed, a
 * line each, as the console on stdin reads it. To the operator: what that console prints (answers, watched
 * lines, the server's notes), a line each. No prompt crosses: the attaching side shows its own. The operator
 * ends their side (end of input) to detach; the server ends its side when their console has ended ({@code
 * /quit}, their end of input) or the room has closed.
 *
 * <p>Life: {@link #open} binds the socket; the thread {@code control-socket} accepts operators until {@link
 * #close}; each operator's console runs on a thread of its own, {@code operator-N}, and asks the relay
 * through {@link ChatServer} as the local console does. {@link #close} (once the room has closed) stops
 * accepting, removes the socket's file, tells each attached operator and ends their connections.
 */
final class ControlSocket implements AutoCloseable {

    /** The file's name in the default directory: one socket per port, so servers on different ports coexist. */
    static String defaultName(int port) {
        return "udp-chat-" + port + ".sock";
    }

    /** How long the end waits for the attached consoles to take their last line. */
    private static final Duration FAREWELL_WAIT = Duration.ofSeconds(1);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final ServerSocketChannel channel;
    private final Texts texts;
    private final ChatServer server;
    private final Thread acceptor;
    private final AtomicInteger attachments = new AtomicInteger();
    private final CopyOnWriteArrayList<Attached> attached = new CopyOnWriteArrayList<>();

    /** An operator's connection and what prints to it. */
    private record Attached(SocketChannel channel, PrintStream out) {}

    private ControlSocket(Path path, ServerSocketChannel channel, Texts texts, ChatServer server) {
        this.path = path;
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
     * Binds the socket at {@code path} (its directory made 0700 first if missing), replacing a socket that a
     * server no longer running left there, and starts accepting operators.
     *
     * @throws ControlSocketException if another server listens there, the path is not a socket, or its
     *     directory is open to other users or cannot be made
     */
    static ControlSocket open(Path path, Texts texts, ChatServer server) throws ControlSocketException {
        Path absolute = path.toAbsolutePath();
        privateDirectory(absolute.getParent());
        replaceIfStale(absolute);
        ServerSocketChannel channel;
        try {
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ControlSocketException(
                    "cannot open a Unix domain socket here: " + e.getMessage() + " (give --control-socket none)");
        }
        try {
            channel.bind(UnixDomainSocketAddress.of(absolute));
            // The directory already keeps others out; the socket itself says so too, whatever the umask.
            Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new ControlSocketException("cannot listen on the control socket " + absolute + ": " + e
                    + " (a path of at most about 100 bytes, in a directory of your own)");
        }
        ControlSocket socket = new ControlSocket(absolute, channel, texts, server);
        socket.acceptor.start();
        Logger.info("operators attach at {} (java -jar udp-server.jar --attach {})", absolute, absolute);
        return socket;
    }

    Path path() {
        return path;
    }

    /**
     * Makes {@code directory} (0700, with its missing parents) or checks that it is the server user's alone:
     * a socket in a directory that others may enter could be reached, or replaced, by them.
     */
    private static void privateDirectory(Path directory) throws ControlSocketException {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            throw new ControlSocketException(
                    "the control socket's directory " + directory + " is a file (give --control-socket another path)");
        } catch (IOException | UnsupportedOperationException e) {
            throw new ControlSocketException("cannot make the control socket's directory " + directory + ": " + e
                    + " (give --control-socket another path, or none)");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
            others.removeAll(OWNER_ONLY);
            String owner = Files.getOwner(directory).getName();
            String user = System.getProperty("user.name");
            if (!others.isEmpty() || !owner.equals(user)) {
                throw new ControlSocketException("the control socket's directory " + directory + " is "
                        + PosixFilePermissions.toString(permissions) + " and " + owner + "'s: others could reach the"
                        + " console there; give --control-socket a path in a directory of " + user + "'s alone"
                        + " (chmod 700 it), or none");
            }
        } catch (IOException e) {
            throw new ControlSocketException("cannot check the control socket's directory " + directory + ": " + e);
        }
    }

    /**
     * A socket file left by a server that was killed is removed (nothing answers it); a socket that answers
     * is another server's, and anything else is not ours to remove.
     */
    private static void replaceIfStale(Path path) throws ControlSocketException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return; // nothing there
        }
        if (!attributes.isOther()) {
            throw new ControlSocketException(
                    path + " exists and is not a socket; not replacing it (give --control-socket another path)");
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
                Files.delete(path);
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
                int number = attachments.incrementAndGet();
                String user = peer(connection);
                Thread console = new Thread(() -> serve(connection, user, number), "operator-" + number);
                console.setDaemon(true); // as the local console: it must not keep a closed server alive
                console.start();
            }
        } catch (ClosedChannelException e) {
            // closed: no more operators
        } catch (IOException e) {
            Logger.warn("the control socket failed ({}); no more operators can attach", e.getMessage());
        }
    }

    /** The local user name of the process at the other end, as the kernel tells it. */
    private static String peer(SocketChannel connection) {
        try {
            UnixDomainPrincipal principal = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "(unknown user: " + e.getMessage() + ")";
        }
    }

    private void serve(SocketChannel connection, String user, int number) {
        PrintStream out = new PrintStream(UnixStreams.output(connection), true, StandardCharsets.UTF_8);
        Attached operator = new Attached(connection, out);
        attached.add(operator);
        String name = user + " (attached, console " + number + ")";
        Logger.info("operator {} attached", name);
        try {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(UnixStreams.input(connection), StandardCharsets.UTF_8));
            new AdminConsole(
                            new PipedLines(in, out, Optional.empty()),
                            out,
                            texts,
                            server,
                            InstantSource.system(),
                            new AdminConsole.Operator(name, true))
                    .run();
        } finally {
            attached.remove(operator);
            closeQuietly(connection);
        }
    }

    /**
     * A note for every attached operator (the local console has its own). Written on a thread of its own:
     * the caller (the state writer, for one) must not wait for an operator who stopped reading.
     */
    void tellAll(String line) {
        Thread note = new Thread(
                () -> {
                    for (Attached operator : attached) {
                        operator.out().println(line);
                    }
                },
                "operator-note");
        note.setDaemon(true);
        note.start();
    }

    /** Stops accepting, removes the socket's file, tells every attached operator and hangs up. */
    @Override
    public void close() {
        closeQuietly(channel);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            Logger.warn("could not remove the control socket {}: {}", path, e.getMessage());
        }
        // The farewell is written on a thread of its own, waited for briefly: an operator who stopped reading
        // must not hold up the end; closing the connections then ends any write still waiting.
        Thread farewell = new Thread(
                () -> {
                    for (Attached operator : attached) {
                        operator.out().println(texts.get("console.roomClosed"));
                    }
                },
                "operator-farewell");
        farewell.setDaemon(true);
        farewell.start();
        try {
            farewell.join(FAREWELL_WAIT.toMillis());
            acceptor.join(FAREWELL_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Attached operator : attached) {
            closeQuietly(operator.channel());
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
