package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.udpchat.codec.secure.SessionCipher;

/**
 * Handshakes the server has answered and whose client has not logged in yet, by the token the REPLY gave:
 * the address the init came from (proven by its cookie), the keys agreed, and until when the login may
 * come. Bounded in number and in time, so that valid-cookie inits from many addresses cannot fill memory:
 * an init beyond {@link #MAX_PENDING} is dropped, and each is forgotten (its keys erased)
 * {@link #LIFETIME_MILLIS} after it was answered. A login that opens a session takes its pending away; a
 * refused one leaves it, so that a retried login gets the same answer. Owned by the relay thread.
 */
final class PendingHandshakes {

    /** Unfinished handshakes held at most: 4,096 × about 1 KB of cipher state. */
    static final int MAX_PENDING = 4_096;

    /** How long a client has, from the REPLY, to log in: many retries of a lost LOGIN. */
    static final long LIFETIME_MILLIS = 10_000;

    /** One answered handshake. */
    static final class Pending {
        private final long token;
        private final InetSocketAddress address;
        private final SessionCipher cipher;
        private final long deadlineMillis;

        Pending(long token, InetSocketAddress address, SessionCipher cipher, long deadlineMillis) {
            this.token = token;
            this.address = address;
            this.cipher = cipher;
            this.deadlineMillis = deadlineMillis;
        }

        long token() {
            return token;
        }

        InetSocketAddress address() {
            return address;
        }

        SessionCipher cipher() {
            return cipher;
        }
    }

    /** In the order they were answered, which is the order of their deadlines (the relay's clock is monotonic). */
    private final Map<Long, Pending> pending = new LinkedHashMap<>();

    /** The pending handshake whose REPLY gave {@code token}, if it has not expired at {@code nowMillis}. */
    Pending get(long token, long nowMillis) {
        expire(nowMillis);
        return pending.get(token);
    }

    boolean contains(long token) {
        return pending.containsKey(token);
    }

    /** Whether another may be held at {@code nowMillis}. */
    boolean hasRoom(long nowMillis) {
        expire(nowMillis);
        return pending.size() < MAX_PENDING;
    }

    /** Holds a handshake answered at {@code nowMillis}. */
    void add(long token, InetSocketAddress address, SessionCipher cipher, long nowMillis) {
        pending.put(token, new Pending(token, address, cipher, nowMillis + LIFETIME_MILLIS));
    }

    /** A session took this handshake's keys: forgotten, the keys not erased (they are the session's now). */
    void taken(Pending taken) {
        pending.remove(taken.token(), taken);
    }

    int size() {
        return pending.size();
    }

    private void expire(long nowMillis) {
        Iterator<Pending> oldest = pending.values().iterator();
        while (oldest.hasNext()) {
            Pending next = oldest.next();
            if (next.deadlineMillis > nowMillis) {
                return;
            }
            next.cipher.destroy();
            oldest.remove();
        }
    }
}
