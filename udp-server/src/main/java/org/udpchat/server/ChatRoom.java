package org.udpchat.server;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One room: its name as first spelled, and its members in joining order. Owned by the relay thread;
 * only {@link Rooms} changes it, keeping the server-wide tables in step.
 */
final class ChatRoom {

    private final String name;
    private final String key;
    private final Set<Member> members = new LinkedHashSet<>();
    private int nativeMembers;

    ChatRoom(String name, String key) {
        this.name = name;
        this.key = key;
    }

    String name() {
        return name;
    }

    /** The name's comparison form, {@link org.udpchat.codec.RoomNames#key}. */
    String key() {
        return key;
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Whether some members are classic, so an event needs a classic line. */
    boolean hasClassicMembers() {
        return members.size() > nativeMembers;
    }

    /** Whether some members are native, so an event needs a native body. */
    boolean hasNativeMembers() {
        return nativeMembers > 0;
    }

    /** The members in joining order; a view, not to be changed while iterated. */
    Collection<Member> members() {
        return Collections.unmodifiableCollection(members);
    }

    void add(Member member) {
        if (members.add(member) && member.isNative()) {
            nativeMembers++;
        }
    }

    void remove(Member member) {
        if (members.remove(member) && member.isNative()) {
            nativeMembers--;
        }
    }
}
