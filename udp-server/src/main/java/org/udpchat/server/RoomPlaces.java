package org.udpchat.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where in each room a native member stopped hearing it: the number of the last line of that room it was
 * sent, by the room's {@linkplain ChatRoom#serial serial} (not the room itself, so that a room that went is
 * not kept alive by those who were in it). At most {@value #MOST} rooms, the least recently left forgotten
 * first: a member that wanders through more rooms than that gets their recent lines, as a newcomer would.
 * Owned by the relay thread.
 */
final class RoomPlaces {

    /** Rooms remembered per member: more than anyone moves between, few enough to cost little. */
    static final int MOST = 16;

    private final Map<Long, Long> seenUpTo = new LinkedHashMap<>(4, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MOST;
        }
    };

    /** The member stopped hearing {@code room} after line {@code line}. */
    void left(ChatRoom room, long line) {
        left(room.serial(), line);
    }

    /** The member stopped hearing the room whose {@linkplain ChatRoom#serial serial} is {@code room} after line {@code line}. */
    void left(long room, long line) {
        seenUpTo.remove(room); // so that it counts as the most recently left
        seenUpTo.put(room, line);
    }

    /**
     * The last line of {@code room} the member was sent before it left, forgotten now that it is back; -1
     * if it has not been there (or not as far back as is remembered).
     */
    long takeFor(ChatRoom room) {
        Long line = seenUpTo.remove(room.serial());
        return line == null ? -1 : line;
    }

    boolean isEmpty() {
        return seenUpTo.isEmpty();
    }

    /** The same places, to hand on to the member's next session. */
    RoomPlaces copy() {
        RoomPlaces copy = new RoomPlaces();
        copy.seenUpTo.putAll(seenUpTo);
        return copy;
    }
}
