package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;

/**
 * Native members, {@code n<i>}, that join and then idle as the project's client does: a hello, a login
 * echoing the cookie (each resent after {@link #HANDSHAKE_RETRY_MILLIS} unanswered), then pings on the
 * client's {@link PingRule} and every event taken in order and acknowledged on the client's
 * {@link AckSchedule}. They say nothing. Each has its own channel (its own port, as a real client), all
 * in one selector, and its state lives in arrays indexed by member, so ten thousand cost the load program
 * little. An event out of order is not kept: the member acknowledges what it has, at once, as the client
 * does on a gap, and the relay resends.
 */
final class NativeCrowd extends ChannelCrowd {

    /** The client retries its hello and login after half a second. */
    static final long HANDSHAKE_RETRY_MILLIS = 500;

    /** How often owed acknowledgements are looked at: well within the client's delay for them, AckSchedule.DELAY_MILLIS. */
    private static final long TIMER_MILLIS = 10;

    /**
     * How often every member is looked at for pings and handshake retries: well inside the client's own
     * precision for those (seconds), and rare enough that ten thousand members cost little to look at.
     */
    private static final long SCAN_MILLIS = 100;

    private static final int NOT_STARTED = 0;
    private static final int SAID_HELLO = 1;
    private static final int LOGGED_IN = 2;
    private static final int IN = 3;
    private static final int GONE = 4;

    private final ByteBuffer in = ByteBuffer.allocateDirect(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final ByteBuffer out = ByteBuffer.allocateDirect(Limits.MAX_NATIVE_DATAGRAM_BYTES);

    private final int[] phase;
    private final Cookie[] cookie;
    private final long[] token;
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
        cookie = new Cookie[members];
        token = new long[members];
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
            phase[member] = SAID_HELLO;
            handshakeSentMillis[member] = now;
            send(member, new NativeClientPacket.Hello(member + 1L, NativeCodec.HELLO_BYTES), now);
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
            NativeServerPacket packet;
            try {
                packet = NativeCodec.decodeServerPacket(in);
            } catch (MalformedPacketException e) {
                throw new IllegalStateException("the relay sent member " + member + " a datagram it cannot read", e);
            }
            onPacket(member, packet);
        }
    }

    private void onPacket(int member, NativeServerPacket packet) throws IOException {
        long nowMillis = System.nanoTime() / 1_000_000;
        if (packet instanceof NativeServerPacket.Challenge challenge && phase[member] == SAID_HELLO) {
            cookie[member] = challenge.cookie();
            phase[member] = LOGGED_IN;
            handshakeSentMillis[member] = nowMillis;
            sendLogin(member, nowMillis);
        } else if (packet instanceof NativeServerPacket.Welcome welcome && phase[member] == LOGGED_IN) {
            token[member] = welcome.token();
            phase[member] = IN;
            place[member] = welcomed++;
            handshaking--;
            lastWelcomeNanos = System.nanoTime();
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING;
            lastSentMillis[member] = nowMillis;
            lastPingMillis[member] = nowMillis;
        } else if (packet instanceof NativeServerPacket.Refused && phase[member] < IN) {
            phase[member] = GONE;
            handshaking--;
            failed++;
        } else if (phase[member] != IN) {
            return; // a late answer to a resent handshake
        } else if (packet instanceof NativeServerPacket.Event event && event.token() == token[member]) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
            onEvent(member, event, nowMillis);
        } else if (packet instanceof NativeServerPacket.Pong pong && pong.token() == token[member]) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
            pongs++;
        } else if (packet instanceof NativeServerPacket.Ack ack && ack.token() == token[member]) {
            awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
        } else if (packet instanceof NativeServerPacket.Ended ended && ended.token() == token[member]) {
            phase[member] = GONE;
            failed++;
        }
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
                case SAID_HELLO:
                    if (nowMillis - handshakeSentMillis[member] >= HANDSHAKE_RETRY_MILLIS) {
                        handshakeSentMillis[member] = nowMillis;
                        send(member, new NativeClientPacket.Hello(member + 1L, NativeCodec.HELLO_BYTES), nowMillis);
                    }
                    break;
                case LOGGED_IN:
                    if (nowMillis - handshakeSentMillis[member] >= HANDSHAKE_RETRY_MILLIS) {
                        handshakeSentMillis[member] = nowMillis;
                        sendLogin(member, nowMillis);
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
                        send(member, new NativeClientPacket.Ping(token[member], delivered[member]), nowMillis);
                        acks[member].onAckSent(); // a ping carries the acknowledgement too
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private void sendLogin(int member, long nowMillis) throws IOException {
        send(member, new NativeClientPacket.Login(cookie[member], 0, member + 1L, "n" + member, ""), nowMillis);
    }

    private void acknowledge(int member, long nowMillis) throws IOException {
        send(member, new NativeClientPacket.Ack(token[member], delivered[member]), nowMillis);
        acks[member].onAckSent();
        acksSent++;
    }

    private void send(int member, NativeClientPacket packet, long nowMillis) throws IOException {
        out.clear();
        NativeCodec.encode(packet, out);
        out.flip();
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

    long acksSent() {
        return acksSent;
    }

    /** Events that came out of order or twice: each a resend by the relay, or a loss before it. */
    long irregularEvents() {
        return irregularEvents;
    }
}
