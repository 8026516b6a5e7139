package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.ServerPacket;

/**
 * The rooms and their members, and the one way out to them. Who is on the server (by name and by
 * address, classic and native alike), in which room, and how an event reaches a room: worded once as a
 * classic line for the classic members and encoded once as a native event body for the native ones,
 * whose per-recipient header (token, sequence number, acknowledgement) is the only part written per
 * recipient. Owned by the relay thread.
 */
final class Rooms {

    private final Texts texts;
    private final RoomLimits limits;
    private final InstantSource clock;
    private final Outbox outbox;
    private final ReplyBudget replyBudget = new ReplyBudget();

    /** By name key, in joining order (the order {@code /list} shows). */
    private final Map<String, Member> byKey = new LinkedHashMap<>();

    /** By room key, the lobby first; a room other than the lobby goes when its last member does. */
    private final Map<String, ChatRoom> rooms = new LinkedHashMap<>();

    private final ChatRoom lobby = new ChatRoom(RoomNames.LOBBY, RoomNames.key(RoomNames.LOBBY));

    private final Map<InetSocketAddress, Member> byAddress = new HashMap<>();

    /** How many of the members are native: whether an event needs a classic line, a native body, or both. */
    private int nativeMembers;

    private final ByteBuffer classicOut = ByteBuffer.allocateDirect(Limits.MAX_DATAGRAM_BYTES);
    private final ByteBuffer nativeOut = ByteBuffer.allocateDirect(Limits.MAX_NATIVE_DATAGRAM_BYTES);

    /** Native members whose event window overflowed during the current operation. */
    private final List<Member> fallenBehind = new ArrayList<>();

    private long datagramsIn;
    private long datagramsOut;
    private long bytesIn;
    private long bytesOut;
    private long retransmissions;
    private long joins;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    Rooms(Texts texts, RoomLimits limits, InstantSource clock, Outbox outbox) {
        this.texts = texts;
        this.limits = limits;
        this.clock = clock;
        this.outbox = outbox;
        rooms.put(lobby.key(), lobby);
    }

    Texts texts() {
        return texts;
    }

    long now() {
        return clock.millis();
    }

    RoomLimits limits() {
        return limits;
    }

    // --- membership --------------------------------------------------------------------------------

    Member memberAt(InetSocketAddress address) {
        return byAddress.get(address);
    }

    Member memberNamed(String key) {
        return byKey.get(key);
    }

