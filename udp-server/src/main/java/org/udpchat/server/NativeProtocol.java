package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.reliability.ReorderBuffer;

/**
 * The native protocol's server side: the cookie handshake, sessions named by unguessable tokens,
 * reliable delivery both ways, liveness, path validation, and the end of sessions. Runs on the relay
 * thread; {@link #onTick} is its timer, called by the relay loop every few milliseconds while any
 * session exists.
 *
 * <p>Nothing an unvalidated address sends earns a reply larger than what it sent: a hello is answered
 * by a smaller challenge, a datagram of a session from a new address by a path challenge of the smallest
 * session datagram's size, a datagram of an ended session by a 13-byte notice, all within the reply budget.
 */
final class NativeProtocol {

    /** How long a kicked or closing session waits for its last event to be acknowledged. */
    static final long LINGER_MILLIS = 3_000;

    /**
     * How long one member may hold the room's chat up, its window too full for more, before it is
     * dropped and the room goes on. Well above what repairing a loss takes on a bad network (seconds),
     * well below the session timeout.
     */
    static final long CONGESTION_DEADLINE_MILLIS = 15_000;

    /** A client's message received in order, waiting for the room to have room for it. */
    private record Pending(Member sender, NativeClientPacket packet) {}

    private final Rooms rooms;
    private final Moderation moderation;
    private final RoomRequests requests;
    private final CookieJar cookies;
    private final SecureRandom random;
    private final long sessionTimeoutMillis;
    private final EndedSessions ended = new EndedSessions();

    /** Every live session by token: the room's native members, and kicked or closing ones lingering. */
    private final Map<Long, Member> byToken = new HashMap<>();

    private boolean closing;

    /** Chats and requests (and quits behind them) waiting for room, in arrival order, across all senders. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    NativeProtocol(Rooms rooms, Moderation moderation, SecureRandom random, long sessionTimeoutMillis) {
        this.rooms = rooms;
        this.moderation = moderation;
        this.requests = new RoomRequests(rooms, moderation);
        this.random = random;
        this.cookies = new CookieJar(random);
        this.sessionTimeoutMillis = sessionTimeoutMillis;
    }

    /** A native datagram, in the buffer's remaining bytes, arrived from {@code from}. */
    void onDatagram(InetSocketAddress from, ByteBuffer datagram) {
        int size = datagram.remaining();
        NativeClientPacket packet;
        try {
            packet = NativeCodec.decodeClientPacket(datagram);
        } catch (MalformedPacketException e) {
            rooms.count(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} native bytes from {}: {}", size, from, e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, from, Untrusted.quote(packet.toString()));
        }
        if (packet instanceof NativeClientPacket.Hello hello) {
            onHello(from, size, hello.nonce());
        } else if (packet instanceof NativeClientPacket.Login login) {
            onLogin(from, login);
        } else {
            onSessionPacket(from, packet, size);
        }
    }

    private void onHello(InetSocketAddress from, int size, long nonce) {
        if (closing) {
            return;
        }
        rooms.replyToStranger(
                new NativeServerPacket.Challenge(cookies.make(from, rooms.now()), nonce), from, size, false);
    }

