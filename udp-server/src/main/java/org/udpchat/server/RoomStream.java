package org.udpchat.server;

import java.util.Set;
import org.udpchat.codec.RoomEvent;

/**
 * Where a cluster sends the events told to a whole room, so that every member of the room, on every node,
 * hears them in one order ({@link ClusterRooms}); each comes back to {@link Delivery#tellRoom} on every node
 * that has members in the room. Called on the relay thread; must not block.
 */
interface RoomStream {

    /** {@code event} happened in {@code room}; the members with the keys in {@code exceptKeys} are not told. */
    void publish(ChatRoom room, RoomEvent event, Set<String> exceptKeys);

    /**
     * A member's line ({@code event}: a chat line or an action) was said in {@code room}, for everyone there; {@code
     * appendId} is its id in the room's log ({@link SaidLineIds}), so that the line said again is taken once, or
     * {@link SaidLineIds#NONE} for a line without one.
     */
    void publishLine(ChatRoom room, RoomEvent event, long appendId);
}
