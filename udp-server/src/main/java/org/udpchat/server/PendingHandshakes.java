package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.secure.SessionCipher;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * Handshakes the server has answered and whose client has not logged in yet, by the token the REPLY gave:
 * the address the init came from (proven by its cookie), the keys agreed, and until when the login may
 * come. Bounded in number and in time, so that valid-cookie inits from many addresses cannot fill memory:
 * never more than {@link #MAX_PENDING}, and each is forgotten (its keys erased) {@link #LIFETIME_MILLIS}
 * after it was answered.
 *
 * <p>A full table makes room rather than turning the newest away: it gives up the oldest handshake of the
 * address group ({@link AddressKey}) holding the most ({@link Holdings}). Flooders at many addresses, each
 * holding many, so lose their own oldest first, and a newcomer's one handshake is given up only when no group
 * holds two, that is <b>never while fewer than {@value #MAX_PENDING} groups hold handshakes</b>; its client
 * has the rest of {@link #LIFETIME_MILLIS} to log in. Giving up costs nothing but the keys, and how many
 * handshakes are done at all is {@link HandshakeBudget}'s to bound: making room does not make work.
 *
 * <p>A login that opens a session takes its pending away; a
 * refused one leaves it, so that a retried login gets the same answer. The same init again (from the same
 * address, with the same nonce and Noise message: a retry, or a captured one replayed from the address it
 * was sent from) finds its handshake and gets the same REPLY again, with no new key agreement and none of
 * the address's handshakes spent. Owned by the relay thread.
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
        private final AddressKey group;
        private final SessionCipher cipher;
        private final long deadlineMillis;
        private final Init init;
        private final ClearServerPacket.Reply reply;

        Pending(
                long token,
                InetSocketAddress address,
                SessionCipher cipher,
                long deadlineMillis,
                Init init,
                ClearServerPacket.Reply reply) {
            this.token = token;
            this.address = address;
            this.group = AddressKey.of(address.getAddress());
            this.cipher = cipher;
            this.deadlineMillis = deadlineMillis;
            this.init = init;
            this.reply = reply;
        }

        /** Whether its login's name is being claimed across the cluster: a retried login waits for that. */
        private boolean claiming;

        /** The resumption secret of the session it opens, once made: shared before the WELCOME gives it. */
        private ResumptionSecret resumption;

        /** The session of another node its login takes over, once its name has moved here; else null. */
        private ClusterSessions.Resumable resumes;

        /** Whether the session it opens was shared with the cluster before it opened (to forget if it does not). */
        private boolean shared;

        /** What the cluster refused its login, once it did: the answer to any login sent on it since; else null. */
        private Refusal refusedByCluster;

        /** The REPLY that answered this handshake's init. */
        ClearServerPacket.Reply reply() {
            return reply;
        }

        boolean isClaiming() {
            return claiming;
        }

        void claiming(boolean now) {
            claiming = now;
        }

        /** The resumption secret of the session this handshake opens: made by {@code make} when first asked. */
        ResumptionSecret resumption(Supplier<ResumptionSecret> make) {
            if (resumption == null) {
                resumption = make.get();
            }
            return resumption;
        }

        ClusterSessions.Resumable resumes() {
            return resumes;
        }

        /** Its login takes over {@code old}, another node's session, whose name has moved here. */
        void resumes(ClusterSessions.Resumable old) {
            resumes = old;
        }

        Refusal refusedByCluster() {
            return refusedByCluster;
        }

        void refusedByCluster(Refusal refusal) {
            refusedByCluster = refusal;
        }

        boolean isShared() {
            return shared;
        }

        void shared() {
            shared = true;
        }

        long token() {
            return token;
        }

        InetSocketAddress address() {
            return address;
        }

        /** The address group it counts against: its IPv4 address, or its IPv6 /64. */
        AddressKey group() {
            return group;
        }

        SessionCipher cipher() {
            return cipher;
        }
    }

    /** What makes two inits the same one: where it came from, its nonce, Noise's first message. */
    private record Init(InetSocketAddress address, long nonce, byte[] handshake) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Init that
                    && address.equals(that.address)
                    && nonce == that.nonce
                    && Arrays.equals(handshake, that.handshake);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * address.hashCode() + Long.hashCode(nonce)) + Arrays.hashCode(handshake);
        }
    }

    /** In the order they were answered, which is the order of their deadlines (the relay's clock is monotonic). */
    private final Map<Long, Pending> pending = new LinkedHashMap<>();

    private final Map<Init, Pending> byInit = new HashMap<>();

    private final Holdings<Pending> holdings = new Holdings<>();

    /** The handshake {@code init} from {@code address} already started, if it is still pending at {@code nowMillis}. */
    Pending answered(InetSocketAddress address, ClearClientPacket.Init init, long nowMillis) {
        expire(nowMillis);
        return byInit.get(new Init(address, init.nonce(), init.handshake()));
    }

    /** The pending handshake whose REPLY gave {@code token}, if it has not expired at {@code nowMillis}. */
    Pending get(long token, long nowMillis) {
        expire(nowMillis);
        return pending.get(token);
    }

    boolean contains(long token) {
        return pending.containsKey(token);
    }

    /**
     * Whether {@code handshake} still waits for its login here at {@code nowMillis}: not taken, given up or
     * expired meanwhile.
     */
    boolean holds(Pending handshake, long nowMillis) {
        expire(nowMillis);
        return pending.get(handshake.token()) == handshake;
    }

    /**
     * Holds the handshake that {@code reply} answered {@code init} with at {@code nowMillis}; if the table was
     * full, returns the one given up to make room for it (its keys erased), else null.
     */
    Pending add(
            long token,
            InetSocketAddress address,
            SessionCipher cipher,
            ClearClientPacket.Init init,
            ClearServerPacket.Reply reply,
            long nowMillis) {
        expire(nowMillis);
        Pending givenUp = pending.size() < MAX_PENDING ? null : holdings.oldestOfHeaviest();
        if (givenUp != null) {
            forget(givenUp);
            givenUp.cipher.destroy();
        }
        Init key = new Init(address, init.nonce(), init.handshake());
        Pending added = new Pending(token, address, cipher, nowMillis + LIFETIME_MILLIS, key, reply);
        pending.put(token, added);
        byInit.put(key, added);
        holdings.add(added.group, added);
        return givenUp;
    }

    /** A session took this handshake's keys: forgotten, the keys not erased (they are the session's now). */
    void taken(Pending taken) {
        if (pending.get(taken.token()) == taken) {
            forget(taken);
        }
    }

    int size() {
        return pending.size();
    }

    /** How many handshakes {@code address}'s group holds. */
    int heldBy(InetSocketAddress address) {
        return holdings.held(AddressKey.of(address.getAddress()));
    }

    private void forget(Pending held) {
        pending.remove(held.token());
        byInit.remove(held.init, held);
        holdings.remove(held.group, held);
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
            byInit.remove(next.init, next);
            holdings.remove(next.group, next);
        }
    }
}
