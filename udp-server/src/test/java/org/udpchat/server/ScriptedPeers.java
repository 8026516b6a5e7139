package org.udpchat.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The native clients of a fuzzed story, as far as they need to remember anything: the cookie each address
 * was last handed, the handshakes under way (each init's initiator, until its reply comes), the keys of
 * every handshake the relay answered (registered with the outbox's {@link ClientKeys}, which reads what is
 * sealed), the sessions the relay welcomed (token, resumption secret, next message number, last event
 * seen) and the path challenges it sent. With them the fuzzer's choices ("init with the cookie", "log in
 * under that handshake", "chat in session 2", "answer that challenge") become sealed datagrams that get past
 * the handshake, so a story reaches sessions, rooms and their timers; every choice may also go wrong on
 * purpose (a stale number, a stranger's token, a wrong proof, a flipped bit).
 */
final class ScriptedPeers {

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /** A cookie no relay handed out. */
    private static final Cookie FORGED = new Cookie(1, 2, 3);

    /** How many path challenges are kept to answer: the relay accepts a session's last four. */
    private static final int CHALLENGES_KEPT = 8;

    private final ClientKeys keys;
    private final SecureRandom random;
    private final SessionCipher strangers;
    private final Map<InetSocketAddress, Cookie> cookies = new HashMap<>();
    private Cookie lastCookie = FORGED;
    /** Inits sent and not yet answered, by their nonce. */
    private final Map<Long, HandshakeInitiator> initiators = new HashMap<>();
    /** Tokens of handshakes answered, in the order they were: what a login is sealed under. */
    private final List<Long> handshakes = new ArrayList<>();
    /** The token of the handshake each address last finished: where its login is mostly sealed. */
    private final Map<InetSocketAddress, Long> handshakeAt = new HashMap<>();

    private final Map<Long, Session> sessions = new LinkedHashMap<>();
    private final List<NativeServerPacket.PathChallenge> challenges = new ArrayList<>();

    /** A session as its client numbers it. */
    static final class Session {
        private final long token;
        private ResumptionSecret resumption = ResumptionSecret.NONE;
        private long nextSeq = 1;
        private long lastEvent;

        Session(long token) {
            this.token = token;
        }

        long token() {
            return token;
        }

        /** Mostly the next number; sometimes a repeat or any number. */
        long seq(FuzzedDataProvider data) {
            switch (data.consumeInt(0, 3)) {
                case 2:
                    return Math.max(1, nextSeq - 1);
                case 3:
                    return data.consumeLong(1, MAX_U32);
                default:
                    return nextSeq++;
            }
        }

        /** Mostly the last event seen; sometimes any number. */
        long ack(FuzzedDataProvider data) {
            return data.consumeBoolean() ? lastEvent : data.consumeLong(0, MAX_U32);
        }
    }

    /** @param keys where the keys of every handshake answered go, so that what is sealed to them is read */
    ScriptedPeers(ClientKeys keys) {
        this.keys = keys;
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA1PRNG", e);
        }
        random.setSeed(2); // so that an input replays the same keys
        strangers = strangersCipher(random);
    }

    /** The cookie {@code from} was handed (0, 1), the last anyone was handed (2), or a forged one (3). */
    Cookie cookieFor(InetSocketAddress from, int choice) {
        if (choice <= 1) {
            return cookies.getOrDefault(from, FORGED);
        }
        return choice == 2 ? lastCookie : FORGED;
    }

    /** An init with {@code cookie}: its initiator is kept until the reply to {@code nonce} comes. */
    ClearClientPacket.Init init(Cookie cookie, long nonce) {
        HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(random));
        initiators.put(nonce, initiator);
        return new ClearClientPacket.Init(cookie, nonce, initiator.firstMessage());
    }

    /**
     * A login sealed under an answered handshake (or a stranger's token), presenting a welcomed session's
     * token with its secret, with a wrong one, or none.
     */
    Scripted login(InetSocketAddress from, FuzzedDataProvider data, String name, String room) {
        long token;
        int choice = data.consumeInt(0, 7);
        if (choice <= 4 && handshakeAt.containsKey(from)) {
            token = handshakeAt.get(from); // its own handshake, as a client does
        } else if (choice <= 6 && !handshakes.isEmpty()) {
            token = handshakes.get(data.consumeInt(0, handshakes.size() - 1)); // anyone's
        } else {
            token = strangersToken(data);
        }
        NativeClientPacket.Login login;
        int presents = sessions.isEmpty() ? 0 : data.consumeInt(0, 2);
        if (presents == 0) {
            login = new NativeClientPacket.Login(name, room);
        } else {
            Session previous = pick(data);
            ResumptionSecret proof = presents == 1 && !previous.resumption.isNone()
                    ? previous.resumption
                    : ResumptionSecret.random(random);
            login = new NativeClientPacket.Login(previous.token(), proof, name, room);
        }
        return seal(token, login, data);
    }

    /** {@code packet} sealed for its token with its keys (a stranger's if none), sometimes with a bit flipped. */
    Scripted seal(NativeClientPacket packet, FuzzedDataProvider data) {
        return seal(packet.token(), packet, data);
    }

    private Scripted seal(long token, NativeClientPacket packet, FuzzedDataProvider data) {
        SessionCipher cipher = keys.cipherOf(token);
        byte[] sealed;
        try {
            sealed = (cipher == null ? strangers : cipher).seal(token, packet, 0);
        } catch (SealException e) {
            throw new AssertionError(e);
        }
        if (data.consumeInt(0, 9) == 9) { // not 0: an input that runs out of bytes reads zeros
            int bit = data.consumeInt(0, sealed.length * 8 - 1);
            sealed[bit / 8] ^= (byte) (1 << (bit % 8));
            return new Scripted(sealed, null); // it cannot open: it says nothing
        }
        return new Scripted(sealed, packet);
    }

    /** A datagram of the story, and the session packet it carries sealed, if any (null if it cannot open). */
    record Scripted(byte[] bytes, NativeClientPacket inside) {}

    private long strangersToken(FuzzedDataProvider data) {
        long token = data.consumeLong();
        return token == 0 ? 1 : token;
    }

    /** A welcomed session's token, or any other. */
    long pickToken(FuzzedDataProvider data) {
        return pick(data).token();
    }

    /** A welcomed session, or a stranger's that the relay never gave out. */
    Session pick(FuzzedDataProvider data) {
        int index = data.consumeInt(0, sessions.size());
        if (index < sessions.size()) {
            return new ArrayList<>(sessions.values()).get(index);
        }
        return new Session(strangersToken(data));
    }

    /** The answer to a challenge the relay sent, or a guess. */
    NativeClientPacket.PathResponse pathResponse(FuzzedDataProvider data) {
        int index = data.consumeInt(0, challenges.size());
        if (index < challenges.size()) {
            NativeServerPacket.PathChallenge challenge = challenges.get(index);
            return new NativeClientPacket.PathResponse(challenge.token(), challenge.nonce());
        }
        return new NativeClientPacket.PathResponse(pickToken(data), data.consumeLong());
    }

    /** Remembers what the relay just sent that a client would keep. */
    void heard(List<RelayWatch.Sent> sent) {
        for (RelayWatch.Sent datagram : sent) {
            Packet packet = datagram.packet();
            if (packet instanceof ClearServerPacket.Challenge challenge) {
                cookies.put(datagram.to(), challenge.cookie());
                lastCookie = challenge.cookie();
            } else if (packet instanceof ClearServerPacket.Reply reply) {
                HandshakeInitiator initiator = initiators.remove(reply.nonce());
                if (initiator != null) {
                    try {
                        HandshakeInitiator.Outcome outcome = initiator.readReply(reply.handshake());
                        keys.register(outcome.token(), new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), 0));
                        handshakes.add(outcome.token());
                        handshakeAt.put(datagram.to(), outcome.token());
                    } catch (NoiseException e) {
                        throw new AssertionError("the relay's reply does not complete the handshake", e);
                    }
                }
            } else if (packet instanceof NativeServerPacket.Welcome welcome) {
                sessions.computeIfAbsent(welcome.token(), Session::new).resumption = welcome.resumption();
            } else if (packet instanceof NativeServerPacket.Event event) {
                Session session = sessions.get(event.token());
                if (session != null) {
                    session.lastEvent = Math.max(session.lastEvent, event.seq());
                }
            } else if (packet instanceof NativeServerPacket.PathChallenge challenge) {
                if (challenges.size() == CHALLENGES_KEPT) {
                    challenges.remove(0);
                }
                challenges.add(challenge);
            }
        }
    }

    private static SessionCipher strangersCipher(SecureRandom random) {
        try {
            HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(random));
            HandshakeResponder.Response response = HandshakeResponder.respond(
                    NoiseKeyPair.generate(random), initiator.firstMessage(), 1, NoiseKeyPair.generator(random));
            return new SessionCipher(
                    SessionCipher.Side.CLIENT,
                    initiator.readReply(response.secondMessage()).keys(),
                    0);
        } catch (NoiseException e) {
            throw new AssertionError(e);
        }
    }
}
