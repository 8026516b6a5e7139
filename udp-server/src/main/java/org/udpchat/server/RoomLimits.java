package org.udpchat.server;

/**
 * How many members and rooms the server holds at most.
 *
 * @param maxMembers members on the server, in all rooms together
 * @param maxRoomMembers members in one room
 * @param maxRooms rooms, the lobby included
 */
public record RoomLimits(int maxMembers, int maxRoomMembers, int maxRooms) {

    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final int DEFAULT_MAX_ROOMS = 100;

    /** The defaults: rooms as large as the server (classic members all live in the lobby). */
    public static final RoomLimits DEFAULTS = ofMembers(DEFAULT_MAX_MEMBERS);

    public RoomLimits {
        if (maxMembers < 1 || maxRoomMembers < 1 || maxRooms < 1) {
            throw new IllegalArgumentException(
                    "limits must be at least 1: " + maxMembers + ", " + maxRoomMembers + ", " + maxRooms);
        }
    }

    /** At most {@code maxMembers} on the server, in rooms as large as that, and the default number of rooms. */
    static RoomLimits ofMembers(int maxMembers) {
        return new RoomLimits(maxMembers, maxMembers, DEFAULT_MAX_ROOMS);
    }
}
