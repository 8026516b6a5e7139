package org.udpchat.server;

import org.udpchat.codec.RoomEvent;

/**
 * Why the operator removes a member: a kick, with the operator's own reason (may be empty), or a ban of its
 * address for a {@link Term}. A ban is told as numbers (its minutes), not as words of the server's, so that
 * each native client words it in its own language; a classic line is the server's to word.
 *
 * @param reason the operator's words for a kick; empty for a ban, which has none
 * @param ban the ban's term, or null for a kick
 */
record Removal(String reason, Term ban) {

    static Removal kick(String reason) {
        return new Removal(reason, null);
    }

    static Removal ban(Term term) {
        return new Removal("", term);
    }

    /** What the removed member is told, just before its membership ends. */
    RoomEvent toMember() {
        return ban == null ? new RoomEvent.YouWereKicked(reason) : new RoomEvent.YouWereBanned(ban.minutes());
    }

    /** What the room of the member called {@code name} is told. */
    RoomEvent toRoom(String name) {
        return ban == null ? new RoomEvent.Kicked(name, reason) : new RoomEvent.Banned(name, ban.minutes());
    }
}
