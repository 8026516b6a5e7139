package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The join of one simulated native member, as the project's client makes it, step by step and with no I/O
 * of its own: HELLO → CHALLENGE, INIT (the cookie and Noise's first message) → REPLY, then a LOGIN sealed
 * under the token and keys the REPLY gave → WELCOME or REFUSED, sealed. The caller sends what it is given
 * ({@link #start}, {@link #onDatagram}, {@link #resend}) and decides when to resend; once welcomed, the
 * {@link MemberSession} holds the member's token and its one {@link SessionCipher} for the rest of its life.
 *
 * <p>Its rules are the client's: an answer that does not echo this member's nonce is not for it; a REPLY
 * that does not open kills the attempt (Noise's rule), and the next resend starts a new one with a new
 * initiator and a new INIT; after {@value #INITS_PER_COOKIE} INITs unanswered the cookie may be stale and the
 * member asks for a fresh one; each resent LOGIN is sealed again (a new counter, as the server's replay
 * window wants); an UNKNOWN for the login's token (the server has no keys for it) starts the join again
 * from its HELLO. An UPGRADE ends the join: the server speaks another version. Owned by one thread; the
 * load program holds thousands at once, so a join keeps nothing but what its next step needs.
 *
 * <p>{@link #join} is the same join over a channel of its own, waiting for each answer: for the members that
 * join one at a time before they are measured.
 */
final class MemberHandshake {

    /** As the client: a cookie that earned no reply for this many INITs may have gone stale. */
    static final int INITS_PER_COOKIE = 3;

    /** What a datagram, or a resend, did to the join. */
    enum Step {
        /** Nothing to send: the datagram was not for this join, or came too late. */
        NOTHING,
        /** The next datagram of the join is in the out buffer, ready to write. */
        SEND,
        /** Welcomed: {@link #session()} holds the session. */
        WELCOMED,
        /** Refused, or told of another version: {@link #failure()} says how. */
        FAILED
    }

    private enum Phase {
        SAID_HELLO,
        SENT_INIT,
        LOGGED_IN,
        DONE
    }

    private final String name;
    private final String room;
    private final Supplier<NoiseKeyPair> ephemerals;
    /** The session this join takes back (its token and resumption secret), or none: a first join. */
    private final long previousToken;

    private final ResumptionSecret proof;
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

    private Phase phase = Phase.SAID_HELLO;
    private long nonce;
    private Cookie cookie;
    private HandshakeInitiator initiator;
    private int unansweredInits;
    private long token;
    private SessionCipher cipher;
    private long loginSentNanos;
    private MemberSession session;
    private String failure;
    private String lastProblem;
    private boolean resumed;
    private RefusalReason refusal;

    /**
     * A join as {@code name} into {@code room} (empty: the server's default), whose Noise ephemeral keys come
     * from {@code ephemerals}.
     */
    MemberHandshake(String name, String room, Supplier<NoiseKeyPair> ephemerals) {
        this(name, room, ephemerals, 0, ResumptionSecret.NONE);
    }

    /**
     * A join that presents the session {@code previousToken} and its resumption secret {@code proof}, as the
     * client's rejoin after losing touch does: a server (or a node of its cluster) that still has the session
     * takes it back or moves it; otherwise it is a first join under the same name.
     */
    MemberHandshake(
            String name, String room, Supplier<NoiseKeyPair> ephemerals, long previousToken, ResumptionSecret proof) {
        this.name = Objects.requireNonNull(name, "name == null");
        this.room = Objects.requireNonNull(room, "room == null");
        this.ephemerals = Objects.requireNonNull(ephemerals, "ephemerals == null");
        this.previousToken = previousToken;
        this.proof = Objects.requireNonNull(proof, "proof == null");
    }

    /** Writes the first datagram, a HELLO, into {@code out} (cleared, then flipped for writing). */
    void start(ByteBuffer out) {
        nonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        phase = Phase.SAID_HELLO;
        write(new ClearClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES), out);
    }

    /**
     * The step's datagram again, for an answer that has not come: the same HELLO; the same INIT, or a HELLO
     * for a fresh cookie after {@value #INITS_PER_COOKIE} unanswered, or a new INIT after a REPLY that failed;
     * the LOGIN sealed anew.
     */
    Step resend(ByteBuffer out, long nowMillis) {
        switch (phase) {
            case SAID_HELLO -> write(new ClearClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES), out);
            case SENT_INIT -> {
                if (++unansweredInits >= INITS_PER_COOKIE) {
                    start(out);
                } else {
                    sendInit(out);
                }
            }
            case LOGGED_IN -> sendLogin(out, nowMillis);
            case DONE -> {
                return Step.NOTHING;
            }
        }
        return Step.SEND;
    }

    /**
     * Takes a datagram from the server (the buffer's remaining bytes, consumed): the next step's datagram
     * goes into {@code out}, or the join ends. Anything that is not this join's answer, in clear or sealed
     * under its keys, changes nothing; the last such is kept for {@link #lastProblem}.
     */
    Step onDatagram(ByteBuffer datagram, ByteBuffer out, long nowMillis) {
        if (phase == Phase.DONE) {
            return Step.NOTHING;
        }
        if (SealedDatagram.isFromServer(datagram)) {
            return phase == Phase.LOGGED_IN ? onSealed(datagram, nowMillis) : Step.NOTHING;
        }
        ClearServerPacket packet;
        try {
            packet = NativeCodec.decodeServerHandshake(datagram);
        } catch (MalformedPacketException e) {
            lastProblem = "a datagram in clear it cannot read: " + e.getMessage();
            return Step.NOTHING;
        }
        if (packet instanceof ClearServerPacket.Challenge challenge
                && challenge.nonce() == nonce
                && phase == Phase.SAID_HELLO) {
            cookie = challenge.cookie();
            unansweredInits = 0;
            initiator = null;
            phase = Phase.SENT_INIT;
            sendInit(out);
            return Step.SEND;
        }
        if (packet instanceof ClearServerPacket.Reply reply && reply.nonce() == nonce && phase == Phase.SENT_INIT) {
            return onReply(reply, out, nowMillis);
        }
        if (packet instanceof ClearServerPacket.Unknown unknown
                && phase == Phase.LOGGED_IN
                && unknown.token() == token) {
            // the server has no keys for the login's token (its pending handshake expired, or it restarted):
            // a hint only, but a join cannot go on without them, so it starts again, as the client does
            cipher.destroy();
            cipher = null;
            start(out);
            return Step.SEND;
        }
        if (packet instanceof ClearServerPacket.Upgrade upgrade && upgrade.nonce() == nonce) {
            return fail("the server speaks version " + upgrade.serverVersion() + " of the native protocol, this load"
                    + " program " + NativeCodec.VERSION);
        }
        return Step.NOTHING; // a late answer to an earlier step: the join goes on
    }

    private Step onReply(ClearServerPacket.Reply reply, ByteBuffer out, long nowMillis) {
        if (initiator == null) {
            return Step.NOTHING; // an answer to an attempt that already failed
        }
        HandshakeInitiator.Outcome outcome;
        try {
            outcome = initiator.readReply(reply.handshake());
        } catch (NoiseException e) {
            // dead now: the next resend starts a new attempt, with a new key
            initiator = null;
            lastProblem = "a REPLY that did not open: " + e.getMessage();
            return Step.NOTHING;
        }
        initiator = null;
        token = outcome.token();
        cipher = new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), nowMillis);
        phase = Phase.LOGGED_IN;
        sendLogin(out, nowMillis);
        return Step.SEND;
    }

    private Step onSealed(ByteBuffer datagram, long nowMillis) {
        NativeServerPacket packet;
        try {
            packet = cipher.openServerPacket(datagram);
        } catch (SealException e) {
            lastProblem = "a sealed datagram that did not open (" + e.reason() + "): " + e.getMessage();
            return Step.NOTHING;
        }
        if (packet instanceof NativeServerPacket.Welcome welcome) {
            phase = Phase.DONE;
            resumed = welcome.resumed();
            session = new MemberSession(
                    welcome.token(), cipher, welcome.resumption(), (System.nanoTime() - loginSentNanos) / 1_000_000);
            return Step.WELCOMED;
        }
        if (packet instanceof NativeServerPacket.Refused refused) {
            cipher.destroy();
            refusal = refused.reason();
            return fail(name + " was refused: " + refused.reason() + " (" + refused.limit() + ")");
        }
        return Step.NOTHING; // an event ahead of the welcome cannot be: the session is not the member's yet
    }

    private Step fail(String why) {
        phase = Phase.DONE;
        failure = why;
        return Step.FAILED;
    }

    private void sendInit(ByteBuffer out) {
        if (initiator == null) {
            initiator = new HandshakeInitiator(ephemerals);
            nonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE); // a new attempt's REPLY is told apart
        }
        write(new ClearClientPacket.Init(cookie, nonce, initiator.firstMessage()), out);
    }

    private void sendLogin(ByteBuffer out, long nowMillis) {
        loginSentNanos = System.nanoTime();
        MemberSession.seal(
                cipher, token, new NativeClientPacket.Login(previousToken, proof, name, room), plain, out, nowMillis);
    }

    private static void write(ClearClientPacket packet, ByteBuffer out) {
        out.clear();
        NativeCodec.encode(packet, out);
        out.flip();
    }

    /** The session, once {@link Step#WELCOMED}. */
    MemberSession session() {
        if (session == null) {
            throw new IllegalStateException(name + " is not welcomed");
        }
        return session;
    }

    /** Whether the server said it took the presented session back, once {@link Step#WELCOMED}. */
    boolean resumed() {
        return resumed;
    }

    /** The server's reason, once {@link Step#FAILED} by a refusal; null if it failed otherwise. */
    RefusalReason refusal() {
        return refusal;
    }

    /** Why the join failed, once {@link Step#FAILED}. */
    String failure() {
        return failure;
    }

    /** The last datagram that was not understood, and why, or null: for the message when nothing answers. */
    String lastProblem() {
        return lastProblem;
    }

    /**
     * Joins as {@code name} over {@code channel} (non-blocking, connected), resending each step every
     * {@code retry} until {@code limit} has passed, sleeping in a selector meanwhile.
     *
     * @throws IOException if the server refused, speaks another version, or did not welcome in time
     */
    static MemberSession join(
            DatagramChannel channel, String name, Supplier<NoiseKeyPair> ephemerals, Duration retry, Duration limit)
            throws IOException {
        return join(channel, name, "", ephemerals, retry, limit);
    }

    /** As {@link #join(DatagramChannel, String, Supplier, Duration, Duration)}, into {@code room}. */
    static MemberSession join(
            DatagramChannel channel,
            String name,
            String room,
            Supplier<NoiseKeyPair> ephemerals,
            Duration retry,
            Duration limit)
            throws IOException {
        MemberHandshake handshake = new MemberHandshake(name, room, ephemerals);
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        ByteBuffer answer = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        ByteBuffer next = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        handshake.start(out);
        long deadline = System.nanoTime() + limit.toNanos();
        Step[] step = {Step.SEND};
        while (System.nanoTime() < deadline) {
            channel.write(out);
            step[0] = Step.NOTHING;
            Answers.await(channel, answer, retry, bytes -> {
                step[0] = handshake.onDatagram(bytes, next, System.nanoTime() / 1_000_000);
                return step[0] != Step.NOTHING;
            });
            switch (step[0]) {
                case WELCOMED -> {
                    return handshake.session();
                }
                case FAILED -> throw new IOException(handshake.failure());
                case SEND -> out.clear().put(next).flip(); // the next step at once
                case NOTHING -> handshake.resend(out, System.nanoTime() / 1_000_000);
            }
        }
        String within = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        throw new IOException(name + " was not welcomed within " + within + ": is the server up"
                + " and of version " + NativeCodec.VERSION + "?"
                + (handshake.lastProblem() == null ? "" : " (last: " + handshake.lastProblem() + ")"));
    }
}
