package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.Consumer;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;
import org.udpchat.codec.reliability.ReorderBuffer;
import org.udpchat.codec.reliability.SendWindow;

/**
 * One native member of the probe that behaves as the project's client does: the handshake
 * ({@link MemberHandshake}), everything after it sealed and opened with its own {@link MemberSession}, chats
 * numbered in a window of 64 and resent on the client's timeouts, events taken in order and once
 * (a reorder buffer of 1024) and acknowledged on the client's schedule, a ping after 5 s of quiet. Its
 * round trip is measured once, on the login (the client measures it on pings; on loopback both give the
 * 200 ms floor). A path challenge is answered, as the client answers it. Owned by one thread; the
 * {@code static} helpers also serve the adversaries, which break these rules on purpose.
 */
final class ProbeMember {

    /** As the client: messages in flight at most. */
    static final int SEND_WINDOW = 64;

    /** As the client: events it keeps that arrive ahead of a gap. */
    private static final int RECEIVE_WINDOW = 1024;

    /** The client's join: retries every half second for 5 s. */
    private static final Duration JOIN_RETRY = Duration.ofMillis(500);

    private static final Duration JOIN_LIMIT = Duration.ofSeconds(5);

    private final DatagramChannel channel;
    private final String name;
    private final MemberSession session;
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final SendWindow<String> outgoing = new SendWindow<>(SEND_WINDOW, false);
    private final ReorderBuffer<RoomEvent> incoming = new ReorderBuffer<>(RECEIVE_WINDOW);
    private final AckSchedule acks = new AckSchedule();
    private long lastSentMillis;
    private long resent;
    private EndReason ended;
    private boolean unknownToServer;

    private ProbeMember(DatagramChannel channel, String name, MemberSession session) {
        this.channel = channel;
        this.name = name;
        this.session = session;
        outgoing.onRoundTrip(session.roundTripMillis());
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
     * The native handshake over {@code channel} (non-blocking, connected): HELLO, INIT, sealed LOGIN, each
     * step resent every half second for up to 5 s ({@link MemberHandshake#join}).
     *
     * @throws IOException if the server refused the login, or did not answer
     */
    static MemberSession handshake(DatagramChannel channel, String name) throws IOException {
        return MemberHandshake.join(channel, name, NoiseKeyPair.generator(new SecureRandom()), JOIN_RETRY, JOIN_LIMIT);
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

    /** Whether the session is over: ended, or its token unknown to the server (an UNKNOWN in clear). */
    boolean isGone() {
        return ended != null || unknownToServer;
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
     * Takes a datagram from the server: what does not open is dropped; events are handed to {@code onEvent}
     * in order and once, acknowledgements free the window, an ENDED ends the member.
     */
    void onDatagram(ByteBuffer datagram, long nowMillis, Consumer<RoomEvent> onEvent) throws IOException {
        NativeServerPacket packet = session.openPacket(datagram);
        if (packet == null) {
            unknownToServer |= session.isUnknownToServer(datagram);
            return;
        }
        if (packet instanceof NativeServerPacket.Event event) {
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
        } else if (packet instanceof NativeServerPacket.Ack ack) {
            if (ack.ack() == outgoing.acknowledged()) {
                outgoing.onDuplicateAck(nowMillis);
            }
            outgoing.onAck(ack.ack(), nowMillis);
        } else if (packet instanceof NativeServerPacket.Pong pong) {
            outgoing.onAck(pong.ack(), nowMillis);
        } else if (packet instanceof NativeServerPacket.PathChallenge challenge) {
            send(new NativeClientPacket.PathResponse(session.token(), challenge.nonce()), nowMillis);
        } else if (packet instanceof NativeServerPacket.Ended end) {
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
            send(new NativeClientPacket.Ping(session.token(), incoming.cumulativeAck()), nowMillis);
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
        send(new NativeClientPacket.Chat(session.token(), seq, incoming.cumulativeAck(), text), nowMillis);
    }

    private void acknowledge(long nowMillis) throws IOException {
        send(new NativeClientPacket.Ack(session.token(), incoming.cumulativeAck()), nowMillis);
    }

    /** Every session datagram carries the acknowledgement, so each counts as one. */
    private void send(NativeClientPacket packet, long nowMillis) throws IOException {
        send(channel, session, plain, out, packet);
        acks.onAckSent();
        lastSentMillis = nowMillis;
    }

    /** Seals {@code packet} with {@code session}'s cipher (through the caller's buffers) and sends it. */
    static void send(
            DatagramChannel channel, MemberSession session, ByteBuffer plain, ByteBuffer out, NativeClientPacket packet)
            throws IOException {
        session.seal(packet, plain, out, nowMillis());
        channel.write(out);
    }
}