    int size() {
        return byKey.size();
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

    /** Whether one more member may join the server in the room called {@code room} (made if it does not exist). */
    Admission admission(String room) {
        if (byKey.size() >= limits.maxMembers()) {
            return Admission.SERVER_FULL;
        }
        return admission(room, null);
    }

    /**
     * Whether {@code mover}, a member already, may move to the room called {@code room} (made if it does
     * not exist), and if not, which limit stands in the way.
     */
    Admission admission(String room, Member mover) {
        ChatRoom existing = rooms.get(RoomNames.key(room));
        if (existing == null) {
            boolean vacates =
                    mover != null && mover.room() != lobby && mover.room().size() == 1;
            int roomsAfter = rooms.size() + 1 - (vacates ? 1 : 0); // its old room goes as the new one comes
            return roomsAfter > limits.maxRooms() ? Admission.TOO_MANY_ROOMS : Admission.WELCOME;
        }
        return existing.size() >= limits.maxRoomMembers() ? Admission.ROOM_FULL : Admission.WELCOME;
    }

    /** Why a member may not enter a room, or {@link #WELCOME}. */
    enum Admission {
        WELCOME,
        SERVER_FULL,
        ROOM_FULL,
        TOO_MANY_ROOMS
    }

    /**
     * Adds a member to the server, in the room called {@code room}, made if needed; the caller has
     * checked its {@link #admission}.
     */
    void add(Member member, String room) {
        byKey.put(member.key(), member);
        byAddress.put(member.address(), member);
        if (member.isNative()) {
            nativeMembers++;
        }
        enter(member, room);
        joins++;
    }

    /**
     * Removes a member from the server. It keeps its last {@linkplain Member#room room}, so that room
     * can be told; a room other than the lobby goes with its last member.
     */
    void remove(Member member) {
        if (byKey.remove(member.key(), member) && member.isNative()) {
            nativeMembers--;
        }
        byAddress.remove(member.address(), member);
        leave(member);
    }

    /** Moves a member to the room called {@code room}, made if needed; returns the room it left. */
    ChatRoom moveTo(Member member, String room) {
        ChatRoom left = member.room();
        leave(member);
        enter(member, room);
        return left;
    }

    /**
     * A member's name changes; the caller has checked that no one else has it. The member keeps its place
     * in joining order, so the table is rebuilt: a rename is rare, a lookup by name is not.
     */
    void rename(Member member, String newName, String newKey) {
        String oldKey = member.key();
        member.rename(newName, newKey);
        Map<String, Member> renamed = new LinkedHashMap<>();
        byKey.forEach((key, present) -> renamed.put(key.equals(oldKey) ? newKey : key, present));
        byKey.clear();
        byKey.putAll(renamed);
    }

    private void enter(Member member, String room) {
        ChatRoom target = rooms.computeIfAbsent(RoomNames.key(room), key -> new ChatRoom(room, key));
        target.add(member);
        member.enter(target);
    }

    private void leave(Member member) {
        ChatRoom room = member.room();
        if (room == null) {
            return;
        }
        room.remove(member);
        if (room.isEmpty() && room != lobby) {
            rooms.remove(room.key(), room);
        }
    }

    /** A native member's path was validated at {@code newAddress}. */
    void move(Member member, InetSocketAddress newAddress) {
        byAddress.remove(member.address());
        member.moveTo(newAddress);
        byAddress.put(newAddress, member);
    }

    /** Removes every member at once, for the server's closing. */
    List<Member> clear() {
        List<Member> everyone = new ArrayList<>(byKey.values());
        for (Member member : everyone) {
            remove(member);
        }
        return everyone;
    }

    // --- events ------------------------------------------------------------------------------------

    /** Tells everyone in {@code room} but {@code except} (may be null) that {@code event} happened. */
    void broadcast(ChatRoom room, RoomEvent event, Member except) {
        if (room.isEmpty()) {
            return;
        }
        tellAll(room.members(), room.hasClassicMembers(), room.hasNativeMembers(), event, except);
    }

    /** Tells everyone on the server, in every room, that {@code event} happened. */
    void broadcastEverywhere(RoomEvent event) {
        tellAll(byKey.values(), byKey.size() > nativeMembers, nativeMembers > 0, event, null);
    }

    private void tellAll(
            Collection<Member> members, boolean anyClassic, boolean anyNative, RoomEvent event, Member except) {
        if (anyClassic) {
            encode(ClassicLines.render(event, texts), classicOut, false);
        }
        byte[] body = anyNative ? body(event) : null;
        long now = now();
        for (Member member : members) {
            if (member == except) {
                continue;
            }
            if (member.isNative()) {
                deliver(member.session(), member, body, now);
            } else {
                transmit(classicOut, member.address());
            }
        }
    }

    /** Whether every native member has room for a chat and the notices that may follow it. */
    boolean hasRoomForChat() {
        if (nativeMembers == 0) {
            return true; // a room of classic members only: nothing to wait for
        }
        for (Member member : byKey.values()) {
            if (member.isNative() && !member.session().hasRoomForChat()) {
                return false;
            }
        }
        return true;
    }

    /** Tells one native member something meant for it alone, reliably. */
    void tell(NativeSession session, Member member, RoomEvent event) {
        deliver(session, member, body(event), now());
    }

    private void deliver(NativeSession session, Member member, byte[] body, long now) {
        if (session.events().isFull()) {
            if (!fallenBehind.contains(member)) {
                fallenBehind.add(member);
            }
            return;
        }
        long seq = session.events().add(body, now);
        sendEvent(session, member.address(), seq, body);
    }

    /** Sends a classic member a line meant for it alone; classic text promises no delivery. */
    void tellClassic(Member member, RoomEvent event) {
        send(ClassicLines.render(event, texts), member.address());
    }

    /** Resends event {@code seq}, whose acknowledgement is overdue. */
    void resendEvent(NativeSession session, InetSocketAddress to, long seq, byte[] body) {
        retransmissions++;
        sendEvent(session, to, seq, body);
    }

    /** (Re)sends event {@code seq}, whose body is {@code body}, with the session's current acknowledgement. */
    void sendEvent(NativeSession session, InetSocketAddress to, long seq, byte[] body) {
        nativeOut.clear();
        NativeCodec.writeEventHeader(session.token(), seq, session.processedAck(), nativeOut);
        nativeOut.put(body);
        nativeOut.flip();
        transmit(nativeOut, to);
        session.acks().onAckSent();
    }

    /** The native members whose windows overflowed since the last call; the caller drops them. */
    List<Member> takeFallenBehind() {
        if (fallenBehind.isEmpty()) {
            return List.of();
        }
        List<Member> taken = new ArrayList<>(fallenBehind);
        fallenBehind.clear();
        return taken;
    }

    private static byte[] body(RoomEvent event) {
        return EventCodec.encode(event);
    }

    // --- single datagrams --------------------------------------------------------------------------

    /** Sends a classic or native packet to {@code to}. */
    void send(Packet packet, InetSocketAddress to) {
        boolean isNative = isNative(packet);
        ByteBuffer out = isNative ? nativeOut : classicOut;
        encode(packet, out, isNative);
        transmit(out, to);
    }

    /**
     * A reply to an address that is not a member, whose source may be forged: sent only if it is at most
     * {@code maxBytes} and within the address's {@link ReplyBudget}; otherwise dropped and counted.
     *
     * @return whether it was sent
     */
    boolean replyToStranger(Packet reply, InetSocketAddress to, int maxBytes) {
        return replyToStranger(reply, to, maxBytes, true);
    }

    /**
     * As {@link #replyToStranger(Packet, InetSocketAddress, int)}; {@code global} false spends only the
     * address's own budget, for replies that can never be larger than their request.
     */
    boolean replyToStranger(Packet reply, InetSocketAddress to, int maxBytes, boolean global) {
        boolean isNative = isNative(reply);
        ByteBuffer out = isNative ? nativeOut : classicOut;
        encode(reply, out, isNative);
        if (out.remaining() > maxBytes) {
            count(DropReason.REPLY_TOO_LARGE);
            if (Logger.isDebugEnabled()) {
                Logger.debug("not replying {} bytes to {}: over the bound of {}", out.remaining(), to, maxBytes);
            }
            return false;
        }
        if (!replyBudget.tryTake(to, now(), global)) {
            count(DropReason.REPLY_RATE_LIMITED);
            Logger.debug("not replying to {}: over its reply rate", to);
            return false;
        }
        transmit(out, to);
        return true;
    }

    private static boolean isNative(Packet packet) {
        return !(packet instanceof ServerPacket);
    }

    private static void encode(Packet packet, ByteBuffer out, boolean isNative) {
        out.clear();
        if (isNative) {
            NativeCodec.encode(packet, out);
        } else {
            ClassicCodec.encode(packet, out);
        }
        out.flip();
    }

    private void transmit(ByteBuffer datagram, InetSocketAddress to) {
        int size = datagram.remaining();
        if (outbox.send(datagram, to)) {
            datagramsOut++;
            bytesOut += size;
        } else {
            count(DropReason.SEND_FAILED);
        }
    }

    // --- counters ----------------------------------------------------------------------------------

    void countIn(int bytes) {
        datagramsIn++;
        bytesIn += bytes;
    }

    void count(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    RelayStats stats() {
        return new RelayStats(
                byKey.size(),
                nativeMembers,
                joins,
                rooms.size(),
                datagramsIn,
                datagramsOut,
                bytesIn,
                bytesOut,
                retransmissions,
                drops);
    }
}
