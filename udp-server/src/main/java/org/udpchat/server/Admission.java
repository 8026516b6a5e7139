package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomNames;

/**
 * Who may come in, move and take a name: the server's one admission decision, whichever protocol asks.
 * It answers with a {@link Refusal}, or nothing when the way is free; the classic protocol words a
 * refusal as a line, the native handshake as REFUSED, a member's request as FAILED. A rule added here
 * holds for every way in.
 *
 * <p>A join is checked in this order, and refused for the first rule it breaks: the address is banned;
 * the name breaks a name rule; the address holds another member; the name is taken; the room name breaks
 * a rule; the server is full; the room is full; the room is new and the server has all the rooms it may
 * have. A join that continues a membership (a retried login whose answer was lost, a resumed session)
 * passes once the first three hold. Owned by the relay thread.
 */
final class Admission {

    private final Rooms rooms;
    private final Moderation moderation;
    private final RoomLimits limits;

    Admission(Rooms rooms, Moderation moderation, RoomLimits limits) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.limits = limits;
    }

    /**
     * Whether {@code name} may join from {@code from} into the room called {@code room}.
     *
     * @param continuing the membership this join continues (the same client again), or null for a newcomer
     * @param provenAddress whether the joiner has proven it receives at {@code from}: then a classic member
     *     there, whose claim on the address is only its source address, does not stand in its way
     */
    Optional<Refusal> checkJoin(
            InetSocketAddress from, String name, String room, Member continuing, boolean provenAddress) {
        Optional<Term> ban = moderation.banOf(from.getAddress());
        if (ban.isPresent()) {
            return refuse(RefusalReason.BANNED, ban.get().minutes());
        }
        Optional<Refusal> badName = checkName(name);
        if (badName.isPresent()) {
            return badName;
        }
        Member holder = rooms.memberAt(from);
        if (holder != null && holder != continuing && (holder.isNative() || !provenAddress)) {
            return refuse(RefusalReason.ADDRESS_HAS_NAME, 0);
        }
        if (continuing != null) {
            return Optional.empty();
        }
        if (rooms.memberNamed(Names.key(name)) != null) {
            return refuse(RefusalReason.NAME_TAKEN, 0);
        }
        if (RoomNames.check(room).isPresent()) {
            return refuse(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS);
        }
        if (rooms.size() >= limits.maxMembers()) {
            return refuse(RefusalReason.SERVER_FULL, limits.maxMembers());
        }
        return checkRoomLimits(room, false);
    }

    /** Whether {@code mover}, a member already, may move to the room called {@code room} (made if needed). */
    Optional<Refusal> checkMove(Member mover, String room) {
        if (RoomNames.check(room).isPresent()) {
            return refuse(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS);
        }
        // Alone in a room of its own, the mover takes that room with it as it opens the new one.
        boolean vacates = mover.room() != rooms.lobby() && mover.room().size() == 1;
        return checkRoomLimits(room, vacates);
    }

    /** Whether {@code member} may go on under {@code newName}. */
    Optional<Refusal> checkRename(Member member, String newName) {
        Optional<Refusal> badName = checkName(newName);
        if (badName.isPresent()) {
            return badName;
        }
        Member holder = rooms.memberNamed(Names.key(newName));
        if ((holder != null && holder != member) || newName.equals(member.name())) {
            return refuse(RefusalReason.NAME_TAKEN, 0);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkName(String name) {
        return Names.check(name)
                .map(problem -> new Refusal(
                        RefusalReason.of(problem),
                        problem == Names.Problem.TOO_LONG ? Limits.MAX_NAME_CODE_POINTS : 0));
    }

    private Optional<Refusal> checkRoomLimits(String room, boolean vacatesARoom) {
        ChatRoom existing = rooms.roomNamed(RoomNames.key(room));
        if (existing != null) {
            return existing.size() >= limits.maxRoomMembers()
                    ? refuse(RefusalReason.ROOM_FULL, limits.maxRoomMembers())
                    : Optional.empty();
        }
        int roomsAfter = rooms.rooms().size() + 1 - (vacatesARoom ? 1 : 0);
        return roomsAfter > limits.maxRooms()
                ? refuse(RefusalReason.TOO_MANY_ROOMS, limits.maxRooms())
                : Optional.empty();
    }

    private static Optional<Refusal> refuse(RefusalReason reason, long limit) {
        return Optional.of(new Refusal(reason, limit));
    }
}
