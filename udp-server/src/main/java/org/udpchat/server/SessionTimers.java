package org.udpchat.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * When each live native session next needs the relay's timers, so that a turn of the timers visits only
 * the sessions due and an idle server sleeps. Owned by {@link Sessions}, on the relay thread.
 *
 * <p>Two kinds of deadline, in two {@link DeadlineQueue}s. Precise ones (a resend, a delayed
 * acknowledgement, a held line as its bucket refills, the end of a kicked or closing session) are kept
 * exact: they move with every datagram to or from the member, and an early or late visit would show. Coarse
 * ones (expiry of the silent, the check for a stalled member) are pushed later by every heartbeat: they are
 * re-armed only when the old deadline passes and the session turns out to have moved on, and they wake the
 * relay on a {@value #COARSE_SLACK_MILLIS} ms grid, so ten thousand idle members cost a few wake-ups a
 * second and not one each.
 *
 * <p>Whatever may bring a session's deadlines sooner {@linkplain #touch touches} it (a datagram from it, an
 * event owed to it, a visit of the timers, its opening); before the relay next sleeps or runs its timers,
 * {@link #arm} works out the touched sessions' deadlines once each, however often they were touched.
 */
final class SessionTimers {

    /** The grid coarse deadlines wake the relay on: a timeout of seconds may end this much late. */
    static final long COARSE_SLACK_MILLIS = 250;

    private final DeadlineQueue<Member> precise = new DeadlineQueue<>();
    private final DeadlineQueue<Member> coarse = new DeadlineQueue<>(COARSE_SLACK_MILLIS);

    /** In the order they were touched, so that deadlines tied are met in an order that does not vary by run. */
    private final Set<Member> touched = new LinkedHashSet<>();

    /** {@code member}'s deadlines may have come sooner: they are worked out again before the relay sleeps. */
    void touch(Member member) {
        touched.add(member);
    }

    /** {@code member}'s session has ended: it has no more deadlines. */
    void forget(Member member) {
        touched.remove(member);
        precise.cancel(member);
        coarse.cancel(member);
    }

    /**
     * Works out the deadlines of the touched sessions: precise ones as {@code preciseDue} says now, coarse
     * ones as {@code coarseDue} says if that is sooner than armed already ({@link Long#MAX_VALUE}: none).
     */
    void arm(ToLongFunction<Member> preciseDue, ToLongFunction<Member> coarseDue) {
        if (touched.isEmpty()) {
            return;
        }
        for (Member member : touched) {
            precise.schedule(member, preciseDue.applyAsLong(member));
            coarse.scheduleNoLaterThan(member, coarseDue.applyAsLong(member));
        }
        touched.clear();
    }

    /**
     * The members with a deadline passed at {@code nowMillis}, each once (those with a precise deadline first,
     * each kind soonest first): their due deadlines are disarmed, and the caller touches them once it has
     * visited them.
     */
    List<Member> takeDue(long nowMillis) {
        List<Member> due = new ArrayList<>();
        precise.takeDue(nowMillis, due);
        coarse.takeDue(nowMillis, due);
        if (due.size() < 2) {
            return due;
        }
        return new ArrayList<>(new LinkedHashSet<>(due)); // due both ways: visited once
    }

    /**
     * When the relay must next run the timers for the sessions: the next precise deadline, or the next
     * coarse one on its grid, whichever is sooner; {@link Long#MAX_VALUE} when none is armed. Touched sessions
     * must be {@linkplain #arm armed} first.
     */
    long nextWakeMillis() {
        return Math.min(precise.nextWakeMillis(), coarse.nextWakeMillis());
    }
}
