package org.udpchat.server;

/**
 * How many members and rooms the server holds at most, in all and per address. An address is an IPv4
 * address or an IPv6 /64 (see {@link AddressKey}): one host, or one household, school or office behind a
 * NAT, which may need a higher limit.
 *
 * @param maxMembers members on the server, in all rooms together
 * @param maxRoomMembers members in one room
 * @param maxRooms rooms, the lobby included
 * @param maxClassic classic (text-mode) members, whose addresses nothing proves
 * @param maxPerAddress members from one address; 0 for no limit
 * @param maxRoomsPerAddress rooms that members from one address opened and that still exist; 0 for no limit
 */
public record RoomLimits(
        int maxMembers, int maxRoomMembers, int maxRooms, int maxClassic, int maxPerAddress, int maxRoomsPerAddress) {

    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final int DEFAULT_MAX_ROOMS = 100;

    /** Enough for a classroom or an office of the classic Python clients, too few to fill the server. */
    public static final int DEFAULT_MAX_CLASSIC = 256;

    /** A family or a few friends behind one NAT; a school raises it. */
    public static final int DEFAULT_MAX_PER_ADDRESS = 16;

    /** Plenty for the people behind one address, too few to take the server's rooms. */
    public static final int DEFAULT_MAX_ROOMS_PER_ADDRESS = 8;

    /** The defaults: rooms as large as the server (classic members all live in the lobby). */
    public static final RoomLimits DEFAULTS = ofMembers(DEFAULT_MAX_MEMBERS);

    public RoomLimits {
        if (maxMembers < 1 || maxRoomMembers < 1 || maxRooms < 1 || maxClassic < 1) {
            throw new IllegalArgumentException("limits must be at least 1: " + maxMembers + ", " + maxRoomMembers + ", "
                    + maxRooms + ", " + maxClassic);
        }
        if (maxPerAddress < 0 || maxRoomsPerAddress < 0) {
            throw new IllegalArgumentException(
                    "per-address limits must be 0 (none) or more: " + maxPerAddress + ", " + maxRoomsPerAddress);
        }
    }

    /** These limits of the server and its rooms, with the defaults per address and for classic members. */
    public RoomLimits(int maxMembers, int maxRoomMembers, int maxRooms) {
        this(
                maxMembers,
                maxRoomMembers,
                maxRooms,
                DEFAULT_MAX_CLASSIC,
                DEFAULT_MAX_PER_ADDRESS,
                DEFAULT_MAX_ROOMS_PER_ADDRESS);
    }

    /** At most {@code maxMembers} on the server, in rooms as large as that, the other limits the defaults. */
    static RoomLimits ofMembers(int maxMembers) {
        return new RoomLimits(maxMembers, maxMembers, DEFAULT_MAX_ROOMS);
    }

    /** These limits with {@code maxPerAddress} and {@code maxRoomsPerAddress} members and rooms per address. */
    public RoomLimits withPerAddress(int newMaxPerAddress, int newMaxRoomsPerAddress) {
        return new RoomLimits(
                maxMembers, maxRoomMembers, maxRooms, maxClassic, newMaxPerAddress, newMaxRoomsPerAddress);
    }

    public RoomLimits withMaxClassic(int newMaxClassic) {
        return new RoomLimits(maxMembers, maxRoomMembers, maxRooms, newMaxClassic, maxPerAddress, maxRoomsPerAddress);
    }
}
