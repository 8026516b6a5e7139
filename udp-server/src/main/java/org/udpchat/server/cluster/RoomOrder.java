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
 * room log ({@link Output#fetch}); what the log no longer holds is told as missed ({@link Output#missed}) and
 * left behind, so that a room never stalls on an event nobody has.
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
    private final Output output;
    private final Map<String, Followed> rooms = new HashMap<>();

    /** @param gapBound how long a gap may stay open before it is fetched from the room log */
    RoomOrder(Duration gapBound, Output output) {
        if (gapBound.isNegative()) {
            throw new IllegalArgumentException("gapBound < 0: " + gapBound);
        }
        this.gapBoundNanos = gapBound.toNanos();
        this.output = Objects.requireNonNull(output, "output == null");
    }

    /**
     * Starts following a room whose last event is {@code lastSequence}: its next event is delivered first. A
     * room already followed goes on as it was.
     */
    void follow(String room, long lastSequence) {
        rooms.putIfAbsent(room, new Followed(lastSequence + 1));
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

    /** An event of the room, from wherever it came (the topic, the appending node itself). */
    void onEvent(String room, RoomEvent event, long now) {
        Followed followed = rooms.get(room);
        if (followed == null || event.sequence() < followed.next) {
            return; // not followed, or delivered already
        }
        followed.early.putIfAbsent(event.sequence(), event);
        followed.knownLast = Math.max(followed.knownLast, event.sequence());
        drain(room, followed);
        openGap(followed, now);
        fetchOverdue(room, followed, now);
    }

    /**
     * The room log says the room's last event is {@code last}: if this node has not had it, the room has a
     * gap at its end that no later event would reveal (the last one lost in transit, in a room now quiet).
     */
    void onLast(String room, long last, long now) {
        Followed followed = rooms.get(room);
        if (followed != null) {
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
     * The room log's answer to a {@link Output#fetch}: delivers the range in order, telling as missed what the
     * log does not hold, then whatever held events follow.
     */
    void onFetched(String room, long to, RoomRange range, long now) {
        Followed followed = rooms.get(room);
        if (followed == null) {
            return; // stopped following while the log was asked
        }
        followed.fetching = false;
        followed.knownLast = Math.max(followed.knownLast, range.last());
        Map<Long, RoomEvent> fetched = new HashMap<>();
        for (RoomEvent event : range.events()) {
            fetched.put(event.sequence(), event);
        }
        long missedFrom = NO_GAP;
        while (followed.next <= to) {
            RoomEvent event = followed.early.remove(followed.next);
            if (event == null) {
                event = fetched.get(followed.next);
            }
            if (event == null) {
                missedFrom = missedFrom == NO_GAP ? followed.next : missedFrom;
                followed.next++;
                continue;
            }
            if (missedFrom != NO_GAP) {
                output.missed(room, missedFrom, followed.next - 1);
                missedFrom = NO_GAP;
            }
            deliver(room, followed, event);
        }
        if (missedFrom != NO_GAP) {
            output.missed(room, missedFrom, followed.next - 1);
        }
        drain(room, followed);
        // What is still missing waits a whole bound again: its gap is newer than the one just filled.
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

    private void drain(String room, Followed followed) {
        RoomEvent event;
        while ((event = followed.early.remove(followed.next)) != null) {
            deliver(room, followed, event);
        }
        if (followed.next > followed.knownLast) {
            followed.gapSince = NO_GAP;
        }
    }

    /** Notes when a gap opened, unless one is open already: an event is known to exist but has not come. */
    private static void openGap(Followed followed, long now) {
        if (followed.next <= followed.knownLast && followed.gapSince == NO_GAP) {
            followed.gapSince = now;
        }
    }

    private void deliver(String room, Followed followed, RoomEvent event) {
        followed.next = event.sequence() + 1;
        output.deliver(room, event);
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
        boolean fetching;

        Followed(long next) {
            this.next = next;
            this.knownLast = next - 1;
        }
    }
}
