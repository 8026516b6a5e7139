package org.udpchat.server;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;

/**
 * The server's half of one native client's session: its secret token, the events sent to it and not yet
 * acknowledged, its messages waiting behind a gap, and when it is owed an acknowledgement. Owned by the
 * relay thread.
 */
final class Session {

    /**
     * Events in flight to one member at most. A member this far behind has stopped keeping up; dropping
     * it bounds the server's memory and keeps the room moving.
     */
    static final int EVENT_WINDOW = 1024;

    /**
     * Window slots kept for the room's own notices (joins, leaves, announcements): a chat is relayed only
     * while every member has at least this many free, so a burst of chat slows the senders down (their
     * messages wait, unacknowledged) instead of overflowing anyone.
     */
    static final int CONTROL_RESERVE = 64;

    /** A client's messages the server holds, received but not yet relayed, at most: its whole window. */
    static final int MAX_PENDING = 64;

    /** A client's messages the server holds behind a gap, at most: the client's whole window, no more. */
    static final int INBOUND_WINDOW = MAX_PENDING;

    /** Where a session stands. */
    enum State {
        ACTIVE,
        /** Removed by the operator: only waiting for the kick notice to be acknowledged. */
        KICKED,
        /** The room is closing: only waiting for the closing notice to be acknowledged. */
        CLOSING
    }

    private final long token;
    private final SendWindow<byte[]> events = new SendWindow<>(EVENT_WINDOW);
    private final ReorderBuffer<NativeClientPacket> inbound = new ReorderBuffer<>(INBOUND_WINDOW);
    private final AckSchedule acks = new AckSchedule();
    private State state = State.ACTIVE;
    private long endDeadlineMillis = Long.MAX_VALUE;
    /** Path challenges sent and not yet answered, newest last: an answer to any of them counts. */
    private final ArrayDeque<Challenge> challenges = new ArrayDeque<>();

    private int pending;
    private long congestedSinceMillis = Long.MAX_VALUE;

    Session(long token) {
        this.token = token;
    }

    long token() {
        return token;
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

    /**
     * What to acknowledge: every message received in order, less those still waiting to be relayed. An
     * acknowledgement means "relayed", so a client's window fills while the room is congested, and the
     * server never holds more than {@link #MAX_PENDING} of its messages.
     */
    long processedAck() {
        return inbound.cumulativeAck() - pending;
    }

    int pending() {
        return pending;
    }

    void onQueued() {
        pending++;
    }

    void onDequeued() {
        pending--;
    }

    /** Whether a chat may be relayed to this member now: room for it, and for the notices after it. */
    boolean hasRoomForChat() {
        return events.capacity() - events.inFlight() >= CONTROL_RESERVE;
    }

    /** How long this member has been holding the room's chat up (no room for it), as of {@code nowMillis}. */
    long congestedFor(long nowMillis) {
        if (hasRoomForChat()) {
            congestedSinceMillis = Long.MAX_VALUE;
            return 0;
        }
        congestedSinceMillis = Math.min(congestedSinceMillis, nowMillis);
        return nowMillis - congestedSinceMillis;
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
