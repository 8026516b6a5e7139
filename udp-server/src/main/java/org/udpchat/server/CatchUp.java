package org.udpchat.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.tinylog.Logger;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.Untrusted;

/**
 * What a native member missed, told as history: when it moves into a room (what was said there since it
 * last left, or the room's recent lines if it has not been there), and when its client comes back after its
 * session expired (the private messages it had not acknowledged, then what its room said since the first
 * line it had not acknowledged), and when a cluster's node resumes another node's session (what its room said
 * after the last event it acknowledged there, from the room's log across the cluster). A session resumed on
 * its own server gets nothing: the reliability layer resends what is owed, and nothing is told twice. Classic members get nothing: they are an address that proves nothing.
 *
 * <p>History goes through the member's own window and backlog, numbered with its other events, so nothing
 * is shown out of order. One catch-up sends at most {@code --history} events and never more than half of
 * what the member's backlog has room for, events and bytes, so that it cannot get the member dropped; what
 * it leaves out, and what the room no longer keeps, is counted in one {@link RoomEvent.Missed} before the
 * lines. Owned by the relay thread.
 */
final class CatchUp {

    /**
     * Expired sessions whose places and private messages are kept for their clients' return, at most, the
     * oldest forgotten first: a client comes back within seconds or minutes.
     */
    static final int REMEMBERED_RETURNS = 1_024;

    /**
     * What those may cost together, at most, in private messages' bodies and marks (8 bytes an owed event),
     * the oldest forgotten first: a network's blip can expire hundreds of sessions at once, each owing up to
     * {@code --max-backlog-kb}.
     */
    static final long REMEMBERED_BYTES = 32L << 20;

    /**
     * What an expired session left for its client's return: the rooms it had left before, and, for the room
     * it was in, that room's last line then and what each event it still owed was (see {@link #mark}), so
     * that where it stopped hearing the room can be worked out again if a late acknowledgement arrives; and
     * the private messages among those events. Its events numbered from {@code firstSeq}, in order.
     */
    private static final class Lapsed {
        final RoomPlaces places;
        final long roomSerial;
        final long lastLine;
        final long firstSeq;
        final long[] marks;
        final List<KeptPrivate> privates;
        /** The event numbers of the private messages it owed beyond {@code --history}, which were not kept. */
        final long[] notKept;
        /** The last of its events the client acknowledged, late acknowledgements included. */
        long acknowledged;

        /** What its client must show to be told any of this: the session's resumption secret. */
        final ResumptionSecret secret;

        Lapsed(
                ResumptionSecret secret,
                RoomPlaces places,
                long roomSerial,
                long lastLine,
                long firstSeq,
                long[] marks,
                List<KeptPrivate> privates,
                long[] notKept) {
            this.secret = secret;
            this.places = places;
            this.roomSerial = roomSerial;
            this.lastLine = lastLine;
            this.firstSeq = firstSeq;
            this.marks = marks;
            this.privates = privates;
            this.notKept = notKept;
            this.acknowledged = firstSeq - 1;
        }

        /** About what it holds, in bytes. */
        long bytes() {
            long bytes = 8L * (marks.length + notKept.length);
            for (KeptPrivate message : privates) {
                bytes += message.body().length;
            }
            return bytes;
        }

        /** Where among {@link #marks} the events the client has not acknowledged begin. */
        int firstUnacknowledged() {
            return (int) (acknowledged - firstSeq + 1);
        }
    }

    /** A private message an expired session owed, as its event number {@code seq}. */
    private record KeptPrivate(long seq, byte[] body, long atMillis) {}

    /** {@link Lapsed#marks}: a YOU_ARE_IN (what came before was another room's). */
    private static final long MOVED = -3;

    /** {@link Lapsed#marks}: a line of the room, told live. */
    private static final long LIVE_LINE = -2;

    /** {@link Lapsed#marks}: anything else; a HISTORY of a room line is marked with its line number. */
    private static final long OTHER = -1;

    private static final int YOU_ARE_IN = EventCodec.kindOf(RoomEvent.YouAreIn.class);
    private static final int HISTORY = EventCodec.kindOf(RoomEvent.History.class);

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

