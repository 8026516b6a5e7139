package org.udpchat.client;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;

/**
 * Joining a native room: a hello, padded so the answer is never larger than the question; the server's
 * cookie in the answer; a login that echoes it; a welcome with the session's token. Each step is sent
 * again every {@link #RETRY_INTERVAL} (or the given interval) until {@code timeout}, because datagrams get
 * lost. Runs on whichever thread joins (the main thread first, the receiver thread when reconnecting),
 * while no other thread receives from the inbox. It sends to an {@link Outbox}, receives decoded packets
 * from an {@link Inbox} and keeps time by the clock it is given, so a test can play the server.
 */
final class Handshake {

    static final Duration RETRY_INTERVAL = Duration.ofMillis(500);

    /** Logins with one cookie before asking for a fresh one (the server drops a stale cookie silently). */
    static final int LOGINS_PER_COOKIE = 3;

    /** How a handshake ended. */
    sealed interface Result permits Joined, Refused, NoAnswer {}

    /** In: {@code room} is where the server put us (empty from a server that does not say). */
    record Joined(long token, String name, String room) implements Result {}

    /** {@code subject}: the name ours looks like, for {@link RefusalReason#NAME_LOOKS_LIKE}; else empty. */
    record Refused(RefusalReason reason, long limit, String subject) implements Result {}

    record NoAnswer() implements Result {}

    private final Outbox outbox;
    private final Inbox<NativeServerPacket> inbox;
    private final LongSupplier clock;

    /**
     * @param clock milliseconds from a monotonic source, as the session's
     */
    Handshake(Outbox outbox, Inbox<NativeServerPacket> inbox, LongSupplier clock) {
        this.outbox = outbox;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * Joins as {@code name} in {@code room} (empty: the server's default); {@code previousToken}, when not
     * 0, asks for the name back from our own earlier session.
     *
     * @throws IOException once the connection is closed
     */
    Result join(String name, String room, long previousToken, Duration timeout) throws IOException {
        return join(name, room, previousToken, timeout, RETRY_INTERVAL);
    }

    /** {@link #join}, sending again every {@code retryInterval}: longer while reconnecting, to back off. */
    Result join(String name, String room, long previousToken, Duration timeout, Duration retryInterval)
            throws IOException {
        long deadline = clock.getAsLong() + timeout.toMillis();
        long nonce = newNonce();
        Cookie cookie = null;
        int loginsWithCookie = 0;
        while (clock.getAsLong() < deadline) {
            if (cookie == null || loginsWithCookie == LOGINS_PER_COOKIE) {
                cookie = null;
                loginsWithCookie = 0;
                outbox.send(NativeCodec.encode(new NativeClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES)));
            } else {
                outbox.send(NativeCodec.encode(new NativeClientPacket.Login(cookie, previousToken, nonce, name, room)));
                loginsWithCookie++;
            }
            long waitUntil = Math.min(deadline, clock.getAsLong() + retryInterval.toMillis());
            long now;
            while ((now = clock.getAsLong()) < waitUntil) {
                Optional<NativeServerPacket> answer = inbox.receive(Duration.ofMillis(waitUntil - now));
                if (answer.isEmpty()) {
                    continue;
                }
                NativeServerPacket packet = answer.get();
                if (!answersThis(packet, nonce)) {
                    // left over from an earlier attempt, or forged by someone who cannot see our datagrams
                    continue;
                }
                if (packet instanceof NativeServerPacket.Challenge challenge && cookie == null) {
                    cookie = challenge.cookie();
                    break; // log in at once
                }
                if (packet instanceof NativeServerPacket.Welcome welcome) {
                    return new Joined(welcome.token(), welcome.name(), welcome.room());
                }
                if (packet instanceof NativeServerPacket.Refused refused) {
                    return new Refused(refused.reason(), refused.limit(), refused.subject());
                }
                // anything else is left over from an earlier session: not an answer to this handshake
            }
        }
        return new NoAnswer();
    }

    /**
     * One attempt to rejoin: {@link #join} for {@code timeout}, and, when the server refuses for now (a
     * full room or server), the rest of {@code timeout} waited out, so that a full server is asked no more
     * often than a silent one.
     */
    Result attempt(String name, String room, long previousToken, Duration timeout, Duration retryInterval)
            throws IOException {
        long end = clock.getAsLong() + timeout.toMillis();
        Result result = join(name, room, previousToken, timeout, retryInterval);
        if (result instanceof Refused refused && refused.reason().remedy() == RefusalReason.Remedy.WAITING) {
            long now;
            while ((now = clock.getAsLong()) < end) {
                inbox.receive(Duration.ofMillis(end - now)); // nothing that arrives meanwhile answers us
            }
        }
        return result;
    }

    /**
     * A fresh nonce for one join: the server echoes it in every answer, so an answer forged by someone
     * who cannot see our datagrams (a REFUSED to make us give up) is ignored. Never 0, which means none.
     */
    private static long newNonce() {
        long nonce;
        do {
            nonce = new SecureRandom().nextLong();
        } while (nonce == 0);
        return nonce;
    }

    /** Whether {@code packet} is a handshake answer echoing {@code nonce}; anything else is not an answer. */
    private static boolean answersThis(NativeServerPacket packet, long nonce) {
        if (packet instanceof NativeServerPacket.Challenge challenge) {
            return challenge.nonce() == nonce;
        } else if (packet instanceof NativeServerPacket.Welcome welcome) {
            return welcome.nonce() == nonce;
        } else if (packet instanceof NativeServerPacket.Refused refused) {
            return refused.nonce() == nonce;
        }
        return false;
    }
}
