package org.udpchat.server.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Puts each followed room's events in their sequence order, once each, whatever order and however often they
 * arrive. An event that comes early is held; a gap still open {@code gapBound} after it opened is asked of the
 * room log ({@link Output#fetch}); what the log no longer holds, and the topic has not brought within {@code
 * missedAfter}, is told as missed ({@link Output#missed}) and left behind, so that a room never stalls for long
 * on an event nobody has.
 *
 * <p>Pure logic: no threads, no clock of its own (each call says what time it is, in nanoseconds of any
 * monotonic clock), no Hazelcast. Not thread-safe: one thread calls all of it ({@link RoomSequencer}'s
 * {@code room-order} thread), and {@link Output} is called back on that thread, within the call.
 */
final class RoomOrder {

    /** Where ordered events go, and how the order asks for what it lacks. */
    interface Output {
        /** The room's next event, in order. */
        void deliver(String room, RoomEvent event);

        /** Events {@code from} to {@code to} of the room are gone from its history: they will never come. */
        void missed(String room, long from, long to);

        /**
         * Asks the room log for events {@code from} to {@code to}; the answer comes back as {@link #onFetched}
         * or {@link #onFetchFailed}. No second fetch is asked for a room until then.
         */
        void fetch(String room, long from, long to);
    }

    private final long gapBoundNanos;
    private final long missedAfterNanos;
    private final Output output;
    private final Map<String, Followed> rooms = new HashMap<>();

    /**
     * @param gapBound how long a gap may stay open before it is fetched from the room log
     * @param missedAfter how long an event the room log no longer holds is waited for (it may be late on the
     *     topic) before it is told as missed
     */
    RoomOrder(Duration gapBound, Duration missedAfter, Output output) {
        if (gapBound.isNegative()) {
            throw new IllegalArgumentException("gapBound < 0: " + gapBound);
        }
        if (missedAfter.isNegative()) {
            throw new IllegalArgumentException("missedAfter < 0: " + missedAfter);
        }
        this.gapBoundNanos = gapBound.toNanos();
        this.missedAfterNanos = missedAfter.toNanos();
        this.output = Objects.requireNonNull(output, "output == null");
    }

    /**
     * Starts following a room whose last event is {@code lastSequence}: its next event is delivered first. A
     * room already followed goes on as it was.
     */
    void follow(String room, long lastSequence) {
        rooms.putIfAbsent(room, new Followed(isPlausible(lastSequence) ? lastSequence + 1 : 1));
    }

    /**
     * This node's side of a split brain has merged into the other side, whose room log the merge kept: the room's
     * numbers are now the merged log's, whose last is {@code lastSequence}, and what this node delivered or holds
     * under its own side's numbers says nothing of them. Following starts again after {@code lastSequence} (as a
     * new follower would), and what was held is dropped. The merged side's events numbered before it, said while
     * the sides were apart, never reach this node's members, nor this side's the others': the caller tells the
     * room so.
     */
    void rejoin(String room, long lastSequence) {
        if (rooms.containsKey(room)) {
            rooms.put(room, new Followed(isPlausible(lastSequence) ? lastSequence + 1 : 1));
        }
    }

    /** Stops following a room: what it holds is dropped, and its events are ignored until it is followed again. */
    void stop(String room) {
        rooms.remove(room);
    }

    boolean isFollowing(String room) {
        return rooms.containsKey(room);
    }

    /** The rooms followed now, a copy. */
    java.util.List<String> followed() {
        return java.util.List.copyOf(rooms.keySet());
    }

    /** The sequence number the room's next delivered event will have. */
    OptionalLong next(String room) {
        Followed followed = rooms.get(room);
        return followed == null ? OptionalLong.empty() : OptionalLong.of(followed.next);
    }

    /**
     * Whether {@code sequence} may be a room's: from 1, and short of the largest long, so that the number after
     * it exists. A number past that (which no room log gives, but the cluster's topics and maps do not
     * authenticate who wrote them) would make {@code next} wrap round and the missed range never end.
     */
    static boolean isPlausible(long sequence) {
        return sequence >= 1 && sequence < Long.MAX_VALUE;
    }

    /** An event of the room, from wherever it came (the topic, the appending node itself). */
    void onEvent(String room, RoomEvent event, long now) {
        Followed followed = rooms.get(room);
        if (followed == null || event.sequence() < followed.next || !isPlausible(event.sequence())) {
            return; // not followed, delivered already, or no room's
        }
        followed.early.putIfAbsent(event.sequence(), event);
        followed.knownLast = Math.max(followed.knownLast, event.sequence());
        drain(room, followed, now);
        openGap(followed, now);
        fetchOverdue(room, followed, now);
    }

    /**
     * The room log says the room's last event is {@code last}: if this node has not had it, the room has a
     * gap at its end that no later event would reveal (the last one lost in transit, in a room now quiet).
     */
    void onLast(String room, long last, long now) {
        Followed followed = rooms.get(room);
        if (followed != null && isPlausible(last)) {
            followed.knownLast = Math.max(followed.knownLast, last);
            openGap(followed, now);
            fetchOverdue(room, followed, now);
        }
    }

    /** Time passes: asks the room log for every gap open longer than the bound and not yet asked for. */
    void onTime(long now) {
        for (Map.Entry<String, Followed> room : rooms.entrySet()) {
            fetchOverdue(room.getKey(), room.getValue(), now);
        }
    }

    /**
     * The room log's answer to a {@link Output#fetch}: delivers what it holds in order. What it does not hold
     * (fallen out of the history, or lost with a node) may still be on its way by the topic, late, so it is told
     * as missed only once this node has waited {@code missedAfter} for it; until then it is asked again after
     * each bound.
     */
    void onFetched(String room, long to, RoomRange range, long now) {
        Followed followed = rooms.get(room);
        if (followed == null) {
            return; // stopped following while the log was asked
        }
        followed.fetching = false;
        if (isPlausible(range.last())) {
            followed.knownLast = Math.max(followed.knownLast, range.last());
        }
        for (RoomEvent event : range.events()) {
            if (event.sequence() >= followed.next && isPlausible(event.sequence())) {
                followed.early.putIfAbsent(event.sequence(), event);
            }
        }
        // Everything still missing up to `to` was missing already when the gap was asked about: it has been
        // waited for since then, whatever the answer delivers before it.
        long waitedSince = followed.headSince;
        drain(room, followed, now);
        if (waitedSince != NO_GAP && followed.next <= to && now - waitedSince >= missedAfterNanos) {
            while (followed.next <= to) {
                Long held = followed.early.ceilingKey(followed.next);
                long end = held == null ? to : Math.min(to, held - 1);
                output.missed(room, followed.next, end);
                followed.next = end + 1;
                followed.headSince = now;
                drain(room, followed, now);
            }
        }
        // What is still missing waits a whole bound again: its gap is newer than the one just asked about.
        followed.gapSince = NO_GAP;
        openGap(followed, now);
    }

    /** The room log could not answer (a node died meanwhile): the gap is asked again after another bound. */
    void onFetchFailed(String room, long now) {
        Followed followed = rooms.get(room);
        if (followed != null) {
            followed.fetching = false;
            followed.gapSince = NO_GAP;
            openGap(followed, now);
        }
    }

    /** When {@link #onTime} next has something to do, if ever. */
    OptionalLong nextDeadline() {
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (Followed followed : rooms.values()) {
            if (followed.gapSince != NO_GAP && !followed.fetching) {
                long due = followed.gapSince + gapBoundNanos;
                earliest = any ? (due - earliest < 0 ? due : earliest) : due;
                any = true;
            }
        }
        return any ? OptionalLong.of(earliest) : OptionalLong.empty();
    }

    private void drain(String room, Followed followed, long now) {
        RoomEvent event;
        while ((event = followed.early.remove(followed.next)) != null) {
            followed.next = event.sequence() + 1;
            followed.headSince = now;
            output.deliver(room, event);
        }
        if (followed.next > followed.knownLast) {
            followed.gapSince = NO_GAP;
            followed.headSince = NO_GAP;
        }
    }

    /** Notes when a gap opened, unless one is open already: an event is known to exist but has not come. */
    private static void openGap(Followed followed, long now) {
        if (followed.next <= followed.knownLast && followed.gapSince == NO_GAP) {
            followed.gapSince = now;
        }
        if (followed.next <= followed.knownLast && followed.headSince == NO_GAP) {
            followed.headSince = now;
        }
    }

    private void fetchOverdue(String room, Followed followed, long now) {
        if (followed.gapSince == NO_GAP || followed.fetching || now - followed.gapSince < gapBoundNanos) {
            return;
        }
        followed.fetching = true;
        // One question for every hole up to the latest known event: what arrives meanwhile is not delivered twice.
        output.fetch(room, followed.next, followed.knownLast);
    }

    /** A "no gap" time; a real one may be any long, but a gap opening at exactly this nanosecond is harmless. */
    private static final long NO_GAP = Long.MIN_VALUE;

    /** A followed room: the next number to deliver and the events that came before it. */
    private static final class Followed {
        long next;
        /** The highest sequence number known to exist (held, or told by the room log). */
        long knownLast;

        final TreeMap<Long, RoomEvent> early = new TreeMap<>();
        long gapSince = NO_GAP;
        /** Since when this node has waited for event {@code next} (it knows of a later one), or none. */
        long headSince = NO_GAP;

        boolean fetching;

        Followed(long next) {
            this.next = next;
            this.knownLast = next - 1;
        }
    }
}
