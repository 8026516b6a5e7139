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
    /** Who opened it, for the limit of rooms per address; null for the lobby, which nobody opened. */
    private final AddressKey openedFrom;

    /**
     * This room's number among every room the server has made, never reused: a room that went and was made
     * again under the same name is another room, whose lines are numbered afresh.
     */
    private final long serial;

    private final RoomHistory history;

    private final Set<Member> members = new LinkedHashSet<>();
    private int nativeMembers;

    /**
     * Its bucket of arrival and departure notices (see {@link RoomNotices}), counted in the milliseconds
     * they take to refill: {@link RoomNotices#REFILL_MILLIS} a notice.
     */
    private long noticeMillis = RoomNotices.BURST * RoomNotices.REFILL_MILLIS;

    private long noticesRefilledAt = Long.MIN_VALUE;

    /** @param historyLines how many of its recent lines it keeps (0: none) */
    ChatRoom(String name, String key, AddressKey openedFrom, long serial, int historyLines) {
        this.name = name;
        this.key = key;
        this.openedFrom = openedFrom;
        this.serial = serial;
        this.history = new RoomHistory(historyLines);
    }

    /** Which room this is among every room the server made, the same name or not. */
    long serial() {
        return serial;
    }

    /** Its recent lines. */
    RoomHistory history() {
        return history;
    }

    /** The address of the member that opened it; null for the lobby. */
    AddressKey openedFrom() {
        return openedFrom;
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

    /**
     * Takes one notice from the room's bucket at {@code nowMillis}, if it has one: {@link RoomNotices#BURST}
     * at first, refilled one every {@link RoomNotices#REFILL_MILLIS}.
     */
    boolean takeNotice(long nowMillis) {
        long full = RoomNotices.BURST * RoomNotices.REFILL_MILLIS;
        if (noticesRefilledAt != Long.MIN_VALUE) {
            noticeMillis = Math.min(full, noticeMillis + Math.max(0, nowMillis - noticesRefilledAt));
        }
        noticesRefilledAt = nowMillis;
        if (noticeMillis < RoomNotices.REFILL_MILLIS) {
            return false;
        }
        noticeMillis -= RoomNotices.REFILL_MILLIS;
        return true;
    }

    /** When {@link #takeNotice} will next find a notice: {@link Long#MIN_VALUE} if it would now at any time. */
    long noticeDueMillis() {
        if (noticesRefilledAt == Long.MIN_VALUE || noticeMillis >= RoomNotices.REFILL_MILLIS) {
            return Long.MIN_VALUE;
        }
        return noticesRefilledAt + RoomNotices.REFILL_MILLIS - noticeMillis;
    }
}