    /** By the expired session's token, oldest first. */
    private final Map<Long, Lapsed> expired = new LinkedHashMap<>();

    /** What {@link #expired} holds, in bytes, as {@link Lapsed#bytes} counts it. */
    private long expiredBytes;

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
     * for its client's return under the same token. Each owed event is kept as a mark, not its body, so an
     * expired session costs 8 bytes an owed event (at most {@code --max-backlog}) and its private messages.
     */
    void onExpired(Member member) {
        if (historyLines == 0) {
            return;
        }
        Session session = member.session();
        List<byte[]> owed = session.owedBodies();
        long firstSeq = session.events().acknowledged() + 1;
        long[] marks = new long[owed.size()];
        List<KeptPrivate> privates = new ArrayList<>();
        ArrayDeque<Session.OwedPrivate> owedPrivates = new ArrayDeque<>(session.owedPrivates());
        for (int i = 0; i < marks.length; i++) {
            byte[] body = owed.get(i);
            marks[i] = mark(body);
            if (!owedPrivates.isEmpty() && owedPrivates.peekFirst().sent() == body) {
                Session.OwedPrivate message = owedPrivates.pollFirst();
                privates.add(new KeptPrivate(firstSeq + i, message.message(), message.atMillis()));
            }
        }
        // beyond --history, the oldest are not kept, only counted (unless a late acknowledgement covers them)
        int notKept = Math.max(0, privates.size() - historyLines);
        long[] notKeptSeqs = new long[notKept];
        for (int i = 0; i < notKept; i++) {
            notKeptSeqs[i] = privates.get(i).seq();
        }
        ChatRoom room = member.room();
        remember(
                session.token(),
                new Lapsed(
                        session.resumption(),
                        member.places().copy(),
                        room.serial(),
                        room.history().lastLine(),
                        firstSeq,
                        marks,
                        List.copyOf(privates.subList(notKept, privates.size())),
                        notKeptSeqs));
    }

    /** Keeps {@code lapsed} for its client's return, forgetting the oldest kept past the bounds. */
    private void remember(long token, Lapsed lapsed) {
        expired.put(token, lapsed);
        expiredBytes += lapsed.bytes();
        Iterator<Lapsed> oldest = expired.values().iterator();
        while (expired.size() > REMEMBERED_RETURNS || expiredBytes > REMEMBERED_BYTES) {
            expiredBytes -= oldest.next().bytes();
            oldest.remove();
        }
    }

    /**
     * A datagram of an expired session acknowledged its events up to {@code ack}: the client was stopped (a
     * laptop's lid, Ctrl-Z), and on waking showed what had reached it before it learnt its session was over.
     * What it acknowledges now is not told again on its return.
     */
    void onLateAck(long token, long ack) {
        Lapsed lapsed = expired.get(token);
        if (lapsed != null && ack > lapsed.acknowledged) {
            lapsed.acknowledged = Math.min(ack, lapsed.firstSeq + lapsed.marks.length - 1);
        }
    }

    /**
     * {@code member} has just joined in a new session, its login presenting {@code previousToken} and
     * {@code proof}: if that session expired not long ago and {@code proof} is its resumption secret, it is
     * told the private messages it had not acknowledged, then what its room said since it stopped hearing
     * it, if it came back to the same room. The token alone tells nothing, and takes nothing away.
     */
    void onReturned(Member member, long previousToken, ResumptionSecret proof) {
        Lapsed lapsed = previousToken == 0 ? null : expired.get(previousToken);
        if (lapsed == null) {
            return; // a first login, a session that ended otherwise, or one forgotten: it missed nothing we know of
        }
        if (!lapsed.secret.matches(proof)) {
            Logger.debug("a login named an expired session without its resumption secret: nothing told");
            return;
        }
        expired.remove(previousToken);
        expiredBytes -= lapsed.bytes();
        int from = lapsed.firstUnacknowledged();
        List<KeptPrivate> privates = new ArrayList<>();
        for (KeptPrivate message : lapsed.privates) {
            if (message.seq() > lapsed.acknowledged) {
                privates.add(message);
            }
        }
        long privatesNotKept = 0;
        for (long seq : lapsed.notKept) {
            if (seq > lapsed.acknowledged) {
                privatesNotKept++;
            }
        }
        int first = allowance(member).takeNewest(privates, message -> message.body().length);
        if (privatesNotKept + first > 0) {
            delivery.tell(member, new RoomEvent.Missed(privatesNotKept + first, ""));
        }
        for (KeptPrivate message : privates.subList(first, privates.size())) {
            delivery.tellPrivateAgain(member, message.body(), message.atMillis());
        }
        RoomPlaces places = lapsed.places;
        places.left(lapsed.roomSerial, lastHeard(lapsed.lastLine, lapsed.marks, from));
        long seenUpTo = places.takeFor(member.room());
        member.placesAre(places); // the rooms it left before are still where it left them
        int lines = seenUpTo < 0 ? 0 : tellRoom(member, member.room(), seenUpTo, true, allowance(member));
        Logger.info(
                "{} came back after its session expired: told {} private messages and {} lines as history",
                Untrusted.quote(member.name()),
                privates.size() - first,
                lines);
    }

