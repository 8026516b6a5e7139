package org.udpchat.codec;

/**
 * A command a native member sends the server beyond plain chat: carried by a reliable {@code REQUEST}
 * datagram, in order with the member's chat, and answered with events. The server applies the rules
 * (which room names and nicknames are allowed, limits, mutes); these records only keep the wire form
 * sound.
 */
public sealed interface Request
        permits Request.JoinRoom, Request.ListRooms, Request.Who, Request.PrivateMessage, Request.Action, Request.Nick {

    /** {@code /join ROOM}: move to {@code room}, creating it if needed. */
    record JoinRoom(String room) implements Request {
        public JoinRoom {
            Fields.requireNativeName(room);
        }
    }

    /** {@code /rooms}: which rooms there are, with their member counts. */
    record ListRooms() implements Request {}

    /** {@code /who [ROOM]}: who is in {@code room}, or in the member's own room when it is empty. */
    record Who(String room) implements Request {
        public Who {
            if (room == null) {
                throw new NullPointerException("room == null");
            }
            if (!room.isEmpty()) {
                Fields.requireNativeName(room);
            }
        }
    }

    /** {@code /msg NAME text}: {@code text} for the member called {@code to} alone, in whichever room. */
    record PrivateMessage(String to, String text) implements Request {
        public PrivateMessage {
            Fields.requireNativeName(to);
            Fields.requireText(text);
        }
    }

    /** {@code /me text}: an action, shown as {@code * name text}. */
    record Action(String text) implements Request {
        public Action {
            Fields.requireText(text);
        }
    }

    /** {@code /nick NAME}: go on under {@code name}. */
    record Nick(String name) implements Request {
        public Nick {
            Fields.requireNativeName(name);
        }
    }
}
