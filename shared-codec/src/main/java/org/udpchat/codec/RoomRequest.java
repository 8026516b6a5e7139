package org.udpchat.codec;

import java.util.Objects;

/**
 * A command a native member sends the server beyond plain chat: carried by a reliable {@code REQUEST}
 * datagram, in order with the member's chat, and answered with events. The server applies the rules
 * (which room names and nicknames are allowed, limits, mutes); these records only keep the wire form
 * sound.
 */
public sealed interface RoomRequest
        permits RoomRequest.JoinRoom,
                RoomRequest.ListRooms,
                RoomRequest.Who,
                RoomRequest.PrivateMessage,
                RoomRequest.Action,
                RoomRequest.Nick {

    /** {@code /join ROOM}: move to {@code room}, creating it if needed. */
    record JoinRoom(String room) implements RoomRequest {
        public JoinRoom {
            FieldChecks.requireNativeName(room);
        }
    }

    /** {@code /rooms}: which rooms there are, with their member counts. */
    record ListRooms() implements RoomRequest {}

    /** {@code /who [ROOM]}: who is in {@code room}, or in the member's own room when it is empty. */
    record Who(String room) implements RoomRequest {
        public Who {
            Objects.requireNonNull(room, "room == null");
            if (!room.isEmpty()) {
                FieldChecks.requireNativeName(room);
            }
        }
    }

    /** {@code /msg NAME text}: {@code text} for the member called {@code to} alone, in whichever room. */
    record PrivateMessage(String to, String text) implements RoomRequest {
        public PrivateMessage {
            FieldChecks.requireNativeName(to);
            FieldChecks.requireText(text);
        }
    }

    /**
     * {@code /me text}: an action, shown as {@code * name text}. {@code lineId} as a chat line's ({@link
     * NativeClientPacket.Chat}): {@link LineId#NONE}, or the client's id for the line, kept when it is said again.
     */
    record Action(String text, long lineId) implements RoomRequest {
        public Action {
            FieldChecks.requireText(text);
        }

        /** An action without an id. */
        public Action(String text) {
            this(text, LineId.NONE);
        }
    }

    /** {@code /nick NAME}: go on under {@code name}. */
    record Nick(String name) implements RoomRequest {
        public Nick {
            FieldChecks.requireNativeName(name);
        }
    }
}
