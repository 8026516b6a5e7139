package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;

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
         * No member: INITs echoing a valid cookie, as fast as one thread sends them, from one address, never
         * logging in. Each is a handshake the server would do (its X25519 work, a pending session) but for
         * its per-address handshake rate ({@code --max-handshakes-per-ip}), which this measures.
         */
        INIT_FLOOD,
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
            throw new IllegalArgumentException("no adversary is called '" + label + "': "
                    + Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", ")));
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
                    case INIT_FLOOD -> new InitFlood(server);
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

        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private DatagramChannel channel;
        private MemberSession session;
        private int sessions;
        private int forgotten;
        private final EnumMap<EndReason, Integer> ends = new EnumMap<>(EndReason.class);

        Silent(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            sessions++;
            channel = ProbeMember.open(server, address(sessions));
            session = ProbeMember.handshake(channel, "silent" + sessions);
        }

        @Override
        void behave() throws IOException {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long nextPing = ProbeMember.nowMillis();
                while (!stopping()) {
                    if (ProbeMember.nowMillis() >= nextPing) {
                        ProbeMember.send(channel, session, plain, out, new NativeClientPacket.Ping(session.token(), 0));
                        nextPing += PING_EVERY_MILLIS;
                    }
                    selector.select(100);
                    selector.selectedKeys().clear();
                    if (readUntilEnded()) {
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

        /**
         * Reads (and ignores) what waits; whether the session ended: an ENDED, or an UNKNOWN (the server no
         * longer has the session's keys, which ends it as surely), counted by kind.
         */
        private boolean readUntilEnded() throws IOException {
            buffer.clear();
            while (channel.receive(buffer) != null) {
                buffer.flip();
                NativeServerPacket packet = session.openPacket(buffer);
                if (packet instanceof NativeServerPacket.Ended end) {
                    ends.merge(end.reason(), 1, Integer::sum);
                    return true;
                }
                if (packet == null && session.isUnknownToServer(buffer)) {
                    forgotten++;
                    return true;
                }
                buffer.clear();
            }
            return false;
        }

        @Override
        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%d sessions, ended by the server: %s%s",
                    sessions,
                    ends,
                    forgotten > 0 ? ", unknown to it (UNKNOWN): " + forgotten : "");
        }
    }

    /** Takes every event in order, and acknowledges them only every 10 s. */
    private static final class Bursty extends Adversary {
        private static final long ACK_EVERY_MILLIS = 10_000;

        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private DatagramChannel channel;
        private MemberSession session;
        private long delivered;
        private int acknowledgements;
        private boolean ended;

        Bursty(InetSocketAddress server) {
            super(server);
        }

        @Override
        void join() throws IOException {
            channel = ProbeMember.open(server, address(1));
            session = ProbeMember.handshake(channel, "bursty");
        }

        @Override
        void behave() throws IOException {
            try (Selector selector = Selector.open()) {
                channel.register(selector, SelectionKey.OP_READ);
                long nextAck = ProbeMember.nowMillis() + ACK_EVERY_MILLIS;
                while (!stopping()) {
                    if (ProbeMember.nowMillis() >= nextAck) {
                        ProbeMember.send(
                                channel, session, plain, out, new NativeClientPacket.Ack(session.token(), delivered));
                        acknowledgements++;
                        nextAck += ACK_EVERY_MILLIS;
                    }
                    selector.select(100);
                    selector.selectedKeys().clear();
                    buffer.clear();
                    while (channel.receive(buffer) != null) {
                        buffer.flip();
                        NativeServerPacket packet = session.openPacket(buffer);
                        // in order only; what comes ahead of a gap the server sends again
                        if (packet instanceof NativeServerPacket.Event event && event.seq() == delivered + 1) {
                            delivered++;
                        }
                        ended |= packet instanceof NativeServerPacket.Ended;
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
        private final ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
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

    /**
     * INITs from 127.0.0.2 as fast as the thread can send them, each echoing a valid cookie and carrying one
     * Noise first message under a new nonce: the flooder does no key agreement of its own, the server cannot
     * tell, and each INIT the server takes costs it a handshake (X25519 work and a pending session for 10 s).
     * It never logs in. A HELLO goes every {@value #COOKIE_EVERY_MILLIS} ms for a fresh cookie, often enough
     * that one gets through a server socket the flood keeps full well within a cookie's life (10 to 20 s).
     * Its REPLYs, counted, are the handshakes the server did for it: with the per-address rate at its
     * default, that rate a second, however many INITs were sent.
     */
    private static final class InitFlood extends Adversary {
        private static final long COOKIE_EVERY_MILLIS = 500;

        /** Where an INIT's nonce is, after the preamble and the cookie ({@link NativeCodec}'s layout). */
        private static final int NONCE_OFFSET = NativeCodec.PREAMBLE_BYTES + Cookie.BYTES;

        private static final Duration JOIN_LIMIT = Duration.ofSeconds(5);

        private final ByteBuffer init = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private final ByteBuffer hello = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private final ByteBuffer answer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        private final byte[] firstMessage =
                new HandshakeInitiator(NoiseKeyPair.generator(new SecureRandom())).firstMessage();
        /** Every HELLO's: a challenge that echoes it is an answer to one of them, so its cookie is fresh. */
        private final long helloNonce = ThreadLocalRandom.current().nextLong();

        private DatagramChannel channel;
        private Cookie cookie;
        private long sent;
        private long replies;
        private long cookies;
        private long floodNanos;

        InitFlood(InetSocketAddress server) {
            super(server);
        }

        /** Not a member: it only needs its first cookie before the flood starts. */
        @Override
        void join() throws IOException {
            channel = ProbeMember.open(server, address(1));
            long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
            while (cookie == null && System.nanoTime() < deadline) {
                askForCookie();
                Answers.await(channel, answer, Duration.ofMillis(200), bytes -> onAnswer(bytes) && cookie != null);
            }
            if (cookie == null) {
                throw new IOException("the INIT flooder got no cookie within " + JOIN_LIMIT.toSeconds() + " s");
            }
        }

        @Override
        void behave() throws IOException {
            long nonce = ThreadLocalRandom.current().nextLong();
            long nextCookie = ProbeMember.nowMillis() + COOKIE_EVERY_MILLIS;
            long start = System.nanoTime();
            Cookie written = null;
            while (!stopping()) {
                if (written != cookie) { // a fresh cookie: written once, then only the nonce changes
                    written = cookie;
                    init.clear();
                    NativeCodec.encode(new ClearClientPacket.Init(written, nonce, firstMessage), init);
                    init.flip();
                }
                init.putLong(NONCE_OFFSET, nonce++).rewind();
                if (channel.write(init) > 0) {
                    sent++;
                }
                if ((sent & 255) == 0) {
                    answer.clear();
                    while (channel.receive(answer) != null) {
                        answer.flip();
                        onAnswer(answer);
                        answer.clear();
                    }
                    if (ProbeMember.nowMillis() >= nextCookie) {
                        askForCookie();
                        nextCookie += COOKIE_EVERY_MILLIS;
                    }
                }
            }
            floodNanos = System.nanoTime() - start;
        }

        private void askForCookie() throws IOException {
            hello.clear();
            NativeCodec.encode(new ClearClientPacket.Hello(helloNonce, NativeCodec.HELLO_BYTES), hello);
            hello.flip();
            channel.write(hello);
        }

        /** Counts a REPLY, or takes the cookie of the challenge to the last HELLO; whether it was either. */
        private boolean onAnswer(ByteBuffer datagram) {
            ClearServerPacket packet;
            try {
                packet = NativeCodec.decodeServerHandshake(datagram);
            } catch (MalformedPacketException e) {
                return false;
            }
            if (packet instanceof ClearServerPacket.Reply) {
                replies++;
                return true;
            }
            if (packet instanceof ClearServerPacket.Challenge challenge && challenge.nonce() == helloNonce) {
                cookie = challenge.cookie();
                cookies++;
                return true;
            }
            return false;
        }

        @Override
        void release() throws IOException {
            closeIfOpen(channel);
        }

        @Override
        String summary() {
            return String.format(
                    Locale.ROOT,
                    "%,d INITs sent, %,d REPLYs (handshakes the server did for it, %,.0f a second), %,d cookies",
                    sent,
                    replies,
                    floodNanos > 0 ? replies / (floodNanos / 1e9) : 0.0,
                    cookies);
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
