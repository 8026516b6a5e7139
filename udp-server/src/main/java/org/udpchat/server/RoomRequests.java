package org.udpchat.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Failure;
import org.udpchat.codec.Limits;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.Untrusted;

/**
 * What a native member may ask beyond chat: moving between rooms, seeing who and where, private
 * messages, actions and a new name. Each answer goes to the asker alone, reliably; what the room should
 * know (a move, an action, a new name) goes to the room. Runs on the relay thread, in order with the
 * member's chat.
 */
final class RoomRequests {

    private final Rooms rooms;
    private final Moderation moderation;

    RoomRequests(Rooms rooms, Moderation moderation) {
        this.rooms = rooms;
        this.moderation = moderation;
    }

    void handle(Member member, RoomRequest request) {
        if (request instanceof RoomRequest.JoinRoom join) {
            joinRoom(member, join.room());
        } else if (request instanceof RoomRequest.ListRooms) {
            listRooms(member);
        } else if (request instanceof RoomRequest.Who who) {
            who(member, who.room());
        } else if (request instanceof RoomRequest.PrivateMessage message) {
            privateMessage(member, message.to(), message.text());
        } else if (request instanceof RoomRequest.Action action) {
            act(member, action.text());
        } else if (request instanceof RoomRequest.Nick nick) {
            nick(member, nick.name());
        } else {
            throw new AssertionError(request);
        }
    }

    /** Whether the operator has muted the member; if so it is told, and what it said goes nowhere. */
    boolean isMuted(Member member) {
        OptionalLong muted = moderation.mutes().remaining(member.key(), rooms.now());
        if (muted.isEmpty()) {
            return false;
        }
        long left = muted.getAsLong();
        fail(member, Failure.MUTED, left == Deadlines.FOREVER ? 0 : Math.max(1, left / 1000), "");
        return true;
    }

    private void joinRoom(Member member, String room) {
        if (RoomNames.check(room).isPresent()) {
            fail(member, Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, room);
            return;
        }
        if (member.room().key().equals(RoomNames.key(room))) {
            fail(member, Failure.ALREADY_IN_ROOM, 0, member.room().name());
            return;
        }
        switch (rooms.admission(room, member)) {
            case WELCOME:
                break;
            case ROOM_FULL:
                fail(member, Failure.ROOM_FULL, rooms.limits().maxRoomMembers(), room);
                return;
            case TOO_MANY_ROOMS:
                fail(member, Failure.TOO_MANY_ROOMS, rooms.limits().maxRooms(), room);
                return;
            case SERVER_FULL: // not asked of a member already on the server
            default:
                throw new AssertionError();
        }
        ChatRoom left = rooms.moveTo(member, room);
        ChatRoom entered = member.room();
        Logger.info(
                "{} went from {} to {}",
                Untrusted.quote(member.name()),
                Untrusted.quote(left.name()),
                Untrusted.quote(entered.name()));
        rooms.broadcast(left, new RoomEvent.Left(member.name()), member);
        rooms.broadcast(entered, new RoomEvent.Joined(member.name()), member);
        tell(member, new RoomEvent.YouAreIn(entered.name(), entered.size()));
    }

    /** The busiest rooms first, as many as one event carries. */
    private void listRooms(Member member) {
        List<ChatRoom> busiest = new ArrayList<>(rooms.rooms());
        busiest.sort(Comparator.comparingInt(ChatRoom::size).reversed()); // stable: the lobby leads a tie
        List<RoomEvent.RoomCount> counts = new ArrayList<>();
        for (ChatRoom room : busiest) {
            counts.add(new RoomEvent.RoomCount(room.name(), room.size()));
        }
        List<RoomEvent.RoomCount> listed = EventCodec.roomsThatFit(counts);
        tell(member, new RoomEvent.RoomList(busiest.size(), listed));
    }

    /** The room's members in joining order, as many as one event carries. */
    private void who(Member member, String roomName) {
        ChatRoom room = member.room();
        if (!roomName.isEmpty()) {
            if (RoomNames.check(roomName).isPresent()) {
                fail(member, Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, roomName);
                return;
            }
            room = rooms.roomNamed(RoomNames.key(roomName));
            if (room == null) {
                fail(member, Failure.NO_SUCH_ROOM, 0, roomName);
                return;
            }
        }
        List<String> present = new ArrayList<>();
        for (Member inRoom : room.members()) {
            present.add(inRoom.name());
        }
        List<String> names = EventCodec.namesThatFit(room.name(), present);
        tell(member, new RoomEvent.MemberList(room.name(), room.size(), names));
    }

    private void privateMessage(Member member, String to, String text) {
        Optional<ChatText.Problem> problem = ChatText.checkPrivate(member.name(), text);
        if (problem.isPresent()) {
            tell(member, new RoomEvent.NotRelayed(problem.get()));
            return;
        }
        if (isMuted(member)) {
            return;
        }
        Member recipient = rooms.memberNamed(Names.key(to));
        if (recipient == null) {
            fail(member, Failure.NO_SUCH_MEMBER, 0, to);
            return;
        }
        RoomEvent.PrivateFrom message = new RoomEvent.PrivateFrom(member.name(), text);
        if (recipient.isNative()) {
            tell(recipient, message);
        } else {
            rooms.tellClassic(recipient, message); // as reliable as classic text gets: not at all
        }
        tell(member, new RoomEvent.PrivateTo(recipient.name(), text));
    }

    private void act(Member member, String text) {
        Optional<ChatText.Problem> problem = ChatText.check(member.name(), text);
        if (problem.isPresent()) {
            tell(member, new RoomEvent.NotRelayed(problem.get()));
            return;
        }
        if (!isMuted(member)) {
            rooms.broadcast(member.room(), new RoomEvent.Acted(member.name(), text), null);
        }
    }

    private void nick(Member member, String newName) {
        if (isMuted(member)) {
            return; // a new name is a line to the whole room
        }
        if (Names.check(newName).isPresent()) {
            fail(member, Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, newName);
            return;
        }
        String newKey = Names.key(newName);
        Member holder = rooms.memberNamed(newKey);
        if ((holder != null && holder != member) || newName.equals(member.name())) {
            fail(member, Failure.NAME_TAKEN, 0, newName);
            return;
        }
        String oldName = member.name();
        rooms.rename(member, newName, newKey);
        Logger.info("{} is now {}", Untrusted.quote(oldName), Untrusted.quote(newName));
        rooms.broadcast(member.room(), new RoomEvent.Renamed(oldName, newName), null);
    }

    private void fail(Member member, Failure failure, long limit, String subject) {
        tell(member, new RoomEvent.Failed(failure, limit, subject));
    }

    private void tell(Member member, RoomEvent event) {
        rooms.tell(member.session(), member, event);
    }
}
