package org.udpchat.server;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A real server on loopback whose clock the test moves ({@link SettableClock}), and the raw peers the
 * test opens against it, all closed together: open native sessions quit first, so that the closing need
 * not wait for acknowledgements that will never come, then the clock jumps past the lingering of kicked
 * sessions.
 */
public final class ServerUnderTest implements AutoCloseable {

    private static final long POLL_NANOS = Duration.ofMillis(1).toNanos();

    private final SettableClock clock = new SettableClock();
    private final List<NativePeer> nativePeers = new ArrayList<>();
    private final List<Peer> classicPeers = new ArrayList<>();
    private ChatServer server;

    public ServerUnderTest(ServerConfig config) throws IOException {
        server = ChatServer.start(config, clock);
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
        server = ChatServer.start(config, clock);
        return server;
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
