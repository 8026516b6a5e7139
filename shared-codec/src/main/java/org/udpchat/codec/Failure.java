package org.udpchat.codec;

/**
 * Why the server did not do what a member's request or chat asked. Told to that member alone in a
 * {@link RoomEvent.Failed}, with the limit that was hit (or 0) and what it concerned (a name, a room, or
 * nothing). The client words it in its own language.
 */
public enum Failure {
    /** No member has that name (the subject). */
    NO_SUCH_MEMBER(1),
    /** No room has that name (the subject). */
    NO_SUCH_ROOM(2),
    /** The subject is not a room name the server allows: the limit is the most characters. */
    BAD_ROOM_NAME(3),
    /** The room (the subject) has the most members it may have: the limit. */
    ROOM_FULL(4),
    /** The server has the most rooms it may have (the limit), and the room asked for is a new one. */
    TOO_MANY_ROOMS(5),
    /** The member is in that room (the subject) already. */
    ALREADY_IN_ROOM(6),
    /** Someone else has that name (the subject). */
    NAME_TAKEN(7),
    /** The subject is not a name the server allows: the limit is the most characters. */
    BAD_NAME(8),
    /** The operator has muted the member: the limit is the seconds left, or 0 until unmuted. */
    MUTED(9),
    /** Members from the member's address opened the most rooms one address may have open (the limit). */
    TOO_MANY_ROOMS_FROM_ADDRESS(10),
    /**
     * The name asked for looks too much like another: the subject is the present member's name it looks
     * like, or empty when it looks like the administrator's.
     */
    NAME_LOOKS_LIKE(11),
    /**
     * The name asked for (the subject) mixes scripts or carries a combining mark that stands apart from
     * its letter.
     */
    NAME_MIXED_SCRIPTS(12),
    /** The new name (the subject) could not be given just now: the server's cluster cannot hand out names. */
    NAMES_UNAVAILABLE(13);

    private final int code;

    Failure(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
