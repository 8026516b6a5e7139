package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;

/**
 * One native member of the probe that behaves as the project's client does: the handshake with a nonce,
 * chats numbered in a window of 64 and resent on the client's timeouts, events taken in order and once
 * (a reorder buffer of 1024) and acknowledged on the client's schedule, a ping after 5 s of quiet. Its
 * round trip is measured once, on the login (the client measures it on pings; on loopback both give the
 * 200 ms floor). Owned by one thread; the {@code static} helpers also serve the adversaries, which break
 * these rules on purpose.
 */
final class ProbeMember {

    /** As the client: messages in flight at most. */
    static final int SEND_WINDOW = 64;

    /** As the client: events it keeps that arrive ahead of a gap. */
    private static final int RECEIVE_WINDOW = 1024;

    /** The client's join: retries every half second for 5 s. */
    private static final Duration JOIN_RETRY = Duration.ofMillis(500);

    private static final Duration JOIN_LIMIT = Duration.ofSeconds(5);

    /** What a handshake gave: the session's token, and the login's round trip. */
    record Welcomed(long token, long roundTripMillis) {}

    private final DatagramChannel channel;
    private final String name;
    private final long token;
    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final SendWindow<String> outgoing = new SendWindow<>(SEND_WINDOW, false);
    private final ReorderBuffer<RoomEvent> incoming = new ReorderBuffer<>(RECEIVE_WINDOW);
    private final AckSchedule acks = new AckSchedule();
    private long lastSentMillis;
    private long resent;
    private EndReason ended;

    private ProbeMember(DatagramChannel channel, String name, Welcomed welcomed) {
        this.channel = channel;
        this.name = name;
        this.token = welcomed.token();
        outgoing.onRoundTrip(welcomed.roundTripMillis());
        lastSentMillis = nowMillis();
    }

    /** Opens a channel from {@code from} to {@code server} and joins the lobby as {@code name}. */
    static ProbeMember join(InetSocketAddress server, InetAddress from, String name) throws IOException {
        DatagramChannel channel = open(server, from);
        try {
            return new ProbeMember(channel, name, handshake(channel, name));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A non-blocking channel bound to an ephemeral port of {@code from}, connected to {@code server}. */
    static DatagramChannel open(InetSocketAddress server, InetAddress from) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(server);
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The native handshake over {@code channel} (non-blocking, connected): HELLO, CHALLENGE, LOGIN,
     * WELCOME, each step resent every half second for up to 5 s.
     *
     * @throws IOException if the server refused the login, or did not answer
     */
    static Welcomed handshake(DatagramChannel channel, String name) throws IOException {
        long nonce = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        ByteBuffer answer = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        Object[] reply = new Object[1]; // the cookie, then the welcome or the refusal
        long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Cookie cookie = reply[0] instanceof Cookie c ? c : null;
            long sentAt = System.nanoTime();
            send(
                    channel,
                    out,
                    cookie == null
                            ? new NativeClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES)
                            : new NativeClientPacket.Login(cookie, 0, nonce, name, ""));
            Answers.await(channel, answer, JOIN_RETRY, bytes -> {
                NativeServerPacket packet = decode(bytes);
                if (packet instanceof NativeServerPacket.Challenge challenge && challenge.nonce() == nonce) {
                    reply[0] = challenge.cookie();
                    return true;
                }
                if (packet instanceof NativeServerPacket.Welcome welcome && welcome.nonce() == nonce) {
                    reply[0] = new Welcomed(welcome.token(), (System.nanoTime() - sentAt) / 1_000_000);
                    return true;
                }
                if (packet instanceof NativeServerPacket.Refused refused && refused.nonce() == nonce) {
                    reply[0] = refused;
                    return true;
                }
                return false;
            });
            if (reply[0] instanceof Welcomed welcomed) {
                return welcomed;
            }
            if (reply[0] instanceof NativeServerPacket.Refused refused) {
                throw new IOException(name + " was refused: " + refused.reason() + " (" + refused.limit() + ")");
            }
        }
        throw new IOException(name + " was not welcomed within " + JOIN_LIMIT.toSeconds() + " s: is the server up?");
    }

