package org.udpchat.client.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Supplier;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The load program's {@code --seal-cost} mode: what encryption costs per datagram and per handshake on this
 * machine, in isolation, with no relay and no socket, so that a change in the load program's figures can be
 * told apart from the cost of the cipher itself. Per delivery it does what the relay does for each recipient
 * of a chat (its EVENT's header written before the body encoded once, then sealed with that recipient's own
 * server {@link SessionCipher}, the members taken in turn as a room's are) and what the member does (open
 * it with its client cipher); it times the plain writing alone too, so the sealing's share shows, and reads
 * the bytes each seal allocates (garbage that the relay's collector must take). Then it times both sides of
 * the handshake, one after another on this thread: the server's answer to an INIT (the X25519 work an INIT
 * with a valid cookie costs it) and the client's. A plain timing loop with a warm-up round not counted: the
 * order of magnitude, not small differences.
 */
final class SealCost {

    /** A chat of the load program's kind: a number from a short name, some 60 bytes sealed. */
    private static final RoomEvent CHAT = new RoomEvent.Said("m12", "1234567890123");

    private static final int DELIVERIES = 1_000_000;
    private static final int HANDSHAKES = 2_000;
    private static final long TOKEN_BASE = 0x5EA1_0000_0000L;

    private final PrintStream out;
    private final int sessions;
    private final int rounds;
    private final SecureRandom random = new SecureRandom();
    private final Supplier<NoiseKeyPair> ephemerals = NoiseKeyPair.generator(random);
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What the timed loops produce, kept so that the compiler cannot drop their work. */
    private long produced;

    /** Times {@code sessions} sessions' sealing over {@code rounds} counted rounds, printing on {@code out}. */
    SealCost(PrintStream out, int sessions, int rounds) {
        if (sessions < 1 || rounds < 1) {
            throw new IllegalArgumentException("--seal-cost needs at least one member and one round");
        }
        this.out = out;
        this.sessions = sessions;
        this.rounds = rounds;
    }

    /** The deliveries' figures per round, then the handshakes'; returns what the loops produced. */
    long run() throws NoiseException, SealException {
        SessionCipher[] server = new SessionCipher[sessions];
        SessionCipher[] client = new SessionCipher[sessions];
        NoiseKeyPair serverKey = NoiseKeyPair.generate(random);
        for (int i = 0; i < sessions; i++) {
            HandshakeInitiator initiator = new HandshakeInitiator(ephemerals);
            HandshakeResponder.Response response =
                    HandshakeResponder.respond(serverKey, initiator.firstMessage(), TOKEN_BASE + i, ephemerals);
            client[i] = new SessionCipher(
                    SessionCipher.Side.CLIENT,
                    initiator.readReply(response.secondMessage()).keys(),
                    0);
            server[i] = new SessionCipher(SessionCipher.Side.SERVER, response.keys(), 0);
        }
        byte[] body = EventCodec.encode(CHAT);
        out.printf(
                Locale.ROOT,
                "seal cost on %s %s, %d cores: a %d-byte chat EVENT (%d sealed), %d sessions in turn, %,d per round%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                NativeCodec.SESSION_HEADER_BYTES + body.length,
                NativeCodec.SESSION_HEADER_BYTES + body.length + SealedDatagram.OVERHEAD,
                sessions,
                DELIVERIES);
        for (int round = 0; round <= rounds; round++) {
            deliveries(round, server, client, body);
        }
        for (int round = 0; round <= Math.min(rounds, 3); round++) {
            handshakes(round, serverKey);
        }
        return produced;
    }

    private void deliveries(int round, SessionCipher[] server, SessionCipher[] client, byte[] body)
            throws SealException {
        ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        ByteBuffer sealed = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        long thread = Thread.currentThread().getId();
        long sink = 0;

        long start = System.nanoTime();
        for (int i = 0; i < DELIVERIES; i++) {
            writeEvent(i, body, plain);
            sink += plain.remaining();
        }
        long plainNanos = System.nanoTime() - start;

        // sealed datagrams kept to be opened after, each once (the replay window refuses a second time)
        int kept = Math.min(DELIVERIES, 100_000);
        byte[][] toOpen = new byte[kept][];
        long allocatedBefore = threads.getThreadAllocatedBytes(thread);
        start = System.nanoTime();
        for (int i = 0; i < DELIVERIES; i++) {
            writeEvent(i, body, plain);
            sealed.clear();
            server[i % sessions].seal(TOKEN_BASE + i % sessions, plain, sealed, 0);
            sink += sealed.position();
        }
        long sealNanos = System.nanoTime() - start;
        long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;

        for (int i = 0; i < kept; i++) {
            writeEvent(i, body, plain);
            sealed.clear();
            server[i % sessions].seal(TOKEN_BASE + i % sessions, plain, sealed, 0);
            toOpen[i] = new byte[sealed.position()];
            sealed.flip().get(toOpen[i]);
        }
        start = System.nanoTime();
        for (int i = 0; i < kept; i++) {
            sink += client[i % sessions].open(ByteBuffer.wrap(toOpen[i])).remaining();
        }
        long openNanos = System.nanoTime() - start;
        produced += sink;

        if (round == 0) {
            out.println("  (a warm-up round, not counted)");
            return;
        }
        out.printf(
                Locale.ROOT,
                "  round %d: write plain %.3f µs, write and seal %.3f µs (sealing %.3f µs), open %.3f µs;"
                        + " %.1f bytes allocated per seal%n",
                round,
                plainNanos / 1000.0 / DELIVERIES,
                sealNanos / 1000.0 / DELIVERIES,
                (sealNanos - plainNanos) / 1000.0 / DELIVERIES,
                openNanos / 1000.0 / kept,
                (double) allocated / DELIVERIES);
    }

    /** The relay's way: the recipient's header straight into the buffer, then the body encoded once. */
    private void writeEvent(int delivery, byte[] body, ByteBuffer plain) {
        plain.clear();
        NativeCodec.writeEventHeader(TOKEN_BASE + delivery % sessions, delivery / sessions + 1, 0, plain);
        plain.put(body).flip();
    }

    private void handshakes(int round, NoiseKeyPair serverKey) throws NoiseException {
        long serverNanos = 0;
        long clientNanos = 0;
        for (int i = 0; i < HANDSHAKES; i++) {
            long start = System.nanoTime();
            HandshakeInitiator initiator = new HandshakeInitiator(ephemerals);
            byte[] first = initiator.firstMessage();
            long served = System.nanoTime();
            HandshakeResponder.Response response = HandshakeResponder.respond(serverKey, first, i + 1L, ephemerals);
            long answered = System.nanoTime();
            produced += initiator.readReply(response.secondMessage()).token();
            long end = System.nanoTime();
            clientNanos += (served - start) + (end - answered);
            serverNanos += answered - served;
        }
        if (round == 0) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "  handshakes, round %d: the server's answer to an INIT %.0f µs (%,.0f a second on one core),"
                        + " the client's side %.0f µs%n",
                round,
                serverNanos / 1000.0 / HANDSHAKES,
                HANDSHAKES / (serverNanos / 1e9),
                clientNanos / 1000.0 / HANDSHAKES);
    }
}
