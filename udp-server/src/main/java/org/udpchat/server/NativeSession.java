package org.udpchat.server;

import java.net.InetSocketAddress;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;

/**
 * The server's half of one native client's session: its secret token, the events sent to it and not yet
 * acknowledged, its messages waiting behind a gap, and when it is owed an acknowledgement. Owned by the
 * relay thread.
 */
final class NativeSession {

    /**
     * Events in flight to one member at most. A member this far behind has stopped keeping up; dropping
     * it bounds the server's memory and keeps the room moving.
     */
    static final int EVENT_WINDOW = 512;

    /** A client's messages the server holds behind a gap, at most. */
    static final int INBOUND_WINDOW = 256;

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
    private InetSocketAddress challengedAddress;
    private long challengeNonce;

    NativeSession(long token) {
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

    /** Stops serving the room and waits, until {@code deadlineMillis} at most, for the last event's ack. */
    void endAfterLastEvent(State ending, long deadlineMillis) {
        state = ending;
        endDeadlineMillis = deadlineMillis;
    }

    long endDeadlineMillis() {
        return endDeadlineMillis;
    }

    /** Remembers that {@code address} was sent {@code nonce} to prove it receives there. */
    void challenge(InetSocketAddress address, long nonce) {
        challengedAddress = address;
        challengeNonce = nonce;
    }

    /** Whether {@code nonce} from {@code address} answers the outstanding path challenge. */
    boolean answersChallenge(InetSocketAddress address, long nonce) {
        return challengedAddress != null && challengedAddress.equals(address) && challengeNonce == nonce;
    }

    boolean hasChallenged(InetSocketAddress address) {
        return address.equals(challengedAddress);
    }

    void clearChallenge() {
        challengedAddress = null;
    }
}
