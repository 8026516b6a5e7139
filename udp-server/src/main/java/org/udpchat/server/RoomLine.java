package org.udpchat.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing said or done in a room, as a line of text in the server's language: what {@code /watch} shows
 * and the transcript records.
 *
 * @param at when the relay heard it, by its wall clock: a reader that falls behind (a stuck console, a slow
 *     disk) still shows when it was said, not when it got round to printing it
 * @param room the room's name; empty for what reached every room (an announcement, the room's closing)
 * @param text the line, never holding a line break (the codec's text rules forbid control characters)
 */
public record RoomLine(Instant at, Optional<String> room, String text) {

    public RoomLine {
        Objects.requireNonNull(at, "at == null");
        Objects.requireNonNull(room, "room == null");
        Objects.requireNonNull(text, "text == null");
    }

    /** Whether the room called {@code roomKey} ({@link org.udpchat.codec.RoomNames#key}) heard it. */
    public boolean reached(String roomKey) {
        return room.isEmpty() || org.udpchat.codec.RoomNames.key(room.get()).equals(roomKey);
    }
}
