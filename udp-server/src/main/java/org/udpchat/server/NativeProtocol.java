package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The native protocol's server side once a session exists: its messages taken in order and once, relayed
 * while the room has room for them, acknowledged once relayed; liveness; and the end of sessions (quit,
 * expiry, falling behind, a kick, the closing). Hellos and logins go to the {@link NativeHandshake}, a
 * session's datagram from a new address to {@link PathValidation}. Runs on the relay thread;
 * {@link #onTick} is its timer, called by the relay loop when {@link #nextTimerMillis} says, and visiting
 * only the sessions due (see {@link SessionTimers}).
 *
 * <p>Every datagram of a session is sealed ({@link SealedDatagram}); its token only routes it to the keys
 * that try to open it, and what does not open (altered, forged, replayed) is counted by why and dropped
 * before it touches anything. Nothing an unproven address sends earns a reply larger than what it sent: a
 * hello is answered by a smaller challenge, an init by a smaller reply (after its cookie), a datagram of a
 * session from a new address by a sealed path challenge of the smallest sealed datagram's size, a datagram
 * of an ended session by a sealed ENDED, one whose token the server has no keys for by a 12-byte UNKNOWN in
 * clear, all within the reply budget.
 */
final class NativeProtocol implements Protocol {

    /** How long a kicked or closing session waits for its last event to be acknowledged. */
    static final long LINGER_MILLIS = 3_000;

    private final Rooms rooms;
    private final TextRules textRules;
    private final Sessions sessions;
    private final Delivery delivery;
    private final NativeHandshake handshake;
    private final PathValidation paths;
    private final RoomRequests requests;
    private final TrafficCounters counters;
    private final FloodControl flood;
    private final RejoinPauses rejoinPauses;
    private final CatchUp catchUp;

    /**
     * Whether the member with this name key is listed on another node of the cluster now: one of ours that is
     * would have resumed its session there (names are the cluster's), so its room has it still. Never on a single
     * server.
     */
    private java.util.function.Predicate<String> listedElsewhere = key -> false;

    private boolean closing;

    NativeProtocol(
            Rooms rooms,
            TextRules textRules,
            Sessions sessions,
            Delivery delivery,
            NativeHandshake handshake,
            PathValidation paths,
            RoomRequests requests,
            TrafficCounters counters,
            FloodControl flood,
            RejoinPauses rejoinPauses,
            CatchUp catchUp) {
        this.rooms = rooms;
        this.textRules = textRules;
        this.sessions = sessions;
        this.delivery = delivery;
        this.handshake = handshake;
        this.paths = paths;
        this.requests = requests;
        this.counters = counters;
        this.flood = flood;
        this.rejoinPauses = rejoinPauses;
        this.catchUp = catchUp;
    }

    /**
     * A native datagram, in the buffer's remaining bytes, arrived from {@code from}: a sealed one goes to its
     * session (or the handshake, or the ended session, its token names), one in clear to the handshake.
     */
    @Override
    public void onDatagram(InetSocketAddress from, ByteBuffer datagram, long now) {
        int size = datagram.remaining();
        if (SealedDatagram.isFromClient(datagram)) {
            onSealed(from, datagram, size, now);
            return;
        }
        if (NativeCodec.isInit(datagram) && handshake.refusesSpentAddress(from, now)) {
            return; // before decoding: a flood of inits from one address costs a lookup each
        }
        Optional<NativeCodec.OutdatedHello> outdated = NativeCodec.readOutdatedHello(datagram);
        if (outdated.isPresent()) {
            if (!closing) {
                handshake.onOutdatedHello(from, outdated.get());
            }
            return;
        }
        ClearClientPacket packet;
        try {
            packet = NativeCodec.decodeClientHandshake(datagram);
        } catch (MalformedPacketException e) {
            counters.dropped(DropReason.MALFORMED);
            if (Logger.isDebugEnabled()) {
                Logger.debug("dropped {} native bytes from {}: {}", size, HostPort.format(from), e.getMessage());
            }
            return;
        }
        if (Logger.isDebugEnabled()) {
            Logger.debug("{} bytes from {}: {}", size, HostPort.format(from), LoggedPacket.describe(packet));
        }
        if (closing) {
            return; // no new sessions while the room closes
        }
        if (packet instanceof ClearClientPacket.Hello hello) {
            handshake.onHello(from, hello, size, now);
        } else if (packet instanceof ClearClientPacket.Init init) {
            handshake.onInit(from, init, now);
        } else {
            throw new AssertionError(LoggedPacket.describe(packet));
        }
    }

    /**
     * A sealed datagram: its token only says which keys to try. Nothing is done, for a session or anyone,
     * before it opens; what does not open is counted and dropped.
     */
    private void onSealed(InetSocketAddress from, ByteBuffer datagram, int size, long now) {
        long token = SealedDatagram.token(datagram);
        Member member = token == 0 ? null : sessions.live(token);
        if (member != null) {
            NativeClientPacket packet = open(member.session().cipher(), datagram, from, size);
            if (packet != null) {
                logReceived(from, size, packet);
                onSessionPacket(member, from, packet, size, now);
            }
            return;
        }
        PendingHandshakes.Pending pending = token == 0 ? null : handshake.pending(token, now);
        if (pending != null) {
            NativeClientPacket packet = open(pending.cipher(), datagram, from, size);
            if (packet != null && !closing) {
                logReceived(from, size, packet);
                handshake.onSealedLogin(pending, from, packet, now);
            }
            return;
        }
        Optional<Sessions.Ended> ended = token == 0 ? Optional.empty() : sessions.ended(token);
        if (ended.isPresent()) {
            onEndedSession(token, ended.get(), from, datagram, size);
            return;
        }
        counters.dropped(DropReason.UNKNOWN_TOKEN);
        if (token != 0) {
            // a hint in clear that the client verifies: it asks again, sealed, and else shakes hands anew
            delivery.replyToStranger(new ClearServerPacket.Unknown(token), from, size);
        }
    }

    /** A datagram of a session that ended: opened with its kept keys, answered with a sealed ENDED. */
    private void onEndedSession(
            long token, Sessions.Ended ended, InetSocketAddress from, ByteBuffer datagram, int size) {
        NativeClientPacket packet = open(ended.cipher(), datagram, from, size);
        if (packet == null) {
            return;
        }
        logReceived(from, size, packet);
        if (ended.reason() == EndReason.EXPIRED) {
            catchUp.onLateAck(token, ackOf(packet)); // what it showed on waking is not told again
        }
        delivery.replyToStrangerSealed(
                ended.cipher(), token, new NativeServerPacket.Ended(token, ended.reason()), from, size, true);
    }

    /** {@code datagram} opened with {@code cipher}, or null, counted and logged, if it does not open. */
    private NativeClientPacket open(SessionCipher cipher, ByteBuffer datagram, InetSocketAddress from, int size) {
        try {
            return cipher.openClientPacket(datagram);
        } catch (SealException e) {
            counters.dropped(e.reason());
            if (Logger.isDebugEnabled()) {
                Logger.debug(
                        "dropped {} sealed bytes from {}: {} ({})",
                        size,
                        HostPort.format(from),
                        e.reason(),
                        e.getMessage());
            }
            return null;
        }
    }

    private static void logReceived(InetSocketAddress from, int size, NativeClientPacket packet) {
        if (Logger.isDebugEnabled()) {
            Logger.debug(
                    "{} sealed bytes from {}: {}",
                    size,
                    HostPort.format(from),
                    Untrusted.quote(LoggedPacket.describe(packet)));
        }
    }

    /** {@code packet} opened under {@code member}'s session: authentic and fresh. */
    private void onSessionPacket(Member member, InetSocketAddress from, NativeClientPacket packet, int size, long now) {
        if (!(packet instanceof NativeClientPacket.Login)) {
            member.session().heardFromClient(); // what a client that gave its attempt up never sends
        }
        if (!from.equals(member.address())) {
            paths.onDatagramFromNewAddress(member, from, packet, size, now);
            return;
        }
        Session session = member.session();
        member.heardAt(now);
        if (packet instanceof NativeClientPacket.Login) {
            // the client's retry of a login whose welcome was lost: the same welcome, nobody told twice
            handshake.welcome(member);
            sessions.timers().touch(member);
            return;
        }
        if (packet instanceof NativeClientPacket.Chat chat) {
            session.onAck(chat.ack(), now);
            receive(member, chat.seq(), chat, now);
        } else if (packet instanceof NativeClientPacket.Quit quit) {
            session.onAck(quit.ack(), now);
            receive(member, quit.seq(), quit, now);
        } else if (packet instanceof NativeClientPacket.Request request) {
            session.onAck(request.ack(), now);
            receive(member, request.seq(), request, now);
        } else if (packet instanceof NativeClientPacket.Ack ack) {
            if (session.onAck(ack.ack(), now) == 0
                    && ack.ack() == session.events().acknowledged()) {
                session.events().onDuplicateAck(now); // it acknowledges at once only when something is missing
            }
        } else if (packet instanceof NativeClientPacket.Ping ping) {
            session.onAck(ping.ack(), now);
            delivery.send(member, new NativeServerPacket.Pong(session.token(), session.processedAck()));
            session.acks().onAckSent();
        } else if (packet instanceof NativeClientPacket.PathResponse) {
            Logger.debug("a path response from the address already validated: late, ignored");
        } else {
            throw new AssertionError(LoggedPacket.describe(packet)); // never the token: the relay logs this
        }
        afterPacket(member, now);
    }

    /** The acknowledgement a session datagram carries; 0 for a path response, which carries none. */
    private static long ackOf(NativeClientPacket packet) {
        if (packet instanceof NativeClientPacket.Chat chat) {
            return chat.ack();
        } else if (packet instanceof NativeClientPacket.Quit quit) {
            return quit.ack();
        } else if (packet instanceof NativeClientPacket.Request request) {
            return request.ack();
        } else if (packet instanceof NativeClientPacket.Ack ack) {
            return ack.ack();
        } else if (packet instanceof NativeClientPacket.Ping ping) {
            return ping.ack();
        }
        return 0;
    }

    private void receive(Member member, long seq, NativeClientPacket packet, long now) {
        Session session = member.session();
        if (seq > session.inbound().cumulativeAck() && session.held().size() >= Session.MAX_HELD) {
            // Its whole window is waiting already: this one came beyond it. It will be sent again.
            counters.dropped(DropReason.FLOW_CONTROLLED);
            return;
        }
        ReorderBuffer.Arrival arrival =
                session.inbound().accept(seq, packet, delivered -> onReliable(member, delivered, now));
        if (arrival == ReorderBuffer.Arrival.DUPLICATE && seq > session.processedAck()) {
            // A line flood control holds, resent because it is not acknowledged: it is to wait, and saying
            // so again at once would only answer every resend with another datagram.
            counters.dropped(DropReason.DUPLICATE);
        } else if (arrival != ReorderBuffer.Arrival.DELIVERED) {
            session.acks().onIrregular(); // the client is probably resending: tell it what arrived, now
            if (arrival == ReorderBuffer.Arrival.DUPLICATE) {
                counters.dropped(DropReason.DUPLICATE);
            }
        }
    }

    /**
     * A client's reliable message, in order and once: relayed now, or held, unacknowledged, behind the
     * member's other held messages until its bucket of lines allows. Only this member waits for it.
     */
    private void onReliable(Member member, NativeClientPacket packet, long now) {
        Session session = member.session();
        if (session.state() != Session.State.ACTIVE || !sessions.isLive(member)) {
            session.acks().onDelivered(now);
            return; // kicked, closing, or dropped by what it said just before: nothing reaches the room any more
        }
        if (packet instanceof NativeClientPacket.Quit) {
            // Leaving does not wait for the lines flood control holds: they are not sent.
            session.held().clear();
            session.acks().onDelivered(now);
            relay(member, packet);
            return;
        }
        if (!session.held().isEmpty() || (isLine(packet) && !member.lines().tryTake(flood, now))) {
            // Not acknowledged until relayed, and not even scheduled for acknowledgement: an ack now
            // would repeat the last one and look to the client like news of a loss.
            session.held().add(packet);
            if (session.tellSlowedDown()) {
                delivery.tell(member, new RoomEvent.SlowedDown(flood.linesPerSecond()));
            }
            return;
        }
        session.acks().onDelivered(now);
        relay(member, packet);
    }

    /** Relays what {@code member} said that flood control held, oldest first, as its bucket allows. */
    private void relayHeld(Member member, long now) {
        Session session = member.session();
        while (!session.held().isEmpty() && sessions.isLive(member) && session.state() == Session.State.ACTIVE) {
            NativeClientPacket next = session.held().peek();
            if (isLine(next) && !member.lines().tryTake(flood, now)) {
                return;
            }
            session.held().poll();
            session.acks().onDelivered(now);
            relay(member, next);
        }
        if (session.held().isEmpty()) {
            session.caughtUp();
        }
    }

    /**
     * Whether {@code packet} is a line for flood control: chat, an action, a private message, a new name, a
     * room move. Listings take none.
     */
    private static boolean isLine(NativeClientPacket packet) {
        if (packet instanceof NativeClientPacket.Request request) {
            return !(request.request() instanceof RoomRequest.ListRooms
                    || request.request() instanceof RoomRequest.Who);
        }
        return packet instanceof NativeClientPacket.Chat;
    }

    private void relay(Member member, NativeClientPacket packet) {
        if (packet instanceof NativeClientPacket.Chat chat) {
            Optional<ChatText.Problem> problem = textRules.check(member.name(), chat.text());
            if (problem.isPresent()) {
                delivery.tell(member, new RoomEvent.NotRelayed(problem.get()));
            } else if (!requests.refuseIfMuted(member)) {
                delivery.broadcastLine(member, new RoomEvent.Said(member.name(), chat.text()), chat.lineId());
            }
        } else if (packet instanceof NativeClientPacket.Request request) {
            requests.handle(member, request.request());
        } else if (packet instanceof NativeClientPacket.Quit) {
            rooms.remove(member);
            sessions.end(member, EndReason.QUIT);
            sendAck(member);
            Logger.info("{} left ({} on the server)", Untrusted.quote(member.name()), rooms.size());
            delivery.departed(member.room(), member.name(), new RoomEvent.Left(member.name()));
        } else {
            throw new AssertionError(LoggedPacket.describe(packet)); // never the token: the relay logs this
        }
    }

    private void afterPacket(Member member, long now) {
        sessions.timers().touch(member); // what it said or acknowledged may have set or moved a timer
        Session session = member.session();
        if (sessions.isLive(member) || session.state() != Session.State.ACTIVE) {
            // the acknowledgement it carried may have made room; a member that has just quit or been dropped
            // is owed nothing more, while a kicked or closing one is owed its last words
            delivery.sendWaiting(member, now);
        }
        relayHeld(member, now);
        if (sessions.isLive(member) && session.acks().isDue(now)) {
            sendAck(member);
        }
        if (session.state() != Session.State.ACTIVE && session.outstandingEvents() == 0) {
            finish(member);
        }
    }

    private void sendAck(Member member) {
        Session session = member.session();
        delivery.send(member, new NativeServerPacket.Ack(session.token(), session.processedAck()));
        session.acks().onAckSent();
    }

    /**
     * The timers due at {@code now}: resends, delayed acks, held lines as buckets refill, expiry of the
     * silent, drops of the stalled, lingering ends. Only the sessions with a deadline passed are visited.
     */
    @Override
    public void onTick(long now) {
        SessionTimers timers = armTimers(now);
        for (Member member : timers.takeDue(now)) {
            if (sessions.isLive(member)) { // else ended by what an earlier one's end told the room
                onTimers(member, now);
                timers.touch(member);
            }
        }
    }

    @Override
    public long nextTimerMillis(long now) {
        return armTimers(now).nextWakeMillis();
    }

    /** The sessions' timers, with the deadlines of those touched since the last turn worked out. */
    private SessionTimers armTimers(long now) {
        SessionTimers timers = sessions.timers();
        timers.arm(member -> preciseDue(member, now), member -> coarseDue(member, now));
        return timers;
    }

    private void onTimers(Member member, long now) {
        Session session = member.session();
        delivery.resendDue(member, now);
        relayHeld(member, now);
        if (session.acks().isDue(now)) {
            sendAck(member);
        }
        if (session.state() != Session.State.ACTIVE) {
            if (session.outstandingEvents() == 0 || now >= session.endDeadlineMillis()) {
                finish(member);
            }
        } else if (sessions.hasExpired(member, now)) {
            end(member, EndReason.EXPIRED, new RoomEvent.TimedOut(member.name()));
        } else {
            delivery.checkKeepingUp(member, now);
        }
    }

    /**
     * The soonest of {@code member}'s timers that must run on time, as {@link #onTimers} reads them: a resend,
     * the delayed acknowledgement, the next held line, the end of a lingering session.
     */
    private long preciseDue(Member member, long now) {
        if (!sessions.isLive(member)) {
            return Long.MAX_VALUE;
        }
        Session session = member.session();
        long due = Math.min(
                session.events().resendDueNoSoonerThanMillis(), session.acks().deadlineMillis());
        if (session.state() != Session.State.ACTIVE) {
            return Math.min(due, session.outstandingEvents() == 0 ? now : session.endDeadlineMillis());
        }
        if (!session.held().isEmpty()) {
            due = Math.min(due, member.lines().lineDueMillis(flood, now));
        }
        return due;
    }

    /** The soonest of {@code member}'s timers that every heartbeat pushes on: expiry, the check for a stall. */
    private long coarseDue(Member member, long now) {
        if (!sessions.isLive(member) || member.session().state() != Session.State.ACTIVE) {
            return Long.MAX_VALUE;
        }
        return Math.min(sessions.expiresAtMillis(member), delivery.keepingUpCheckDueMillis(member, now));
    }

    /**
     * {@link Delivery} found this member fallen behind: it goes, so memory stays bounded and the room keeps
     * moving. One that has left the room already (kicked, or the room is closing) goes its own way.
     */
    void dropFallenBehind(Member member, long now) {
        if (sessions.isLive(member) && rooms.isPresent(member)) {
            rejoinPauses.pause(member.address().getAddress(), now);
            end(member, EndReason.DROPPED, new RoomEvent.Dropped(member.name()));
        }
    }

    /**
     * {@code member}'s keys can seal no more (after years of traffic): its session ends as an expired one
     * does, so that its client, hearing nothing sealed, shakes hands anew and catches up on its return.
     */
    void endKeysRunOut(Member member) {
        if (!sessions.isLive(member)) {
            return;
        }
        if (rooms.isPresent(member)) {
            end(member, EndReason.EXPIRED, new RoomEvent.TimedOut(member.name()));
        } else {
            finish(member);
        }
    }

    /** In a cluster: {@code listedElsewhere} says which of this node's members have resumed on another node. */
    void departQuietlyWhen(java.util.function.Predicate<String> listedElsewhere) {
        this.listedElsewhere = listedElsewhere;
    }

    private void end(Member member, EndReason reason, RoomEvent notice) {
        if (reason == EndReason.EXPIRED) {
            catchUp.onExpired(member); // its client may come back: what it missed is kept for it, bounded
        }
        rooms.remove(member);
        sessions.end(member, reason);
        Logger.info(
                "{} {} ({} on the server)",
                Untrusted.quote(member.name()),
                reason == EndReason.EXPIRED ? "timed out" : "could not keep up and was dropped",
                rooms.size());
        if (listedElsewhere.test(member.key())) {
            // its client lost touch with this node alone and resumed on another: its room has it still
            Logger.info("{} is on another node now: its room is not told", Untrusted.quote(member.name()));
            return;
        }
        delivery.departed(member.room(), member.name(), notice);
    }

    /** A lingering session's last event was acknowledged, or its time ran out. */
    private void finish(Member member) {
        Session session = member.session();
        sessions.end(member, session.state() == Session.State.KICKED ? EndReason.KICKED : EndReason.CLOSED);
    }

    /** Removes a native member: it is told reliably, its token is revoked, the room hears. */
    @Override
    public void kick(Member member, Removal removal, long now) {
        rooms.remove(member);
        member.session().endAfterLastEvent(Session.State.KICKED, now + LINGER_MILLIS);
        sessions.timers().touch(member);
        delivery.tell(member, removal.toMember());
        delivery.broadcast(member.room(), removal.toRoom(member.name()), null);
    }

    /** The room is closing: the member is told, reliably, and waits (bounded) for the acknowledgement. */
    @Override
    public void sayGoodbye(Member member, long now) {
        member.session().endAfterLastEvent(Session.State.CLOSING, now + LINGER_MILLIS);
        sessions.timers().touch(member);
        delivery.tell(member, new RoomEvent.Closing());
    }

    /** The room is closing: hellos and logins are ignored from now on. */
    void close() {
        closing = true;
    }

    /** Every session's reliability state, one line each, and the queue: for diagnosing a stall. */
    List<String> describe(long now) {
        List<String> lines = new ArrayList<>();
        for (Member member : sessions.snapshot()) {
            Session session = member.session();
            lines.add(String.format(
                    "%s %s at %s: events %d..%d unacknowledged (next due in %d ms) and %d waiting, received up to"
                            + " %d with %d waiting and %d held (acknowledged %d), heard %d ms ago",
                    member.name(),
                    session.state(),
                    HostPort.format(member.address()),
                    session.events().acknowledged() + 1,
                    session.events().nextSeq() - 1,
                    session.events().isEmpty() ? -1 : session.events().nextDeadlineMillis() - now,
                    session.outstandingEvents() - session.events().inFlight(),
                    session.inbound().cumulativeAck(),
                    session.inbound().waitingCount(),
                    session.held().size(),
                    session.processedAck(),
                    now - member.lastHeardMillis()));
        }
        return lines;
    }

    /** How many handshakes were answered and wait for their login. */
    int pendingHandshakes() {
        return handshake.pendingCount();
    }

    /** Whether every session has ended: what the closing waits for. */
    boolean isSettled() {
        return sessions.isEmpty();
    }
}
