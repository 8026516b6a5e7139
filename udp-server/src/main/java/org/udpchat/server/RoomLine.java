package org.udpchat.server;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing said or done in a room, as a line of text in the server's language (the line a classic member
 * sees): what {@code /watch} shows and the transcript records.
 *
 * @param room the room's name; empty for what reached every room (an announcement)
 * @param text the line, never holding a line break (the codec's text rules forbid control characters)
 */
public record RoomLine(Optional<String> room, String text) {

    public RoomLine {
        Objects.requireNonNull(room, "room == null");
        Objects.requireNonNull(text, "text == null");
    }

    /** Whether the room called {@code roomKey} ({@link org.udpchat.codec.RoomNames#key}) heard it. */
    public boolean reached(String roomKey) {
        return room.isEmpty() || org.udpchat.codec.RoomNames.key(room.get()).equals(roomKey);
    }
}
