package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.udpchat.codec.RoomNames;

/**
 * Who is on the server and where: the members by name and by address, classic and native alike, and the
 * rooms they are in (and, so that coming back is no way round flood control, the allowance of lines the
 * members from each address left behind). The only place that changes these tables, so they stay in step. Owned by the relay
 * thread. Who may come in is {@link Admission}'s question; how news reaches the members is
 * {@link Delivery}'s.
 */
final class Rooms {

    /** Addresses whose departed members' flood allowance is remembered. */
    static final int SPENT_LINES_TRACKED = 10_000;

    /** Every present member's {@linkplain NameFold folds}: who a new name would look like. */
    private final Map<String, Member> byFold = new HashMap<>();

    private final NameFold fold;

    /** By name key, in joining order (the order {@code /list} shows). */
    private final Map<String, Member> byKey = new LinkedHashMap<>();

    private final Map<InetSocketAddress, Member> byAddress = new HashMap<>();

    /** How many members each address (IPv4, or IPv6 /64) has. */
    private final Map<AddressKey, Integer> membersFrom = new HashMap<>();

    /** How many of those are native: members that proved they receive at their address. */
    private final Map<AddressKey, Integer> nativeMembersFrom = new HashMap<>();

    /**
     * The emptiest bucket of lines a member took away when it left, by address, for the next member from
     * there to go on with: otherwise leaving and joining again would be a way round flood control. The
     * least recently stored is forgotten first, so memory stays bounded.
     */
    private final Map<AddressKey, LineBucket> spentLines = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<AddressKey, LineBucket> eldest) {
            return size() > SPENT_LINES_TRACKED;
        }
    };

    /** By room key, the lobby first; a room other than the lobby goes when its last member does. */
    private final Map<String, ChatRoom> rooms = new LinkedHashMap<>();

    private final ChatRoom lobby;

    /** How many lines of history each room keeps. */
    private final int historyLines;

    /** Rooms made so far, the lobby first: each room's {@link ChatRoom#serial}. */
    private long roomsMade;

    /** How many of the members are native: whether an event needs a classic line, a native body, or both. */
    private int nativeMembers;

    private long joins;

    /** @param historyLines how many recent lines each room keeps (0: none) */
    private RoomsWatcher watcher = RoomsWatcher.NONE;

    Rooms(NameFold fold, int historyLines) {
        this.fold = fold;
        this.historyLines = historyLines;
        this.lobby = new ChatRoom(RoomNames.LOBBY, RoomNames.key(RoomNames.LOBBY), null, ++roomsMade, historyLines);
        rooms.put(lobby.key(), lobby);
    }

    /**
     * From now on {@code watcher} hears every change to who is where (the cluster's directory and rooms); it
     * hears of the lobby, which is always here, at once.
     */
    void watchedBy(RoomsWatcher newWatcher) {
        this.watcher = newWatcher;
        newWatcher.opened(lobby);
    }

    Member memberAt(InetSocketAddress address) {
        return byAddress.get(address);
    }

    Member memberNamed(String key) {
        return byKey.get(key);
    }

    /**
     * A present member whose name looks like {@code name} (their {@linkplain NameFold folds} meet), other
     * than {@code except}; null when there is none. A member with the very same name key is such a member
     * too: the caller asks {@link #memberNamed} first.
     */
    Member memberLookingLike(String name, Member except) {
        for (String folded : fold.of(name)) {
            Member lookalike = byFold.get(folded);
            if (lookalike != null && lookalike != except) {
                return lookalike;
            }
        }
        return null;
    }

    /** Whether {@code member} is on the server still (not removed, nor replaced under its name). */
    boolean isPresent(Member member) {
        return byKey.get(member.key()) == member;
    }

    int size() {
        return byKey.size();
    }

    int nativeMembers() {
        return nativeMembers;
    }

    int classicMembers() {
        return byKey.size() - nativeMembers;
    }

    /** How many members are at {@code address}'s {@link AddressKey}. */
    int membersFrom(AddressKey address) {
        return membersFrom.getOrDefault(address, 0);
    }

    /** How many native members are at {@code address}'s {@link AddressKey}. */
    int nativeMembersFrom(AddressKey address) {
        return nativeMembersFrom.getOrDefault(address, 0);
    }

    /** How many rooms that still exist members at {@code address} opened. */
    int roomsOpenedFrom(AddressKey address) {
        int opened = 0;
        for (ChatRoom room : rooms.values()) {
            if (address.equals(room.openedFrom())) {
                opened++;
            }
        }
        return opened;
    }

    /** Members that joined since the server started. */
    long joins() {
        return joins;
    }

    /** The members in joining order; a view, not to be changed while iterated. */
    Collection<Member> members() {
        return Collections.unmodifiableCollection(byKey.values());
    }

    ChatRoom lobby() {
        return lobby;
    }

    /** The room whose {@linkplain RoomNames#key key} is {@code key}, or null when there is none. */
    ChatRoom roomNamed(String key) {
        return rooms.get(key);
    }

    /** The rooms, the lobby first, then in the order they were made; a view. */
    Collection<ChatRoom> rooms() {
        return Collections.unmodifiableCollection(rooms.values());
    }

    /**
     * Adds a member to the server, in the room called {@code room}, made if needed; {@link Admission} has
     * let it in.
     */
    void add(Member member, String room) {
        LineBucket spent = spentLines.remove(addressOf(member));
        if (spent != null) {
            member.lines().takeOver(spent);
        }
        byKey.put(member.key(), member);
        indexFolds(member);
        byAddress.put(member.address(), member);
        countIn(member);
        if (member.isNative()) {
            nativeMembers++;
        }
        enter(member, room);
        joins++;
        watcher.listed(member);
    }

    /**
     * Removes a member from the server. It keeps its last {@linkplain Member#room room}, so that room
     * can be told; a room other than the lobby goes with its last member.
     */
    void remove(Member member) {
        if (byKey.remove(member.key(), member)) {
            watcher.unlisted(member, member.key());
            watcher.left(member);
            unindexFolds(member);
            countOut(member);
            spentLines.merge(addressOf(member), member.lines(), (kept, left) -> left.isEmptierThan(kept) ? left : kept);
            if (member.isNative()) {
                nativeMembers--;
            }
        }
        byAddress.remove(member.address(), member);
        leave(member);
    }

    /** Moves a member to the room called {@code room}, made if needed; returns the room it left. */
    ChatRoom moveTo(Member member, String room) {
        ChatRoom left = member.room();
        leave(member);
        enter(member, room);
        watcher.listed(member);
        return left;
    }

    /**
     * A member's name changes; {@link Admission} has checked that no one else has it. The member keeps its
     * place in joining order, so the table is rebuilt: a rename is rare, a lookup by name is not.
     */
    void rename(Member member, String newName, String newKey) {
        String oldKey = member.key();
        unindexFolds(member);
        member.rename(newName, newKey);
        indexFolds(member);
        Map<String, Member> renamed = new LinkedHashMap<>();
        byKey.forEach((key, present) -> renamed.put(key.equals(oldKey) ? newKey : key, present));
        byKey.clear();
        byKey.putAll(renamed);
        watcher.unlisted(member, oldKey);
        watcher.listed(member);
    }

    /**
     * A native member's path was validated at {@code newAddress}. A member no longer on the server (a
     * kicked one waiting for its last acknowledgement) moves too, outside the tables.
     */
    void move(Member member, InetSocketAddress newAddress) {
        boolean present = isPresent(member);
        if (present) {
            byAddress.remove(member.address(), member);
            countOut(member);
        }
        member.moveTo(newAddress);
        if (present) {
            byAddress.put(newAddress, member);
            countIn(member);
            watcher.listed(member);
        }
    }

    /** Removes every member at once, for the server's closing. */
    List<Member> clear() {
        List<Member> everyone = new ArrayList<>(byKey.values());
        for (Member member : everyone) {
            remove(member);
        }
        return everyone;
    }

    /** Admission lets no two members look alike, so each fold names one member. */
    private void indexFolds(Member member) {
        member.foldsAre(fold.of(member.name()));
        for (String folded : member.folds()) {
            byFold.putIfAbsent(folded, member);
        }
    }

    /** With the folds the member carries: folding its name again would cost as much as its join did. */
    private void unindexFolds(Member member) {
        for (String folded : member.folds()) {
            byFold.remove(folded, member);
        }
        member.foldsAre(Set.of());
    }

    private void countIn(Member member) {
        AddressKey address = addressOf(member);
        membersFrom.merge(address, 1, Integer::sum);
        if (member.isNative()) {
            nativeMembersFrom.merge(address, 1, Integer::sum);
        }
    }

    private void countOut(Member member) {
        AddressKey address = addressOf(member);
        countDown(membersFrom, address);
        if (member.isNative()) {
            countDown(nativeMembersFrom, address);
        }
    }

    private static void countDown(Map<AddressKey, Integer> counts, AddressKey address) {
        counts.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }

    private static AddressKey addressOf(Member member) {
        return AddressKey.of(member.address().getAddress());
    }

    private void enter(Member member, String room) {
        ChatRoom target = rooms.get(RoomNames.key(room));
        if (target == null) {
            target = new ChatRoom(
                    room, RoomNames.key(room), AddressKey.of(member.address().getAddress()), ++roomsMade, historyLines);
            rooms.put(target.key(), target);
            watcher.opened(target);
        }
        target.add(member);
        member.enter(target);
    }

    private void leave(Member member) {
        ChatRoom room = member.room();
        if (room == null) {
            return;
        }
        room.remove(member);
        if (room.isEmpty() && room != lobby && rooms.remove(room.key(), room)) {
            watcher.closed(room);
        }
    }
}
