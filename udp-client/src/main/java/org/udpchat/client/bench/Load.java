package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurement against a running relay: {@code members} classic clients join, then {@code senders}
 * of them each send {@code messages} chats, never more than {@code window} of their own in flight (sent
 * but not yet seen relayed back), so the relay is kept busy without overflowing anyone's socket buffer.
 * Every member counts what it receives; the run ends when every delivery has arrived, or when nothing has
 * arrived for {@link #STALL} (then the missing deliveries are reported as lost).
 *
 * <p>All members live on one thread in one selector: the load program must not need more cores than the
 * relay it measures.
 */
final class Load implements AutoCloseable {

    /** Silence this long means the rest is lost. */
    static final Duration STALL = Duration.ofSeconds(3);

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
    private final int members;

    /** The outcome of one timed phase. */
    record Result(long deliveries, long expected, Duration elapsed) {
        double perSecond() {
            return deliveries / (elapsed.toNanos() / 1e9);
        }

        long lost() {
            return expected - deliveries;
        }
    }

    Load(InetSocketAddress relay, int members) throws IOException {
        this.members = members;
        this.selector = Selector.open();
        for (int i = 0; i < members; i++) {
            DatagramChannel channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.connect(relay);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, i);
            channels.add(channel);
        }
    }

    /** Joins every member as {@code m0}, {@code m1}, … and drains the join notices. */
    void joinAll() throws IOException {
        for (int i = 0; i < members; i++) {
            DatagramChannel channel = channels.get(i);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            boolean joined = false;
            while (!joined) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("member m" + i + " got no OK: is the relay running?");
                }
                send(channel, "L m" + i);
                joined = awaitOk(channel, Duration.ofMillis(200));
            }
        }
        drain(Duration.ofMillis(300));
    }

    /**
     * Each of the first {@code senders} members sends {@code messages} chats, at most {@code window} of
     * its own unacknowledged at once; returns what arrived and how long it took.
     */
    Result run(int senders, int messages, int window) throws IOException {
        int[] sent = new int[senders];
        int[] echoed = new int[senders];
        byte[][] ownPrefix = new byte[senders][];
        for (int s = 0; s < senders; s++) {
            ownPrefix[s] = ("m" + s + " : ").getBytes(StandardCharsets.UTF_8);
        }
        long expected = (long) senders * messages * members;
        long deliveries = 0;
        long start = System.nanoTime();
        long lastArrival = start;
        for (int s = 0; s < senders; s++) {
            while (sent[s] < Math.min(window, messages)) {
                send(channels.get(s), "C m" + s + " " + sent[s]++);
            }
        }
        while (deliveries < expected && System.nanoTime() - lastArrival < STALL.toNanos()) {
            if (selector.select(100) == 0) {
                continue;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                int member = (Integer) key.attachment();
                DatagramChannel channel = (DatagramChannel) key.channel();
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    deliveries++;
                    buffer.flip();
                    if (member < senders && startsWith(buffer, ownPrefix[member])) {
                        echoed[member]++;
                        if (sent[member] < messages) {
                            send(channel, "C m" + member + " " + sent[member]++);
                        }
                    }
                    buffer.clear();
                }
            }
            selector.selectedKeys().clear();
            lastArrival = System.nanoTime();
        }
        long end = deliveries == expected ? System.nanoTime() : lastArrival;
        return new Result(deliveries, expected, Duration.ofNanos(end - start));
    }

    private boolean awaitOk(DatagramChannel channel, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            buffer.clear();
            if (channel.receive(buffer) != null) {
                buffer.flip();
                if (StandardCharsets.UTF_8.decode(buffer).toString().equals("OK")) {
                    return true;
                }
            } else {
                Thread.onSpinWait();
            }
        }
        return false;
    }

    /** Reads and discards whatever arrives until nothing has for {@code quiet}. */
    private void drain(Duration quiet) throws IOException {
        while (selector.select(quiet.toMillis()) > 0) {
            for (SelectionKey key : selector.selectedKeys()) {
                buffer.clear();
                while (((DatagramChannel) key.channel()).receive(buffer) != null) {
                    buffer.clear();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private static boolean startsWith(ByteBuffer datagram, byte[] prefix) {
        if (datagram.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (datagram.get(datagram.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static void send(DatagramChannel channel, String text) throws IOException {
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}
