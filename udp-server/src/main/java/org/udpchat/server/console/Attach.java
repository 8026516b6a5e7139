package org.udpchat.server.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import org.udpchat.server.Texts;

/**
 * {@code java -jar udp-server.jar --attach PATH}: an operator's console on a server already running, through
 * its {@link ControlSocket}. At a terminal it is the line editor the server's own console has (a prompt,
 * history for this session, Tab for the commands and, asked of the server, the names: {@link RemoteChoices}),
 * with what the server says printed above the prompt;
 * piped, it sends the lines it reads and prints what comes back, so it can be scripted: {@code printf
 * '/list\n' | java -jar udp-server.jar --attach PATH} prints the member list and ends.
 *
 * <p>Detaching never stops the server: the end of input (Ctrl-D, or the end of a pipe) and Ctrl-C both
 * detach. {@code /quit} does stop it, for everyone, once the operator has answered the server's question
 * with {@code yes} (a script sends {@code /quit} and then {@code yes}).
 *
 * <p>It talks only to a server of this user's or root's: the socket's path must be theirs alone ({@link
 * SocketPlace}), and the process that answers must run as one of them ({@code SO_PEERCRED}), else what the
 * operator types (a {@code yes} to {@code /quit}, say) could go to another user's program.
 *
 * <p>Threads: the calling (main) thread prints what the server sends until the server ends the connection;
 * the thread {@code attach-input} reads the operator's lines and sends them, and on the end of input ends
 * its side of the connection, upon which the server ends the console and then its side.
 */
final class Attach {

    private Attach() {}

    /** Attaches to the server at {@code socket} until one side ends; the exit status. */
    static int run(
            Path socket,
            Texts texts,
            BufferedReader stdin,
            PrintStream out,
            PrintStream err,
            boolean interactive,
            ServerMain.Editors editors) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            err.println("udp-server: --attach: " + noSocket(socket));
            return ServerMain.EXIT_FAILURE;
        }
        int ownUid = SocketPlace.ownUid();
        Path checked;
        try {
            checked = SocketPlace.checkForAttach(socket, ownUid);
        } catch (SocketPlace.UnsafePlaceException e) {
            err.println("udp-server: --attach: " + e.getMessage());
            return ServerMain.EXIT_FAILURE;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(checked));
        } catch (IOException e) {
            err.println("udp-server: --attach: " + whyNot(socket, e));
            return ServerMain.EXIT_FAILURE;
        }
        Optional<String> stranger = stranger(channel, ownUid);
        if (stranger.isPresent()) {
            closeQuietly(channel);
            err.println("udp-server: --attach: " + stranger.get());
            return ServerMain.EXIT_FAILURE;
        }
        PrintStream toServer = new PrintStream(UnixStreams.output(channel), true, StandardCharsets.UTF_8);
        RemoteChoices choices = new RemoteChoices(toServer);
        Optional<LineEditor> editor = interactive
                ? editors.open(texts.get("console.editorPrompt"), Optional.empty(), new ConsoleCompleter(choices))
                : Optional.empty();
        PrintStream screen = editor.map(opened -> opened.screen(out)).orElse(out);
        if (interactive) {
            screen.println(texts.get("console.attached", socket, System.getProperty("user.name", "?")));
        }
        ConsoleInput input = editor.isPresent()
                ? editor.get()
                : new PipedLines(stdin, out, interactive ? Optional.of(texts.get("console.prompt")) : Optional.empty());
        Thread sender = new Thread(() -> send(input, toServer, channel), "attach-input");
        sender.setDaemon(true); // a blocking read of stdin cannot be interrupted: the end must not wait for it
        sender.start();
        try (BufferedReader fromServer =
                new BufferedReader(new InputStreamReader(UnixStreams.input(channel), StandardCharsets.UTF_8))) {
            for (String line = fromServer.readLine(); line != null; line = fromServer.readLine()) {
                if (!choices.offer(line)) {
                    screen.println(line);
                }
            }
        } catch (IOException e) {
            // the connection broke: the server is gone, as if it had ended the console
        } finally {
            screen.flush();
            editor.ifPresent(LineEditor::close);
        }
        return ServerMain.EXIT_OK;
    }

    /** The operator's lines to the server, until the end of input (or Ctrl-C), then the end of our side. */
    private static void send(ConsoleInput input, PrintStream toServer, SocketChannel channel) {
        try {
            for (ConsoleInput.Entry entry = input.next();
                    entry instanceof ConsoleInput.Line line;
                    entry = input.next()) {
                toServer.println(line.text());
                if (toServer.checkError()) {
                    return; // the server has hung up
                }
            }
        } catch (IOException e) {
            // the terminal was closed under us: the server ended the console
        } finally {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // already closed: nothing to end
            }
        }
    }

    /**
     * Why the process at the other end is not to be trusted with what the operator types, if it is not: it
     * must run as this user or as root (the kernel says who, as the server is told who attached).
     */
    private static Optional<String> stranger(SocketChannel channel, int ownUid) {
        UserPrincipal server;
        try {
            server = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot tell which user the server runs as (" + e.getMessage() + "): not attaching");
        }
        if (SocketPlace.isOwnOrRoot(server, ownUid)) {
            // the server lets in its own user and root only: say so here, rather than greet and be hung up on
            return SocketPlace.wouldBeRefusedBy(server, ownUid)
                    ? Optional.of("the server at this socket runs as " + server.getName()
                            + ", and lets only its own user and root attach: run this as " + server.getName())
                    : Optional.empty();
        }
        String trusted = ownUid == 0 ? "root" : "you (" + SocketPlace.ownName(ownUid) + ") or root";
        return Optional.of("the server at this socket runs as " + server.getName() + ", not as " + trusted
                + ": not attaching (it could be posing as yours; check the path)");
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was said on it: nothing to end
        }
    }

    private static String noSocket(Path socket) {
        return "no server's control socket at " + socket + ": is the server running, with this --control-socket"
                + " (by default one for its --port and --state-dir)?";
    }

    private static String whyNot(Path socket, IOException e) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return noSocket(socket);
        }
        if (e instanceof ConnectException) {
            return "nothing answers at " + socket + ": the server that made it is no longer running";
        }
        return "cannot attach to " + socket + ": " + e.getMessage()
                + " (only the user the server runs as may attach: run this as that user)";
    }
}
