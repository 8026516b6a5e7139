package org.udpchat.server;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.secure.SessionCipher;

/**
 * Every native session by its token: the live ones (the room's native members, and kicked or closing
 * ones waiting for their last acknowledgement) and, for a while, ended ones with why they ended and their
 * keys, so that a late datagram of one is opened and answered, sealed (a kicked client learns it was
 * kicked even if the kick event was lost), instead of silently dropped. Ended sessions' keys are kept
 * bounded: the last {@value #REMEMBERED_ENDS}, for {@link #REMEMBERED_ENDS_MILLIS} at most; then their
 * keys are erased and their token is unknown. Tokens are 64 random bits, never 0, never one in use or
 * remembered. Owned by the relay thread.
 */
final class Sessions {

    /**
     * Ended sessions remembered at most, with their keys (about 1 KB each): enough to outlive any client's
     * retries on a busy server; the oldest are forgotten first.
     */
    static final int REMEMBERED_ENDS = 1_024;

    /** How long an ended session's keys are kept: a client asleep for longer hears only "unknown". */
    static final long REMEMBERED_ENDS_MILLIS = 10 * 60_000;

    /** An ended session: why, its keys, and when it ended. */
    record Ended(EndReason reason, SessionCipher cipher, long endedMillis) {}

    private final SecureRandom random;
    private final InstantSource clock;
    private final long timeoutMillis;
    /** In the order the sessions began, so that they are described in an order that does not vary by run. */
    private final Map<Long, Member> live = new LinkedHashMap<>();

    /**
     * The same members by identity: {@link #isLive}, asked several times per datagram, answers without boxing
     * a token, which at a hundred thousand deliveries a second was a sixth of what the relay allocated.
     */
    private final Set<Member> liveMembers = Collections.newSetFromMap(new IdentityHashMap<>());

    private final SessionTimers timers = new SessionTimers();

    /** A session made here for another node's session, and that session's resumption secret. */
    private record MadeFor(Member member, ResumptionSecret oldSecret) {}

    /**
     * Live sessions made here for other nodes' sessions (resumed from a node that died), by the old session's
     * token: a client whose attempt timed out before that session's WELCOME knows only the old one.
     */
    private final Map<Long, MadeFor> madeFor = new HashMap<>();

    /** The same, by member: what its end forgets. */
    private final Map<Member, Long> madeForByMember = new IdentityHashMap<>();

    /** Why each recently ended session ended, with its keys, oldest first. */
    private final Map<Long, Ended> ended = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Ended> eldest) {
            if (size() > REMEMBERED_ENDS) {
                eldest.getValue().cipher().destroy();
                return true;
            }
            return false;
        }
    };

    /** @param timeout how long a session may stay silent before it expires */
    Sessions(SecureRandom random, Duration timeout, InstantSource clock) {
        this.random = random;
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
    }

    /** Whether {@code member}'s session has been silent for longer than the timeout at {@code nowMillis}. */
    boolean hasExpired(Member member, long nowMillis) {
        return nowMillis >= expiresAtMillis(member);
    }

    /** When {@code member}'s session expires unless it is heard from before then. */
    long expiresAtMillis(Member member) {
        return member.lastHeardMillis() + timeoutMillis + 1;
    }

    /** When each live session next needs the timers. */
    SessionTimers timers() {
        return timers;
    }

    /** The member whose live session has {@code token}, or null. */
    Member live(long token) {
        return live.get(token);
    }

    /** Whether {@code member}'s session is live still. */
    boolean isLive(Member member) {
        return liveMembers.contains(member);
    }

    /** The session with {@code token}, if it ended not long ago and its keys are kept. */
    Optional<Ended> ended(long token) {
        forgetOldEnds(clock.millis());
        return Optional.ofNullable(ended.get(token));
    }

    /** Why the session with {@code token} ended, if it ended not long ago. */
    Optional<EndReason> endedBecause(long token) {
        return ended(token).map(Ended::reason);
    }

    /**
     * A token for a new session: unguessable, and never one in use, remembered, or {@code alsoTaken}
     * (the pending handshakes').
     */
    long newToken(LongPredicate alsoTaken) {
        long token;
        do {
            token = random.nextLong();
        } while (token == 0 || live.containsKey(token) || ended.containsKey(token) || alsoTaken.test(token));
        return token;
    }

    /** {@code member}'s session, live, was made for the session {@code oldToken} of another node, proven by {@code oldSecret}. */
    void madeFor(long oldToken, ResumptionSecret oldSecret, Member member) {
        MadeFor previous = madeFor.put(oldToken, new MadeFor(member, oldSecret));
        if (previous != null) {
            madeForByMember.remove(previous.member());
        }
        madeForByMember.put(member, oldToken);
    }

    /** The live member whose session was made for another node's session {@code oldToken}, proven by {@code proof}; or null. */
    Member madeFor(long oldToken, ResumptionSecret proof) {
        MadeFor made = madeFor.get(oldToken);
        return made != null && made.oldSecret().matches(proof) && isLive(made.member()) ? made.member() : null;
    }

    /** {@code member}'s session, known until now by {@code oldToken}, goes on under its new token. */
    void reindex(Member member, long oldToken) {
        if (live.remove(oldToken, member)) {
            live.put(member.session().token(), member);
        }
    }

    void open(Member member) {
        live.put(member.session().token(), member);
        liveMembers.add(member);
        timers.touch(member); // from now on it can expire
    }

    /** The session of {@code member} ends for {@code reason}: a late datagram with its token is answered so. */
    void end(Member member, EndReason reason) {
        long token = member.session().token();
        if (live.remove(token, member)) {
            liveMembers.remove(member);
            timers.forget(member);
        }
        Long madeForToken = madeForByMember.remove(member);
        if (madeForToken != null) {
            madeFor.remove(madeForToken);
        }
        long now = clock.millis();
        forgetOldEnds(now);
        Ended previous = ended.put(token, new Ended(reason, member.session().cipher(), now));
        if (previous != null && previous.cipher() != member.session().cipher()) {
            previous.cipher().destroy();
        }
    }

    /** Erases the keys of sessions that ended longer ago than they are kept. */
    private void forgetOldEnds(long now) {
        var oldest = ended.values().iterator();
        while (oldest.hasNext()) {
            Ended next = oldest.next();
            if (now - next.endedMillis() < REMEMBERED_ENDS_MILLIS) {
                return;
            }
            next.cipher().destroy();
            oldest.remove();
        }
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** The live sessions' members, copied: ending one while going through them is safe. */
    List<Member> snapshot() {
        return new ArrayList<>(live.values());
    }
}
