package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The one way out: how news reaches members, whichever protocol they speak, and what becomes of a member
 * that cannot take more.
 *
 * <p>{@link #tell} and the broadcasts word an event once as a classic line for the classic members and
 * encode it once as a native event body for the native ones; per native recipient only the 20-byte header
 * (token, sequence number, acknowledgement) is written, and the event's place in that member's window is a
 * reference to the shared body. Delivery is per member: an event a member's window has no room for waits
 * in that member's own backlog, and nobody else ever waits for it. A member whose backlog passes the
 * {@link Backlog} bound, or that acknowledges nothing for the stall timeout while events are owed, has
 * fallen behind: once the event that found it so has reached everyone else, it is dropped with a notice (by
 * the handler {@link #whenFallenBehind} set), so memory stays bounded. Callers never clean up after a send.
 *
 * <p>Everything sent to a native member is sealed with its session's {@link SessionCipher} at the moment it
 * goes on the wire, resends included (so a resumed session resends under its new keys): the plain datagram
 * is written into a buffer of its own (for an event, the per-recipient header before the shared body), then
 * sealed into the one buffer that is sent. A session whose keys are used up ({@link
 * SealException.Reason#EXHAUSTED}, after years of traffic) is ended by the handler {@link #whenKeysRunOut}
 * set. Single datagrams to an address that has proven nothing ({@link #replyToStranger}) are held to a size
 * bound and a {@link ReplyBudget}, since their source may be forged. Owned by the relay thread, like the
 * buffers every datagram is encoded and sealed into.
 */
final class Delivery {

    private final Rooms rooms;
    private final Texts texts;
    private final InstantSource clock;
    /** The time of day history is stamped with: the relay's own clock gives no dates. */
    private final InstantSource wallClock;

    private final Outbox outbox;
    private final TrafficCounters counters;
    private final Backlog backlog;
    private final ReplyBudget replyBudget = new ReplyBudget();
    private final RoomNotices notices = new RoomNotices(this);

    private final ByteBuffer classicOut = ByteBuffer.allocateDirect(Limits.MAX_DATAGRAM_BYTES);
    /** A plain native datagram: in clear for the handshake, to be sealed for a session. */
    private final ByteBuffer nativeOut = ByteBuffer.allocateDirect(Limits.MAX_NATIVE_DATAGRAM_BYTES);

    /** Every sealed datagram, as it goes on the wire. */
    private final ByteBuffer sealedOut = ByteBuffer.allocateDirect(Limits.MAX_SEALED_DATAGRAM_BYTES);

    /**
     * EVENT datagrams only: a header, then {@link #bodyInEventOut}. A broadcast sends the same body to every
     * native member behind a header of its own, so the body is copied in once and only the
     * {@value NativeCodec#SESSION_HEADER_BYTES} header bytes are written per recipient (the copy was about
     * 8% of the relay's time at native saturation).
     */
    private final ByteBuffer eventOut = ByteBuffer.allocateDirect(Limits.MAX_NATIVE_DATAGRAM_BYTES);

    /** The body {@link #eventOut} holds after its header; bodies are never changed once encoded. */
    private byte[] bodyInEventOut;

    /** Native members found fallen behind and not yet dropped, in the order they were found. */
    private final ArrayDeque<Member> fallenBehind = new ArrayDeque<>();

    /** Native members whose keys ran out and whose sessions have not been ended yet. */
    private final ArrayDeque<Member> keysRunOut = new ArrayDeque<>();

    private Consumer<Member> keysRunOutHandler = member -> {
        throw new IllegalStateException("no one ends sessions whose keys ran out");
    };

    private boolean droppingFallenBehind;
    private Consumer<Member> dropper = member -> {
        throw new IllegalStateException("no one drops members that fall behind");
    };
    private Consumer<Member> owing = member -> {};
    private BiConsumer<ChatRoom, RoomEvent> overheard = (room, event) -> {};

    /** Where whole rooms' events go first, in a cluster; null on a single server, which tells them at once. */
    private RoomStream stream;

    /** The room log's ids of lines said with an id; used only in a cluster. */
    private final SaidLineIds lineIds = new SaidLineIds();

    Delivery(
            Rooms rooms,
            Texts texts,
            InstantSource clock,
            InstantSource wallClock,
            Outbox outbox,
            TrafficCounters counters,
            Backlog backlog) {
        this.rooms = rooms;
        this.texts = texts;
        this.clock = clock;
        this.wallClock = wallClock;
        this.outbox = outbox;
        this.counters = counters;
        this.backlog = backlog;
    }

    /**
     * Who ends the session of a member that fell behind (the native protocol, which tells the room);
     * set once, before the first datagram. Members it finds no longer on the server it leaves alone.
     */
    void whenFallenBehind(Consumer<Member> handler) {
        this.dropper = handler;
    }

    /**
     * Who ends the session of a member whose keys can seal no more (the native protocol); set once, before the
     * first datagram.
     */
    void whenKeysRunOut(Consumer<Member> handler) {
        this.keysRunOutHandler = handler;
    }

    /**
     * Who hears that a native member, owed nothing, is now owed an event (the timers, which must resend it
     * in time and check that it keeps up); set once, before the first datagram.
     */
    void whenOwing(Consumer<Member> handler) {
        this.owing = handler;
    }

    /**
     * Who overhears every event told to a whole room (the {@link RoomTap}: {@code /watch}, the transcript),
     * with the room (null: every room); set once, before the first datagram.
     */
    void whenBroadcast(BiConsumer<ChatRoom, RoomEvent> handler) {
        this.overheard = handler;
    }

    // --- events ------------------------------------------------------------------------------------

    /**
     * Tells everyone in {@code room} but {@code except} (may be null) that {@code event} happened; a line
     * (see {@link RoomHistory#isLine}) then goes into the room's history, once relayed, as the body the
     * native members were sent. In a cluster the event goes to the room's sequencer first, and comes back to
     * {@link #tellRoom} in the room's one order, on this node as on every other.
     */
    void broadcast(ChatRoom room, RoomEvent event, Member except) {
        if (stream == null) {
            tellRoomBut(room, event, except);
        } else {
            stream.publish(room, event, except == null ? Set.of() : Set.of(except.key()));
        }
    }

    /**
     * {@code speaker} said {@code line} (a chat line or an action) in its room, with the id its client gave it
     * ({@link org.udpchat.codec.LineId#NONE} for none): told to everyone there, the speaker too, as {@link
     * #broadcast} does. In a cluster the line goes to the room's log under an id made of the speaker's name and
     * the line's ({@link SaidLineIds}), so that the same line said again, at any node, is taken once; a single
     * server has no log to keep it in, and takes every line as it comes.
     */
    void broadcastLine(Member speaker, RoomEvent line, long lineId) {
        if (stream == null) {
            tellRoomBut(speaker.room(), line, null);
        } else {
            stream.publishLine(speaker.room(), line, lineIds.appendId(speaker.key(), lineId));
        }
    }

    /**
     * Whether a line said again with its id is taken once ({@link #broadcastLine}): in a cluster, whose room log
     * knows its lines by speaker and id. What a node tells a session right after its WELCOME (TAKES_LINE_IDS), so
     * that a client gives its lines ids only where they are read, and says again only where a line is taken once.
     */
    boolean takesLinesOnce() {
        return stream != null;
    }

    /** Tells everyone in {@code room} but those in {@code except} that {@code event} happened. */
    void broadcastToAllBut(ChatRoom room, RoomEvent event, Set<Member> except) {
        if (stream == null) {
            tellRoomButAll(room, event, except);
            return;
        }
        Set<String> keys = new HashSet<>();
        for (Member member : except) {
            keys.add(member.key());
        }
        stream.publish(room, event, keys);
    }

    /**
     * From now on events told to whole rooms go through {@code newStream} (a cluster's sequencer), which hands
     * each back to {@link #tellRoom} in its room's order; set once, before the first datagram.
     */
    void streamRoomsThrough(RoomStream newStream) {
        this.stream = newStream;
        notices.spanNodes();
    }

    /**
     * Tells this server's members of {@code room}, but the members with the keys in {@code exceptKeys}, that
     * {@code event} happened: an event of a room sequenced across the cluster, in the room's order.
     */
    void tellRoom(ChatRoom room, RoomEvent event, Set<String> exceptKeys) {
        if (exceptKeys.isEmpty()) {
            tellRoomBut(room, event, null);
        } else if (exceptKeys.size() == 1) {
            Member except = rooms.memberNamed(exceptKeys.iterator().next());
            tellRoomBut(room, event, except != null && except.room() == room ? except : null);
        } else {
            Set<Member> except = new HashSet<>();
            for (Member member : room.members()) {
                if (exceptKeys.contains(member.key())) {
                    except.add(member);
                }
            }
            tellRoomButAll(room, event, except);
        }
    }

    private void tellRoomBut(ChatRoom room, RoomEvent event, Member except) {
        overheard.accept(room, event);
        boolean kept = room.history().isKept() && RoomHistory.isLine(event);
        byte[] body = kept || room.hasNativeMembers() ? EventCodec.encode(event) : null;
        if (!room.isEmpty()) {
            tellAll(room.members(), room.hasClassicMembers(), body, event, except);
        }
        if (kept) {
            room.history().add(body, wallClock.millis());
        }
    }

    private void tellRoomButAll(ChatRoom room, RoomEvent event, Set<Member> except) {
        overheard.accept(room, event);
        List<Member> told = new ArrayList<>(room.size());
        for (Member member : room.members()) {
            if (!except.contains(member)) {
                told.add(member);
            }
        }
        if (!told.isEmpty()) {
            tellAll(
                    told,
                    room.hasClassicMembers(),
                    room.hasNativeMembers() ? EventCodec.encode(event) : null,
                    event,
                    null);
        }
    }

    /** {@code member} has just come into {@code room}: its other members are told, at a pace they can bear. */
    void arrived(ChatRoom room, Member member) {
        notices.arrived(room, member, null, clock.millis());
    }

    /**
     * {@code member} has just come into {@code room} from the room called {@code cameFrom}: its other members
     * are told (CAME), at a pace they can bear.
     */
    void arrived(ChatRoom room, Member member, String cameFrom) {
        notices.arrived(room, member, cameFrom, clock.millis());
    }

    /**
     * {@code name} has just left {@code room}, as {@code notice} (LEFT, TIMED_OUT, DROPPED or WENT) says: its
     * members are told, at a pace they can bear.
     */
    void departed(ChatRoom room, String name, RoomEvent notice) {
        notices.departed(room, name, notice, clock.millis());
    }

    /**
     * {@code member} of {@code room}, known until now by {@code oldKey}, has taken another name: whether the
     * room has not been told of its arrival yet (and so needs no word of the rename; see {@link RoomNotices}).
     */
    boolean renamedBeforeTheRoomHeardOfIt(ChatRoom room, Member member, String oldKey) {
        return notices.renamedBeforeTold(room, member, oldKey);
    }

    /** Tells rooms the arrivals and departures that waited for their notice buckets to refill. */
    void flushNotices(long now) {
        notices.flush(now);
    }

    /** When arrivals or departures waiting to be told can next be: {@link Long#MAX_VALUE} if none wait. */
    long noticesDueMillis() {
        return notices.dueMillis();
    }

    /** Tells everyone on the server, in every room, that {@code event} happened; a line goes into every room's history. */
    void broadcastEverywhere(RoomEvent event) {
        overheard.accept(null, event);
        int natives = rooms.nativeMembers();
        boolean kept = rooms.lobby().history().isKept() && RoomHistory.isLine(event);
        byte[] body = kept || natives > 0 ? EventCodec.encode(event) : null;
        tellAll(rooms.members(), rooms.size() > natives, body, event, null);
        if (kept) {
            long now = wallClock.millis();
            for (ChatRoom room : rooms.rooms()) {
                room.history().add(body, now); // one body, shared by every room's history
            }
        }
    }

    /**
     * Tells one member something meant for it alone: reliably to a native member, as a line (which
     * promises nothing) to a classic one.
     */
    void tell(Member member, RoomEvent event) {
        if (member.isNative()) {
            byte[] body = EventCodec.encode(event);
            if (deliver(member, body, clock.millis()) && event instanceof RoomEvent.PrivateFrom) {
                member.session().owesPrivate(body, body, wallClock.millis()); // kept for its return if it lapses
            }
            dropFallenBehind();
        } else {
            send(ClassicLines.render(event, texts), member.address());
        }
    }

    /**
     * Tells one native member an event already encoded, {@code body}: history, whose bodies are kept and
     * shared rather than encoded for each member told.
     */
    void tellEncoded(Member member, byte[] body) {
        deliver(member, body, clock.millis());
        dropFallenBehind();
    }

    /**
     * Tells a native member again a private message it missed ({@code message}, first relayed at
     * {@code atMillis}) as history, and keeps it owed as a private message: if the member lapses again
     * before acknowledging it, it is kept for its return once more.
     */
    void tellPrivateAgain(Member member, byte[] message, long atMillis) {
        byte[] history = EventCodec.history(0, atMillis, message);
        if (deliver(member, history, clock.millis())) {
            member.session().owesPrivate(history, message, atMillis);
        }
        dropFallenBehind();
    }

    /** The wall clock's time now, in milliseconds since 1970: when history says a line was said. */
    long wallMillis() {
        return wallClock.millis();
    }

    /** @param body the event's native body, or null when none of {@code members} is native */
    private void tellAll(Collection<Member> members, boolean anyClassic, byte[] body, RoomEvent event, Member except) {
        if (anyClassic) {
            encode(ClassicLines.render(event, texts), classicOut);
        }
        long now = clock.millis();
        for (Member member : members) {
            if (member == except) {
                continue;
            }
            if (member.isNative()) {
                deliver(member, body, now);
            } else {
                transmit(classicOut, member.address());
            }
        }
        dropFallenBehind();
    }

    /** @return whether the member took it, rather than falling behind */
    private boolean deliver(Member member, byte[] body, long now) {
        Session session = member.session();
        if (session.outstandingEvents() >= backlog.maxEvents()
                || session.outstandingBytes() + body.length > backlog.maxBytes()) {
            fallBehind(member);
            return false;
        }
        boolean firstOwed = session.outstandingEvents() == 0;
        long seq = session.take(body, now);
        if (firstOwed) {
            // Only the first event owed brings the member's timers sooner (its resend, the stall check):
            // one owed already has a resend due no later than this one's. Later events leave the timers be,
            // so a broadcast costs no timer work per recipient.
            owing.accept(member);
        }
        if (seq != 0) {
            sendEvent(member, seq, body);
        }
        return true;
    }

    /**
     * Sends what waits in {@code member}'s backlog as far as its window now has room: after an
     * acknowledgement.
     */
    void sendWaiting(Member member, long now) {
        Session session = member.session();
        byte[] body;
        while ((body = session.nextWaiting()) != null) {
            sendEvent(member, session.events().add(body, now), body);
        }
    }

    /** Resends the events of {@code member} whose acknowledgements are overdue. */
    void resendDue(Member member, long now) {
        if (member.session().events().resendDueNoSoonerThanMillis() > now) {
            return; // nothing can be due, read without a scan: no resender is made for it
        }
        // due, or the window's lower bound has gone stale (an acknowledgement took its earliest): the scan
        // resends what is due and makes the bound exact again, so the member's timer moves on
        member.session().events().resendDue(now, (body, seq) -> {
            counters.retransmitted();
            sendEvent(member, seq, body);
        });
    }

    /**
     * A member that has acknowledged nothing for the stall timeout while events were owed to it, though it
     * was heard from meanwhile, has fallen behind, as surely as one whose backlog overflowed. (One that went
     * silent is the session timeout's to end: it timed out.)
     */
    void checkKeepingUp(Member member, long now) {
        long stall = backlog.stallTimeout().toMillis();
        if (member.session().stalledFor(now) > stall && now - member.lastHeardMillis() < stall) {
            fallBehind(member);
            dropFallenBehind();
        }
    }

    /**
     * When {@link #checkKeepingUp} could next find {@code member} fallen behind, if nothing changes: at once
     * if it would now; {@link Long#MAX_VALUE} if only a datagram from it could make it so (it has been silent
     * for the stall timeout, or nothing is owed to it).
     */
    long keepingUpCheckDueMillis(Member member, long now) {
        long stall = backlog.stallTimeout().toMillis();
        long stalledAfter = member.session().progressClockMillis() + stall + 1; // the first moment it counts
        long silentFrom = member.lastHeardMillis() + stall; // from here on its silence is the session timeout's
        if (member.session().outstandingEvents() == 0 || silentFrom <= Math.max(stalledAfter, now)) {
            return Long.MAX_VALUE;
        }
        return stalledAfter;
    }

    /** (Re)sends event {@code seq}, whose body is {@code body}, with the session's current acknowledgement. */
    private void sendEvent(Member member, long seq, byte[] body) {
        Session session = member.session();
        if (body != bodyInEventOut) {
            eventOut.clear().position(NativeCodec.SESSION_HEADER_BYTES);
            eventOut.put(body);
            bodyInEventOut = body;
        }
        eventOut.clear();
        NativeCodec.writeEventHeader(session.token(), seq, session.processedAck(), eventOut);
        eventOut.limit(NativeCodec.SESSION_HEADER_BYTES + body.length).position(0);
        if (seal(member, eventOut)) {
            transmit(sealedOut, member.address());
        }
        session.acks().onAckSent();
    }

    /**
     * Seals the plain datagram in {@code plain}'s remaining bytes under {@code member}'s session into
     * {@link #sealedOut}, ready to send; false (and the member's session to end) if its keys ran out.
     */
    private boolean seal(Member member, ByteBuffer plain) {
        Session session = member.session();
        if (seal(session.cipher(), session.token(), plain)) {
            return true;
        }
        if (!keysRunOut.contains(member)) {
            keysRunOut.add(member);
        }
        return false;
    }

    /** Seals {@code plain}'s remaining bytes with {@code cipher} for {@code token} into {@link #sealedOut}. */
    private boolean seal(SessionCipher cipher, long token, ByteBuffer plain) {
        sealedOut.clear();
        try {
            cipher.seal(token, plain, sealedOut, clock.millis());
        } catch (SealException e) {
            counters.dropped(e.reason());
            Logger.warn("a session's keys can seal no more: {}", e.getMessage());
            return false;
        }
        sealedOut.flip();
        return true;
    }

    private void fallBehind(Member member) {
        if (!fallenBehind.contains(member)) {
            fallenBehind.add(member);
        }
    }

    /**
     * Drops the members that fell behind, once the event that found them so has reached everyone else.
     * Dropping one tells its room, which may find another behind: it is dropped in the same turn.
     */
    private void dropFallenBehind() {
        if (droppingFallenBehind) {
            return; // the outer turn takes it
        }
        droppingFallenBehind = true;
        try {
            Member member;
            while ((member = fallenBehind.poll()) != null) {
                dropper.accept(member);
            }
            while ((member = keysRunOut.poll()) != null) {
                keysRunOutHandler.accept(member);
            }
        } finally {
            droppingFallenBehind = false;
        }
    }

    // --- single datagrams --------------------------------------------------------------------------

    /**
     * Sends a classic packet, or a native one in clear (the handshake's), to {@code to}, an address that has
     * proven itself or is a member's.
     */
    void send(Packet packet, InetSocketAddress to) {
        requireUnsealed(packet);
        transmit(encode(packet), to);
    }

    /** Sends {@code packet} to native {@code member} at its address, sealed under its session. */
    void send(Member member, NativeServerPacket packet) {
        if (seal(member, encode(packet))) {
            transmit(sealedOut, member.address());
        }
        dropFallenBehind();
    }

    /**
     * Sends {@code packet} sealed with {@code cipher} for {@code token} to {@code to}, a proven address: the
     * answer to a login, under the keys of the handshake it came by.
     */
    void sendSealed(SessionCipher cipher, long token, NativeServerPacket packet, InetSocketAddress to) {
        if (seal(cipher, token, encode(packet))) {
            transmit(sealedOut, to);
        }
    }

    /**
     * As {@link #replyToStranger(Packet, InetSocketAddress, int, boolean)}, sealed with {@code cipher} for
     * {@code token}: a path challenge to a session's new address, an ENDED to a datagram of an ended session.
     * {@code maxBytes} bounds the sealed size.
     */
    boolean replyToStrangerSealed(
            SessionCipher cipher,
            long token,
            NativeServerPacket reply,
            InetSocketAddress to,
            int maxBytes,
            boolean global) {
        ByteBuffer plain = encode(reply);
        if (!mayReplyToStranger(plain.remaining() + SealedDatagram.OVERHEAD, to, maxBytes, global)) {
            return false;
        }
        if (!seal(cipher, token, plain)) {
            return false;
        }
        transmit(sealedOut, to);
        return true;
    }

    private static void requireUnsealed(Packet packet) {
        if (packet instanceof NativeServerPacket) {
            throw new IllegalArgumentException(
                    "a session's packet goes sealed: " + packet.getClass().getSimpleName());
        }
    }

    /**
     * A reply to an address that has proven nothing, whose source may be forged: sent only if it is at most
     * {@code maxBytes} and within the address's {@link ReplyBudget} and the server's; otherwise dropped and
     * counted.
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
        requireUnsealed(reply);
        ByteBuffer out = encode(reply);
        if (!mayReplyToStranger(out.remaining(), to, maxBytes, global)) {
            return false;
        }
        transmit(out, to);
        return true;
    }

    /** Whether a reply of {@code size} bytes may go to the stranger {@code to}; takes from its budget if so. */
    private boolean mayReplyToStranger(int size, InetSocketAddress to, int maxBytes, boolean global) {
        if (size > maxBytes) {
            counters.dropped(DropReason.REPLY_TOO_LARGE);
            if (Logger.isDebugEnabled()) {
                Logger.debug("not replying {} bytes to {}: over the bound of {}", size, HostPort.format(to), maxBytes);
            }
            return false;
        }
        if (!replyBudget.tryTake(to, clock.millis(), global)) {
            counters.dropped(DropReason.REPLY_RATE_LIMITED);
            if (Logger.isDebugEnabled()) { // a flood lands here: no string made per datagram to be thrown away
                Logger.debug("not replying to {}: over its reply rate", HostPort.format(to));
            }
            return false;
        }
        return true;
    }

    /** The packet encoded into the buffer of its protocol, ready to send. */
    private ByteBuffer encode(Packet packet) {
        boolean isClassic = packet instanceof ServerPacket;
        ByteBuffer out = isClassic ? classicOut : nativeOut;
        encode(packet, out);
        return out;
    }

    private static void encode(Packet packet, ByteBuffer out) {
        out.clear();
        if (packet instanceof ServerPacket) {
            ClassicCodec.encode(packet, out);
        } else {
            NativeCodec.encode(packet, out);
        }
        out.flip();
    }

    private void transmit(ByteBuffer datagram, InetSocketAddress to) {
        int size = datagram.remaining();
        if (outbox.send(datagram, to)) {
            counters.sent(size);
        } else {
            counters.dropped(DropReason.SEND_FAILED);
        }
    }
}
