package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;

/**
 * Native members, {@code n<i>}, that join and then idle as the project's client does: the handshake of
 * {@link MemberHandshake} (hello, init, sealed login, each step resent after {@link #HANDSHAKE_RETRY_MILLIS}
 * unanswered), then pings on the client's {@link PingRule} and every event taken in order and acknowledged
 * on the client's {@link AckSchedule}, everything sealed and opened with the member's own
 * {@link MemberSession}. They say nothing. Each has its own channel (its own port, as a real client), all
 * in one selector, and its state lives in arrays indexed by member, so ten thousand cost the load program
 * little; a member's handshake state is let go once it is in. An event out of order is not kept: the member
 * acknowledges what it has, at once, as the client does on a gap, and the relay resends.
 */
final class NativeCrowd extends ChannelCrowd {

    /** The client retries each step of its handshake after half a second. */
    static final long HANDSHAKE_RETRY_MILLIS = 500;

    /** How often owed acknowledgements are looked at: well within the client's delay for them, AckSchedule.DELAY_MILLIS. */
    private static final long TIMER_MILLIS = 10;

    /**
     * How often every member is looked at for pings and handshake retries: well inside the client's own
     * precision for those (seconds), and rare enough that ten thousand members cost little to look at.
     */
    private static final long SCAN_MILLIS = 100;

    private static final int NOT_STARTED = 0;
    private static final int HANDSHAKING = 1;
    private static final int IN = 2;
    private static final int GONE = 3;

    private final ByteBuffer in = ByteBuffer.allocateDirect(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final Supplier<NoiseKeyPair> ephemerals = NoiseKeyPair.generator(new SecureRandom());

    private final int[] phase;
    /** Each member's join while it is {@link #HANDSHAKING}, then null. */
    private final MemberHandshake[] handshake;
    /** Each member's session once it is {@link #IN}. */
    private final MemberSession[] session;

    private final long[] handshakeSentMillis;
    private final long[] delivered;
    private final AckSchedule[] acks;
    private final long[] lastSentMillis;
    private final long[] lastPingMillis;
    /** When each member's first ping still unanswered went, or {@link PingRule#NOT_AWAITING}. */
    private final long[] awaitingSinceMillis;

    /** Members owed an acknowledgement not yet due, each once ({@link #owing}). */
    private final int[] owingQueue;

    private final boolean[] owing;
    private int owingCount;

    private int nextToStart;
    private int handshaking;
    private long lastTimersMillis;
    private long lastScanMillis;
    private long pings;
    private long pongs;
    private long acksSent;
    private long irregularEvents;
    private long probes;

    /** See {@link ChannelCrowd#ChannelCrowd}. */
    NativeCrowd(InetSocketAddress relay, int members, int handshakeWindow) throws IOException {
        super(relay, members, handshakeWindow);
        phase = new int[members];
        handshake = new MemberHandshake[members];
        session = new MemberSession[members];
        handshakeSentMillis = new long[members];
        delivered = new long[members];
        acks = new AckSchedule[members];
        lastSentMillis = new long[members];
        lastPingMillis = new long[members];
        awaitingSinceMillis = new long[members];
        owingQueue = new int[members];
        owing = new boolean[members];
        for (int i = 0; i < members; i++) {
            acks[i] = new AckSchedule();
        }
    }

    @Override
    public void run(long deadlineNanos) throws IOException {
        while (true) {
            startHandshakes();
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return;
            }
            long untilTimers = lastTimersMillis + TIMER_MILLIS - now / 1_000_000;
            long wait = Math.max(1, Math.min(untilTimers, (deadlineNanos - now) / 1_000_000 + 1));
            if (selector.select(wait) > 0) {
                for (SelectionKey key : selector.selectedKeys()) {
                    receive((Integer) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            long nowMillis = System.nanoTime() / 1_000_000;
            if (nowMillis - lastTimersMillis >= TIMER_MILLIS) {
                lastTimersMillis = nowMillis;
                acknowledgeDue(nowMillis);
            }
            if (nowMillis - lastScanMillis >= SCAN_MILLIS) {
                lastScanMillis = nowMillis;
                scan(nowMillis);
            }
        }
    }

    private void startHandshakes() throws IOException {
        long now = System.nanoTime() / 1_000_000;
        while (joining && handshaking < handshakeWindow && nextToStart < members) {
            int member = nextToStart++;
            handshaking++;
            phase[member] = HANDSHAKING;
            handshake[member] = new MemberHandshake("n" + member, "", ephemerals);
            handshake[member].start(out);
            handshakeSentMillis[member] = now;
            write(member, now);
        }
    }

    private void receive(int member) throws IOException {
        DatagramChannel channel = channels[member];
        while (true) {
            in.clear();
            if (channel.receive(in) == null) {
                return;
            }
            in.flip();
            received++;
            long nowMillis = System.nanoTime() / 1_000_000;
            if (phase[member] == HANDSHAKING) {
                onHandshake(member, nowMillis);
            } else if (phase[member] == IN) {
                NativeServerPacket packet = session[member].openPacket(in);
                if (packet != null) {
                    onPacket(member, packet, nowMillis);
                } else if (session[member].isUnknownToServer(in)) {
                    leave(member); // the relay has no keys for the member any more
                }
            }
        }
    }

    private void onHandshake(int member, long nowMillis) throws IOException {
        switch (handshake[member].onDatagram(in, out, nowMillis)) {
            case SEND -> {
                handshakeSentMillis[member] = nowMillis;
                write(member, nowMillis);
            }
            case WELCOMED -> {
                session[member] = handshake[member].session();
                handshake[member] = null;
                phase[member] = IN;
                place[member] = welcomed++;
                handshaking--;
                lastWelcomeNanos = System.nanoTime();
                awaitingSinceMillis[member] = PingRule.NOT_AWAITING;
                lastSentMillis[member] = nowMillis;
                lastPingMillis[member] = nowMillis;
            }
            case FAILED -> {
                handshake[member] = null;
                phase[member] = GONE;
                handshaking--;
                failed++;
            }
            case NOTHING -> {} // a late answer to a resent step
        }
    }

    private void onPacket(int member, NativeServerPacket packet, long nowMillis) throws IOException {
        if (packet instanceof NativeServerPacket.Event event) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
            onEvent(member, event, nowMillis);
        } else if (packet instanceof NativeServerPacket.Pong) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
            pongs++;
        } else if (packet instanceof NativeServerPacket.Ack) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
        } else if (packet instanceof NativeServerPacket.Ended) {
            leave(member);
        }
        // a WELCOME again (the answer to a resent login) changes nothing
    }

