package org.udpchat.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.RoomEvent;

/**
 * A real server on loopback whose clock the test moves ({@link SettableClock}), and the raw peers the
 * test opens against it, all closed together: open native sessions quit first, so that the closing need
 * not wait for acknowledgements that will never come, then the clock jumps past the lingering of kicked
 * sessions.
 *
 * <p>A test class holds one in a {@link RegisterExtension} field, which JUnit fills anew for every test
 * and closes after it.
 */
public final class ServerUnderTest implements AfterEachCallback, AutoCloseable {

    /** How often {@link #awaitStats} asks the relay: often enough to be quick, rarely enough not to load it. */
    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final SettableClock clock = new SettableClock();
    private final List<NativePeer> nativePeers = new ArrayList<>();
    private final List<Peer> classicPeers = new ArrayList<>();
    private final List<String> operatorLines = new CopyOnWriteArrayList<>();
    private ChatServer server;

    /** Starts a server as {@code config} says; fails the test when it cannot. */
    public ServerUnderTest(ServerConfig config) {
        try {
            server = start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server under test", e);
        }
    }

    public ChatServer server() {
        return server;
    }

    /** The server's clock, which the test moves. */
    public SettableClock clock() {
        return clock;
    }

    /** Stops the server and starts another with {@code config} (and the same clock). */
    public ChatServer restart(ServerConfig config) throws IOException {
        server.close();
        server = start(config);
        return server;
    }

    /**
     * A server on {@link #clock}, for its timers and for the terms of its bans and mutes alike, so that
     * moving it on ends them; what it would tell the operator is remembered ({@link #operatorLines}).
     */
    private ChatServer start(ServerConfig config) throws IOException {
        return ChatServer.start(config, clock, clock, operatorLines::add);
    }

    /** What the server has told its operator from behind the scenes (a failed write of the bans). */
    public List<String> operatorLines() {
        return List.copyOf(operatorLines);
    }

    public NativePeer nativePeer() throws IOException {
        return remember(new NativePeer(server.localAddress()));
    }

    /** A native peer whose socket is bound to {@code local}, another loopback address. */
    public NativePeer nativePeerAt(InetAddress local) throws IOException {
        return remember(new NativePeer(local, server.localAddress()));
    }

    public Peer classicPeer() throws IOException {
        Peer peer = new Peer(server.localAddress());
        classicPeers.add(peer);
        return peer;
    }

    private NativePeer remember(NativePeer peer) {
        nativePeers.add(peer);
        return peer;
    }

    /** The members most room tests start with: a room of both protocols, and another room. */
    public record LobbyAndGames(NativePeer alice, Peer carol, NativePeer gina) {}

    /**
     * Alice (native) and carol (classic) join the lobby, and alice takes the event that carol joined; then
     * gina (native) joins {@code games}, which no one else hears of.
     */
    public LobbyAndGames lobbyAndGames() throws IOException {
        NativePeer alice = nativePeer().join("alice");
        Peer carol = classicPeer().join("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        NativePeer gina = nativePeer().join("gina", "games");
        return new LobbyAndGames(alice, carol, gina);
    }

    /** The member called {@code name}; fails the test when there is none. */
    public MemberInfo member(String name) throws ChatServer.UnansweredException {
        return server.members().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not a member"));
    }

    /** The members' names, in joining order. */
    public List<String> names() throws ChatServer.UnansweredException {
        return server.members().stream().map(MemberInfo::name).toList();
    }

    /** Waits, up to {@link NativePeer#DEADLINE}, for the server's counters to meet {@code condition}. */
    public RelayStats awaitStats(Predicate<RelayStats> condition, String what) throws Exception {
        long deadline = System.nanoTime() + NativePeer.DEADLINE.toNanos();
        RelayStats stats;
        while (!condition.test(stats = server.stats())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + NativePeer.DEADLINE + ": " + what + "; " + stats);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return stats;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        if (!server.isStopped()) {
            long before = server.stats().datagramsIn();
            int quits = 0;
            for (NativePeer peer : nativePeers) {
                if (peer.token() != 0) {
                    peer.quit();
                    quits++;
                }
            }
            long expected = before + quits;
            awaitStats(stats -> stats.datagramsIn() >= expected, "the server read the quits");
            clock.advance(Duration.ofMillis(NativeProtocol.LINGER_MILLIS + 1));
        }
        nativePeers.forEach(NativePeer::close);
        classicPeers.forEach(Peer::close);
        server.close();
    }
}
