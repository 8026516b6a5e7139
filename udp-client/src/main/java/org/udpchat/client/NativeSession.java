package org.udpchat.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.tinylog.Logger;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.LineId;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The client's half of a native session: our messages until the server acknowledges them, the server's
 * events put back in order, when we owe an acknowledgement or a heartbeat, and whether the server has
 * gone quiet.
 *
 * <p>It has no socket: what it sends goes to an {@link Outbox}, what the server sent comes in as raw
 * datagrams, and time is the clock it is given, so tests drive it with a recording outbox and a clock they
 * move.
 *
 * <p><b>Sealed.</b> The session's {@link SessionCipher} (from the {@link Handshake}, replaced by each
 * reconnection's) seals every datagram at the moment it goes to the outbox, resends too, and opens every
 * datagram that comes in; one that does not open (forged, altered, replayed, another session's) is dropped
 * before it touches anything, so an ENDED counts only sealed. The one thing taken in clear is the
 * server's UNKNOWN for our token, and only as a hint, since anyone on the path can forge it: a sealed ping
 * goes at once, and only if nothing sealed answers within {@link #UNKNOWN_HINT_WAIT} (the server did
 * restart, or forgot us) do the timers ask to reconnect; it never ends the session.
 *
 * <p>Threads: the sender thread calls {@link #say}, {@link #dropUnsent}, {@link #awaitLinesAcknowledged}
 * and {@link #quit} (so may the shutdown hook, to leave); the receiver thread feeds datagrams
 * ({@link #onDatagram}) and time ({@link #onTimers}) and reconnects; the main thread waits in
 * {@link #awaitEnd}. All state is guarded by one lock, held only to update it and to hand a datagram to
 * the outbox (the cipher, sealing and opening, is used only under it), never while waiting for the
 * network or printing, so acknowledgements, resends and
 * heartbeats never hold up the user's typing or the screen. What the user types goes into the window,
 * or, while the window is full or we reconnect, into a queue the window takes from as room comes: the
 * sender waits (on the lock's condition) only when {@link #MAX_TYPED} typed messages wait already, so a
 * {@code /quit} is read however slow the network.
 *
 * <p><b>Lines said again.</b> With other nodes to go on at ({@link #giveLinesIds}), each line (chat, {@code
 * /me}) carries a line id once the session's server has said it takes them (TAKES_LINE_IDS, right after its
 * WELCOME: a server older than line ids drops a line with one, and every later message waits behind it), and the
 * lines our room has not sent back yet are kept ({@link UnheardLines}); after the node is lost, a new session at
 * another node says them again first, with the same ids, which the cluster's room log takes once ({@link
 * #restarted(Handshake.Joined, boolean)}), once that node too has said it takes ids. If it has not within {@link
 * #LINE_IDS_WAIT}, they are told as lines that may not have arrived ({@link #takeLinesNotSaidAgain}), as before
 * line ids, and what was typed meanwhile goes without ids.
 *
 * <p>Leaving comes in two kinds. A quit ({@code /quit}, Ctrl-C) goes at once, ahead of whatever still
 * waits here, which is dropped: the server may be holding our lines back for a long time (it takes each
 * member's lines at a rate), and it discards those it holds when the quit arrives. The end of input
 * (a script's) drops nothing: {@link #awaitLinesAcknowledged} waits, however long, until the server has
 * acknowledged every line typed, and only then does the quit go; the wait is bounded by the server's
 * liveness, since a server that answers no ping for {@link PingRule#SILENCE_MILLIS} (or one that lets the session go)
 * ends it.
 */
final class NativeSession implements ChatSession, Handshake.Earlier {

    /** Our messages in flight at most: plenty for typing, bounded for memory. */
    static final int SEND_WINDOW = 64;

    /** Typed messages queued behind a full window (or a reconnection) at most, before typing waits. */
    static final int MAX_TYPED = 256;

    /** Server events held behind a gap at most: twice the server's window to us. */
    static final int RECEIVE_WINDOW = 1024;

    /** How long a quit waits for the server's answer before leaving anyway. */
    static final Duration QUIT_WAIT = Duration.ofSeconds(2);

    /**
     * How long a clear UNKNOWN for our token waits for something sealed from the server before the session
     * reconnects (longer if the retransmission timeout is: a round trip must have had its chance).
     */
    static final Duration UNKNOWN_HINT_WAIT = Duration.ofSeconds(1);

    /**
     * How long lines held to be said again at another node wait for its word that it takes line ids: the word
     * comes right after the WELCOME, and this leaves time for it to be resent twice (a lost event is resent after
     * about 1 s). A node that has not said it by then is taken for one that never will (older than line ids).
     */
    static final Duration LINE_IDS_WAIT = Duration.ofSeconds(3);

    /** {@link #unknownHintSinceMillis} when no hint waits. */
    private static final long NO_HINT = Long.MIN_VALUE;

    /** Where the session stands. */
    enum State {
        ACTIVE,
        RECONNECTING,
        QUITTING,
        ENDED
    }

    private final Outbox outbox;
    private final LongSupplier clock;
    private final SessionEnd end = new SessionEnd();
    private final Object lock = new Object();

    // Everything below is guarded by lock.
    private String name;
    private String room;
    private long token;
    /** Seals what we send and opens what the server sends; replaced (the old one erased) by a reconnection. */
    private SessionCipher cipher;
    /** What the last WELCOME gave, to take this session back after losing touch. */
    private ResumptionSecret resumption;
    /** When a clear UNKNOWN for our token came that nothing sealed has answered yet, or {@link #NO_HINT}. */
    private long unknownHintSinceMillis = NO_HINT;
    /** The keys can seal no more (years of traffic): only a new handshake goes on. */
    private boolean keysExhausted;

    private SendWindow<Outgoing> outgoing = newWindow();
    /** Our lines sent with a line id that the room has not sent back to us yet. */
    private final UnheardLines unheard = new UnheardLines();
    /**
     * The next line's id, when lines may carry one (other nodes wait to take the session over), or {@link
     * LineId#NONE} when they do not: a counter from a random start, so that two runs of a client under one name
     * do not meet.
     */
    private long nextLineId = LineId.NONE;
    /**
     * Whether the server of this session (as numbered: a new session starts without) has said, with
     * TAKES_LINE_IDS, that it takes line ids: until then our lines go without, as to a single server.
     */
    private boolean serverTakesLineIds;
    /**
     * Lines a node we lost never sent back, to be said again, first and with their ids, once the node of this
     * session says it takes line ids; until then nothing we type goes either, so that the order holds.
     */
    private final ArrayDeque<Outgoing> heldToSayAgain = new ArrayDeque<>();
    /** Until when {@link #heldToSayAgain} waits for the word, by {@link #clock}. */
    private long heldUntilMillis;
    /** Held lines given up ({@link #LINE_IDS_WAIT} passed without the word), for the user to be told of. */
    private final List<String> notSaidAgain = new ArrayList<>();
    /** Typed messages the window has no room for yet (or typed while reconnecting), oldest first. */
    private final ArrayDeque<Outgoing> typed = new ArrayDeque<>();
    /** False once the user leaves: what they type after that goes nowhere. */
    private boolean takingLines = true;
    /**
     * While {@link #awaitLinesAcknowledged} waits for the server to acknowledge every line typed: then a
     * silent server, or one that lets the session go, ends the wait instead of a reconnection.
     */
    private boolean finishing;
    /** The server went silent, or let the session go, while we waited for it: there is nobody to tell. */
    private boolean gaveUp;
    /**
     * The server told us (SLOWED_DOWN) that it holds our lines back, and has not acknowledged everything we
     * sent since: our unacknowledged lines may be held there, and a quit would discard them.
     */
    private boolean slowedDown;

    private ReorderBuffer<RoomEvent> incoming = new ReorderBuffer<>(RECEIVE_WINDOW);
    private AckSchedule acks = new AckSchedule();
    private long lastHeardMillis;
    private long lastSentMillis;
    private long lastPingMillis;
    /** Pings sent since the last pong: a pong measures a round trip only when it can answer just one. */
    private int pingsUnanswered;
    /** When the first ping went that nothing heard has answered yet, or {@link PingRule#NOT_AWAITING}. */
    private long awaitingAnswerSinceMillis = PingRule.NOT_AWAITING;

    private State state = State.ACTIVE;

    private final long heartbeatMillis;

    /**
     * @param clock milliseconds from a monotonic source ({@code System.nanoTime} based in the program)
     */
    NativeSession(Outbox outbox, Handshake.Joined joined, LongSupplier clock) {
        this(outbox, joined, clock, PingRule.HEARTBEAT_MILLIS);
    }

    /**
     * @param heartbeatMillis how long the session may send nothing before it pings: {@link
     *     PingRule#FAILOVER_HEARTBEAT_MILLIS} when other nodes wait to take it over, so that a node's death is
     *     noticed sooner
     */
    NativeSession(Outbox outbox, Handshake.Joined joined, LongSupplier clock, long heartbeatMillis) {
        this.outbox = outbox;
        this.heartbeatMillis = heartbeatMillis;
        this.clock = clock;
        this.name = joined.name();
        this.room = joined.room();
        this.token = joined.token();
        this.cipher = joined.cipher();
        this.resumption = joined.resumption();
        long now = clock.getAsLong();
        this.heard(now);
        this.lastSentMillis = now;
    }

    @Override
    public String name() {
        synchronized (lock) {
            return name;
        }
    }

    @Override
    public String room() {
        synchronized (lock) {
            return room;
        }
    }

    @Override
    public boolean takesRequests() {
        synchronized (lock) {
            return !room.isEmpty(); // a server that names no room predates requests, and would drop them
        }
    }

    /** Sends a request, as {@link #say} sends a chat line (an action gets its line id as a chat line does). */
    @Override
    public void request(RoomRequest request) {
        take(new Outgoing.Request(request));
    }

    /**
     * From now on our lines (chat, {@code /me}) may carry line ids ({@link LineId}), and those the room has not
     * sent back are said again at another node we go on at ({@link #restarted(Handshake.Joined, boolean)}): for a
     * list of several nodes, whose rooms take a line once however often it is said. A line carries one only when
     * it goes to a server that said (TAKES_LINE_IDS) in this session that it takes them: a server older than line
     * ids finds no text in such a line and drops it, and everything we send after it would wait behind it. A
     * single server is never sent one.
     */
    void giveLinesIds() {
        synchronized (lock) {
            if (nextLineId == LineId.NONE) {
                nextLineId = new java.security.SecureRandom().nextLong();
            }
        }
    }

    /** The next line's id, or {@link LineId#NONE} when lines carry none. */
    private long takeLineId() {
        synchronized (lock) {
            if (nextLineId == LineId.NONE) {
                return LineId.NONE;
            }
            long id = nextLineId++;
            if (nextLineId == LineId.NONE) {
                nextLineId++; // NONE is no id
            }
            return id;
        }
    }

    long token() {
        synchronized (lock) {
            return token;
        }
    }

    /** This session as a reconnection's login presents it: its token and resumption secret. */
    @Override
    public Handshake.Previous previous() {
        synchronized (lock) {
            return new Handshake.Previous(token, resumption);
        }
    }

    /** Sends a chat line: at once, or once the window has room or the session is back (see {@link #take}). */
    @Override
    public void say(String text) {
        take(new Outgoing.Chat(text));
    }

    /**
     * Takes a message the user typed: into the window at once if there is room, else into the queue of
     * typed messages, which the window takes as acknowledgements make room (or once reconnected). So the
     * sender goes back to reading at once, and a /quit typed meanwhile is read; it waits only when
     * {@link #MAX_TYPED} messages are queued already.
     */
    private void take(Outgoing message) {
        synchronized (lock) {
            while (typed.size() >= MAX_TYPED && takingLines && state != State.ENDED && state != State.QUITTING) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!takingLines || (state != State.ACTIVE && state != State.RECONNECTING)) {
                return; // ended, or leaving: nothing more is said
            }
            // throws if it cannot be a datagram, with a line id as it may go: never into the window, resent for ever
            packetFor(message.withLineIdFrom(() -> 1), 1);
            typed.add(message);
            sendTyped(clock.getAsLong());
        }
    }

    /**
     * Moves typed messages into the window, in order, while it has room and there is a session to send in, and no
     * lines wait to be said again first; each line with its id, if the server takes them.
     */
    private void sendTyped(long now) {
        while (!typed.isEmpty()
                && !outgoing.isFull()
                && (state == State.ACTIVE || state == State.QUITTING)
                && heldToSayAgain.isEmpty()) {
            Outgoing message = typed.poll();
            if (serverTakesLineIds) {
                message = message.withLineIdFrom(this::takeLineId);
            }
            long seq = outgoing.add(message, now);
            unheard.sent(message);
            send(packetFor(message, seq), now);
            lock.notifyAll(); // a sender waiting on a full queue may go on
        }
    }

    /**
     * Leaving at once, first step: takes no more lines and drops those that wait here to be sent (also
     * when the end of input is waiting for them in {@link #awaitLinesAcknowledged}: the user's quit cuts
     * that short).
     *
     * <p>The count is of the user's lines (chat and requests) that may not reach the room: those dropped
     * here, never sent; and those sent and not yet acknowledged, but only while the server holds our lines
     * back, that is from a SLOWED_DOWN (received while something we sent was unacknowledged) until the
     * server has acknowledged everything we sent. A line merely in flight is not counted: the server takes
     * a member's messages in order, and relays it before it acts on the quit that follows it (resent, if
     * lost, before the quit gets through); only the lines it holds when the quit arrives are discarded.
     * While reconnecting no quit can be sent, so every unacknowledged line counts.
     *
     * @return how many lines the user typed may not reach the room; 0 when leaving already
     */
    @Override
    public int dropUnsent() {
        synchronized (lock) {
            if ((!takingLines && !finishing) || state == State.ENDED) {
                return 0; // leaving already, and told
            }
            takingLines = false;
            finishing = false; // the quit goes now, not behind the lines
            int unsent = linesMayNotReach();
            typed.removeIf(NativeSession::isLine);
            heldToSayAgain.clear();
            lock.notifyAll(); // a sender waiting on a full queue may go on, to nothing; a finishing one stops
            return unsent;
        }
    }

    /**
     * Leaving after the end of input, first step, before {@link #quit}: takes no more lines, drops none,
     * and waits until the server has acknowledged every line typed, sent or still waiting here, however
     * long it holds them back (at 2 lines a second after a burst of 10, 100 lines take 45 s). So the quit that
     * follows comes after all of them, and the server has no line of ours to discard when it arrives. The
     * wait is bounded by the server's liveness: if it goes silent for {@link PingRule#SILENCE_MILLIS} or lets the
     * session go (ENDED expired or dropped), or if we are reconnecting already, we give up instead of
     * reconnecting, and {@link #quit} then ends at once. It ends also when the session does (kicked,
     * closed), or when the user quits meanwhile ({@link #dropUnsent}).
     *
     * @return how many lines may not have reached the room: 0 once the server has all of them (or the
     *     session ended, or the user quit, which says its own); when we gave up, those the server has not
     *     acknowledged and those never sent
     */
    @Override
    public int awaitLinesAcknowledged() {
        synchronized (lock) {
            if (!takingLines || state == State.ENDED) {
                return 0; // leaving already
            }
            takingLines = false;
            lock.notifyAll();
            if (state != State.ACTIVE) {
                gaveUp = true; // reconnecting: the server is gone for now, and we may not wait for it
                return linesWaiting();
            }
            finishing = true;
            while (finishing
                    && state != State.ENDED
                    && (!typed.isEmpty() || !outgoing.isEmpty() || !heldToSayAgain.isEmpty())) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    giveUp();
                }
            }
            return gaveUp && state != State.ENDED ? linesWaiting() : 0;
        }
    }

    /** The server went silent or let the session go while we finished: stop waiting for it. */
    private void giveUp() {
        Logger.debug("the server is gone before it acknowledged every line typed; leaving anyway");
        finishing = false;
        gaveUp = true;
        lock.notifyAll();
    }

    /**
     * Leaves: sends the quit at once, as the next message (as soon as an acknowledgement makes room, if
     * the window is full), dropping what still waits to be sent (see {@link #dropUnsent}), and waits up to
     * {@link #QUIT_WAIT} for the server's acknowledgement. While reconnecting, or once
     * {@link #awaitLinesAcknowledged} gave up on the server, there is nobody to tell: it ends at once. A
     * second quit waits for the first one's answer.
     */
    @Override
    public void quit(Runnable unanswered) {
        boolean nobodyToTell;
        synchronized (lock) {
            if (state == State.ENDED) {
                return;
            }
            takingLines = false;
            finishing = false;
            lock.notifyAll();
            nobodyToTell = gaveUp || state == State.RECONNECTING;
            if (nobodyToTell) {
                state = State.QUITTING; // the server is gone: no quit can reach it, so just go
            } else if (state == State.ACTIVE) {
                state = State.QUITTING;
                typed.clear();
                heldToSayAgain.clear();
                typed.add(new Outgoing.Quit());
                sendTyped(clock.getAsLong());
            } // else quitting already: the quit is on its way
        }
        if (nobodyToTell || !end.await(QUIT_WAIT)) {
            Logger.debug("the server did not answer the quit; leaving anyway");
            if (!hasEnded()) {
                unanswered.run(); // before the end, which may end the program
            }
        }
        end(ExitStatus.OK);
    }

    /** Why the session must be rebuilt, as the user is told. */
    enum Reconnect {
        /** The server went quiet, or let the session expire. */
        LOST_TOUCH,
        /** The server dropped us: we could not keep up with the room. */
        DROPPED
    }

    /**
     * What a packet brought: events to show, in order; whether the server now has our quit (so we have
     * left); whether the session must reconnect, and why; and the exit status the session ends with once
     * all that is shown (empty if it goes on). The receiver shows first and ends after, so that the last
     * words (a kick, the closing) are on the screen before the program exits.
     */
    record Received(List<RoomEvent> events, boolean left, Optional<Reconnect> reconnect, Optional<ExitStatus> end) {
        static final Received NOTHING = new Received(List.of(), false, Optional.empty(), Optional.empty());
        static final Received RECONNECT =
                new Received(List.of(), false, Optional.of(Reconnect.LOST_TOUCH), Optional.empty());
        static final Received DROPPED =
                new Received(List.of(), false, Optional.of(Reconnect.DROPPED), Optional.empty());
        /** The server has our quit: we have left. */
        static final Received LEFT = ending(List.of(), true, ExitStatus.OK);

        static Received ending(List<RoomEvent> events, boolean left, ExitStatus status) {
            return new Received(events, left, Optional.empty(), Optional.of(status));
        }
    }

    /**
     * A datagram from the server arrived, as it came off the network (not kept after this call). Only what
     * opens under the session's keys is acted on; the one datagram in clear that counts is an UNKNOWN for our
     * token, as a hint. Receiver thread only.
     */
    Received onDatagram(ByteBuffer datagram) {
        synchronized (lock) {
            if (state == State.ENDED) {
                return Received.NOTHING; // the keys are erased
            }
            if (!SealedDatagram.isFromServer(datagram)) {
                onClear(datagram);
                return Received.NOTHING;
            }
            if (SealedDatagram.token(datagram) != token) {
                Logger.debug("dropped a sealed datagram for another session");
                return Received.NOTHING;
            }
            NativeServerPacket packet;
            try {
                packet = cipher.openServerPacket(datagram);
            } catch (SealException e) {
                Logger.debug("dropped a datagram that does not open ({}): {}", e.reason(), e.getMessage());
                return Received.NOTHING;
            }
            unknownHintSinceMillis = NO_HINT; // the server knows us: whatever said otherwise was wrong, or is old
            return onPacket(packet);
        }
    }

    /**
     * A datagram in clear: an UNKNOWN for our token is a hint that the server has lost our session (it
     * restarted), or a forgery; a sealed ping asks at once. Anything else in clear is a handshake's leftover.
     */
    private void onClear(ByteBuffer datagram) {
        ClearServerPacket packet;
        try {
            packet = NativeCodec.decodeServerHandshake(datagram);
        } catch (MalformedPacketException e) {
            Logger.debug("ignored a datagram in clear: {}", e.getMessage());
            return;
        }
        if (!(packet instanceof ClearServerPacket.Unknown unknown)
                || unknown.token() != token
                || (state != State.ACTIVE && state != State.QUITTING)) {
            return;
        }
        if (unknownHintSinceMillis != NO_HINT) {
            return; // asked already: a flood of them earns no flood of pings
        }
        long now = clock.getAsLong();
        Logger.debug("the server says it does not know this session: asking it, sealed");
        unknownHintSinceMillis = now;
        lastPingMillis = now;
        pingsUnanswered++;
        awaitingAnswerSinceMillis = PingRule.awaitingAfterPing(now, awaitingAnswerSinceMillis);
        send(new NativeClientPacket.Ping(token, incoming.cumulativeAck()), now);
    }

    /** How long an UNKNOWN waits for a sealed answer before the session reconnects. */
    private long unknownHintWaitMillis() {
        return Math.max(UNKNOWN_HINT_WAIT.toMillis(), outgoing.timer().rto());
    }

    /** A packet from the server, opened. */
    private Received onPacket(NativeServerPacket packet) {
        long now = clock.getAsLong();
        if (packet instanceof NativeServerPacket.Event event && event.token() == token) {
            heard(now);
            boolean left = onAck(event.ack(), now);
            List<RoomEvent> delivered = new ArrayList<>();
            ReorderBuffer.Arrival arrival = incoming.accept(event.seq(), event.event(), e -> {
                acks.onDelivered(now);
                if (e instanceof RoomEvent.TakesLineIds) {
                    onTakesLineIds(); // the session's business: nothing to show
                    return;
                }
                delivered.add(e);
                unheard.heard(e, name);
                follow(e);
            });
            if (arrival != ReorderBuffer.Arrival.DELIVERED) {
                acks.onIrregular();
            }
            sendTyped(now); // lines held for the server's word that it takes line ids may go
            Optional<ExitStatus> ending = left ? Optional.of(ExitStatus.OK) : Optional.empty();
            for (RoomEvent e : delivered) {
                if (e instanceof RoomEvent.SlowedDown && unacknowledgedLines() > 0) {
                    slowedDown = true; // our unacknowledged lines are held (a late one about lines since
                    // acknowledged says nothing)
                } else if (e instanceof RoomEvent.YouWereKicked || e instanceof RoomEvent.YouWereBanned) {
                    acknowledgeNow(now); // so the server can let the session go at once
                    ending = Optional.of(ExitStatus.KICKED);
                } else if (e instanceof RoomEvent.Closing) {
                    acknowledgeNow(now);
                    ending = Optional.of(ExitStatus.OK);
                }
            }
            return new Received(delivered, left, Optional.empty(), ending);
        }
        if (packet instanceof NativeServerPacket.Ack ack && ack.token() == token) {
            heard(now);
            if (ack.ack() == outgoing.acknowledged()) {
                outgoing.onDuplicateAck(now); // the server acknowledges at once only when something is missing
            }
            return onAck(ack.ack(), now) ? Received.LEFT : Received.NOTHING;
        } else if (packet instanceof NativeServerPacket.Pong pong && pong.token() == token) {
            heard(now);
            if (pingsUnanswered == 1) {
                outgoing.onRoundTrip(now - lastPingMillis); // the server answers a ping at once
            }
            pingsUnanswered = 0;
            return onAck(pong.ack(), now) ? Received.LEFT : Received.NOTHING;
        } else if (packet instanceof NativeServerPacket.PathChallenge challenge && challenge.token() == token) {
            heard(now);
            send(new NativeClientPacket.PathResponse(token, challenge.nonce()), now);
        } else if (packet instanceof NativeServerPacket.Ended ended && ended.token() == token) {
            return onEnded(ended.reason());
        }
        return Received.NOTHING;
    }

    private Received onEnded(EndReason reason) {
        switch (reason) {
            case KICKED:
                return Received.ending(List.of(new RoomEvent.YouWereKicked("")), false, ExitStatus.KICKED);
            case CLOSED:
                return Received.ending(List.of(new RoomEvent.Closing()), false, ExitStatus.OK);
            case QUIT:
                return Received.ending(List.of(), state == State.QUITTING, ExitStatus.OK);
            case EXPIRED:
            case DROPPED:
                if (state == State.QUITTING) {
                    return Received.LEFT;
                }
                if (finishing) {
                    giveUp(); // the session is gone: leave rather than rejoin for the lines it never took
                    return Received.NOTHING;
                }
                return reason == EndReason.EXPIRED ? Received.RECONNECT : Received.DROPPED;
            default:
                throw new AssertionError(reason);
        }
    }

    /**
     * The server of this session takes line ids: our lines carry them from now on, and those held to be said
     * again go first, with theirs.
     */
    private void onTakesLineIds() {
        serverTakesLineIds = true;
        while (!heldToSayAgain.isEmpty()) {
            typed.addFirst(heldToSayAgain.pollLast());
        }
    }

    /**
     * The node of this session has not said within {@link #LINE_IDS_WAIT} that it takes line ids: the lines held
     * to be said again are given up, to be told as lines that may not have arrived, and what was typed meanwhile
     * goes, without ids.
     */
    private void giveUpSayingAgain(long now) {
        Logger.debug(
                "the server did not say it takes line ids: {} lines not said again, told as may not have arrived",
                heldToSayAgain.size());
        for (Outgoing line : heldToSayAgain) {
            line.said().ifPresent(notSaidAgain::add);
        }
        heldToSayAgain.clear();
        sendTyped(now);
        lock.notifyAll(); // the end of input may be waiting for them
    }

    /**
     * The lines given up since the last call because the node we went on at never said it takes line ids, as the
     * user typed them, oldest first; they are forgotten here. Receiver thread, after {@link #onTimers}.
     */
    List<String> takeLinesNotSaidAgain() {
        synchronized (lock) {
            if (notSaidAgain.isEmpty()) {
                return List.of();
            }
            List<String> lines = List.copyOf(notSaidAgain);
            notSaidAgain.clear();
            return lines;
        }
    }

    /** Keeps our name and room as the server says they are now, for the prompt and for rejoining. */
    private void follow(RoomEvent event) {
        if (event instanceof RoomEvent.Renamed renamed && renamed.oldName().equals(name)) {
            name = renamed.newName();
            unheard.clear(); // a line said again would go under the new name, which the room's log does not know
        } else if (event instanceof RoomEvent.YouAreIn in) {
            room = in.room();
            unheard.clear(); // the room we left sends us nothing more
        }
    }

    /** Takes an acknowledgement; returns whether it was the one for our quit. */
    private boolean onAck(long ack, long now) {
        if (outgoing.onAck(ack, now) > 0) {
            if (unacknowledgedLines() == 0) {
                slowedDown = false; // the server holds nothing of ours any more: the episode is over
            }
            sendTyped(now); // room in the window: typed messages may go
            if (finishing && outgoing.isEmpty() && typed.isEmpty()) {
                lock.notifyAll(); // the server has every line typed: the end of input may quit
            }
            return state == State.QUITTING && outgoing.isEmpty() && typed.isEmpty();
        }
        return false;
    }

    /**
     * The timers: resends, owed acknowledgements, heartbeats and probes. Receiver thread only.
     *
     * @return whether the server has been silent so long that the session must reconnect
     */
    boolean onTimers() {
        synchronized (lock) {
            if (state == State.ENDED || state == State.RECONNECTING) {
                return false;
            }
            long now = clock.getAsLong();
            if (!heldToSayAgain.isEmpty() && now >= heldUntilMillis) {
                giveUpSayingAgain(now);
            }
            outgoing.resendDue(now, (message, seq) -> send(packetFor(message, seq), now));
            if (acks.isDue(now)) {
                acknowledgeNow(now);
            }
            if (PingRule.pingsAt(
                    now,
                    lastSentMillis,
                    lastPingMillis,
                    awaitingAnswerSinceMillis,
                    !outgoing.isEmpty(),
                    heartbeatMillis)) {
                lastPingMillis = now;
                pingsUnanswered++;
                awaitingAnswerSinceMillis = PingRule.awaitingAfterPing(now, awaitingAnswerSinceMillis);
                send(new NativeClientPacket.Ping(token, incoming.cumulativeAck()), now);
            }
            boolean unknown =
                    unknownHintSinceMillis != NO_HINT && now - unknownHintSinceMillis >= unknownHintWaitMillis();
            boolean silent = PingRule.isSilent(now, awaitingAnswerSinceMillis) || keysExhausted || unknown;
            if (silent && finishing) {
                giveUp(); // the end of input does not wait for a server that may never come back
                return false;
            }
            return state != State.QUITTING && silent;
        }
    }

    /** How long the receiver may wait for a datagram before {@link #onTimers} has work. */
    Duration untilNextTimer() {
        synchronized (lock) {
            long now = clock.getAsLong();
            long next = Math.min(outgoing.nextDeadlineMillis(), acks.deadlineMillis());
            next = Math.min(
                    next,
                    PingRule.nextPingMillis(
                            lastSentMillis,
                            lastPingMillis,
                            awaitingAnswerSinceMillis,
                            !outgoing.isEmpty(),
                            heartbeatMillis));
            if (unknownHintSinceMillis != NO_HINT) {
                next = Math.min(next, unknownHintSinceMillis + unknownHintWaitMillis());
            }
            if (!heldToSayAgain.isEmpty()) {
                next = Math.min(next, heldUntilMillis);
            }
            return Duration.ofMillis(Math.max(1, Math.min(Math.max(next, now) - now, 1000)));
        }
    }

    /** The server has gone quiet: typed messages wait while the receiver rejoins. Receiver thread only. */
    void startReconnecting() {
        synchronized (lock) {
            if (finishing) {
                giveUp(); // the end of input came as the server went quiet: do not wait for it to come back
            }
            if (state == State.ACTIVE) {
                state = State.RECONNECTING;
            }
        }
    }

    /**
     * The server took us back into the same session (same token): everything in flight both ways goes
     * on, resent as its timers fall due, so nothing is lost. The sender may go on.
     */
    void resumed(Handshake.Joined joined) {
        synchronized (lock) {
            takeKeys(joined);
            name = joined.name(); // the server knows us by our token: a /nick we never heard of counts
            if (!joined.room().isEmpty()) {
                room = joined.room();
            }
            heard(clock.getAsLong());
            if (state == State.RECONNECTING) {
                state = State.ACTIVE;
            }
            if (!heldToSayAgain.isEmpty()) {
                heldUntilMillis = lastHeardMillis + LINE_IDS_WAIT.toMillis(); // its word may have been lost meanwhile
            }
            sendTyped(lastHeardMillis); // what was typed while we were away
        }
    }

    /**
     * The server had forgotten our session (it restarted, or let it expire) and gave us a new one under
     * the same name: numbering starts again, and what the old session never acknowledged is returned, so
     * the user can be told it may not have arrived. The sender may go on.
     */
    List<String> restarted(Handshake.Joined joined) {
        return restarted(joined, false);
    }

    /**
     * As {@link #restarted(Handshake.Joined)}, at {@code anotherNode} or not: at another node of a cluster than
     * the one lost, our lines the room has not sent back (with their line ids, which its log takes once) are said
     * again first, in the order said and before what was typed meanwhile, and are not among those returned; they
     * wait for the new node to say it takes line ids, up to {@link #LINE_IDS_WAIT}, and what was typed meanwhile
     * waits behind them (see {@link #takeLinesNotSaidAgain} for when the word never comes). The node lost may have
     * taken them or not, and may have died before it could tell us; at the same server, back without our session
     * (it restarted), there is no log that would know them, and they are returned as before.
     */
    List<String> restarted(Handshake.Joined joined, boolean anotherNode) {
        synchronized (lock) {
            List<Outgoing> sayAgain = new ArrayList<>(heldToSayAgain); // still waiting for the last node's word
            heldToSayAgain.clear();
            List<String> unacknowledged = new ArrayList<>();
            if (anotherNode) {
                sayAgain.addAll(unheard.takeAll());
            } else {
                sayAgain.forEach(line -> line.said().ifPresent(unacknowledged::add));
                sayAgain.clear();
            }
            unheard.clear();
            outgoing.forEachUnacked((message, seq) -> {
                if (sayAgain.stream().noneMatch(line -> line == message)) {
                    message.said().ifPresent(unacknowledged::add);
                }
            });
            heldToSayAgain.addAll(sayAgain);
            serverTakesLineIds = false; // a new session: its server has said nothing yet
            takeKeys(joined);
            name = joined.name();
            if (!joined.room().isEmpty()) {
                room = joined.room();
            }
            outgoing = newWindow();
            slowedDown = false;
            pingsUnanswered = 0;
            incoming = new ReorderBuffer<>(RECEIVE_WINDOW);
            acks = new AckSchedule();
            long now = clock.getAsLong();
            heard(now);
            lastSentMillis = now;
            heldUntilMillis = now + LINE_IDS_WAIT.toMillis();
            if (state == State.RECONNECTING) {
                state = State.ACTIVE;
            }
            sendTyped(now); // what was typed while we were away goes in the new session, unless lines are held
            return unacknowledged;
        }
    }

    /**
     * The reconnection's token, keys and resumption secret replace ours; our old keys are erased (and the new
     * ones too, if the session ended meanwhile: nothing will use them).
     */
    private void takeKeys(Handshake.Joined joined) {
        if (joined.cipher() != cipher) {
            cipher.destroy();
        }
        if (state == State.ENDED) {
            joined.cipher().destroy();
        }
        cipher = joined.cipher();
        token = joined.token();
        resumption = joined.resumption();
        unknownHintSinceMillis = NO_HINT;
        keysExhausted = false;
    }

    /**
     * How many lines the user typed the server has not acknowledged: sent and unacknowledged, or waiting
     * here to be sent. What a SLOWED_DOWN tells them waits.
     */
    int linesWaiting() {
        synchronized (lock) {
            return unacknowledgedLines() + typedLines();
        }
    }

    /** What {@link #dropUnsent} counts: see there. */
    private int linesMayNotReach() {
        boolean sentMayBeLost = slowedDown || state == State.RECONNECTING;
        return typedLines() + (sentMayBeLost ? unacknowledgedLines() : 0);
    }

    /** The user's lines sent and not acknowledged. */
    private int unacknowledgedLines() {
        int[] sent = {0};
        outgoing.forEachUnacked((message, seq) -> sent[0] += isLine(message) ? 1 : 0);
        return sent[0];
    }

    /** The user's lines waiting here to be sent: typed, or held to be said again. */
    private int typedLines() {
        return (int) typed.stream().filter(NativeSession::isLine).count() + heldToSayAgain.size();
    }

    /** Whether the server told us it holds our lines back, and has not acknowledged all we sent since. */
    boolean isSlowedDown() {
        synchronized (lock) {
            return slowedDown;
        }
    }

    /** Whether {@link #awaitLinesAcknowledged} is waiting for the server: for tests. */
    boolean isFinishing() {
        synchronized (lock) {
            return finishing;
        }
    }

    /** Whether the user typed it: every message we send reliably but the quit. */
    private static boolean isLine(Outgoing message) {
        return !(message instanceof Outgoing.Quit);
    }

    /** The reliability state in one line, for diagnosing a stall. */
    @Override
    public String toString() {
        synchronized (lock) {
            long now = clock.getAsLong();
            return String.format(
                    "%s %s: sent %d..%d unacknowledged (next due in %d ms), %d typed waiting, %d held for the server's"
                            + " word on line ids, received up to %d with %d waiting, heard %d ms ago, sent %d ms ago",
                    name,
                    state,
                    outgoing.acknowledged() + 1,
                    outgoing.nextSeq() - 1,
                    outgoing.isEmpty() ? -1 : outgoing.nextDeadlineMillis() - now,
                    typed.size(),
                    heldToSayAgain.size(),
                    incoming.cumulativeAck(),
                    incoming.waitingCount(),
                    now - lastHeardMillis,
                    now - lastSentMillis);
        }
    }

    private static SendWindow<Outgoing> newWindow() {
        return new SendWindow<>(SEND_WINDOW, false); // acknowledgements wait for the room: see PingRule.MEASURE_MILLIS
    }

    /** The current retransmission timeout, for tests. */
    long retransmitTimeoutMillis() {
        synchronized (lock) {
            return outgoing.timer().rto();
        }
    }

    /** Ends the session with {@code status}; the first end wins. Any thread. */
    void end(ExitStatus status) {
        synchronized (lock) {
            if (state != State.ENDED) {
                cipher.destroy(); // nothing is sealed or opened after the end
            }
            state = State.ENDED;
            lock.notifyAll();
        }
        end.end(status);
    }

    @Override
    public boolean hasEnded() {
        return end.hasEnded();
    }

    @Override
    public ExitStatus awaitEnd() throws InterruptedException {
        return end.await();
    }

    /** The server was heard from: whatever we asked of it has its answer. */
    private void heard(long now) {
        lastHeardMillis = now;
        awaitingAnswerSinceMillis = PingRule.NOT_AWAITING;
    }

    private NativeClientPacket packetFor(Outgoing message, long seq) {
        return message.packet(token, seq, incoming.cumulativeAck());
    }

    private void acknowledgeNow(long now) {
        send(new NativeClientPacket.Ack(token, incoming.cumulativeAck()), now);
    }

    /**
     * Seals and sends; every session datagram but the path response carries the ack field: it settles what
     * was owed. Keys that can seal no more (after years) make the timers ask for a new handshake.
     */
    private void send(NativeClientPacket packet, long now) {
        if (state == State.ENDED || keysExhausted) {
            return;
        }
        try {
            outbox.send(cipher.seal(token, packet, now));
        } catch (SealException e) {
            Logger.warn("this session's keys can seal no more ({}): shaking hands again", e.getMessage());
            keysExhausted = true;
            return;
        }
        lastSentMillis = now;
        if (!(packet instanceof NativeClientPacket.PathResponse)) {
            acks.onAckSent();
        }
    }
}
