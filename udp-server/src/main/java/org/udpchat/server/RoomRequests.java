package org.udpchat.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * What a native member may ask beyond chat: moving between rooms, seeing who and where, private
 * messages, actions and a new name. Each answer goes to the asker alone, reliably; what the room should
 * know (a move, an action, a new name) goes to the room. Runs on the relay thread, in order with the
 * member's chat.
 */
final class RoomRequests {

    private final Rooms rooms;
    private final Admission admission;
    private final Moderation moderation;
    private final TextRules textRules;
    private final Delivery delivery;
    private final CatchUp catchUp;
    private final RemoteMembers remote;

    /** Where a new name is claimed across a cluster first; none on a single server. */
    private SharedNames sharedNames = SharedNames.NONE;

    /** Private messages to members on other nodes; null on a single server. */
    private PrivateMail privateMail;

    /** @param remote the other nodes' members, in a cluster: {@code /who} and {@code /rooms} count them too */
    RoomRequests(
            Rooms rooms,
            Admission admission,
            Moderation moderation,
            TextRules textRules,
            Delivery delivery,
            CatchUp catchUp,
            RemoteMembers remote) {
        this.remote = remote;
        this.rooms = rooms;
        this.admission = admission;
        this.moderation = moderation;
        this.textRules = textRules;
        this.delivery = delivery;
        this.catchUp = catchUp;
    }

