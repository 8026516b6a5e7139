package org.udpchat.codec;

/**
 * Something that happened in the room, as the server tells a native client: delivered reliably, in
 * order, once, and worded by the client in its own language. Classic members hear the same things as
 * lines the server words (see {@code PROTOCOL.md}).
 */
public sealed interface RoomEvent
        permits RoomEvent.Said,
                RoomEvent.Joined,
                RoomEvent.Left,
                RoomEvent.TimedOut,
                RoomEvent.Kicked,
                RoomEvent.Dropped,
                RoomEvent.Announced,
                RoomEvent.Closing,
                RoomEvent.YouWereKicked,
                RoomEvent.NotRelayed {

    /** {@code name} said {@code text}. */
    record Said(String name, String text) implements RoomEvent {
        public Said {
            Fields.requireNativeName(name);
            Fields.requireText(text);
        }
    }

    /** {@code name} joined the room. */
    record Joined(String name) implements RoomEvent {
        public Joined {
            Fields.requireNativeName(name);
        }
    }

    /** {@code name} quit. */
    record Left(String name) implements RoomEvent {
        public Left {
            Fields.requireNativeName(name);
        }
    }

    /** {@code name} went silent and the server let the membership lapse. */
    record TimedOut(String name) implements RoomEvent {
        public TimedOut {
            Fields.requireNativeName(name);
        }
    }

    /** The operator removed {@code name}; {@code reason} may be empty. */
    record Kicked(String name, String reason) implements RoomEvent {
        public Kicked {
            Fields.requireNativeName(name);
            Fields.requireReason(reason);
        }
    }

    /** {@code name} stopped acknowledging and was dropped. */
    record Dropped(String name) implements RoomEvent {
        public Dropped {
            Fields.requireNativeName(name);
        }
    }

    /** The operator announced {@code text}, as {@link Names#ADMINISTRATOR}. */
    record Announced(String text) implements RoomEvent {
        public Announced {
            Fields.requireText(text);
        }
    }

    /** The room is closing; nothing more will come. */
    record Closing() implements RoomEvent {}

    /** The operator removed you; {@code reason} may be empty. Final: do not come back. */
    record YouWereKicked(String reason) implements RoomEvent {
        public YouWereKicked {
            Fields.requireReason(reason);
        }
    }

    /** Your chat was not relayed, because it broke {@code problem}. */
    record NotRelayed(ChatText.Problem problem) implements RoomEvent {
        public NotRelayed {
            if (problem == null) {
                throw new NullPointerException("problem == null");
            }
        }
    }
}