    private void onLogin(InetSocketAddress from, NativeClientPacket.Login login) {
        long now = rooms.now();
        if (closing) {
            return;
        }
        if (!cookies.isValid(login.cookie(), from, now)) {
            rooms.count(DropReason.BAD_COOKIE);
            Logger.debug("dropped a login from {}: its cookie is not this server's, for this address, now", from);
            return;
        }
        // From here on the address is proven: it received the challenge. Replies are not budgeted.
        OptionalLong banned = moderation.bans().remaining(from.getAddress(), now);
        if (banned.isPresent()) {
            refuse(from, login, RefusalReason.BANNED, Deadlines.minutesLeft(banned.getAsLong()));
            return;
        }
        String name = login.name();
        Optional<Names.Problem> problem = Names.check(name);
        if (problem.isPresent()) {
            refuse(
                    from,
                    login,
                    RefusalReason.of(problem.get()),
                    problem.get() == Names.Problem.TOO_LONG ? Limits.MAX_NAME_CODE_POINTS : 0);
            return;
        }
        String key = Names.key(name);
        Member holder = rooms.memberAt(from);
        if (holder != null && !holder.isNative()) {
            // A classic claim on this address is unproven (a source address is all it takes); this login
            // has just proven the address, so it wins.
            rooms.remove(holder);
            Logger.info("{} at {} gave way to a native login", Untrusted.quote(holder.name()), HostPort.format(from));
            rooms.broadcast(holder.room(), new RoomEvent.Left(holder.name()), null);
            holder = null;
        }
        Member returning = login.previousToken() == 0 ? null : byToken.get(login.previousToken());
        if (returning != null && rooms.memberNamed(returning.key()) == returning) {
            // The token, not the name, says who this is: the client may not have heard of its own /nick.
            if (holder != null && holder != returning) {
                refuse(from, login, RefusalReason.ADDRESS_HAS_NAME, 0);
            } else {
                resume(returning, from, login, now);
            }
            return;
        }
        if (holder != null && holder.key().equals(key)) {
            // A retry whose welcome was lost: the same answer again, and nobody is told twice.
            welcome(holder, from, login);
            return;
        }
        Member previous = rooms.memberNamed(key);
        if (holder != null) {
            refuse(from, login, RefusalReason.ADDRESS_HAS_NAME, 0);
            return;
        }
        if (previous != null) {
            refuse(from, login, RefusalReason.NAME_TAKEN, 0);
            return;
        }
        String room = login.room().isEmpty() ? RoomNames.LOBBY : login.room();
        if (RoomNames.check(room).isPresent()) {
            refuse(from, login, RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS);
            return;
        }
        switch (rooms.admission(room)) {
            case WELCOME:
                break;
            case SERVER_FULL:
                refuse(from, login, RefusalReason.SERVER_FULL, rooms.limits().maxMembers());
                return;
            case ROOM_FULL:
                refuse(from, login, RefusalReason.ROOM_FULL, rooms.limits().maxRoomMembers());
                return;
            case TOO_MANY_ROOMS:
                refuse(from, login, RefusalReason.TOO_MANY_ROOMS, rooms.limits().maxRooms());
                return;
            default:
                throw new AssertionError();
        }
        NativeSession session = new NativeSession(newToken());
        Member member = Member.ofSession(name, key, from, now, session);
        rooms.add(member, room);
        byToken.put(session.token(), member);
        welcome(member, from, login);
        Logger.info(
                "{} joined {} from {} ({} on the server, native)",
                Untrusted.quote(name),
                Untrusted.quote(member.room().name()),
                HostPort.format(from),
                rooms.size());
        rooms.broadcast(member.room(), new RoomEvent.Joined(name), member);
        dropFallenBehind();
    }

    /** Every answer to a login echoes its nonce: the client takes no answer that does not. */
    private void welcome(Member member, InetSocketAddress to, NativeClientPacket.Login login) {
        rooms.send(
                new NativeServerPacket.Welcome(
                        member.session().token(),
                        login.nonce(),
                        member.name(),
                        member.room().name()),
                to);
    }

    /**
     * The same client, back after losing touch (from a new address, or the same one after a blackout),
     * proving it with its token: the session goes on with everything in flight both ways, so nothing is
     * lost while the server lives; only its address may change. The room is told nothing.
     */
    private void resume(Member member, InetSocketAddress from, NativeClientPacket.Login login, long now) {
        NativeSession session = member.session();
        if (!from.equals(member.address())) {
            rooms.move(member, from);
        }
        session.clearChallenges();
        member.heardAt(now);
        welcome(member, from, login);
        Logger.info("{} resumed from {}", Untrusted.quote(member.name()), HostPort.format(from));
    }

    private void refuse(InetSocketAddress to, NativeClientPacket.Login login, RefusalReason reason, long limit) {
        rooms.send(new NativeServerPacket.Refused(reason, limit, login.nonce()), to);
    }

    private long newToken() {
        long token;
        do {
            token = random.nextLong();
        } while (token == 0
                || byToken.containsKey(token)
                || ended.reasonFor(token).isPresent());
        return token;
    }

