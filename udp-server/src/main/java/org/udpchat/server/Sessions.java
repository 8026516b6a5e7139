package org.udpchat.server;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.udpchat.codec.EndReason;

/**
 * Every native session by its token: the live ones (the room's native members, and kicked or closing
 * ones waiting for their last acknowledgement) and, for a while, the tokens of ended ones with why they
 * ended, so that a late datagram carrying one is answered (a kicked client learns it was kicked even if
 * the kick event was lost) instead of silently dropped. Tokens are 64 random bits, never 0, never one in
 * use or remembered. Owned by the relay thread.
 */
final class Sessions {

    /**
     * Ended sessions remembered at most: enough to outlive any client's retries many times over on a busy
     * server; the oldest are forgotten first.
     */
    static final int REMEMBERED_ENDS = 10_000;

    private final SecureRandom random;
    private final long timeoutMillis;
    /** In the order the sessions began, so that they are described in an order that does not vary by run. */
    private final Map<Long, Member> live = new LinkedHashMap<>();

    /**
     * The same members by identity: {@link #isLive}, asked several times per datagram, answers without boxing
     * a token, which at a hundred thousand deliveries a second was a sixth of what the relay allocated.
     */
    private final Set<Member> liveMembers = Collections.newSetFromMap(new IdentityHashMap<>());

    private final SessionTimers timers = new SessionTimers();

    /** Why each recently ended session ended, oldest first. */
    private final Map<Long, EndReason> ended = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EndReason> eldest) {
            return size() > REMEMBERED_ENDS;
        }
    };

    /** @param timeout how long a session may stay silent before it expires */
    Sessions(SecureRandom random, Duration timeout) {
        this.random = random;
        this.timeoutMillis = timeout.toMillis();
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

    /** Why the session with {@code token} ended, if it ended not long ago. */
    Optional<EndReason> endedBecause(long token) {
        return Optional.ofNullable(ended.get(token));
    }

    /** A token for a new session: unguessable, and never one in use or remembered. */
    long newToken() {
        long token;
        do {
            token = random.nextLong();
        } while (token == 0 || live.containsKey(token) || ended.containsKey(token));
        return token;
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
        ended.put(token, reason);
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    /** The live sessions' members, copied: ending one while going through them is safe. */
    List<Member> snapshot() {
        return new ArrayList<>(live.values());
    }
}
