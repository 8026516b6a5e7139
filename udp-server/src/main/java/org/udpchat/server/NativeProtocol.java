package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.reliability.ReorderBuffer;

/**
 * The native protocol's server side once a session exists: its messages taken in order and once, relayed
 * while the room has room for them, acknowledged once relayed; liveness; and the end of sessions (quit,
 * expiry, falling behind, a kick, the closing). Hellos and logins go to the {@link NativeHandshake}, a
 * session's datagram from a new address to {@link PathValidation}. Runs on the relay thread;
 * {@link #onTick} is its timer, called by the relay loop every few milliseconds while any session exists.
 *
 * <p>Nothing an unproven address sends earns a reply larger than what it sent: a hello is answered by a
 * smaller challenge, a datagram of a session from a new address by a path challenge of the smallest
 * session datagram's size, a datagram of an ended session by a 13-byte notice, all within the reply budget.
 */
final class NativeProtocol implements Protocol {

    /** How long a kicked or closing session waits for its last event to be acknowledged. */
    static final long LINGER_MILLIS = 3_000;

    /** A client's message received in order, waiting for the room to have room for it. */
    private record Pending(Member sender, NativeClientPacket packet) {}

    private final Rooms rooms;
    private final Sessions sessions;
    private final Delivery delivery;
    private final NativeHandshake handshake;
    private final PathValidation paths;
    private final RoomRequests requests;
    private final TrafficCounters counters;
    private final long sessionTimeoutMillis;

    private boolean closing;

    /** Chats and requests (and quits behind them) waiting for room, in arrival order, across all senders. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    NativeProtocol(
            Rooms rooms,
            Sessions sessions,
            Delivery delivery,
            NativeHandshake handshake,
            PathValidation paths,
            RoomRequests requests,
            TrafficCounters counters,
            long sessionTimeoutMillis) {
        this.rooms = rooms;
        this.sessions = sessions;
        this.delivery = delivery;
        this.handshake = handshake;
        this.paths = paths;
        this.requests = requests;
        this.counters = counters;
        this.sessionTimeoutMillis = sessionTimeoutMillis;
    }

    /** A native datagram, in the buffer's remaining bytes, arrived from {@code from}. */
    @Override
    public void onDatagram(InetSocketAddress from, ByteBuffer datagram, long now) {
        int size = datagram.remaining();
        NativeClientPacket packet;
        try {
            packet = NativeCodec.decodeClientPacket(datagram);
        } catch (MalformedPacketException e) {
            counters.dropped(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} native bytes from {}: {}", size, from, e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, from, Untrusted.quote(packet.toString()));
        }
        if (packet instanceof NativeClientPacket.Hello hello) {
            if (!closing) {
                handshake.onHello(from, hello, size, now);
            }
        } else if (packet instanceof NativeClientPacket.Login login) {
            if (!closing) {
                handshake.onLogin(from, login, now);
            }
        } else {
            onSessionPacket(from, packet, size, now);
        }
    }