    String name() {
        return name;
    }

    DatagramChannel channel() {
        return channel;
    }

    /** Why the server ended the session, or null while it lives. */
    EndReason ended() {
        return ended;
    }

    /** Chats sent again after a timeout or a repeated acknowledgement. */
    long resent() {
        return resent;
    }

    /** Says {@code text} if the window has room; returns whether it did. */
    boolean say(String text, long nowMillis) throws IOException {
        if (outgoing.isFull()) {
            return false;
        }
        sendChat(outgoing.add(text, nowMillis), text, nowMillis);
        return true;
    }

    /**
     * Takes a datagram from the server: events are handed to {@code onEvent} in order and once,
     * acknowledgements free the window, an ENDED ends the member.
     */
    void onDatagram(ByteBuffer datagram, long nowMillis, Consumer<RoomEvent> onEvent) throws IOException {
        NativeServerPacket packet = decode(datagram);
        if (packet instanceof NativeServerPacket.Event event && event.token() == token) {
            outgoing.onAck(event.ack(), nowMillis);
            ReorderBuffer.Arrival arrival = incoming.accept(event.seq(), event.event(), e -> {
                acks.onDelivered(nowMillis);
                onEvent.accept(e);
            });
            if (arrival != ReorderBuffer.Arrival.DELIVERED) {
                acks.onIrregular();
            }
            if (acks.isDue(nowMillis)) {
                acknowledge(nowMillis);
            }
        } else if (packet instanceof NativeServerPacket.Ack ack && ack.token() == token) {
            if (ack.ack() == outgoing.acknowledged()) {
                outgoing.onDuplicateAck(nowMillis);
            }
            outgoing.onAck(ack.ack(), nowMillis);
        } else if (packet instanceof NativeServerPacket.Pong pong && pong.token() == token) {
            outgoing.onAck(pong.ack(), nowMillis);
        } else if (packet instanceof NativeServerPacket.Ended end && end.token() == token) {
            ended = end.reason();
        }
    }

    /** Resends what is overdue, acknowledges what is owed, pings when quiet. */
    void onTimers(long nowMillis) throws IOException {
        resent += outgoing.resendDue(nowMillis, (text, seq) -> {
            try {
                sendChat(seq, text, nowMillis);
            } catch (IOException e) {
                throw new IllegalStateException("could not resend on loopback", e);
            }
        });
        if (acks.isDue(nowMillis)) {
            acknowledge(nowMillis);
        }
        if (nowMillis - lastSentMillis >= PingRule.HEARTBEAT_MILLIS) {
            send(new NativeClientPacket.Ping(token, incoming.cumulativeAck()), nowMillis);
        }
    }

    /** When {@link #onTimers} next has work. */
    long nextDeadlineMillis() {
        return Math.min(
                Math.min(outgoing.nextDeadlineMillis(), acks.deadlineMillis()),
                lastSentMillis + PingRule.HEARTBEAT_MILLIS);
    }

    /** The clock of the members' timers: milliseconds of {@link System#nanoTime}. */
    static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }

    private void sendChat(long seq, String text, long nowMillis) throws IOException {
        send(new NativeClientPacket.Chat(token, seq, incoming.cumulativeAck(), text), nowMillis);
    }

    private void acknowledge(long nowMillis) throws IOException {
        send(new NativeClientPacket.Ack(token, incoming.cumulativeAck()), nowMillis);
    }

    /** Every session datagram carries the acknowledgement, so each counts as one. */
    private void send(NativeClientPacket packet, long nowMillis) throws IOException {
        send(channel, out, packet);
        acks.onAckSent();
        lastSentMillis = nowMillis;
    }

    static void send(DatagramChannel channel, ByteBuffer out, NativeClientPacket packet) throws IOException {
        out.clear();
        NativeCodec.encode(packet, out);
        out.flip();
        channel.write(out);
    }

    static NativeServerPacket decode(ByteBuffer datagram) {
        try {
            return NativeCodec.decodeServerPacket(datagram);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("the server sent a datagram the probe cannot read", e);
        }
    }
}