    private void leave(int member) {
        phase[member] = GONE;
        session[member].destroy();
        failed++;
    }

    private void onEvent(int member, NativeServerPacket.Event event, long nowMillis) throws IOException {
        if (event.seq() != delivered[member] + 1) {
            irregularEvents++;
            acks[member].onIrregular(); // a repeat or a gap: the client acknowledges what it has at once
            acknowledge(member, nowMillis);
            return;
        }
        delivered[member]++;
        RoomEvent what = event.event();
        if (what instanceof RoomEvent.Joined) {
            joinsHeard[member]++;
            onNotice();
        } else if (what instanceof RoomEvent.ManyJoined many) {
            joinsHeard[member] += many.total();
            onNotice();
        } else if (what instanceof RoomEvent.Left
                || what instanceof RoomEvent.ManyLeft
                || what instanceof RoomEvent.TimedOut
                || what instanceof RoomEvent.Dropped) {
            onNotice();
        }
        acks[member].onDelivered(nowMillis);
        if (acks[member].isDue(nowMillis)) {
            acknowledge(member, nowMillis);
        } else if (!owing[member]) {
            owing[member] = true;
            owingQueue[owingCount++] = member;
        }
    }

    /** Sends the acknowledgements that fell due; those not due yet stay owed. */
    private void acknowledgeDue(long nowMillis) throws IOException {
        int kept = 0;
        for (int i = 0; i < owingCount; i++) {
            int member = owingQueue[i];
            if (phase[member] == IN && acks[member].isDue(nowMillis)) {
                acknowledge(member, nowMillis);
            }
            if (phase[member] == IN && acks[member].deadlineMillis() != Long.MAX_VALUE) {
                owingQueue[kept++] = member;
            } else {
                owing[member] = false;
            }
        }
        owingCount = kept;
    }

    private void onNotice() {
        noticeDatagrams++;
        lastNoticeNanos = System.nanoTime();
    }

    private void scan(long nowMillis) throws IOException {
        for (int member = 0; member < nextToStart; member++) {
            switch (phase[member]) {
                case HANDSHAKING:
                    if (nowMillis - handshakeSentMillis[member] >= HANDSHAKE_RETRY_MILLIS) {
                        handshakeSentMillis[member] = nowMillis;
                        if (handshake[member].resend(out, nowMillis) == MemberHandshake.Step.SEND) {
                            write(member, nowMillis);
                        }
                    }
                    break;
                case IN:
                    if (PingRule.pingsAt(
                            nowMillis,
                            lastSentMillis[member],
                            lastPingMillis[member],
                            awaitingSinceMillis[member],
                            false)) {
                        lastPingMillis[member] = nowMillis;
                        if (awaitingSinceMillis[member] == PingRule.NOT_AWAITING) {
                            awaitingSinceMillis[member] = nowMillis;
                        } else {
                            probes++; // the last ping went unanswered for a while
                        }
                        pings++;
                        send(
                                member,
                                new NativeClientPacket.Ping(session[member].token(), delivered[member]),
                                nowMillis);
                        acks[member].onAckSent(); // a ping carries the acknowledgement too
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void acknowledge(int member, long nowMillis) throws IOException {
        send(member, new NativeClientPacket.Ack(session[member].token(), delivered[member]), nowMillis);
        acks[member].onAckSent();
        acksSent++;
    }

    /** Seals {@code packet} with the member's cipher and sends it. */
    private void send(int member, NativeClientPacket packet, long nowMillis) throws IOException {
        session[member].seal(packet, plain, out, nowMillis);
        write(member, nowMillis);
    }

    /** Sends what {@link #out} holds, ready to write, from the member's channel. */
    private void write(int member, long nowMillis) throws IOException {
        channels[member].write(out);
        lastSentMillis[member] = nowMillis;
        sent++;
    }

    long pings() {
        return pings;
    }

    long pongs() {
        return pongs;
    }

    /** Pings sent because an earlier one went unanswered: none, when the relay keeps up. */
    long probes() {
        return probes;
    }

    /** Datagrams members dropped because they did not open: none, against a relay that seals as it should. */
    long unopened() {
        long unopened = 0;
        for (MemberSession member : session) {
            unopened += member == null ? 0 : member.unopened();
        }
        return unopened;
    }

    long acksSent() {
        return acksSent;
    }

    /** Events that came out of order or twice: each a resend by the relay, or a loss before it. */
    long irregularEvents() {
        return irregularEvents;
    }
}
