package org.udpchat.client;

import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/**
 * What a line on the screen is, which decides how it looks at a terminal (its colour and marker) and, in
 * plain mode, whether it goes to stdout or stderr. The one place that classifies what arrives: a kind of
 * event it does not know is shown {@link #PLAIN}, so a newer event never breaks the screen.
 */
enum LineKind {
    /** Another member's chat line or action. */
    CHAT,
    /** Our own chat line or action, as the server relayed it, where the room's order put it. */
    OWN_CHAT,
    /** The administrator speaking to everyone: announcements, the closing, kicks and mutes of us. */
    ANNOUNCEMENT,
    /** A notice for one room only (the operator's {@code /say}). */
    ROOM_NOTICE,
    /** A private message, to us or from us. */
    PRIVATE,
    /** Who came, went or was renamed; listings; the client's own news (joined, left, reconnected). */
    NOTICE,
    /** Something went wrong: a line not sent, a request refused, a name not taken. Stderr in plain mode. */
    PROBLEM,
    /**
     * A line said before we could hear it (after a drop or a move), or how many were not kept: shown with
     * its own time, never the time it arrived.
     */
    HISTORY,
    /** Anything else, shown as it comes. */
    PLAIN;

    /** The kind of the lines shown for {@code event}, as heard by {@code myName}. */
    static LineKind of(RoomEvent event, String myName) {
        if (event instanceof RoomEvent.Said said) {
            return said.name().equals(myName) ? OWN_CHAT : CHAT;
        } else if (event instanceof RoomEvent.Acted acted) {
            return acted.name().equals(myName) ? OWN_CHAT : CHAT;
        } else if (event instanceof RoomEvent.Announced
                || event instanceof RoomEvent.Closing
                || event instanceof RoomEvent.YouWereKicked
                || event instanceof RoomEvent.YouWereBanned
                || event instanceof RoomEvent.Muted
                || event instanceof RoomEvent.Unmuted) {
            return ANNOUNCEMENT;
        } else if (event instanceof RoomEvent.History || event instanceof RoomEvent.Missed) {
            return HISTORY;
        } else if (event instanceof RoomEvent.AnnouncedToRoom) {
            return ROOM_NOTICE;
        } else if (event instanceof RoomEvent.PrivateFrom || event instanceof RoomEvent.PrivateTo) {
            return PRIVATE;
        } else if (event instanceof RoomEvent.NotRelayed
                || event instanceof RoomEvent.Failed
                || event instanceof RoomEvent.SlowedDown) {
            return PROBLEM;
        } else if (event instanceof RoomEvent.Joined
                || event instanceof RoomEvent.Left
                || event instanceof RoomEvent.TimedOut
                || event instanceof RoomEvent.Kicked
                || event instanceof RoomEvent.Banned
                || event instanceof RoomEvent.Went
                || event instanceof RoomEvent.Came
                || event instanceof RoomEvent.Dropped
                || event instanceof RoomEvent.YouAreIn
                || event instanceof RoomEvent.Renamed
                || event instanceof RoomEvent.ManyJoined
                || event instanceof RoomEvent.ManyLeft
                || event instanceof RoomEvent.RoomList
                || event instanceof RoomEvent.MemberList) {
            return NOTICE;
        }
        return PLAIN;
    }

    /**
     * The kind of a classic server's line, which says only its text: the administrator's lines start with
     * its name (which no member may take), our own with ours.
     */
    static LineKind of(ServerPacket.Line line, String myName) {
        if (line.text().startsWith(Names.ADMINISTRATOR + ServerPacket.Line.CHAT_SEPARATOR)) {
            return ANNOUNCEMENT;
        }
        if (myName != null && line.text().startsWith(myName + ServerPacket.Line.CHAT_SEPARATOR)) {
            return OWN_CHAT;
        }
        return CHAT;
    }
}
