package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.Set;

/**
 * One person on the server, classic or native, in one room at a time. Owned by the relay thread, which alone reads and writes
 * it. A classic member is its address; a native member has a {@link Session}, and its address may
 * move once the new one has answered a path challenge.
 */
final class Member {

    private String name;
    private String key;
    /** The name's {@linkplain NameFold folds} while {@link Rooms} indexes them: so it can unindex them. */
    private Set<String> folds = Set.of();

    private final Session session;
    private ChatRoom room;
    private InetSocketAddress address;
    private long lastHeardMillis;
    private final LineBucket lines = new LineBucket();
    /** Who holds its name across a cluster ({@link SharedNames}): a number of this node's; 0 alone. */
    private long nameHolder;

    /** Where it stopped hearing the rooms it left; null until it first leaves one (most never do). */
    private RoomPlaces places;

    private Member(String name, String key, InetSocketAddress address, long joinedMillis, Session session) {
        this.name = name;
        this.key = key;
        this.address = address;
        this.lastHeardMillis = joinedMillis;
        this.session = session;
    }

    static Member classic(String name, String key, InetSocketAddress address, long joinedMillis) {
        return new Member(name, key, address, joinedMillis, null);
    }

    static Member ofSession(String name, String key, InetSocketAddress address, long joinedMillis, Session session) {
        return new Member(name, key, address, joinedMillis, session);
    }

    /** The number its name is held by across a cluster ({@link SharedNames}); 0 on a single server. */
    long nameHolder() {
        return nameHolder;
    }

    /** Its name is held across the cluster by {@code holder}: set once, as it comes in. */
    void holdsNameAs(long holder) {
        this.nameHolder = holder;
    }

    /** The name as the member typed it: what the room sees. */
    String name() {
        return name;
    }

    /** The name's comparison form, {@link org.udpchat.codec.Names#key}. */
    String key() {
        return key;
    }

    /** Changes the name; only {@link Rooms#rename}, which keeps its tables in step, calls this. */
    void rename(String newName, String newKey) {
        name = newName;
        key = newKey;
    }

    /** The folds {@link Rooms} indexed the name by; empty when it is not indexed. */
    Set<String> folds() {
        return folds;
    }

    /** Only {@link Rooms}, which indexes members by their folds, calls this. */
    void foldsAre(Set<String> indexed) {
        folds = indexed;
    }

    /** The room the member is in, or was in last once it has left: where news of its leaving goes. */
    ChatRoom room() {
        return room;
    }

    /** Only {@link Rooms}, which keeps the rooms' tables in step, calls this. */
    void enter(ChatRoom newRoom) {
        room = newRoom;
    }

    InetSocketAddress address() {
        return address;
    }

    void moveTo(InetSocketAddress newAddress) {
        address = newAddress;
    }

    boolean isNative() {
        return session != null;
    }

    /** The native session; only for native members. */
    Session session() {
        return session;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    void heardAt(long millis) {
        lastHeardMillis = millis;
    }

    /** Where it stopped hearing the rooms it left: made when first asked for. */
    RoomPlaces places() {
        if (places == null) {
            places = new RoomPlaces();
        }
        return places;
    }

    /** Its places are {@code kept}: those its expired session left, for a member that came back. */
    void placesAre(RoomPlaces kept) {
        places = kept;
    }

    /** Its bucket of lines for flood control. */
    LineBucket lines() {
        return lines;
    }
}
