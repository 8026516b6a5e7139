package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The server's half of one native client's session: its token (a routing hint, not a secret), the keys
 * that seal and open its datagrams, and the resumption secret that takes it back; the events sent to it and not yet
 * acknowledged, and those waiting for room in that window (its backlog, which concerns this member alone:
 * nobody else waits for it); its messages waiting behind a gap, or held back by flood control; and when it
 * is owed an acknowledgement. Owned by the relay thread.
 */
final class Session {

    /** Events in flight to one member at most; more wait in its backlog, bounded by {@link Backlog}. */
    static final int EVENT_WINDOW = 1024;

    /** A client's messages the server holds, received but not yet relayed, at most: its whole window. */
    static final int MAX_HELD = 64;

    /** A client's messages the server holds behind a gap, at most: the client's whole window, no more. */
    static final int INBOUND_WINDOW = MAX_HELD;

    /** Where a session stands. */
    enum State {
        ACTIVE,
        /** Removed by the operator: only waiting for the kick notice to be acknowledged. */
        KICKED,
        /** The room is closing: only waiting for the closing notice to be acknowledged. */
        CLOSING
    }

    private long token;
    private SessionCipher cipher;
    private ResumptionSecret resumption;
    private boolean resumed;
    /**
     * Whether its client is known to have heard of it: it sent something under its keys other than its login, or
     * took it back with its own resumption secret. Until then the keys of the session it was made for (another
     * node's) may take it up again (see {@code NativeHandshake}).
     */
    private boolean knownToClient;
    // The window, the reorder buffer and the queues below start empty and grow as they are used: most
    // sessions are idle most of the time, and a server holds ten thousand of them (a queue's default
    // 16 slots, three times over, would cost more than the rest of an idle session).
    private final SendWindow<byte[]> events = new SendWindow<>(EVENT_WINDOW);
    /** Event bodies the window has no room for yet, oldest first. */
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>(0);
    /** Bytes of the event bodies in the window and waiting. */
    private long outstandingBytes;
    /** When an acknowledgement last took something off the window, or the window last began to fill. */
    private long lastProgressMillis;

    /**
     * A private message owed to the client: {@code sent} is the body as it went out (the message itself,
     * or a HISTORY around it when told again after a lapse), {@code message} the message's own body, and
     * when it was first relayed by the wall clock.
     */
    record OwedPrivate(byte[] sent, byte[] message, long atMillis) {}

    /**
     * The private messages among the events owed, oldest first, so that a session that expires leaves them
     * for its client's return (see {@link CatchUp}); null until the first. Acknowledgements take them off in
     * order, as the events are numbered in the order they were taken.
     */
    private ArrayDeque<OwedPrivate> owedPrivates;

    private final ReorderBuffer<NativeClientPacket> inbound = new ReorderBuffer<>(INBOUND_WINDOW);
    /** The client's messages received in order and held back (by flood control), oldest first. */
    private final ArrayDeque<NativeClientPacket> held = new ArrayDeque<>(0);
    /** Whether the client was told it is slowed down since its held messages last ran out. */
    private boolean toldSlowedDown;

    private final AckSchedule acks = new AckSchedule();
    private State state = State.ACTIVE;
    private long endDeadlineMillis = Long.MAX_VALUE;
    /** Path challenges sent and not yet answered, newest last: an answer to any of them counts. */
    private final ArrayDeque<Challenge> challenges = new ArrayDeque<>(0);

    Session(long token, SessionCipher cipher, ResumptionSecret resumption) {
        this.token = token;
        this.cipher = cipher;
        this.resumption = resumption;
    }

    long token() {
        return token;
    }

    /** What seals every datagram to the client and opens every datagram from it. */
    SessionCipher cipher() {
        return cipher;
    }

    /** What the client shows, sealed, to take this session back. */
    ResumptionSecret resumption() {
        return resumption;
    }

    /**
     * The client proved this session (its resumption secret) in a new handshake: the session goes on under
     * that handshake's {@code newToken} and {@code newCipher}, with {@code newResumption} for next time. The
     * old keys are erased at once; the caller re-indexes the session by its new token.
     */
    void rekeyed(long newToken, SessionCipher newCipher, ResumptionSecret newResumption) {
        cipher.destroy();
        token = newToken;
        cipher = newCipher;
        resumption = newResumption;
        resumed = true;
        knownToClient = true; // it showed this session's own secret
    }

    /**
     * As {@link #rekeyed}, for a client that never heard of this session (the attempt that made it was given up
     * before its WELCOME came): still new to it, so its WELCOME says what it said before.
     */
    void restarted(long newToken, SessionCipher newCipher, ResumptionSecret newResumption) {
        boolean wasResumed = resumed;
        rekeyed(newToken, newCipher, newResumption);
        resumed = wasResumed;
        knownToClient = false;
    }

    /** Its client sent something under its keys other than its login: it has heard of this session. */
    void heardFromClient() {
        knownToClient = true;
    }

    boolean isKnownToClient() {
        return knownToClient;
    }

    /**
     * Whether the handshake that gave this session its current keys took it back rather than opening it: what
     * the WELCOME says, so that the client knows whether the numbering goes on or starts again.
     */
    boolean wasResumed() {
        return resumed;
    }

    SendWindow<byte[]> events() {
        return events;
    }

    ReorderBuffer<NativeClientPacket> inbound() {
        return inbound;
    }

    AckSchedule acks() {
        return acks;
    }

    State state() {
        return state;
    }

    // --- events to the client -----------------------------------------------------------------------

    /** Events sent and not acknowledged, and events waiting to be sent. */
    int outstandingEvents() {
        return events.inFlight() + waiting.size();
    }

