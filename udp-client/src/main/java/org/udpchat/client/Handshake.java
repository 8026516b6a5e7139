package org.udpchat.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.HostPort;
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
 * Joining a native room, protocol version {@value NativeCodec#VERSION}. In clear: a HELLO, padded so the
 * answer is never larger than the question; the server's CHALLENGE (a cookie) echoing its nonce; an INIT
 * that echoes the cookie and carries Noise NX's first message; the server's REPLY, which proves its static
 * key and gives, sealed, the session's token. Then the {@link ServerKeyCheck} decides whether this server
 * may hear from us at all, and a LOGIN goes sealed under the handshake's keys; its WELCOME or REFUSED come
 * back sealed. Each step is sent again every {@link #RETRY_INTERVAL} (or the given interval) until
 * {@code timeout}, because datagrams get lost.
 *
 * <p>What may be forged is ignored. A CHALLENGE, REPLY or UPGRADE counts only when it echoes the nonce of
 * our HELLO or INIT, so someone who cannot see our datagrams cannot feed us a cookie or make us give up. A
 * REPLY that does not open kills its Noise initiator (Noise's rule): the next INIT starts again with a new
 * one, under a new nonce, so a reply to the old one that is still on its way is not taken for an answer to
 * the new one. Whatever is sealed must open under our keys, which only the server that proved its key has.
 *
 * <p>Runs on whichever thread joins (the main thread first, the receiver thread when reconnecting), while no
 * other thread receives from the inbox. It sends to an {@link Outbox}, receives raw datagrams from an
 * {@link Inbox} and keeps time by the clock it is given, so a test can play the server.
 */
final class Handshake {

    static final Duration RETRY_INTERVAL = Duration.ofMillis(500);

    /** Inits with one cookie before asking for a fresh one (the server drops a stale cookie silently). */
    static final int INITS_PER_COOKIE = 3;

    /**
     * Logins under one handshake's keys before starting again from the hello: 8 s of them, inside the 10 s the
     * server keeps a handshake waiting for its login (after which, or after a restart, it drops them). Not fewer:
     * once one login got through, the session is open under this handshake's token, and only a login under it
     * gets its WELCOME again; a new handshake's login would meet the session the first opened at this address
     * and be refused (*this address is already in the room*). Three (1.5 s) were too few on a lossy path: with
     * a fifth of the datagrams lost each way, 15 joins of 100 met that refusal.
     */
    static final int LOGINS_PER_HANDSHAKE = 16;

    /** The earlier session a login asks back: its token and the resumption secret its WELCOME gave. */
    record Previous(long token, ResumptionSecret proof) {
        static final Previous NONE = new Previous(0, ResumptionSecret.NONE);

        Previous {
            Objects.requireNonNull(proof, "proof == null");
            if ((token == 0) != proof.isNone()) {
                throw new IllegalArgumentException(
                        "a previous token goes with its resumption secret, and none without");
            }
        }
    }

    /**
     * The session a reconnection asks back, as the handshake needs it: what its login presents (whether the
     * server still had it, the WELCOME says). {@link #NONE} for a first join. Called on the joining thread.
     */
    @FunctionalInterface
    interface Earlier {
        Earlier NONE = () -> Previous.NONE;

        /** Its token and resumption secret. */
        Previous previous();
    }

    /** How a handshake ended. */
    sealed interface Result permits Joined, Refused, NoAnswer, Outdated, Untrusted {}

    /**
     * In, as {@code name} in {@code room}: the session {@code token} routes, the keys that seal it
     * ({@code cipher}, ours from now on), and the {@code resumption} secret that takes it back after losing
     * touch. {@code resumed}: the server took us back into our previous session (everything in flight goes
     * on, numbered as before) rather than starting a new one; see {@link Attempt#isResumption}.
     */
    record Joined(
            long token, String name, String room, ResumptionSecret resumption, SessionCipher cipher, boolean resumed)
            implements Result {
        Joined {
            Objects.requireNonNull(resumption, "resumption == null");
            Objects.requireNonNull(cipher, "cipher == null");
        }
    }

    /** {@code subject}: the name ours looks like, for {@link RefusalReason#NAME_LOOKS_LIKE}; else empty. */
    record Refused(RefusalReason reason, long limit, String subject) implements Result {}

    /**
     * Nothing answered in time. {@code heardAnything}: whether anything of the handshake came back at all; a
     * server of an older version drops our datagrams without a word, so silence may mean that.
     */
    record NoAnswer(boolean heardAnything) implements Result {}

    /** The server speaks version {@code serverVersion} of the native protocol, not ours. */
    record Outdated(long serverVersion) implements Result {}

    /** The {@link ServerKeyCheck} refused the server's key: say {@code text}, end with {@code status}. */
    record Untrusted(String text, ExitStatus status) implements Result {}

    private final Outbox outbox;
    private final Inbox<ByteBuffer> inbox;
    private final LongSupplier clock;
    /** The server the connection talks to now, as the user named it: another after a failover. */
    private final Supplier<HostPort> server;

    private final ServerKeyCheck keyCheck;
    private final SecureRandom random;
    private final Supplier<NoiseKeyPair> ephemerals;

    /** A handshake with one server, {@code server} as the user named it: see the other constructor. */
    Handshake(Outbox outbox, Inbox<ByteBuffer> inbox, LongSupplier clock, HostPort server, ServerKeyCheck keyCheck) {
        this(outbox, inbox, clock, () -> server, keyCheck);
    }

    /**
     * @param clock milliseconds from a monotonic source, as the session's
     * @param server the server the outbox and inbox talk to at the moment of the key check, as the user named
     *     it, for the {@code keyCheck} ({@link ServerRotation#current}); asked on the joining thread
     */
    Handshake(
            Outbox outbox,
            Inbox<ByteBuffer> inbox,
            LongSupplier clock,
            Supplier<HostPort> server,
            ServerKeyCheck keyCheck) {
        this.outbox = outbox;
        this.inbox = inbox;
        this.clock = clock;
        this.server = server;
        this.keyCheck = keyCheck;
        this.random = new SecureRandom();
        this.ephemerals = NoiseKeyPair.generator(random);
    }

    /**
     * Joins as {@code name} in {@code room} (empty: the server's default); {@code earlier}, unless
     * {@link Earlier#NONE}, is our own earlier session, which the login asks back.
     *
     * @throws IOException once the connection is closed
     */
    Result join(String name, String room, Earlier earlier, Duration timeout) throws IOException {
        return join(name, room, earlier, timeout, RETRY_INTERVAL);
    }

    /** {@link #join}, sending again every {@code retryInterval}: longer while reconnecting, to back off. */
    Result join(String name, String room, Earlier earlier, Duration timeout, Duration retryInterval)
            throws IOException {
        Attempt attempt = new Attempt(name, room, earlier);
        try {
            return attempt.run(clock.getAsLong() + timeout.toMillis(), retryInterval);
        } finally {
            attempt.forgetKeys();
        }
    }

    /**
     * One attempt to rejoin: {@link #join} for {@code timeout}, and, when the server refuses for now (a
     * full room or server), the rest of {@code timeout} waited out, so that a full server is asked no more
     * often than a silent one.
     */
    Result attempt(String name, String room, Earlier earlier, Duration timeout, Duration retryInterval)
            throws IOException {
        long end = clock.getAsLong() + timeout.toMillis();
        Result result = join(name, room, earlier, timeout, retryInterval);
        if (result instanceof Refused refused && refused.reason().remedy() == RefusalReason.Remedy.WAITING) {
            waitUntil(end);
        }
        return result;
    }

    /** Lets {@code time} pass, the refused attempt's: nothing that arrives meanwhile answers us. */
    void waitOut(Duration time) throws IOException {
        waitUntil(clock.getAsLong() + time.toMillis());
    }

    /** The time now, on the handshake's clock (milliseconds of a monotonic source). */
    long nowMillis() {
        return clock.getAsLong();
    }

    private void waitUntil(long end) throws IOException {
        long now;
        while ((now = clock.getAsLong()) < end) {
            inbox.receive(Duration.ofMillis(end - now));
        }
    }

    /** The state of one join, from the hello to the welcome: what step we are at and what it holds. */
    private final class Attempt {
        private final String name;
        private final String room;
        private final Earlier earlier;
        private final Previous previous;
        private final long helloNonce = newNonce();

        private Cookie cookie;
        private int initsWithCookie;
        /** The Noise initiator of the INIT we send, and the nonce it goes under; null before or after it. */
        private HandshakeInitiator initiator;

        private long initNonce;
        /** The session the REPLY gave, once it did: its token and keys; the login goes under them. */
        private long token;

        private SessionCipher cipher;
        private int loginsSent;
        private boolean heardAnything;
        /** The server answered our sealed question under the previous session's token with an UNKNOWN. */
        /** Set once a result is handed out with the keys in it: they are the session's now, not ours to erase. */
        private boolean keysGiven;

        Attempt(String name, String room, Earlier earlier) {
            this.name = name;
            this.room = room;
            this.earlier = earlier;
            this.previous = earlier.previous();
        }

        Result run(long deadline, Duration retryInterval) throws IOException {
            while (clock.getAsLong() < deadline) {
                sendNextStep();
                long waitUntil = Math.min(deadline, clock.getAsLong() + retryInterval.toMillis());
                long now;
                while ((now = clock.getAsLong()) < waitUntil) {
                    Optional<ByteBuffer> datagram = inbox.receive(Duration.ofMillis(waitUntil - now));
                    if (datagram.isEmpty()) {
                        continue;
                    }
                    Step step = SealedDatagram.isFromServer(datagram.get())
                            ? onSealed(datagram.get())
                            : onClear(datagram.get());
                    if (step.result().isPresent()) {
                        return step.result().get();
                    }
                    if (step.sendNow()) {
                        break;
                    }
                }
            }
            return new NoAnswer(heardAnything);
        }

        /** Sends what the step we are at sends: the login, an init, or a hello. */
        private void sendNextStep() {
            if (cipher != null && loginsSent == LOGINS_PER_HANDSHAKE) {
                Logger.debug("{} logins unanswered: starting the handshake again", loginsSent);
                forgetKeys();
                cookie = null;
            }
            if (cipher != null) {
                NativeClientPacket.Login login =
                        new NativeClientPacket.Login(previous.token(), previous.proof(), name, room);
                try {
                    outbox.send(cipher.seal(token, login, clock.getAsLong()));
                } catch (SealException e) {
                    throw new IllegalStateException("a new session's keys could not seal its first datagrams", e);
                }
                loginsSent++;
            } else if (cookie == null || initsWithCookie == INITS_PER_COOKIE) {
                cookie = null;
                initsWithCookie = 0;
                initiator = null;
                outbox.send(NativeCodec.encode(new ClearClientPacket.Hello(helloNonce, NativeCodec.HELLO_BYTES)));
            } else {
                if (initiator == null) {
                    initiator = new HandshakeInitiator(ephemerals);
                    initNonce = newNonce();
                }
                outbox.send(
                        NativeCodec.encode(new ClearClientPacket.Init(cookie, initNonce, initiator.firstMessage())));
                initsWithCookie++;
            }
        }

        /** A handshake datagram in clear: an answer only if it echoes the nonce of what it answers. */
        private Step onClear(ByteBuffer datagram) {
            ClearServerPacket packet;
            try {
                packet = NativeCodec.decodeServerHandshake(datagram);
            } catch (MalformedPacketException e) {
                Logger.debug("ignored a datagram while joining: {}", e.getMessage());
                return Step.WAIT;
            }
            if (packet instanceof ClearServerPacket.Challenge challenge
                    && challenge.nonce() == helloNonce
                    && cookie == null
                    && cipher == null) {
                heardAnything = true;
                cookie = challenge.cookie();
                return Step.SEND_NOW; // the init at once
            }
            if (packet instanceof ClearServerPacket.Reply reply
                    && initiator != null
                    && reply.nonce() == initNonce
                    && cipher == null) {
                heardAnything = true;
                return onReply(reply);
            }
            if (packet instanceof ClearServerPacket.Upgrade upgrade && upgrade.nonce() == helloNonce) {
                return Step.ending(new Outdated(upgrade.serverVersion()));
            }
            // left over from an earlier attempt, forged by someone who cannot see our datagrams, or an UNKNOWN
            // for a session we are not in yet
            return Step.WAIT;
        }

        private Step onReply(ClearServerPacket.Reply reply) {
            HandshakeInitiator.Outcome outcome;
            try {
                outcome = initiator.readReply(reply.handshake());
            } catch (NoiseException e) {
                // forged or altered on the way: this initiator is dead, and the next init starts a new one
                Logger.debug("ignored a reply that does not open: {}", e.getMessage());
                initiator = null;
                return Step.WAIT;
            }
            initiator = null;
            ServerKeyCheck.Verdict verdict = keyCheck.check(server.get(), outcome.serverKey());
            if (verdict instanceof ServerKeyCheck.Untrusted untrusted) {
                outcome.keys().sender().clear();
                outcome.keys().receiver().clear();
                return Step.ending(new Untrusted(untrusted.text(), untrusted.status()));
            }
            token = outcome.token();
            cipher = new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), clock.getAsLong());
            loginsSent = 0;
            return Step.SEND_NOW; // the login at once
        }

        /**
         * A sealed datagram: the answer to our login, under the keys our handshake made; or, under the earlier
         * session's token, what the server still sends that session (its ENDED counts).
         */
        private Step onSealed(ByteBuffer datagram) {
            NativeServerPacket packet;
            try {
                if (cipher == null) {
                    throw new SealException(SealException.Reason.BAD_TAG, "no keys of this handshake yet");
                }
                packet = cipher.openServerPacket(datagram);
            } catch (SealException e) {
                // the earlier session's (resent once it goes on, under the keys it has then), or forged
                Logger.debug("ignored a sealed datagram while joining ({}): {}", e.reason(), e.getMessage());
                return Step.WAIT;
            }
            if (packet instanceof NativeServerPacket.Welcome welcome && isOurs(welcome.token())) {
                keysGiven = true;
                return Step.ending(new Joined(
                        welcome.token(),
                        welcome.name(),
                        welcome.room(),
                        welcome.resumption(),
                        cipher,
                        isResumption(welcome)));
            }
            if (packet instanceof NativeServerPacket.Refused refused) {
                return Step.ending(new Refused(refused.reason(), refused.limit(), refused.subject()));
            }
            // an event of a resumed session ahead of its welcome: resent once the session goes on
            return Step.WAIT;
        }

        /**
         * Whether {@code welcome} took us back into the previous session rather than starting a new one: the
         * WELCOME says so (a resumed session goes on under the handshake's new token, as a new one starts
         * under it), and only a login that presented a previous session can be resumed.
         */
        private boolean isResumption(NativeServerPacket.Welcome welcome) {
            return previous.token() != 0 && welcome.resumed();
        }

        /**
         * Whether a welcome's token is one this login can get: the token the reply gave, or, for a server that
         * resumes a session under its old token, that one.
         */
        private boolean isOurs(long welcomed) {
            return welcomed == token || (previous.token() != 0 && welcomed == previous.token());
        }

        /** Erases the keys unless they went to the session. */
        void forgetKeys() {
            if (cipher != null && !keysGiven) {
                cipher.destroy();
            }
            cipher = null;
            token = 0;
        }
    }

    /** What a datagram did to the join: nothing, asked for the next step at once, or ended it. */
    private record Step(boolean sendNow, Optional<Result> result) {
        static final Step WAIT = new Step(false, Optional.empty());
        static final Step SEND_NOW = new Step(true, Optional.empty());

        static Step ending(Result result) {
            return new Step(false, Optional.of(result));
        }
    }

    /**
     * A fresh nonce: the server echoes it, so an answer forged by someone who cannot see our datagrams is
     * ignored. Never 0, which means none.
     */
    private long newNonce() {
        long nonce;
        do {
            nonce = random.nextLong();
        } while (nonce == 0);
        return nonce;
    }
}