    private void onSessionPacket(InetSocketAddress from, NativeClientPacket packet, int size) {
        Member member = byToken.get(packet.token());
        if (member == null) {
            Optional<EndReason> reason = ended.reasonFor(packet.token());
            if (reason.isPresent()) {
                rooms.replyToStranger(new NativeServerPacket.Ended(packet.token(), reason.get()), from, size);
            } else {
                rooms.count(DropReason.UNKNOWN_TOKEN);
            }
            return;
        }
        NativeSession session = member.session();
        if (!from.equals(member.address())) {
            onNewAddress(member, from, packet, size);
            return;
        }
        long now = rooms.now();
        member.heardAt(now);
        if (packet instanceof NativeClientPacket.Chat chat) {
            session.events().onAck(chat.ack(), now);
            receive(member, chat.seq(), chat, now);
        } else if (packet instanceof NativeClientPacket.Quit quit) {
            session.events().onAck(quit.ack(), now);
            receive(member, quit.seq(), quit, now);
        } else if (packet instanceof NativeClientPacket.Request request) {
            session.events().onAck(request.ack(), now);
            receive(member, request.seq(), request, now);
        } else if (packet instanceof NativeClientPacket.Ack ack) {
            if (session.events().onAck(ack.ack(), now) == 0
                    && ack.ack() == session.events().acknowledged()) {
                session.events().onDuplicateAck(now); // it acknowledges at once only when something is missing
            }
        } else if (packet instanceof NativeClientPacket.Ping ping) {
            session.events().onAck(ping.ack(), now);
            rooms.send(new NativeServerPacket.Pong(session.token(), session.processedAck()), from);
            session.acks().onAckSent();
        } else if (packet instanceof NativeClientPacket.PathResponse) {
            Logger.debug("a path response from the address already validated: late, ignored");
        } else {
            throw new AssertionError(packet);
        }
        afterPacket(member, now);
    }

    /**
     * A session's datagram came from another address: the NAT rebound the client's port, or someone who
     * knows the token forges it. The session follows only once the new address echoes a fresh challenge.
     */
    private void onNewAddress(Member member, InetSocketAddress from, NativeClientPacket packet, int size) {
        NativeSession session = member.session();
        if (moderation.bans().remaining(from.getAddress(), rooms.now()).isPresent()) {
            rooms.count(DropReason.UNVALIDATED_ADDRESS);
            Logger.debug("not moving {} to {}: the address is banned", member.name(), from);
            return; // a session must not carry its member past a ban
        }
        if (packet instanceof NativeClientPacket.PathResponse response) {
            if (session.answersChallenge(from, response.nonce(), rooms.now())) {
                Logger.info(
                        "{} moved from {} to {}",
                        Untrusted.quote(member.name()),
                        HostPort.format(member.address()),
                        HostPort.format(from));
                session.clearChallenges();
                if (rooms.memberNamed(member.key()) == member) {
                    rooms.move(member, from);
                } else {
                    member.moveTo(from); // lingering after a kick or the closing: not in the room's tables
                }
                member.heardAt(rooms.now());
            } else {
                rooms.count(DropReason.UNVALIDATED_ADDRESS); // a stale or wrong answer: no new challenge for it
            }
            return;
        }
        rooms.count(DropReason.UNVALIDATED_ADDRESS);
        Member holder = rooms.memberAt(from);
        if (holder != null && holder != member) {
            // Another member's address: a NAT that reused a port, or a forgery. Never move onto it.
            Logger.debug("not challenging {} for {}: another member is there", from, member.name());
            return;
        }
        long nonce = random.nextLong();
        if (rooms.replyToStranger(new NativeServerPacket.PathChallenge(session.token(), nonce), from, size, false)) {
            session.challenge(from, nonce, rooms.now());
        }
    }

