package org.udpchat.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.tinylog.Logger;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.Untrusted;

/**
 * What a native member missed, told as history: when it moves into a room (what was said there since it
 * last left, or the room's recent lines if it has not been there), and when its client comes back after its
 * session expired (the private messages it had not acknowledged, then what its room said since the first
 * line it had not acknowledged). A resumed session gets nothing: the reliability layer resends what is owed,
 * and nothing is told twice. Classic members get nothing: they are an address that proves nothing.
 *
 * <p>History goes through the member's own window and backlog, numbered with its other events, so nothing
 * is shown out of order. One catch-up sends at most {@code --history} events and never more than half of
 * what the member's backlog has room for, events and bytes, so that it cannot get the member dropped; what
 * it leaves out, and what the room no longer keeps, is counted in one {@link RoomEvent.Missed} before the
 * lines. Owned by the relay thread.
 */
final class CatchUp {

    /**
     * Expired sessions whose places and private messages are kept for their clients' return, the oldest
     * forgotten first: a client comes back within seconds or minutes, and each may hold up to
     * {@code --history} private messages.
     */
    static final int REMEMBERED_RETURNS = 256;

    /** Where a member whose session expired was, and the private messages it was owed. */
    private record Whereabouts(RoomPlaces places, List<Session.OwedPrivate> privates, long privatesNotKept) {}

    /** How much one catch-up may still send, in events and bytes. */
    private static final class Allowance {
        private long events;
        private long bytes;

        Allowance(long events, long bytes) {
            this.events = Math.max(0, events);
            this.bytes = Math.max(0, bytes);
        }

        /**
         * Takes as many of {@code bodies}, newest (last) first, as the allowance has room for, each as a
         * HISTORY; returns the index of the oldest taken ({@code bodies.size()} when none is).
         */
        <E> int takeNewest(List<E> bodies, ToIntFunction<E> bodyBytes) {
            int from = bodies.size();
            while (from > 0) {
                int size = EventCodec.HISTORY_PREFIX_BYTES + bodyBytes.applyAsInt(bodies.get(from - 1));
                if (events == 0 || bytes < size) {
                    break;
                }
                events--;
                bytes -= size;
                from--;
            }
            return from;
        }
    }

    private final Delivery delivery;
    private final int historyLines;
    private final Backlog backlog;