    long outstandingBytes() {
        return outstandingBytes;
    }

    /**
     * Takes {@code body} to send: into the window if it has room and nothing waits before it (the return is
     * its sequence number), else behind what waits (the return is 0).
     */
    long take(byte[] body, long nowMillis) {
        if (outstandingEvents() == 0) {
            lastProgressMillis = nowMillis; // the clock of progress starts with the first event owed
        }
        outstandingBytes += body.length;
        if (waiting.isEmpty() && !events.isFull()) {
            return events.add(body, nowMillis);
        }
        waiting.add(body);
        return 0;
    }

    /**
     * {@code sent}, just {@linkplain #take taken}, carries the private message {@code message} (the same
     * array when relayed live, a HISTORY around it when told again) first relayed at {@code atMillis}.
     */
    void owesPrivate(byte[] sent, byte[] message, long atMillis) {
        if (owedPrivates == null) {
            owedPrivates = new ArrayDeque<>(4);
        }
        owedPrivates.add(new OwedPrivate(sent, message, atMillis));
    }

    /** The private messages owed (sent and unacknowledged, or waiting), oldest first. */
    List<OwedPrivate> owedPrivates() {
        return owedPrivates == null ? List.of() : List.copyOf(owedPrivates);
    }

    /** The bodies of every event owed, oldest first: sent and unacknowledged, then waiting. */
    List<byte[]> owedBodies() {
        List<byte[]> owed = new ArrayList<>(outstandingEvents());
        for (long seq = events.acknowledged() + 1; seq < events.nextSeq(); seq++) {
            owed.add(events.payload(seq));
        }
        owed.addAll(waiting);
        return owed;
    }

    /** The next waiting event the window now has room for, or null. The caller sends it. */
    byte[] nextWaiting() {
        return events.isFull() ? null : waiting.poll();
    }

    /** Takes an acknowledgement of every event up to {@code ack}; returns how many it newly covered. */
    int onAck(long ack, long nowMillis) {
        if (ack > events.acknowledged() && ack < events.nextSeq()) { // else the window ignores it too
            for (long seq = events.acknowledged() + 1; seq <= ack; seq++) {
                byte[] body = events.payload(seq);
                outstandingBytes -= body.length;
                if (owedPrivates != null
                        && !owedPrivates.isEmpty()
                        && owedPrivates.peekFirst().sent() == body) {
                    owedPrivates.pollFirst();
                }
            }
        }
        int acknowledged = events.onAck(ack, nowMillis);
        if (acknowledged > 0) {
            lastProgressMillis = nowMillis;
        }
        return acknowledged;
    }

    /**
     * Starts the clock of progress again: the member is back after losing touch (a resumed session, a path
     * that moved), and was in no state to acknowledge meanwhile; its silence was the session timeout's
     * business, not a stall.
     */
    void restartProgressClock(long nowMillis) {
        lastProgressMillis = nowMillis;
    }

    /** When the clock of progress last started: meaningful while events are owed. */
    long progressClockMillis() {
        return lastProgressMillis;
    }

    /** How long events have been owed to this member with no acknowledgement taking any of them. */
    long stalledFor(long nowMillis) {
        return outstandingEvents() == 0 ? 0 : nowMillis - lastProgressMillis;
    }

    // --- the client's messages ----------------------------------------------------------------------

    /**
     * What to acknowledge: every message received in order, less those still held back. An
     * acknowledgement means "relayed", so a client's window fills while its messages are held, and the
     * server never holds more than {@link #MAX_HELD} of them.
     */
    long processedAck() {
        return inbound.cumulativeAck() - held.size();
    }

    ArrayDeque<NativeClientPacket> held() {
        return held;
    }

    /** Whether the client is to be told it is slowed down now: once, until its held messages run out. */
    boolean tellSlowedDown() {
        if (toldSlowedDown) {
            return false;
        }
        toldSlowedDown = true;
        return true;
    }

    /** Its held messages ran out: next time they are held, it is told again. */
    void caughtUp() {
        toldSlowedDown = false;
    }

    /** Stops serving the room and waits, until {@code deadlineMillis} at most, for the last event's ack. */
    void endAfterLastEvent(State ending, long deadlineMillis) {
        state = ending;
        endDeadlineMillis = deadlineMillis;
    }

    long endDeadlineMillis() {
        return endDeadlineMillis;
    }

    /** Challenges remembered at once: enough for the answers in flight, few enough to scan. */
    static final int OUTSTANDING_CHALLENGES = 4;

    /** A path challenge is fresh this long: ample for a round trip, too short to hoard answers. */
    static final long CHALLENGE_LIFETIME_MILLIS = 10_000;

    private record Challenge(InetSocketAddress address, long nonce, long sentMillis) {}

    /** Remembers that {@code address} was sent {@code nonce} at {@code nowMillis}, to prove it receives there. */
    void challenge(InetSocketAddress address, long nonce, long nowMillis) {
        if (challenges.size() == OUTSTANDING_CHALLENGES) {
            challenges.removeFirst();
        }
        challenges.addLast(new Challenge(address, nonce, nowMillis));
    }

    /** Whether {@code nonce} from {@code address} answers a fresh path challenge sent there. */
    boolean answersChallenge(InetSocketAddress address, long nonce, long nowMillis) {
        for (Challenge challenge : challenges) {
            if (challenge.address().equals(address)
                    && challenge.nonce() == nonce
                    && nowMillis - challenge.sentMillis() <= CHALLENGE_LIFETIME_MILLIS) {
                return true;
            }
        }
        return false;
    }

    void clearChallenges() {
        challenges.clear();
    }
}