    /** A line of a room as the room's log across a cluster holds it: its number there, when it was ordered, its body. */
    record LoggedLine(long number, long atMillis, byte[] body) {}

    /** The largest line number a HISTORY carries (u32); a room's log numbers its events with a long. */
    private static final long MAX_LINE_NUMBER = 0xFFFF_FFFFL;

    /**
     * {@code member} resumed here the session of a node that died or lost touch: it is told the lines of its
     * room it had not acknowledged there ({@code lines}, oldest first, from the room's log), the newest that
     * its allowance allows, after one count of what it missed: {@code notKept} events the log no longer held,
     * and the lines the allowance leaves out. Returns how many lines were told.
     */
    int onResumedFromAnotherNode(Member member, long notKept, List<LoggedLine> lines) {
        int from = allowance(member).takeNewest(lines, line -> line.body().length);
        long missed = notKept + from;
        if (missed > 0) {
            delivery.tell(
                    member,
                    new RoomEvent.Missed(
                            Math.min(missed, MAX_LINE_NUMBER), member.room().name()));
        }
        for (LoggedLine line : lines.subList(from, lines.size())) {
            long number = Math.min(line.number(), MAX_LINE_NUMBER);
            delivery.tellEncoded(member, EventCodec.history(number, line.atMillis(), line.body()));
        }
        return lines.size() - from;
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

    /**
     * What an owed event's body is, for {@link #lastHeard}: {@link #MOVED}, {@link #LIVE_LINE}, the line
     * number of a HISTORY, or {@link #OTHER}.
     */
    private static long mark(byte[] body) {
        int kind = EventCodec.kindOf(body);
        if (kind == YOU_ARE_IN) {
            return MOVED;
        }
        if (kind == HISTORY) {
            long line = EventCodec.historyLine(body);
            return line > 0 ? line : OTHER; // 0: a private message's
        }
        return RoomHistory.isLine(body) ? LIVE_LINE : OTHER;
    }

    /**
     * The last line of its room that a member acknowledged, given the room's last line {@code lastLine} and
     * the {@link #mark marks} of the events it had not acknowledged, from index {@code from}. Every line of a
     * room reaches every member in it, in order, so the live lines it owes since it came into the room (its
     * last YOU_ARE_IN) are the room's last lines; unless a catch-up it owes comes before them, whose first line
     * is the oldest it missed. The history may have forgotten those lines already: they are counted, not
     * looked up, so such a gap is told, not skipped.
     */
    static long lastHeard(long lastLine, long[] marks, int from) {
        long liveLines = 0;
        long firstHistory = -1;
        for (int i = from; i < marks.length; i++) {
            long mark = marks[i];
            if (mark == MOVED) { // what came before was another room's
                liveLines = 0;
                firstHistory = -1;
            } else if (mark > 0) {
                if (firstHistory < 0) {
                    firstHistory = mark;
                }
            } else if (mark == LIVE_LINE) {
                liveLines++;
            }
        }
        return firstHistory > 0 ? firstHistory - 1 : lastLine - liveLines;
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
