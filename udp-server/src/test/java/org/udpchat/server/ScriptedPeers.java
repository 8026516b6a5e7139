package org.udpchat.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;

/**
 * The native clients of a fuzzed story, as far as they need to remember anything: the cookie each address
 * was last handed, the sessions the relay welcomed (token, next message number, last event seen) and the
 * path challenges it sent. With them the fuzzer's choices ("login with the cookie", "chat in session 2",
 * "answer that challenge") become datagrams that get past the handshake, so a story reaches sessions,
 * rooms and their timers; every choice may also go wrong on purpose (a stale number, a stranger's token).
 */
final class ScriptedPeers {

    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /** A cookie no relay handed out. */
    private static final Cookie FORGED = new Cookie(1, 2, 3);

    /** How many path challenges are kept to answer: the relay accepts a session's last four. */
    private static final int CHALLENGES_KEPT = 8;

    private final Map<InetSocketAddress, Cookie> cookies = new HashMap<>();
    private Cookie lastCookie = FORGED;
    private final Map<Long, Session> sessions = new LinkedHashMap<>();
    private final List<NativeServerPacket.PathChallenge> challenges = new ArrayList<>();

    /** A session as its client numbers it. */
    static final class Session {
        private final long token;
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

    /** The cookie {@code from} was handed (0, 1), the last anyone was handed (2), or a forged one (3). */
    Cookie cookieFor(InetSocketAddress from, int choice) {
        if (choice <= 1) {
            return cookies.getOrDefault(from, FORGED);
        }
        return choice == 2 ? lastCookie : FORGED;
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
        long token = data.consumeLong();
        return new Session(token == 0 ? 1 : token);
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
            NativeServerPacket packet = datagram.packet();
            if (packet instanceof NativeServerPacket.Challenge challenge) {
                cookies.put(datagram.to(), challenge.cookie());
                lastCookie = challenge.cookie();
            } else if (packet instanceof NativeServerPacket.Welcome welcome) {
                sessions.computeIfAbsent(welcome.token(), Session::new);
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
}
