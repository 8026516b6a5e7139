package org.udpchat.codec;

/**
 * Why the server refused a native login. The client words it in its own language; the number sent
 * beside it ({@link NativeServerPacket.Refused#limit}) is the limit that was hit, where there is one.
 */
public enum RefusalReason {
    NAME_EMPTY(1, Remedy.ANOTHER_NAME),
    NAME_TOO_LONG(2, Remedy.ANOTHER_NAME),
    NAME_WHITESPACE(3, Remedy.ANOTHER_NAME),
    NAME_INVISIBLE_OR_CONTROL(4, Remedy.ANOTHER_NAME),
    NAME_RESERVED(5, Remedy.ANOTHER_NAME),
    NAME_TAKEN(6, Remedy.ANOTHER_NAME),
    /** The room asked for has the most members it may have (the limit). */
    ROOM_FULL(7, Remedy.WAITING),
    /** The address already holds a session under another name. */
    ADDRESS_HAS_NAME(8, Remedy.NONE),
    /** Not welcome, for no reason the server gives. */
    NOT_ALLOWED(9, Remedy.NONE),
    /** The operator has banned the address: the limit is the minutes left, or 0 until the ban is lifted. */
    BANNED(10, Remedy.NONE),
    /** The room name asked for breaks the room-name rules (the limit is the most characters). */
    BAD_ROOM_NAME(11, Remedy.NONE),
    /** The room asked for is new, and the server has the most rooms it may have (the limit). */
    TOO_MANY_ROOMS(12, Remedy.WAITING),
    /** The server has the most members it may have (the limit), across all rooms. */
    SERVER_FULL(13, Remedy.WAITING),
    /**
     * The address (an IPv4 address, or an IPv6 /64) has the most members the server lets one address have
     * (the limit): one of them leaving makes room.
     */
    TOO_MANY_FROM_ADDRESS(14, Remedy.WAITING),
    /** Members from the address opened the most rooms one address may have open (the limit). */
    TOO_MANY_ROOMS_FROM_ADDRESS(15, Remedy.NONE),
    /**
     * A member from the address was dropped a moment ago because it could not keep up; the address may
     * join again after a pause (the limit: seconds left).
     */
    REJOIN_PAUSED(16, Remedy.WAITING),
    /**
     * The name looks too much like another: a present member's (sent as the refusal's subject) or the
     * administrator's (no subject). Only the server can tell: it takes Unicode's confusable data.
     */
    NAME_LOOKS_LIKE(17, Remedy.ANOTHER_NAME),
    /**
     * The name mixes scripts (beyond Unicode's "moderately restrictive" level: Latin with Cyrillic, say), or
     * carries a combining mark that stands apart from its letter: both ways to pass for another name.
     */
    NAME_MIXED_SCRIPTS(18, Remedy.ANOTHER_NAME),
    /**
     * The server is a node of a cluster that cannot hand out names just now (too few of its nodes are in
     * touch, or they did not answer in time): nothing is wrong with the name; ask again shortly.
     */
    NAMES_UNAVAILABLE(20, Remedy.WAITING); // 19 is taken: UPGRADE's reason, in a version 1 REFUSED's layout

    /** What a client may do about a refusal. */
    public enum Remedy {
        /** Ask again under another name: the refusal is about the name. */
        ANOTHER_NAME,
        /** Ask again later, as it is: a limit that members leaving lifts. */
        WAITING,
        /** Nothing a client can change by itself (a ban, an address in use, a bad room). */
        NONE
    }

    private final int code;
    private final Remedy remedy;

    RefusalReason(int code, Remedy remedy) {
        this.code = code;
        this.remedy = remedy;
    }

    public int code() {
        return code;
    }

    /** What the client may do about it. */
    public Remedy remedy() {
        return remedy;
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
