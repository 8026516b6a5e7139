package org.udpchat.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.udpchat.server.cluster.NodePositions;

/**
 * Where each native member of this node is in its room's sequence across the cluster: the number of the last
 * event of the room that the member has <em>acknowledged</em>, so that a node resuming its session after this one
 * died tells it what came after as history. Acknowledged, not delivered: what this node had handed to the
 * member's window and the member never received dies with the node, and must be told again; a line told twice
 * is better than a line lost.
 *
 * <p>Kept cheaply: no work per event and member. Every {@link #TICK} the relay takes, per member, a checkpoint
 * (the number its session will give the last event it owes now, and the room's last event delivered here); once
 * the member acknowledges that event number, it has heard everything of the room up to that room number that
 * was meant for it, and its position moves there. So a position lags what the member heard by at most two
 * ticks and the time its acknowledgements take; the lines of the room in that lag are what a resumed member may
 * hear twice. Owned by the relay thread.
 */
final class RoomPositions {

    /**
     * How often positions move on; what a position lags by at most is twice this, plus an acknowledgement. A tick
     * whose positions moved writes one value for all of the node's members ({@link #snapshot}). Writing each
     * member whose position moved instead (a sealed map write each) cost a one-node cluster a third of a core
     * more at 0.5 s, and its p99 went from 14–83 ms to 0.4–1.1 s, with 250 members hearing 200 lines a second
     * (README, *A cluster on one machine*); at 2 s, a tenth of a core and a p99 of 140–160 ms.
     */
    static final long TICK_MILLIS = 2_000;

    /** A position not known yet: the member's room has had no event here since this node began following it. */
    static final long UNKNOWN = -1;

    /** A room's events delivered here since this node began following it: the first and the last one. */
    private static final class Delivered {
        final long first;
        long last;

        Delivered(long first) {
            this.first = first;
            this.last = first;
        }
    }

    /** A native member's place: its room, its position there, the checkpoint it is moving towards. */
    private static final class Place {
        final String roomKey;
        /** When the member entered the room here, epoch milliseconds; or, resumed, on its old node. */
        final long sinceMillis;

        long position;
        long checkpointEvent = -1;
        long checkpointRoom;
        /** A catch-up from another node is under way: the position waits for it. */
        boolean catchingUp;

        /** The position last handed out to be kept ({@link #onTick}), or {@link #UNKNOWN}. */
        long reported = UNKNOWN;

        Place(String roomKey, long position, long sinceMillis) {
            this.roomKey = roomKey;
            this.position = position;
            this.sinceMillis = sinceMillis;
        }
    }

    private final Map<String, Delivered> rooms = new HashMap<>();
    private final Map<Member, Place> places = new IdentityHashMap<>();

    /** The room with {@code roomKey} has delivered its event {@code sequence} here, in the room's order. */
    void delivered(String roomKey, long sequence) {
        Delivered room = rooms.get(roomKey);
        if (room != null) {
            room.last = sequence;
            return;
        }
        rooms.put(roomKey, new Delivered(sequence));
        // the room's first event here: its members heard every event from it on
        for (Place place : places.values()) {
            if (place.position == UNKNOWN && !place.catchingUp && place.roomKey.equals(roomKey)) {
                place.position = sequence - 1;
            }
        }
    }

    /** This node no longer follows the room: what it delivered before says nothing of what it will deliver. */
    void closed(String roomKey) {
        rooms.remove(roomKey);
    }

    /**
     * The room with {@code roomKey} goes on in other numbers (this node's side of a split brain merged into the
     * other, whose room log the merge kept): what was delivered here, and the positions of its members in this
     * side's numbers, say nothing of the merged log's. They become known again from the room's next event here,
     * as for a room this node begins to follow; a catch-up under way keeps the position it was given.
     */
    void renumbered(String roomKey) {
        rooms.remove(roomKey);
        for (Place place : places.values()) {
            if (!place.catchingUp && place.roomKey.equals(roomKey)) {
                place.position = UNKNOWN;
                place.checkpointEvent = -1;
            }
        }
    }

    /**
     * {@code member} is here as it now is; if it entered its room just now, it hears the room's events from the
     * next one delivered here: its position is the room's last event delivered here. Returns whether its place
     * is new.
     */
    boolean listed(Member member, long nowMillis) {
        String roomKey = member.room().key();
        Place place = places.get(member);
        if (place != null && place.roomKey.equals(roomKey)) {
            return false;
        }
        Delivered room = rooms.get(roomKey);
        places.put(member, new Place(roomKey, room == null ? UNKNOWN : room.last, nowMillis));
        return true;
    }

