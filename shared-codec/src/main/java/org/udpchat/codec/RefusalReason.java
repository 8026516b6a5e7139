package org.udpchat.codec;

/**
 * Why the server refused a native login. The client words it in its own language; the number sent
 * beside it ({@link NativeServerPacket.Refused#limit}) is the limit that was hit, where there is one.
 */
public enum RefusalReason {
    NAME_EMPTY(1),
    NAME_TOO_LONG(2),
    NAME_WHITESPACE(3),
    NAME_INVISIBLE_OR_CONTROL(4),
    NAME_RESERVED(5),
    NAME_TAKEN(6),
    /** The room asked for has the most members it may have (the limit). */
    ROOM_FULL(7),
    /** The address already holds a session under another name. */
    ADDRESS_HAS_NAME(8),
    /** Not welcome, for no reason the server gives. */
    NOT_ALLOWED(9),
    /** The operator has banned the address: the limit is the minutes left, or 0 until the ban is lifted. */
    BANNED(10),
    /** The room name asked for breaks the room-name rules (the limit is the most characters). */
    BAD_ROOM_NAME(11),
    /** The room asked for is new, and the server has the most rooms it may have (the limit). */
    TOO_MANY_ROOMS(12),
    /** The server has the most members it may have (the limit), across all rooms. */
    SERVER_FULL(13);

    private final int code;

    RefusalReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason a name rule gives. */
    public static RefusalReason of(Names.Problem problem) {
        switch (problem) {
            case EMPTY:
                return NAME_EMPTY;
            case TOO_LONG:
                return NAME_TOO_LONG;
            case WHITESPACE:
                return NAME_WHITESPACE;
            case INVISIBLE_OR_CONTROL:
                return NAME_INVISIBLE_OR_CONTROL;
            case RESERVED:
                return NAME_RESERVED;
            default:
                throw new AssertionError(problem);
        }
    }
}
