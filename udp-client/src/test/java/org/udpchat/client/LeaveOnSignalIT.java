package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.Keyboard;
import org.udpchat.server.KickOutcome;
import org.udpchat.server.MemberInfo;
import org.udpchat.server.Peer;
import org.udpchat.server.ServerConfig;

/**
 * Ctrl-C or SIGTERM at the worst moment, played by calling the client's shutdown hook
 * ({@link ClientMain#onShutdown}, which a real signal runs on the JVM's {@code shutdown} thread) from a
 * thread of its own while the main thread is held where the signal lands: printing the joined line, before
 * the sender and receiver start. The main thread goes on once the server has let the member go, or after
 * {@link Peer#DEADLINE}, when a hook that found nothing to leave is caught by the assertions.
 */
@Timeout(60)
class LeaveOnSignalIT {

    private ChatServer server;
    private final Keyboard keyboard = new Keyboard();
    private final CapturedOutput screen = new CapturedOutput();
    private final CapturedOutput complaints = new CapturedOutput();

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stopAll() {
        keyboard.endOfInput();
        server.close();
    }

    private List<String> args(String name, String... more) {
        List<String> args = new ArrayList<>(
                List.of("--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", name, "--lang", "en"));
        args.addAll(List.of(more));
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "--legacy"})
    void aSignalWhileTheJoinedLineIsShownLeavesTheRoomAndEndsWith0(String protocol) throws Exception {
        AtomicReference<ClientMain> program = new AtomicReference<>();
        CompletableFuture<OptionalInt> hook = new CompletableFuture<>();
        PrintStream signalledAtTheJoinedLine = new PrintStream(screen, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                if (line.startsWith("You are in") && !hook.isDone()) {
                    CompletableFuture.runAsync(() -> hook.complete(program.get().onShutdown()));
                    awaitGone("bob");
                }
                super.println(line);
            }
        };
        program.set(new ClientMain(
                        keyboard.reader(),
                        signalledAtTheJoinedLine,
                        new PrintStream(complaints, true, StandardCharsets.UTF_8),
                        false)
                .knowing(FreshKnownServers.make()));
        List<String> args = protocol.equals("native") ? args("bob") : args("bob", protocol);

        CompletableFuture<Integer> status =
                CompletableFuture.supplyAsync(() -> program.get().run(args.toArray(new String[0])));

        assertEquals(
                OptionalInt.of(ExitStatus.OK.code()),
                hook.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(
                ExitStatus.OK.code(),
                status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
                complaints.text());
        assertEquals(List.of(), memberNames(), "the server has the leave");
        assertTrue(screen.text().startsWith("You are in"), screen.text());
    }

    /**
     * The server has taken bob in and its answer is on the way back (held by a proxy) when the signal
     * comes: the hook must wait for the join to settle and leave, not end the process with the name taken.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"native", "--legacy"})
    void aSignalWhileTheServersWelcomeIsOnTheWayLeavesTheRoom(String protocol) throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(server.localAddress(), 1)) {
            proxy.holdToClient = protocol.equals("native") ? LeaveOnSignalIT::isWelcome : bytes -> true;
            ClientMain program = new ClientMain(
                            keyboard.reader(), screen.printStream(), complaints.printStream(), false)
                    .knowing(FreshKnownServers.make());
            List<String> args = new ArrayList<>(
                    List.of("--server", "127.0.0.1:" + proxy.address().getPort(), "--name", "bob", "--lang", "en"));
            if (!protocol.equals("native")) {
                args.add(protocol);
            }
            CompletableFuture<Integer> status =
                    CompletableFuture.supplyAsync(() -> program.run(args.toArray(new String[0])));
            proxy.awaitHeld(Peer.DEADLINE);
            assertEquals(List.of("bob"), memberNames(), "the server has taken bob in");

            CompletableFuture<OptionalInt> hook = new CompletableFuture<>();
            Thread signal = new Thread(() -> hook.complete(program.onShutdown()), "shutdown");
            signal.start();
            awaitWaitingOrDone(signal, hook);
            proxy.releaseHeld();

            assertEquals(
                    OptionalInt.of(ExitStatus.OK.code()),
                    hook.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
                    "the hook left the room it found joining");
            assertEquals(
                    ExitStatus.OK.code(),
                    status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
                    complaints.text());
            assertEquals(List.of(), memberNames(), "the server has the leave");
        }
    }

    /**
     * Whether the server's datagram is the WELCOME: sealed, so the proxy cannot read it, but the first thing a
     * session seals (its counter 0) is its WELCOME.
     */
    private static boolean isWelcome(byte[] datagram) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        return SealedDatagram.isFromServer(buffer) && SealedDatagram.counter(buffer) == 0;
    }

    /**
     * Waits up to {@link Peer#DEADLINE} until the hook thread either waits (for the join to settle) or has
     * finished (it found nothing to wait for): only then may the held welcome go on, or the test could not
     * tell a hook that waits from one that came too late to matter.
     */
    private static void awaitWaitingOrDone(Thread hookThread, CompletableFuture<?> hook) throws InterruptedException {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        while (!hook.isDone()
                && hookThread.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL.toMillis());
        }
    }

    @Test
    void aSignalAfterAKickEndsWithTheKicksStatus() throws Exception {
        ClientMain program = new ClientMain(keyboard.reader(), screen.printStream(), complaints.printStream(), false)
                .knowing(FreshKnownServers.make());
        CompletableFuture<Integer> status =
                CompletableFuture.supplyAsync(() -> program.run(args("bob").toArray(new String[0])));
        screen.awaitLine("You are in room lobby");
        assertEquals(KickOutcome.KICKED, server.kick("bob", "spam"));
        assertEquals(
                ExitStatus.KICKED.code(), status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS));

        assertEquals(OptionalInt.of(ExitStatus.KICKED.code()), program.onShutdown());
    }

    @Test
    void aSignalBeforeJoiningLeavesTheStatusToTheProcess() {
        ClientMain program = new ClientMain(keyboard.reader(), screen.printStream(), complaints.printStream(), false)
                .knowing(FreshKnownServers.make());

        assertEquals(OptionalInt.empty(), program.onShutdown(), "128 + the signal: interrupted, not in a room");
    }

    /** Waits up to {@link Peer#DEADLINE} for the server to let {@code name} go; returns either way. */
    private void awaitGone(String name) {
        long deadline = System.nanoTime() + Peer.DEADLINE.toNanos();
        try {
            while (memberNames().contains(name) && System.nanoTime() - deadline < 0) {
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final Duration POLL = Duration.ofMillis(10);

    private List<String> memberNames() throws ChatServer.UnansweredException {
        return server.members().stream().map(MemberInfo::name).toList();
    }
}
