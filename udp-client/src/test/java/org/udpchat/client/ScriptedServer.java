package org.udpchat.client;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The native server (protocol 2) as a test plays it, with no socket and no real time: the client's
 * {@link Outbox} and {@link Inbox}, and its clock. It holds a static key and, per session token, the
 * server's {@link SessionCipher}, so the test scripts packets and the server seals and opens them: every
 * datagram the client sends is recorded decoded (opened, if sealed, so every one must be a valid packet
 * under the right keys) with the time it left; the answers the test scripts are sealed under the session of
 * their token (a WELCOME or REFUSED under the keys the login came with). {@link #reply} answers an INIT
 * as {@link HandshakeResponder} does; {@link #joined} makes a session as a whole handshake would. It moves
 * its clock only when the test moves it or when the client waits for a datagram that is not there: that
 * wait passes in no time.
 *
 * <p>The test thread drives it; {@link #send} and {@link #next} may also be called from a thread the test
 * starts (a sender quitting).
 */
final class ScriptedServer implements Outbox, Inbox<ByteBuffer> {

    /** Where the tests say the server is. */
    static final HostPort ADDRESS = new HostPort("chat.example", 8888);

    /** A client that waits this long on the fake clock is stuck: a real one would never get there. */
    private static final long STUCK_MILLIS = Duration.ofMinutes(10).toMillis();

    /** A client that sends this many datagrams is flooding the server: no test scripts that many. */
    private static final int FLOODING = 10_000;

    /** How long {@link #next} waits, in real time, for a datagram another thread is about to send. */
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A datagram the client sent, and when: a clear handshake packet, or a session's packet, opened. */
    record Sent(long at, Packet packet) {}

    private final NoiseKeyPair key = NoiseKeyPair.generate(RANDOM);
    private volatile long now;
    // Guarded by this:
    private final List<Sent> sent = new ArrayList<>();
    private int looked;
    private final ArrayDeque<byte[]> answers = new ArrayDeque<>();
    private final Map<Long, SessionCipher> sessions = new HashMap<>();
    /** Sessions the server has lost (it restarted): what comes sealed under their tokens earns an UNKNOWN. */
    private final Set<Long> forgotten = new HashSet<>();
    /** The token the client's last sealed datagram came under: a WELCOME or REFUSED answers it. */
    private long answering;

    private Function<Packet, List<Packet>> responder = packet -> List.of();
    /** Until then the server is down: nothing is answered. */
    private long downUntil;

    /** The clock reads 0 at first. */
    ScriptedServer() {}

    /** The client's clock: milliseconds, as monotonic as the test makes it. */
    LongSupplier clock() {
        return () -> now;
    }

    long now() {
        return now;
    }

    /** The server's static public key, as a handshake proves it. */
    byte[] publicKey() {
        return key.publicKey();
    }

    /** Moves the clock forward to {@code millis}. Test thread only. */
    void advanceTo(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("the clock is at " + now + " already, past " + millis);
        }
        now = millis;
    }

    /**
     * From now on, each datagram the client sends is answered with what {@code responder} returns for it
     * (clear packets as they are, session packets sealed).
     */
    synchronized void answer(Function<Packet, List<Packet>> responder) {
        this.responder = responder;
    }

    /** Packets the client receives next, after any answers already waiting: sealed if they are a session's. */
    synchronized void queue(Packet... packets) {
        for (Packet packet : packets) {
            answers.add(bytes(packet));
        }
    }

    /** Datagrams the client receives next, as they are: forged, altered, replayed. */
    synchronized void queueBytes(byte[]... datagrams) {
        for (byte[] datagram : datagrams) {
            answers.add(datagram.clone());
        }
    }

    /** {@code packet} sealed under its session's keys, as the server would send it (the keys move on). */
    synchronized byte[] sealed(NativeServerPacket packet) {
        return bytes(packet);
    }

    /** {@link #sealed}, ready to hand to {@link NativeSession#onDatagram}. */
    ByteBuffer datagram(NativeServerPacket packet) {
        return ByteBuffer.wrap(sealed(packet));
    }

    /**
     * The REPLY to {@code init}, as the server makes it: Noise's second message for its first, telling the
     * session's {@code token}, whose keys the server keeps for what comes sealed under it.
     */
    synchronized ClearServerPacket.Reply reply(ClearClientPacket.Init init, long token) {
        try {
            HandshakeResponder.Response response =
                    HandshakeResponder.respond(key, init.handshake(), token, NoiseKeyPair.generator(RANDOM));
            sessions.put(token, new SessionCipher(SessionCipher.Side.SERVER, response.keys(), now));
            return new ClearServerPacket.Reply(init.nonce(), response.secondMessage());
        } catch (NoiseException e) {
            throw new AssertionError("the client's init does not start a handshake", e);
        }
    }

    /**
     * A session {@code token} as a whole handshake and a WELCOME would give it: the server keeps its keys, the
     * client's side comes back, with a fresh resumption secret, as if the server had started the session.
     */
    synchronized Handshake.Joined joined(long token, String name, String room) {
        try {
            HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
            HandshakeResponder.Response response =
                    HandshakeResponder.respond(key, initiator.firstMessage(), token, NoiseKeyPair.generator(RANDOM));
            HandshakeInitiator.Outcome outcome = initiator.readReply(response.secondMessage());
            sessions.put(token, new SessionCipher(SessionCipher.Side.SERVER, response.keys(), now));
            return new Handshake.Joined(
                    token,
                    name,
                    room,
                    ResumptionSecret.random(RANDOM),
                    new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), now),
                    false);
        } catch (NoiseException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The server loses session {@code token}, as a restart would: from now on, what the client seals under it
     * is answered with an UNKNOWN, as the server does, and not recorded (the server cannot read it).
     */
    synchronized void forget(long token) {
        sessions.remove(token);
        forgotten.add(token);
    }

    /** The server is down until {@code millis}: what the client sends before is recorded, never answered. */
    synchronized void downUntil(long millis) {
        downUntil = millis;
    }

    @Override
    public synchronized void send(byte[] datagram) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        boolean down = now < downUntil;
        if (SealedDatagram.isFromClient(buffer) && forgotten.contains(SealedDatagram.token(buffer))) {
            if (down) {
                return;
            }
            answers.add(NativeCodec.encode(new ClearServerPacket.Unknown(SealedDatagram.token(buffer))));
            return;
        }
        Packet packet = read(buffer);
        sent.add(new Sent(now, packet));
        if (sent.size() > FLOODING) {
            throw new AssertionError("the client has sent " + sent.size() + " datagrams; the last at " + now + " ms: "
                    + sent.subList(sent.size() - 4, sent.size()));
        }
        if (down) {
            return;
        }
        for (Packet answer : responder.apply(packet)) {
            answers.add(bytes(answer));
        }
        notifyAll();
    }

    @Override
    public synchronized Optional<ByteBuffer> receive(Duration timeout) {
        if (!answers.isEmpty()) {
            return Optional.of(ByteBuffer.wrap(answers.poll()));
        }
        now += Math.max(1, timeout.toMillis());
        if (now > STUCK_MILLIS) {
            throw new AssertionError("the client is still waiting at " + now + " ms; it sent " + sent);
        }
        return Optional.empty();
    }

    /** Everything the client sent, oldest first. */
    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** When the client sent the packets of {@code kind}. */
    synchronized List<Long> timesOf(Class<? extends Packet> kind) {
        return sent.stream()
                .filter(s -> kind.isInstance(s.packet()))
                .map(Sent::at)
                .toList();
    }

    /** The packets of {@code kind} the client sent, oldest first. */
    synchronized <T extends Packet> List<T> sentOf(Class<T> kind) {
        return sent.stream()
                .map(Sent::packet)
                .filter(kind::isInstance)
                .map(kind::cast)
                .toList();
    }

    /**
     * The oldest datagram the test has not looked at yet; waits a few seconds for one when another thread
     * is about to send it.
     */
    synchronized Packet next() throws InterruptedException {
        long deadline = System.nanoTime() + SEND_DEADLINE.toNanos();
        while (looked == sent.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the client sent nothing more within " + SEND_DEADLINE + "; it sent " + sent);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return sent.get(looked++).packet();
    }

    /** The datagrams the test has not looked at yet, which are then looked at. */
    synchronized List<Packet> rest() {
        List<Packet> rest =
                sent.subList(looked, sent.size()).stream().map(Sent::packet).toList();
        looked = sent.size();
        return rest;
    }

    /** What the client sent: a handshake packet in clear, or a session's packet, which must open. */
    private Packet read(ByteBuffer datagram) {
        if (SealedDatagram.isFromClient(datagram)) {
            long token = SealedDatagram.token(datagram);
            SessionCipher cipher = sessions.get(token);
            if (cipher == null) {
                throw new AssertionError(
                        "the client sealed a datagram under token " + token + ", which it was not given");
            }
            try {
                NativeClientPacket packet = cipher.openClientPacket(datagram);
                answering = token;
                return packet;
            } catch (SealException e) {
                throw new AssertionError("the client sent a sealed datagram the server cannot open", e);
            }
        }
        try {
            return NativeCodec.decodeClientHandshake(datagram);
        } catch (MalformedPacketException e) {
            throw new AssertionError("the client sent a datagram the server cannot read", e);
        }
    }

    /**
     * A packet's datagram: clear ones as they are; a WELCOME or REFUSED sealed under the keys of the login it
     * answers (a WELCOME that gives another token moves those keys to it); anything else under its token's.
     */
    private byte[] bytes(Packet packet) {
        if (!(packet instanceof NativeServerPacket session)) {
            return NativeCodec.encode(packet);
        }
        long token = session.token();
        SessionCipher cipher;
        if (packet instanceof NativeServerPacket.Welcome || packet instanceof NativeServerPacket.Refused) {
            cipher = sessions.get(answering);
            if (packet instanceof NativeServerPacket.Refused) {
                token = answering;
            } else {
                sessions.put(token, cipher);
            }
        } else {
            cipher = sessions.get(token);
        }
        if (cipher == null) {
            throw new AssertionError("no session " + token + " to seal " + packet + " in");
        }
        try {
            return cipher.seal(token, packet, now);
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }
}
