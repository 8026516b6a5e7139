package org.udpchat.server;

import java.net.InetSocketAddress;
import java.time.InstantSource;
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
 * <p>A join is checked in this order, and refused for the first rule it breaks: the address is banned; the
 * name breaks a name rule of {@link Names} or looks like the administrator's; the address holds another
 * member. A join that continues a membership (a retried login whose answer was lost, a resumed session)
 * passes once those three hold. A new one goes on: the address must wait to rejoin (one of its members was
 * dropped for not keeping up); the name is taken; the name looks like a present member's; the name mixes
 * scripts or carries a stray mark (checked after the look-alike, whose refusal says more: {@code аlice} next
 * to {@code alice}); the room name breaks a rule; the server is full (for a classic join: it has all the
 * classic members it takes); the address has all the members one address may have; the room is full; the room
 * is new and the server has all the rooms it may have, or the address all the rooms one address may have
 * opened. Owned by the relay thread.
 */
final class Admission {

    private final Rooms rooms;
    private final Moderation moderation;
    private final RoomLimits limits;
    private final RejoinPauses rejoinPauses;
    private final InstantSource clock;
    private final NameRules nameRules;

    Admission(
            Rooms rooms,
            NameRules nameRules,
            Moderation moderation,
            RoomLimits limits,
            RejoinPauses rejoinPauses,
            InstantSource clock) {
        this.rooms = rooms;
        this.nameRules = nameRules;
        this.moderation = moderation;
        this.limits = limits;
        this.rejoinPauses = rejoinPauses;
        this.clock = clock;
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
            return Optional.empty(); // a member already: a pause is for those who would come back
        }
        Optional<Term> pause = rejoinPauses.of(from.getAddress(), clock.millis());
        if (pause.isPresent()) {
            return refuse(RefusalReason.REJOIN_PAUSED, pause.get().seconds());
        }
        if (rooms.memberNamed(Names.key(name)) != null) {
            return refuse(RefusalReason.NAME_TAKEN, 0);
        }
        Optional<Refusal> lookalike = checkLookalike(name, null);
        if (lookalike.isPresent()) {
            return lookalike;
        }
        if (RoomNames.check(room).isPresent()) {
            return refuse(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS);
        }
        if (rooms.size() >= limits.maxMembers()) {
            return refuse(RefusalReason.SERVER_FULL, limits.maxMembers());
        }
        if (!provenAddress && rooms.classicMembers() >= limits.maxClassic()) {
            return refuse(RefusalReason.SERVER_FULL, limits.maxClassic()); // full, as far as classic text goes
        }
        AddressKey address = AddressKey.of(from.getAddress());
        // Classic members at an address prove nothing about it (they may be forged on the LAN), so they do
        // not count against a joiner who proved it receives there.
        int sharing = provenAddress ? rooms.nativeMembersFrom(address) : rooms.membersFrom(address);
        if (isOver(limits.maxPerAddress(), sharing)) {
            return refuse(RefusalReason.TOO_MANY_FROM_ADDRESS, limits.maxPerAddress());
        }
        return checkRoomLimits(room, address, null);
    }

    /** Whether {@code mover}, a member already, may move to the room called {@code room} (made if needed). */
    Optional<Refusal> checkMove(Member mover, String room) {
        if (RoomNames.check(room).isPresent()) {
            return refuse(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS);
        }
        // Alone in a room of its own, the mover takes that room with it as it opens the new one.
        ChatRoom vacated = mover.room() != rooms.lobby() && mover.room().size() == 1 ? mover.room() : null;
        return checkRoomLimits(room, AddressKey.of(mover.address().getAddress()), vacated);
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
        return checkLookalike(newName, member); // alice may become aIice, nobody else may
    }

    /** The rules a name keeps by itself, whoever else is on the server: its shape, then {@link NameRules}. */
    private Optional<Refusal> checkName(String name) {
        Optional<Names.Problem> shape = Names.check(name);
        if (shape.isPresent()) {
            return Optional.of(new Refusal(
                    RefusalReason.of(shape.get()),
                    shape.get() == Names.Problem.TOO_LONG ? Limits.MAX_NAME_CODE_POINTS : 0));
        }
        return nameRules.checkAdministrator(name);
    }

    /**
     * Whether {@code name} looks like a present member's other than {@code except}'s, or could pass for
     * another in other ways (mixed scripts, stray marks).
     */
    private Optional<Refusal> checkLookalike(String name, Member except) {
        Member lookalike = rooms.memberLookingLike(name, except);
        if (lookalike != null) {
            return Optional.of(new Refusal(RefusalReason.NAME_LOOKS_LIKE, 0, lookalike.name()));
        }
        return nameRules.checkScripts(name);
    }

    /**
     * Whether one more member may enter the room called {@code room}, from {@code address}; a new room
     * counts against the server's rooms and the rooms {@code address} opened, less {@code vacated}, the
     * mover's old room that goes as it leaves (null when none does).
     */
    private Optional<Refusal> checkRoomLimits(String room, AddressKey address, ChatRoom vacated) {
        ChatRoom existing = rooms.roomNamed(RoomNames.key(room));
        if (existing != null) {
            return existing.size() >= limits.maxRoomMembers()
                    ? refuse(RefusalReason.ROOM_FULL, limits.maxRoomMembers())
                    : Optional.empty();
        }
        if (rooms.rooms().size() - (vacated == null ? 0 : 1) >= limits.maxRooms()) {
            return refuse(RefusalReason.TOO_MANY_ROOMS, limits.maxRooms());
        }
        int openedHere =
                rooms.roomsOpenedFrom(address) - (vacated != null && address.equals(vacated.openedFrom()) ? 1 : 0);
        if (isOver(limits.maxRoomsPerAddress(), openedHere)) {
            return refuse(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, limits.maxRoomsPerAddress());
        }
        return Optional.empty();
    }

    /** Whether {@code count} has reached {@code limit}, where 0 means no limit. */
    private static boolean isOver(int limit, int count) {
        return limit != 0 && count >= limit;
    }

    private static Optional<Refusal> refuse(RefusalReason reason, long limit) {
        return Optional.of(new Refusal(reason, limit));
    }
}
