package org.udpchat.server;

import java.util.ArrayList;
import java.util.List;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.RoomEvent;

/**
 * A room's recent lines, in the order they were relayed, numbered from 1 for as long as the room lives: a
 * ring of at most {@code capacity} entries, the oldest forgotten first. Each entry keeps the encoded body
 * the room was sent live (the same array, not a copy) and the wall-clock time it was relayed; the HISTORY
 * body that wraps it is made for each catch-up. Owned by the relay thread, through its {@link ChatRoom}.
 *
 * <p>Memory: an empty room's history is one object; the ring is allocated with the first line, and each
 * line costs its body (16 bytes of array header, then 3 to about 1,030 bytes) and an entry of about 32
 * bytes: measured, 24 KB a room at the default 200 lines of 60-byte chat, 207 KB at 200 lines of 1,000
 * bytes (README's *History* has the command).
 */
final class RoomHistory {

    /** One line as the room heard it. */
    static final class Entry {
        private final long number;
        private final long atMillis;
        private final byte[] body;

        private Entry(long number, long atMillis, byte[] body) {
            this.number = number;
            this.atMillis = atMillis;
            this.body = body;
        }

        long number() {
            return number;
        }

        long atMillis() {
            return atMillis;
        }

        /** The body as the room was sent it live. */
        byte[] body() {
            return body;
        }

        /**
         * A HISTORY body that tells this line again: made for each catch-up and held only until that member
         * acknowledges it, so that the history itself holds each line once (caching it would double what a
         * room's history costs, for catch-ups, which are rare).
         */
        byte[] asHistory() {
            return EventCodec.history(number, atMillis, body);
        }
    }

    private final int capacity;
    private Entry[] ring;
    /** Where the oldest entry is in {@link #ring}. */
    private int start;

    private int size;
    /** The number of the newest line; 0 before the first. */
    private long lastLine;

    /** @param capacity the most lines kept; 0 keeps none */
    RoomHistory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity + " is negative");
        }
        this.capacity = capacity;
    }

    /**
     * Whether history keeps {@code event}: the room's lines, what people said and did and what the operator
     * told it. Arrivals, departures and answers to one member are news of the moment, not conversation.
     */
    static boolean isLine(RoomEvent event) {
        return event instanceof RoomEvent.Said
                || event instanceof RoomEvent.Acted
                || event instanceof RoomEvent.Announced
                || event instanceof RoomEvent.AnnouncedToRoom;
    }

    private static final int[] LINE_KINDS = {
        EventCodec.kindOf(RoomEvent.Said.class),
        EventCodec.kindOf(RoomEvent.Acted.class),
        EventCodec.kindOf(RoomEvent.Announced.class),
        EventCodec.kindOf(RoomEvent.AnnouncedToRoom.class)
    };

    /** Whether {@code body}, an encoded event, is a line as {@link #isLine(RoomEvent)} says, without decoding it. */
    static boolean isLine(byte[] body) {
        int kind = EventCodec.kindOf(body);
        for (int line : LINE_KINDS) {
            if (kind == line) {
                return true;
            }
        }
        return false;
    }

    /** Whether this history keeps anything at all. */
    boolean isKept() {
        return capacity > 0;
    }

    /**
     * Adds the line whose live body is {@code body}, relayed at {@code atMillis} by the wall clock; a line
     * too long to be told again as history (which cannot happen to a line the relay accepted) is numbered
     * and not kept, so it is counted as missed.
     */
    void add(byte[] body, long atMillis) {
        lastLine++;
        if (capacity == 0 || body.length + EventCodec.HISTORY_PREFIX_BYTES > EventCodec.MAX_BODY_BYTES) {
            return;
        }
        if (ring == null) {
            ring = new Entry[capacity];
        }
        Entry entry = new Entry(lastLine, atMillis, body);
        if (size < capacity) {
            ring[(start + size) % capacity] = entry;
            size++;
        } else {
            ring[start] = entry;
            start = (start + 1) % capacity;
        }
    }

    /** The number of the newest line, 0 if none was ever relayed here. */
    long lastLine() {
        return lastLine;
    }

    /** The lines kept, oldest first. */
    int size() {
        return size;
    }

    /** The {@code i}th line kept, from 0, the oldest. */
    Entry get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return ring[(start + i) % capacity];
    }

    /** The lines kept whose numbers come after {@code seenUpTo}, oldest first. */
    List<Entry> after(long seenUpTo) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Entry entry = get(i);
            if (entry.number() > seenUpTo) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
