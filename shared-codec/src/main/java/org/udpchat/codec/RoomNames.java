package org.udpchat.codec;

import java.util.Optional;

/**
 * Which names a room may have, and when two room names are the same room: the shape rules of a
 * person's name (1 to {@value Limits#MAX_NAME_CODE_POINTS} characters, no whitespace, nothing invisible or
 * controlling), compared the same case-insensitive way ({@link Names#key}). No room name is reserved.
 */
public final class RoomNames {

    /** Where everyone starts, and where classic members live; it never disappears. */
    public static final String LOBBY = "lobby";

    private RoomNames() {}

    /** The first rule {@code room} breaks, or empty when a room may have that name. */
    public static Optional<Names.Problem> check(String room) {
        return Names.checkShape(room);
    }

    /** The form room names are compared in. */
    public static String key(String room) {
        return Names.key(room);
    }
}
