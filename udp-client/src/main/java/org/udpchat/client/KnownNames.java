package org.udpchat.client;

import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import org.udpchat.codec.RoomEvent;

/**
 * The member and room names the client has learnt from what arrived ({@code /who}, {@code /rooms}, joins,
 * leaves, renames, who spoke), for completing them at the line editor. The receiver thread learns; the
 * sender thread's editor reads while completing: both sets are concurrent, and a completion may miss
 * what arrives during it, which costs nothing.
 */
final class KnownNames {

    private final ConcurrentSkipListSet<String> members = new ConcurrentSkipListSet<>();
    private final ConcurrentSkipListSet<String> rooms = new ConcurrentSkipListSet<>();

    /** Learns from {@code event}, heard as {@code myName} (never offered: nobody writes to themselves). */
    void learn(RoomEvent event, String myName) {
        if (event instanceof RoomEvent.MemberList list) {
            rooms.add(list.room());
            list.names().forEach(this::addMember);
        } else if (event instanceof RoomEvent.RoomList list) {
            list.rooms().forEach(room -> rooms.add(room.room()));
        } else if (event instanceof RoomEvent.YouAreIn in) {
            rooms.add(in.room());
        } else if (event instanceof RoomEvent.Joined joined) {
            addMember(joined.name());
        } else if (event instanceof RoomEvent.Came came) {
            addMember(came.name());
            rooms.add(came.room());
        } else if (event instanceof RoomEvent.Went went) {
            rooms.add(went.room()); // the member is still on the server, for /msg: only elsewhere
        } else if (event instanceof RoomEvent.ManyJoined many) {
            many.names().forEach(this::addMember);
        } else if (event instanceof RoomEvent.Said said) {
            addMember(said.name());
        } else if (event instanceof RoomEvent.Acted acted) {
            addMember(acted.name());
        } else if (event instanceof RoomEvent.PrivateFrom message) {
            addMember(message.name());
        } else if (event instanceof RoomEvent.Renamed renamed) {
            members.remove(renamed.oldName());
            addMember(renamed.newName());
        } else if (event instanceof RoomEvent.Left left) {
            members.remove(left.name());
        } else if (event instanceof RoomEvent.TimedOut gone) {
            members.remove(gone.name());
        } else if (event instanceof RoomEvent.Kicked gone) {
            members.remove(gone.name());
        } else if (event instanceof RoomEvent.Banned gone) {
            members.remove(gone.name());
        } else if (event instanceof RoomEvent.Dropped gone) {
            members.remove(gone.name());
        } else if (event instanceof RoomEvent.ManyLeft many) {
            many.names().forEach(members::remove);
        }
        members.remove(myName);
    }

    private void addMember(String name) {
        members.add(name);
    }

    /** The members known, sorted. */
    List<String> members() {
        return List.copyOf(members);
    }

    /** The rooms known, sorted. */
    List<String> rooms() {
        return List.copyOf(rooms);
    }
}
