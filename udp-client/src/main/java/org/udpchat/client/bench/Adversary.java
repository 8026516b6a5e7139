package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;

/**
 * The member the probe measures the others against, in the lobby with them (for the baseline, nobody; for
 * the {@code cpu-hog} control, a busy core and no member). Each runs on its own thread,
 * {@code adversary}: {@link #start} starts it and returns once it has joined (or throws why it could not);
 * it then behaves as its {@link Mode} says until {@link #close}, which stops it, waits for the thread and
 * rethrows what it failed with. Nothing else touches its state; {@link #summary} is read after close.
 *
 * <p>It speaks from 127.0.0.2, not the probe's 127.0.0.1, so that the server's per-address rules see it as
 * a stranger to the probe; a silent member dropped for not keeping up comes back from 127.0.0.3, and so
 * on, since its last address must wait before it may rejoin.
 */
abstract class Adversary implements AutoCloseable {

    /** What the adversary does. */
    enum Mode {
        /** No adversary: the baseline. */
        NONE,
        /** A native member that never acknowledges, and pings every few seconds so it is alive. */
        SILENT,
        /** A native member that takes every event and acknowledges only every 10 s. */
        BURSTY,
        /** A classic member saying {@code C name text} as fast as it can. */
        CLASSIC_FLOOD,
        /** A native member saying chat as fast as its window lets it, acknowledging its events. */
        NATIVE_FLOOD,
        /**
         * No member: a thread that spins on a core and sends nothing. The control for the flooders, which
         * take a core of the probe's machine as well as the server's time.
         */
        CPU_HOG;

        /** As the command line spells it: {@code classic-flood}. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Mode parse(String label) {
            for (Mode mode : values()) {
                if (mode.label().equals(label)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("no adversary is called '" + label
                    + "': none, silent, bursty, classic-flood, native-flood or cpu-hog");
        }
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    final InetSocketAddress server;
    private final CountDownLatch joined = new CountDownLatch(1);
    private Thread thread;
    private volatile boolean stopping;
    private volatile Exception failure;

    Adversary(InetSocketAddress server) {
        this.server = server;
    }

    /** Starts the {@code mode} adversary against {@code server} and waits until it is in the room. */
    static Adversary start(Mode mode, InetSocketAddress server) throws IOException, InterruptedException {
        Adversary adversary =
                switch (mode) {
                    case NONE -> new Absent(server);
                    case SILENT -> new Silent(server);
                    case BURSTY -> new Bursty(server);
                    case CLASSIC_FLOOD -> new ClassicFlood(server);
                    case NATIVE_FLOOD -> new NativeFlood(server);
                    case CPU_HOG -> new CpuHog(server);
                };
        adversary.thread = new Thread(adversary::live, "adversary");
        adversary.thread.setDaemon(true);
        adversary.thread.start();
        adversary.joined.await();
        if (adversary.failure != null) {
            adversary.close();
        }
        return adversary;
    }

