package org.udpchat.client;

import org.udpchat.codec.KickNotice;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/** The client's own words for what the server reports, in the client's language. */
final class EventWording {

    private final Texts texts;

    EventWording(Texts texts) {
        this.texts = texts;
    }

    /** The line shown for a room event. */
    String line(RoomEvent event) {
        if (event instanceof RoomEvent.Said said) {
            return ServerPacket.Line.chat(said.name(), said.text()).text();
        } else if (event instanceof RoomEvent.Joined joined) {
            return texts.get("event.joined", joined.name());
        } else if (event instanceof RoomEvent.Left left) {
            return texts.get("event.left", left.name());
        } else if (event instanceof RoomEvent.TimedOut timedOut) {
            return texts.get("event.timedOut", timedOut.name());
        } else if (event instanceof RoomEvent.Kicked kicked) {
            return kicked.reason().isEmpty()
                    ? texts.get("event.kicked", kicked.name())
                    : texts.get("event.kickedBecause", kicked.name(), kicked.reason());
        } else if (event instanceof RoomEvent.Dropped dropped) {
            return texts.get("event.dropped", dropped.name());
        } else if (event instanceof RoomEvent.Announced announced) {
            return ServerPacket.Line.chat(Names.ADMINISTRATOR, announced.text()).text();
        } else if (event instanceof RoomEvent.Closing) {
            return Names.ADMINISTRATOR + ServerPacket.Line.CHAT_SEPARATOR + texts.get("event.closing");
        } else if (event instanceof RoomEvent.YouWereKicked kicked) {
            return Names.ADMINISTRATOR
                    + ServerPacket.Line.CHAT_SEPARATOR
                    + KickNotice.text(texts.language(), kicked.reason());
        } else if (event instanceof RoomEvent.NotRelayed notRelayed) {
            switch (notRelayed.problem()) {
                case INVISIBLE_OR_CONTROL:
                    return texts.get("text.invisible");
                case TOO_LONG:
                    return texts.get("notRelayed.tooLong");
                case EMPTY:
                    return texts.get("notRelayed.empty");
                default:
                    throw new AssertionError(notRelayed.problem());
            }
        } else {
            throw new AssertionError(event);
        }
    }

    /** Why the server refused our login. */
    String refusal(RefusalReason reason, long limit) {
        switch (reason) {
            case NAME_EMPTY:
                return texts.get("name.empty");
            case NAME_TOO_LONG:
                return texts.get("name.tooLong", limit == 0 ? Limits.MAX_NAME_CODE_POINTS : limit);
            case NAME_WHITESPACE:
                return texts.get("name.whitespace");
            case NAME_INVISIBLE_OR_CONTROL:
                return texts.get("name.invisible");
            case NAME_RESERVED:
                return texts.get("name.reserved");
            case NAME_TAKEN:
                return texts.get("name.taken");
            case ROOM_FULL:
                return texts.get("roomFull", limit);
            case ADDRESS_HAS_NAME:
                return texts.get("addressHasName");
            case NOT_ALLOWED:
                return texts.get("notAllowed");
            default:
                throw new AssertionError(reason);
        }
    }
}