    /**
     * In a cluster: private messages to members of other nodes go through {@code mail}, and a new name is
     * claimed through {@code shared} first.
     */
    void shareAcrossNodes(PrivateMail mail, SharedNames shared) {
        this.privateMail = mail;
        this.sharedNames = shared;
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
            act(member, action.text(), action.lineId());
        } else if (request instanceof RoomRequest.Nick nick) {
            nick(member, nick.name());
        } else {
            throw new AssertionError(request);
        }
    }

    /**
     * If the operator has muted {@code member}, tells it so (what it said goes nowhere) and returns true;
     * otherwise returns false and sends nothing.
     */
    boolean refuseIfMuted(Member member) {
        Optional<Term> muted = moderation.muteOf(member);
        if (muted.isEmpty()) {
            return false;
        }
        long secondsLeft = muted.get().isUntilLifted()
                ? 0
                : Math.max(1, muted.get().length().toSeconds());
        fail(member, Failure.MUTED, secondsLeft, "");
        return true;
    }

    private void joinRoom(Member member, String room) {
        if (member.room().key().equals(RoomNames.key(room))) {
            fail(member, Failure.ALREADY_IN_ROOM, 0, member.room().name());
            return;
        }
        Optional<Refusal> refusal = admission.checkMove(member, room);
        if (refusal.isPresent()) {
            delivery.tell(member, failed(refusal.get(), room));
            return;
        }
        ChatRoom left = rooms.moveTo(member, room);
        ChatRoom entered = member.room();
        Logger.info(
                "{} went from {} to {}",
                Untrusted.quote(member.name()),
                Untrusted.quote(left.name()),
                Untrusted.quote(entered.name()));
        // a move, not a quit and a new arrival: each room hears where the member went, or came from
        delivery.departed(left, member.name(), new RoomEvent.Went(member.name(), entered.name()));
        delivery.arrived(entered, member, left.name());
        delivery.tell(member, new RoomEvent.YouAreIn(entered.name(), entered.size()));
        catchUp.onMoved(member, left, entered);
    }

    /** The busiest rooms first (of the whole cluster, in one), as many as one event carries. */
    private void listRooms(Member member) {
        Map<String, RemoteMembers.RoomCount> counts = new LinkedHashMap<>();
        for (ChatRoom room : rooms.rooms()) {
            counts.put(room.key(), new RemoteMembers.RoomCount(room.name(), room.size()));
        }
        remote.rooms()
                .forEach((key, there) -> counts.merge(
                        key,
                        there,
                        (here, more) -> new RemoteMembers.RoomCount(here.name(), here.members() + more.members())));
        List<RemoteMembers.RoomCount> busiest = new ArrayList<>(counts.values());
        busiest.sort(
                Comparator.comparingInt(RemoteMembers.RoomCount::members).reversed()); // stable: the lobby leads a tie
        List<RoomEvent.RoomCount> listed = new ArrayList<>();
        for (RemoteMembers.RoomCount room : busiest) {
            listed.add(new RoomEvent.RoomCount(room.name(), room.members()));
        }
        delivery.tell(member, new RoomEvent.RoomList(busiest.size(), EventCodec.roomsThatFit(listed)));
    }

    /**
     * The room's members in joining order, as many as one event carries: this node's, then (in a cluster) the
     * other nodes', for whom a room with none here still exists.
     */
    private void who(Member member, String roomName) {
        String name = member.room().name();
        ChatRoom room = member.room();
        if (!roomName.isEmpty()) {
            if (RoomNames.check(roomName).isPresent()) {
                fail(member, Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, roomName);
                return;
            }
            room = rooms.roomNamed(RoomNames.key(roomName));
            name = room == null ? roomName : room.name();
        }
        List<String> names = new ArrayList<>();
        if (room != null) {
            for (Member present : room.members()) {
                names.add(present.name());
            }
        }
        names.addAll(remote.namesIn(RoomNames.key(name)));
        if (room == null && names.isEmpty()) {
            fail(member, Failure.NO_SUCH_ROOM, 0, roomName);
            return;
        }
        delivery.tell(member, new RoomEvent.MemberList(name, names.size(), EventCodec.namesThatFit(name, names)));
    }

    private void privateMessage(Member member, String to, String text) {
        Optional<ChatText.Problem> problem = textRules.checkPrivate(member.name(), text);
        if (problem.isPresent()) {
            delivery.tell(member, new RoomEvent.NotRelayed(problem.get()));
            return;
        }
        if (refuseIfMuted(member)) {
            return;
        }
        Member recipient = rooms.memberNamed(Names.key(to));
        if (recipient == null) {
            ClusterDirectory.Listing there = remote.named(Names.key(to));
            if (there == null || privateMail == null) {
                fail(member, Failure.NO_SUCH_MEMBER, 0, to);
                return;
            }
            privateMail.send(there.node(), Names.key(to), member.name(), text, taken -> {
                if (!rooms.isPresent(member)) {
                    return; // the sender left meanwhile
                }
                if (!taken) {
                    fail(member, Failure.NO_SUCH_MEMBER, 0, to); // its node went meanwhile
                } else {
                    delivery.tell(member, new RoomEvent.PrivateTo(there.name(), text));
                }
            });
            return;
        }
        delivery.tell(recipient, new RoomEvent.PrivateFrom(member.name(), text)); // a classic one: no promise
        delivery.tell(member, new RoomEvent.PrivateTo(recipient.name(), text));
    }

    private void act(Member member, String text, long lineId) {
        Optional<ChatText.Problem> problem = textRules.check(member.name(), text);
        if (problem.isPresent()) {
            delivery.tell(member, new RoomEvent.NotRelayed(problem.get()));
            return;
        }
        if (!refuseIfMuted(member)) {
            delivery.broadcastLine(member, new RoomEvent.Acted(member.name(), text), lineId);
        }
    }

    private void nick(Member member, String newName) {
        if (refuseIfMuted(member)) {
            return; // a new name is a line to the whole room
        }
        Optional<Refusal> refusal = admission.checkRename(member, newName);
        if (refusal.isPresent()) {
            delivery.tell(member, failed(refusal.get(), newName));
            return;
        }
        if (sharedNames.isShared()) {
            String oldName = member.name();
            sharedNames.rename(oldName, newName, member.nameHolder(), clusterRefusal -> {
                if (!rooms.isPresent(member) || !member.name().equals(oldName)) {
                    if (clusterRefusal.isEmpty()) {
                        sharedNames.rename(
                                newName, oldName, member.nameHolder(), ignored -> {}); // it left or changed meanwhile
                    }
                    return;
                }
                Optional<Refusal> stillRefused =
                        clusterRefusal.isPresent() ? clusterRefusal : admission.checkRename(member, newName);
                if (stillRefused.isPresent()) {
                    if (clusterRefusal.isEmpty()) {
                        sharedNames.rename(newName, oldName, member.nameHolder(), ignored -> {});
                    }
                    delivery.tell(member, failed(stillRefused.get(), newName));
                    return;
                }
                rename(member, newName);
            });
            return;
        }
        rename(member, newName);
    }

    private void rename(Member member, String newName) {
        String oldName = member.name();
        String oldKey = member.key();
        rooms.rename(member, newName, Names.key(newName));
        Logger.info("{} is now {}", Untrusted.quote(oldName), Untrusted.quote(newName));
        RoomEvent renamed = new RoomEvent.Renamed(oldName, newName);
        if (delivery.renamedBeforeTheRoomHeardOfIt(member.room(), member, oldKey)) {
            delivery.tell(member, renamed); // the others will hear it arrive under its new name
        } else {
            delivery.broadcast(member.room(), renamed, null);
        }
    }

    /** A refused move or rename of {@code subject} as the FAILED its asker is told. */
    private static RoomEvent.Failed failed(Refusal refusal, String subject) {
        switch (refusal.reason()) {
            case BAD_ROOM_NAME:
                return new RoomEvent.Failed(Failure.BAD_ROOM_NAME, refusal.limit(), subject);
            case ROOM_FULL:
                return new RoomEvent.Failed(Failure.ROOM_FULL, refusal.limit(), subject);
            case TOO_MANY_ROOMS:
                return new RoomEvent.Failed(Failure.TOO_MANY_ROOMS, refusal.limit(), subject);
            case TOO_MANY_ROOMS_FROM_ADDRESS:
                return new RoomEvent.Failed(Failure.TOO_MANY_ROOMS_FROM_ADDRESS, refusal.limit(), subject);
            case NAME_TAKEN:
                return new RoomEvent.Failed(Failure.NAME_TAKEN, 0, subject);
            case NAME_LOOKS_LIKE: // the subject becomes the name it looks like: the asker knows its own
                return new RoomEvent.Failed(Failure.NAME_LOOKS_LIKE, 0, refusal.subject());
            case NAME_MIXED_SCRIPTS:
                return new RoomEvent.Failed(Failure.NAME_MIXED_SCRIPTS, 0, subject);
            case NAMES_UNAVAILABLE:
                return new RoomEvent.Failed(Failure.NAMES_UNAVAILABLE, 0, subject);
            case NAME_EMPTY:
            case NAME_TOO_LONG:
            case NAME_WHITESPACE:
            case NAME_INVISIBLE_OR_CONTROL:
            case NAME_RESERVED: // one failure for every name rule; its limit is the most characters
                return new RoomEvent.Failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, subject);
            default: // bans, full servers and held addresses concern joins, not members' requests
                throw new AssertionError(refusal);
        }
    }

    private void fail(Member member, Failure failure, long limit, String subject) {
        delivery.tell(member, new RoomEvent.Failed(failure, limit, subject));
    }
}