    private void receive(Member member, long seq, NativeClientPacket packet, long now) {
        NativeSession session = member.session();
        if (seq > session.inbound().cumulativeAck() && session.pending() >= NativeSession.MAX_PENDING) {
            // Its whole window is waiting already: this one came beyond it. It will be sent again.
            rooms.count(DropReason.FLOW_CONTROLLED);
            return;
        }
        ReorderBuffer.Arrival arrival =
                session.inbound().accept(seq, packet, delivered -> onReliable(member, delivered, now));
        if (arrival != ReorderBuffer.Arrival.DELIVERED) {
            session.acks().onIrregular(); // the client is probably resending: tell it what arrived, now
            if (arrival == ReorderBuffer.Arrival.DUPLICATE) {
                rooms.count(DropReason.DUPLICATE);
            }
        }
    }

    /** A client's reliable message, in order and once: relayed now, or queued behind others until there is room. */
    private void onReliable(Member member, NativeClientPacket packet, long now) {
        NativeSession session = member.session();
        if (session.state() != NativeSession.State.ACTIVE) {
            session.acks().onDelivered(now);
            return; // kicked or closing: nothing it says reaches the room any more
        }
        if (!pending.isEmpty() || !rooms.hasRoomForChat()) {
            // Not acknowledged until relayed, and not even scheduled for acknowledgement: an ack now
            // would repeat the last one and look to the client like news of a loss.
            pending.add(new Pending(member, packet));
            session.onQueued();
            return;
        }
        session.acks().onDelivered(now);
        relay(member, packet);
    }

    /** Relays what waited, oldest first, as long as every member has room. */
    private void relayPending() {
        while (!pending.isEmpty() && rooms.hasRoomForChat()) {
            Pending next = pending.poll();
            NativeSession session = next.sender().session();
            session.onDequeued();
            if (byToken.get(session.token()) == next.sender() && session.state() == NativeSession.State.ACTIVE) {
                session.acks().onDelivered(rooms.now());
                relay(next.sender(), next.packet());
            }
        }
    }

    private void relay(Member member, NativeClientPacket packet) {
        NativeSession session = member.session();
        if (packet instanceof NativeClientPacket.Chat chat) {
            Optional<ChatText.Problem> problem = ChatText.check(member.name(), chat.text());
            if (problem.isPresent()) {
                rooms.tell(session, member, new RoomEvent.NotRelayed(problem.get()));
            } else if (!requests.isMuted(member)) {
                rooms.broadcast(member.room(), new RoomEvent.Said(member.name(), chat.text()), null);
            }
        } else if (packet instanceof NativeClientPacket.Request request) {
            requests.handle(member, request.request());
        } else if (packet instanceof NativeClientPacket.Quit) {
            rooms.remove(member);
            byToken.remove(session.token());
            ended.remember(session.token(), EndReason.QUIT);
            sendAck(member);
            Logger.info("{} left ({} on the server)", Untrusted.quote(member.name()), rooms.size());
            rooms.broadcast(member.room(), new RoomEvent.Left(member.name()), null);
        } else {
            throw new AssertionError(packet);
        }
    }

    private void afterPacket(Member member, long now) {
        relayPending(); // the acknowledgements it carried may have made room
        NativeSession session = member.session();
        if (byToken.get(session.token()) == member && session.acks().isDue(now)) {
            sendAck(member);
        }
        if (session.state() != NativeSession.State.ACTIVE && session.events().isEmpty()) {
            finish(member);
        }
        dropFallenBehind();
    }

    private void sendAck(Member member) {
        NativeSession session = member.session();
        rooms.send(new NativeServerPacket.Ack(session.token(), session.processedAck()), member.address());
        session.acks().onAckSent();
    }

    /** The timers: resends, delayed acks, expiry of the silent, drops of the unacknowledging, lingering ends. */
    void onTick(long now) {
        if (byToken.isEmpty()) {
            return;
        }
        for (Member member : new ArrayList<>(byToken.values())) {
            NativeSession session = member.session();
            session.events().resendDue(now, (body, seq) -> rooms.resendEvent(session, member.address(), seq, body));
            if (session.acks().isDue(now)) {
                sendAck(member);
            }
            if (session.state() != NativeSession.State.ACTIVE) {
                if (session.events().isEmpty() || now >= session.endDeadlineMillis()) {
                    finish(member);
                }
            } else if (now - member.lastHeardMillis() > sessionTimeoutMillis) {
                end(member, EndReason.EXPIRED, new RoomEvent.TimedOut(member.name()));
            } else if (now - session.events().oldestUnackedSinceMillis() > sessionTimeoutMillis
                    || session.congestedFor(now) > CONGESTION_DEADLINE_MILLIS) {
                end(member, EndReason.DROPPED, new RoomEvent.Dropped(member.name()));
            }
        }
        dropFallenBehind();
        relayPending();
    }