    private final Map<Long, Whereabouts> expired = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Whereabouts> eldest) {
            return size() > REMEMBERED_RETURNS;
        }
    };

    /** @param historyLines the most lines (and private messages) one catch-up tells; 0: none, ever */
    CatchUp(Delivery delivery, int historyLines, Backlog backlog) {
        this.delivery = delivery;
        this.historyLines = historyLines;
        this.backlog = backlog;
    }

    /**
     * {@code member} has moved from {@code left} to {@code entered}, and been told so: it is told what it
     * missed in {@code entered}, and where it stopped in {@code left} is remembered for its return.
     */
    void onMoved(Member member, ChatRoom left, ChatRoom entered) {
        if (historyLines == 0) {
            return;
        }
        member.places().left(left, left.history().lastLine());
        long seenUpTo = member.places().takeFor(entered);
        Allowance allowance = allowance(member);
        if (seenUpTo < 0) {
            tellRoom(member, entered, 0, false, allowance); // a room new to it: its recent lines, no gap to tell
        } else {
            tellRoom(member, entered, seenUpTo, true, allowance);
        }
    }

    /**
     * {@code member}'s session has expired: where it stopped hearing its room (before the first line it did
     * not acknowledge), the rooms it left before, and the private messages it did not acknowledge, are kept
     * for its client's return under the same token.
     */
    void onExpired(Member member) {
        if (historyLines == 0) {
            return;
        }
        Session session = member.session();
        RoomPlaces places = member.places().copy();
        places.left(member.room(), lastHeard(member.room(), session.owedBodies()));
        List<Session.OwedPrivate> privates = session.owedPrivates();
        int keptPrivates = Math.min(privates.size(), historyLines);
        expired.put(
                session.token(),
                new Whereabouts(
                        places,
                        privates.subList(privates.size() - keptPrivates, privates.size()),
                        privates.size() - keptPrivates));
    }

    /**
     * {@code member} has just joined in a new session, its login presenting {@code previousToken}: if that
     * session expired not long ago, it is told the private messages it had not acknowledged, then what its
     * room said since it stopped hearing it, if it came back to the same room.
     */
    void onReturned(Member member, long previousToken) {
        Whereabouts whereabouts = previousToken == 0 ? null : expired.remove(previousToken);
        if (whereabouts == null) {
            return; // a first login, a session that ended otherwise, or one forgotten: it missed nothing we know of
        }
        Allowance allowance = allowance(member);
        List<Session.OwedPrivate> privates = whereabouts.privates();
        int from = allowance.takeNewest(privates, owed -> owed.body().length);
        long privatesNotKept = whereabouts.privatesNotKept() + from;
        if (privatesNotKept > 0) {
            delivery.tell(member, new RoomEvent.Missed(privatesNotKept, ""));
        }
        for (Session.OwedPrivate owed : privates.subList(from, privates.size())) {
            delivery.tellEncoded(member, EventCodec.history(0, owed.atMillis(), owed.body()));
        }
        RoomPlaces places = whereabouts.places();
        long seenUpTo = places.takeFor(member.room());
        member.placesAre(places); // the rooms it left before are still where it left them
        int lines = seenUpTo < 0 ? 0 : tellRoom(member, member.room(), seenUpTo, true, allowance);
        Logger.info(
                "{} came back after its session expired: told {} private messages and {} lines as history",
                Untrusted.quote(member.name()),
                privates.size() - from,
                lines);
    }

    /**
     * Tells {@code member} the lines of {@code room} after {@code seenUpTo}, the newest that {@code allowance}
     * allows; when {@code countMissed}, first how many it missed that are not told. Returns how many lines
     * were told.
     */
    private int tellRoom(Member member, ChatRoom room, long seenUpTo, boolean countMissed, Allowance allowance) {
        RoomHistory history = room.history();
        List<RoomHistory.Entry> kept = history.after(seenUpTo);
        int from = allowance.takeNewest(kept, entry -> entry.body().length);
        long missed = history.lastLine() - seenUpTo - (kept.size() - from);
        if (countMissed && missed > 0) {
            delivery.tell(member, new RoomEvent.Missed(missed, room.name()));
        }
        for (RoomHistory.Entry entry : kept.subList(from, kept.size())) {
            delivery.tellEncoded(member, entry.asHistory());
        }
        return kept.size() - from;
    }

    private static final int YOU_ARE_IN = EventCodec.kindOf(RoomEvent.YouAreIn.class);
    private static final int HISTORY = EventCodec.kindOf(RoomEvent.History.class);

    /**
     * The last line of {@code room}, where a member is, that it acknowledged, from the events it still owes
     * acknowledgement of, {@code owed}, oldest first. Every line of a room reaches every member in it, in
     * order, so the lines it owes since it came into the room (its last YOU_ARE_IN) are the room's last
     * lines; unless a catch-up it owes comes before them, whose first line is the oldest it missed. The
     * history may have forgotten those lines already: they are counted, not looked up, so such a gap is
     * told, not skipped.
     */
    static long lastHeard(ChatRoom room, List<byte[]> owed) {
        long liveLines = 0;
        long firstHistory = -1;
        for (byte[] body : owed) {
            int kind = EventCodec.kindOf(body);
            if (kind == YOU_ARE_IN) { // what came before was another room's
                liveLines = 0;
                firstHistory = -1;
            } else if (kind == HISTORY) {
                long line = EventCodec.historyLine(body);
                if (line > 0 && firstHistory < 0) { // 0 is a private message
                    firstHistory = line;
                }
            } else if (RoomHistory.isLine(body)) {
                liveLines++;
            }
        }
        return firstHistory > 0 ? firstHistory - 1 : room.history().lastLine() - liveLines;
    }

    /**
     * What one catch-up may send {@code member}: at most {@code --history} events, and half of what its
     * backlog has room for now, in events and bytes, so that live traffic still has the other half.
     */
    private Allowance allowance(Member member) {
        Session session = member.session();
        long events = Math.min(historyLines, (backlog.maxEvents() - session.outstandingEvents()) / 2);
        return new Allowance(events, (backlog.maxBytes() - session.outstandingBytes()) / 2);
    }
}