    /**
     * {@code member} resumes a session that was at {@code position} in its room on another node (or {@link
     * #UNKNOWN}, having entered it at {@code sinceMillis}): its position is that one until the catch-up told it
     * what came after ({@link #caughtUp}).
     */
    void resumedAt(Member member, long position, long sinceMillis) {
        Place place = new Place(member.room().key(), position, sinceMillis);
        place.catchingUp = true;
        places.put(member, place);
    }

    /**
     * The last event of {@code member}'s room that was handed to it here live when it entered (so the events
     * after it reach it live), or {@link #UNKNOWN}.
     */
    long enteredAfter(String roomKey) {
        Delivered room = rooms.get(roomKey);
        return room == null ? UNKNOWN : room.last;
    }

    /** The first event of the room delivered here since this node began following it, or {@link #UNKNOWN}. */
    long firstDelivered(String roomKey) {
        Delivered room = rooms.get(roomKey);
        return room == null ? UNKNOWN : room.first;
    }

    /**
     * The catch-up of {@code member} is told (or given up): its position moves on again from here, or from
     * {@code position} if it was not known. Returns whether it is still here in the room with {@code roomKey}, to
     * be told it.
     */
    boolean caughtUp(Member member, String roomKey, long position) {
        Place place = places.get(member);
        if (place == null) {
            return false;
        }
        place.catchingUp = false;
        if (place.position == UNKNOWN) {
            place.position = position;
        }
        return place.roomKey.equals(roomKey);
    }

    /** When {@code member} entered its room (here, or resumed, on its old node), epoch milliseconds; 0 if not here. */
    long sinceOf(Member member) {
        Place place = places.get(member);
        return place == null ? 0 : place.sinceMillis;
    }

    /** Whether {@code member} is here: listed and not left. */
    boolean isHere(Member member) {
        return places.containsKey(member);
    }

    void left(Member member) {
        places.remove(member);
    }

    /** {@code member}'s position in its room, {@link #UNKNOWN} when none is known. */
    long positionOf(Member member) {
        Place place = places.get(member);
        return place == null ? UNKNOWN : place.position;
    }

    /**
     * Every member's place as it stands, by session token: what this node writes for the cluster at each tick
     * (see {@code ClusterSharedSessions}).
     */
    NodePositions snapshot() {
        Map<Long, NodePositions.Place> kept = new HashMap<>(places.size() * 2);
        for (Map.Entry<Member, Place> entry : places.entrySet()) {
            Place place = entry.getValue();
            kept.put(
                    entry.getKey().session().token(),
                    new NodePositions.Place(place.roomKey, place.position, place.sinceMillis));
        }
        return new NodePositions(kept);
    }

    /**
     * Moves positions on by what members acknowledged; returns the members whose position is not the one last
     * returned for them (it moved, or became known when its room's first event was delivered here).
     */
    List<Member> onTick() {
        List<Member> moved = new ArrayList<>();
        for (Map.Entry<Member, Place> entry : places.entrySet()) {
            Place place = entry.getValue();
            moveOn(entry.getKey().session(), place);
            if (place.position != place.reported) {
                place.reported = place.position;
                moved.add(entry.getKey());
            }
        }
        return moved;
    }

    private void moveOn(Session session, Place place) {
        Delivered room = rooms.get(place.roomKey);
        if (place.catchingUp || room == null || place.position == UNKNOWN) {
            return;
        }
        long acknowledged = session.events().acknowledged();
        if (place.checkpointEvent >= 0 && acknowledged >= place.checkpointEvent) {
            place.position = Math.max(place.position, place.checkpointRoom);
            place.checkpointEvent = -1;
        }
        if (place.checkpointEvent < 0 && room.last > place.position) {
            // every event of the room delivered here so far that was meant for it is numbered up to this one
            long lastOwed = acknowledged + session.outstandingEvents();
            if (lastOwed == acknowledged) {
                place.position = room.last; // it owes nothing: it has heard all of them
            } else {
                place.checkpointEvent = lastOwed;
                place.checkpointRoom = room.last;
            }
        }
    }
}