    private void live() {
        try {
            join();
            joined.countDown();
            behave();
        } catch (Exception e) {
            failure = e;
        } finally {
            joined.countDown();
            try {
                release();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
    }

    /** Joins the room; on the adversary's thread. */
    abstract void join() throws IOException;

    /** Does what the adversary does until {@link #stopping()}; on the adversary's thread. */
    abstract void behave() throws IOException;

    /** Closes its socket, whether it joined or not; on the adversary's thread, last. */
    abstract void release() throws IOException;

    /** What it did, in a few words: read after {@link #close}. */
    abstract String summary();

    static void closeIfOpen(DatagramChannel channel) throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    final boolean stopping() {
        return stopping;
    }

    /** The address of the adversary's {@code life}-th session, from 1: 127.0.0.2, 127.0.0.3, … */
    static InetAddress address(int life) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + life)});
    }

    @Override
    public void close() throws IOException {
        stopping = true;
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the adversary", e);
        }
        if (thread.isAlive()) {
            throw new IOException("the adversary did not stop within " + STOP_WAIT.toSeconds() + " s");
        }
        if (failure != null) {
            throw new IOException("the adversary failed: " + failure.getMessage(), failure);
        }
    }

    /** The baseline: nobody. */
    private static final class Absent extends Adversary {
        Absent(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() {}

        @Override
        void behave() {}

        @Override
        void release() {}

        @Override
        String summary() {
            return "";
        }
    }

    /**
     * Never acknowledges: its pings carry acknowledgement 0. The server drops it once it has acknowledged
     * nothing for the stall timeout while heard from; it then learns so from an ENDED to its next ping and
     * joins again, from a new address, under a new name, and goes on.
     */
    private static final class Silent extends Adversary {
        private static final long PING_EVERY_MILLIS = 3_000;

        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        private DatagramChannel channel;
        private long token;
        private int sessions;
        private final EnumMap<EndReason, Integer> ends = new EnumMap<>(EndReason.class);

        Silent(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            sessions++;
            channel = ProbeMember.open(server, address(sessions));
            token = ProbeMember.handshake(channel, "silent" + sessions).token();
        }

        @Override
        void behave() throws IOException {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long nextPing = ProbeMember.nowMillis();
                while (!stopping()) {
                    if (ProbeMember.nowMillis() >= nextPing) {
                        ProbeMember.send(channel, buffer, new NativeClientPacket.Ping(token, 0));
                        nextPing += PING_EVERY_MILLIS;
                    }
                    selector.select(100);
                    selector.selectedKeys().clear();
                    EndReason end = readUntilEnded();
                    if (end != null) {
                        ends.merge(end, 1, Integer::sum);
                        channel.close();
                        join();
                        channel.register(selector, SelectionKey.OP_READ);
                        nextPing = ProbeMember.nowMillis();
                    }
                }
            }
        }

        @Override
        void release() throws IOException {
            closeIfOpen(channel);
        }

        /** Reads (and ignores) what waits; why the session ended, if an ENDED was among it. */
        private EndReason readUntilEnded() throws IOException {
            buffer.clear();
            while (channel.receive(buffer) != null) {
                buffer.flip();
                if (ProbeMember.decode(buffer) instanceof NativeServerPacket.Ended end && end.token() == token) {
                    return end.reason();
                }
                buffer.clear();
            }
            return null;
        }

        @Override
        String summary() {
            return String.format(Locale.ROOT, "%d sessions, ended by the server: %s", sessions, ends);
        }
    }

    /** Takes every event in order, and acknowledges them only every 10 s. */
    private static final class Bursty extends Adversary {
        private static final long ACK_EVERY_MILLIS = 10_000;

        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        private DatagramChannel channel;
        private long token;
        private long delivered;
        private int acknowledgements;
        private boolean ended;

        Bursty(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            channel = ProbeMember.open(server, address(1));
            token = ProbeMember.handshake(channel, "bursty").token();
        }

        @Override
        void behave() throws IOException {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long nextAck = ProbeMember.nowMillis() + ACK_EVERY_MILLIS;
                while (!stopping()) {
                    if (ProbeMember.nowMillis() >= nextAck) {
                        ProbeMember.send(channel, buffer, new NativeClientPacket.Ack(token, delivered));
                        acknowledgements++;
                        nextAck += ACK_EVERY_MILLIS;
                    }
                    selector.select(100);
                    selector.selectedKeys().clear();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        buffer.flip();
                        NativeServerPacket packet = ProbeMember.decode(buffer);
                        // in order only; what comes ahead of a gap the server sends again
                        if (packet instanceof NativeServerPacket.Event event
                                && event.token() == token
                                && event.seq() == delivered + 1) {
                            delivered++;
                        }
                        ended |= packet instanceof NativeServerPacket.Ended end && end.token() == token;
                        buffer.clear();
                    }
                }
            }
        }

        @Override
        void release() throws IOException {
            closeIfOpen(channel);
        }

        @Override
        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%d events taken, %d acknowledgements%s",
                    delivered,
                    acknowledgements,
                    ended ? ", ended by the server" : "");
        }
    }

    /** A classic member from 127.0.0.2 saying one line over and over, as fast as the thread can send. */
    private static final class ClassicFlood extends Adversary {
        private static final Duration JOIN_LIMIT = Duration.ofSeconds(5);
        private static final byte[] OK = "OK".getBytes(StandardCharsets.UTF_8);

        private DatagramChannel channel;
        private long sent;

        ClassicFlood(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            channel = ProbeMember.open(server, address(1));
            ByteBuffer answer = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
            long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                channel.write(ByteBuffer.wrap("L flood".getBytes(StandardCharsets.UTF_8)));
                if (Answers.await(channel, answer, Duration.ofMillis(200), bytes -> Answers.startsWith(bytes, OK))) {
                    return;
                }
            }
            throw new IOException("the classic flooder got no OK within " + JOIN_LIMIT.toSeconds() + " s");
        }

        @Override
        void behave() throws IOException {
            ByteBuffer line = ByteBuffer.wrap("C flood flood flood flood".getBytes(StandardCharsets.UTF_8));
            ByteBuffer ignored = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
            while (!stopping()) {
                line.rewind();
                if (channel.write(line) > 0) {
                    sent++;
                }
                if ((sent & 1023) == 0) {
                    ignored.clear();
                    while (channel.receive(ignored) != null) {
                        ignored.clear(); // the "too fast" refusals: read so they cost the kernel nothing
                    }
                }
            }
        }

        @Override
        void release() throws IOException {
            closeIfOpen(channel);
        }

        @Override
        String summary() {
            return String.format(Locale.ROOT, "%,d lines sent", sent);
        }
    }

    /**
     * A native member that keeps its window of 64 full of chat, resending and acknowledging as the client
     * does: flood control holds its lines unacknowledged, so it says as much as the server lets it.
     */
    private static final class NativeFlood extends Adversary {
        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        private ProbeMember member;
        private long said;
        private long relayed;

        NativeFlood(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            member = ProbeMember.join(server, address(1), "flood");
        }

        @Override
        void behave() throws IOException {
            DatagramChannel channel = member.channel();
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                while (!stopping()) {
                    long now = ProbeMember.nowMillis();
                    while (member.say("flood " + said, now)) {
                        said++;
                    }
                    member.onTimers(now);
                    long wait = Math.max(1, Math.min(100, member.nextDeadlineMillis() - now));
                    selector.select(wait);
                    selector.selectedKeys().clear();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        buffer.flip();
                        member.onDatagram(buffer, ProbeMember.nowMillis(), event -> {
                            if (event instanceof RoomEvent.Said s && s.name().equals(member.name())) {
                                relayed++;
                            }
                        });
                        buffer.clear();
                    }
                }
            }
        }

        @Override
        void release() throws IOException {
            if (member != null) {
                member.channel().close();
            }
        }

        @Override
        String summary() {
            return String.format(
                    Locale.ROOT, "%,d chats said, %,d resent, %,d relayed", said, member.resent(), relayed);
        }
    }

    /** Spins until stopped: takes a core, as a flooder does, and the server's time not at all. */
    private static final class CpuHog extends Adversary {
        private long spins;

        CpuHog(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() {}

        @Override
        void behave() {
            while (!stopping()) {
                spins++;
            }
        }

        @Override
        void release() {}

        @Override
        String summary() {
            return String.format(Locale.ROOT, "%,d spins, nothing sent", spins);
        }
    }
}