    /**
     * Members whose event window overflowed have stopped keeping up: they go, so memory stays bounded.
     * The relay calls this after anything that told the room something, whichever protocol it came in.
     */
    void dropFallenBehind() {
        List<Member> fallen = rooms.takeFallenBehind();
        while (!fallen.isEmpty()) {
            for (Member member : fallen) {
                if (byToken.get(member.session().token()) == member && rooms.memberNamed(member.key()) == member) {
                    end(member, EndReason.DROPPED, new RoomEvent.Dropped(member.name()));
                }
            }
            fallen = rooms.takeFallenBehind(); // telling the room may have overflowed someone else
        }
    }

    private void end(Member member, EndReason reason, RoomEvent notice) {
        rooms.remove(member);
        byToken.remove(member.session().token());
        ended.remember(member.session().token(), reason);
        Logger.info(
                "{} {} ({} on the server)",
                Untrusted.quote(member.name()),
                reason == EndReason.EXPIRED ? "timed out" : "stopped acknowledging and was dropped",
                rooms.size());
        rooms.broadcast(member.room(), notice, null);
    }

    /** A lingering session's last event was acknowledged, or its time ran out. */
    private void finish(Member member) {
        NativeSession session = member.session();
        byToken.remove(session.token());
        ended.remember(
                session.token(), session.state() == NativeSession.State.KICKED ? EndReason.KICKED : EndReason.CLOSED);
    }

    /** Removes a native member: it is told reliably, its token is revoked, the room hears. */
    KickOutcome kick(Member member, String reason) {
        NativeSession session = member.session();
        rooms.remove(member);
        session.endAfterLastEvent(NativeSession.State.KICKED, rooms.now() + LINGER_MILLIS);
        rooms.tell(session, member, new RoomEvent.YouWereKicked(reason));
        rooms.broadcast(member.room(), new RoomEvent.Kicked(member.name(), reason), null);
        dropFallenBehind();
        return KickOutcome.KICKED;
    }

    /** The room is closing: every native member is told, reliably; new logins are ignored from now on. */
    void close(List<Member> natives) {
        closing = true;
        long deadline = rooms.now() + LINGER_MILLIS;
        for (Member member : natives) {
            NativeSession session = member.session();
            session.endAfterLastEvent(NativeSession.State.CLOSING, deadline);
            rooms.tell(session, member, new RoomEvent.Closing());
        }
        rooms.takeFallenBehind(); // nobody left to drop: everyone is leaving
    }

    /** Every session's reliability state, one line each, and the queue: for diagnosing a stall. */
    List<String> describe() {
        long now = rooms.now();
        List<String> lines = new ArrayList<>();
        lines.add("waiting to be relayed: " + pending.size() + "; room for chat: " + rooms.hasRoomForChat());
        for (Member member : byToken.values()) {
            NativeSession session = member.session();
            lines.add(String.format(
                    "%s %s at %s: events %d..%d unacknowledged (next due in %d ms), received up to %d with %d"
                            + " waiting and %d queued (acknowledged %d), heard %d ms ago",
                    member.name(),
                    session.state(),
                    HostPort.format(member.address()),
                    session.events().acknowledged() + 1,
                    session.events().nextSeq() - 1,
                    session.events().isEmpty() ? -1 : session.events().nextDeadlineMillis() - now,
                    session.inbound().cumulativeAck(),
                    session.inbound().waitingCount(),
                    session.pending(),
                    session.processedAck(),
                    now - member.lastHeardMillis()));
        }
        return lines;
    }

    /** Whether every session has ended: what the closing waits for. */
    boolean isSettled() {
        return byToken.isEmpty();
    }

    /** Whether the timers have work: any session at all. */
    boolean hasSessions() {
        return !byToken.isEmpty();
    }
}
