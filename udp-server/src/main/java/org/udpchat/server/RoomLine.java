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
 * @param node in a cluster, the node whose member said it ({@code host:port} of its cluster connections, as
 *     {@code /list} shows it), for a line said or acted by a member the relay knows the node of; else empty
 */
public record RoomLine(Instant at, Optional<String> room, String text, Optional<String> node) {

    public RoomLine {
        Objects.requireNonNull(at, "at == null");
        Objects.requireNonNull(room, "room == null");
        Objects.requireNonNull(text, "text == null");
        Objects.requireNonNull(node, "node == null");
    }

    /** A line whose speaker's node is not told (a single server's, or no member's). */
    public RoomLine(Instant at, Optional<String> room, String text) {
        this(at, room, text, Optional.empty());
    }

    /** {@code [games] bob : hi}, or in a cluster {@code [games] (10.0.0.2:5701) bob : hi}: the room, the node, the text. */
    public String describe() {
        return "[" + room.orElse("*") + "] "
                + node.map(where -> "(" + where + ") ").orElse("") + text;
    }

    /** Whether the room called {@code roomKey} ({@link org.udpchat.codec.RoomNames#key}) heard it. */
    public boolean reached(String roomKey) {
        return room.isEmpty() || org.udpchat.codec.RoomNames.key(room.get()).equals(roomKey);
    }
}