    private void onSessionPacket(InetSocketAddress from, NativeClientPacket packet, int size, long now) {
        Member member = sessions.live(packet.token());
        if (member == null) {
            Optional<EndReason> reason = sessions.endedBecause(packet.token());
            if (reason.isPresent()) {
                delivery.replyToStranger(new NativeServerPacket.Ended(packet.token(), reason.get()), from, size);
            } else {
                counters.dropped(DropReason.UNKNOWN_TOKEN);
            }
            return;
        }
        if (!from.equals(member.address())) {
            paths.onDatagramFromNewAddress(member, from, packet, size, now);
            return;
        }
        Session session = member.session();
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
            delivery.send(new NativeServerPacket.Pong(session.token(), session.processedAck()), from);
            session.acks().onAckSent();
        } else if (packet instanceof NativeClientPacket.PathResponse) {
            Logger.debug("a path response from the address already validated: late, ignored");
        } else {
            throw new AssertionError(packet);
        }
        afterPacket(member, now);
    }

    private void receive(Member member, long seq, NativeClientPacket packet, long now) {
        Session session = member.session();
        if (seq > session.inbound().cumulativeAck() && session.pending() >= Session.MAX_PENDING) {
            // Its whole window is waiting already: this one came beyond it. It will be sent again.
            counters.dropped(DropReason.FLOW_CONTROLLED);
            return;
        }
        ReorderBuffer.Arrival arrival =
                session.inbound().accept(seq, packet, delivered -> onReliable(member, delivered, now));
        if (arrival != ReorderBuffer.Arrival.DELIVERED) {
            session.acks().onIrregular(); // the client is probably resending: tell it what arrived, now
            if (arrival == ReorderBuffer.Arrival.DUPLICATE) {
                counters.dropped(DropReason.DUPLICATE);
            }
        }
    }

    /** A client's reliable message, in order and once: relayed now, or queued behind others until there is room. */
    private void onReliable(Member member, NativeClientPacket packet, long now) {
        Session session = member.session();
        if (session.state() != Session.State.ACTIVE || !sessions.isLive(member)) {
            session.acks().onDelivered(now);
            return; // kicked, closing, or dropped by what it said just before: nothing reaches the room any more
        }
        if (!pending.isEmpty() || !delivery.hasRoomForChat()) {
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
    private void relayPending(long now) {
        while (!pending.isEmpty() && delivery.hasRoomForChat()) {
            Pending next = pending.poll();
            Session session = next.sender().session();
            session.onDequeued();
            if (sessions.isLive(next.sender()) && session.state() == Session.State.ACTIVE) {
                session.acks().onDelivered(now);
                relay(next.sender(), next.packet());
            }
        }
    }

    private void relay(Member member, NativeClientPacket packet) {
        if (packet instanceof NativeClientPacket.Chat chat) {
            Optional<ChatText.Problem> problem = ChatText.check(member.name(), chat.text());
            if (problem.isPresent()) {
                delivery.tell(member, new RoomEvent.NotRelayed(problem.get()));
            } else if (!requests.refuseIfMuted(member)) {
                delivery.broadcast(member.room(), new RoomEvent.Said(member.name(), chat.text()), null);
            }
        } else if (packet instanceof NativeClientPacket.Request request) {
            requests.handle(member, request.request());
        } else if (packet instanceof NativeClientPacket.Quit) {
            rooms.remove(member);
            sessions.end(member, EndReason.QUIT);
            sendAck(member);
            Logger.info("{} left ({} on the server)", Untrusted.quote(member.name()), rooms.size());
            delivery.broadcast(member.room(), new RoomEvent.Left(member.name()), null);
        } else {
            throw new AssertionError(packet);
        }
    }

    private void afterPacket(Member member, long now) {
        relayPending(now); // the acknowledgements it carried may have made room
        Session session = member.session();
        if (sessions.isLive(member) && session.acks().isDue(now)) {
            sendAck(member);
        }
        if (session.state() != Session.State.ACTIVE && session.events().isEmpty()) {
            finish(member);
        }
    }

    private void sendAck(Member member) {
        Session session = member.session();
        delivery.send(new NativeServerPacket.Ack(session.token(), session.processedAck()), member.address());
        session.acks().onAckSent();
    }

    /** The timers: resends, delayed acks, expiry of the silent, drops of the unacknowledging, lingering ends. */
    @Override
    public void onTick(long now) {
        if (sessions.isEmpty()) {
            return;
        }
        for (Member member : sessions.snapshot()) {
            if (!sessions.isLive(member)) {
                continue; // ended by what an earlier one's end told the room
            }
            Session session = member.session();
            delivery.resendDue(member, now);
            if (session.acks().isDue(now)) {
                sendAck(member);
            }
            if (session.state() != Session.State.ACTIVE) {
                if (session.events().isEmpty() || now >= session.endDeadlineMillis()) {
                    finish(member);
                }
            } else if (now - member.lastHeardMillis() > sessionTimeoutMillis) {
                end(member, EndReason.EXPIRED, new RoomEvent.TimedOut(member.name()));
            } else {
                delivery.checkKeepingUp(member, now);
            }
        }
        relayPending(now);
    }

    /**
     * {@link Delivery} found this member fallen behind: it goes, so memory stays bounded and the room keeps
     * moving. One that has left the room already (kicked, or the room is closing) goes its own way.
     */
    void dropFallenBehind(Member member) {
        if (sessions.isLive(member) && rooms.isPresent(member)) {
            end(member, EndReason.DROPPED, new RoomEvent.Dropped(member.name()));
        }
    }

    private void end(Member member, EndReason reason, RoomEvent notice) {
        rooms.remove(member);
        sessions.end(member, reason);
        Logger.info(
                "{} {} ({} on the server)",
                Untrusted.quote(member.name()),
                reason == EndReason.EXPIRED ? "timed out" : "stopped acknowledging and was dropped",
                rooms.size());
        delivery.broadcast(member.room(), notice, null);
    }

    /** A lingering session's last event was acknowledged, or its time ran out. */
    private void finish(Member member) {
        Session session = member.session();
        sessions.end(member, session.state() == Session.State.KICKED ? EndReason.KICKED : EndReason.CLOSED);
    }

    /** Removes a native member: it is told reliably, its token is revoked, the room hears. */
    @Override
    public void kick(Member member, String reason, long now) {
        rooms.remove(member);
        member.session().endAfterLastEvent(Session.State.KICKED, now + LINGER_MILLIS);
        delivery.tell(member, new RoomEvent.YouWereKicked(reason));
        delivery.broadcast(member.room(), new RoomEvent.Kicked(member.name(), reason), null);
    }

    /** The room is closing: the member is told, reliably, and waits (bounded) for the acknowledgement. */
    @Override
    public void sayGoodbye(Member member, long now) {
        member.session().endAfterLastEvent(Session.State.CLOSING, now + LINGER_MILLIS);
        delivery.tell(member, new RoomEvent.Closing());
    }

    /** The room is closing: hellos and logins are ignored from now on. */
    void close() {
        closing = true;
    }

    /** Every session's reliability state, one line each, and the queue: for diagnosing a stall. */
    List<String> describe(long now) {
        List<String> lines = new ArrayList<>();
        lines.add("waiting to be relayed: " + pending.size() + "; room for chat: " + delivery.hasRoomForChat());
        for (Member member : sessions.snapshot()) {
            Session session = member.session();
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
        return sessions.isEmpty();
    }

    /** Whether the timers have work: any session at all. */
    boolean hasSessions() {
        return !sessions.isEmpty();
    }
}
