package org.udpchat.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.udpchat.codec.LineId;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * The lines we said in our room (chat, {@code /me}) with a line id that the room has not sent back to us yet:
 * what a node that died may have lost, to be said again, with the same ids, at the node we go on at (whose room
 * log takes a line once per name and id). The server sends a member's own lines back to it, and a node appends a
 * room's lines one at a time in the order it took them; so hearing our line back means every line we said before
 * it was either taken or refused, and none of them is worth saying again.
 *
 * <p>Kept in the order said, {@link #KEPT} at most (the oldest let go first: a line that many lines ago has been
 * taken or lost long since); forgotten when we change room, since the room we left sends us nothing more, or
 * name, since a line said again goes under the name we hold then and its room's log knows it under the old one.
 * From a {@code /join} or {@code /nick} sent until we are moved or renamed (or start a new session), no line is
 * kept: the node may have moved or renamed us before it took them, and saying them again in the room and under
 * the name we had would put them where we never said them, or twice. They are told as lines that may not have
 * arrived, as before line ids. A move refused leaves lines unkept until then: its refusal cannot be told from
 * that of an earlier request (a {@code /msg} to nobody), which would let lines be kept too early. Not
 * thread-safe: {@link NativeSession} holds it under its lock.
 */
final class UnheardLines {

    /** How many lines are kept at most: as many as may be in flight. */
    static final int KEPT = NativeSession.SEND_WINDOW;

    private final ArrayDeque<Outgoing> lines = new ArrayDeque<>();
    /** Whether a room move or a new name of ours has been sent and not answered yet. */
    private boolean moving;

    /** {@code line} has been sent: kept until heard back, if it has a line id. */
    void sent(Outgoing line) {
        if (line instanceof Outgoing.Request request
                && (request.request() instanceof RoomRequest.JoinRoom
                        || request.request() instanceof RoomRequest.Nick)) {
            moving = true;
        }
        if (line.lineId() == LineId.NONE || moving) {
            return;
        }
        lines.addLast(line);
        if (lines.size() > KEPT) {
            lines.removeFirst();
        }
    }

    /**
     * {@code event} came from our room, live, while we are called {@code name}: if it is one of our lines, that
     * line and every one said before it are let go.
     */
    void heard(RoomEvent event, String name) {
        if (!(event instanceof RoomEvent.Said) && !(event instanceof RoomEvent.Acted)) {
            return;
        }
        int through = 0;
        int index = 0;
        for (Outgoing line : lines) {
            index++;
            if (line.echo(name).filter(event::equals).isPresent()) {
                through = index;
                break; // the oldest that matches: two lines of one text come back in the order said
            }
        }
        for (Iterator<Outgoing> oldestFirst = lines.iterator(); through > 0; through--) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /**
     * Forgets every line: we changed room or name (which answers a move we asked for: lines are kept again), or
     * start a new session.
     */
    void clear() {
        lines.clear();
        moving = false;
    }

    /** Every line kept, oldest first, and forgets them. */
    List<Outgoing> takeAll() {
        List<Outgoing> all = new ArrayList<>(lines);
        lines.clear();
        return all;
    }

    /** How many lines are kept. */
    int size() {
        return lines.size();
    }
}
