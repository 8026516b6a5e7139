package org.udpchat.client.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.SendWindow;

/**
 * Load members speaking the native protocol as the project's client does: the cookie round trip and the
 * Noise handshake ({@link MemberHandshake}), every datagram after it sealed and opened with the member's own
 * {@link MemberSession}, as a real client's are, so the relay seals and opens as much as it would; chats
 * numbered per member, every event taken in order once and acknowledged on the client's schedule
 * ({@link AckSchedule}: every {@value AckSchedule#EVERY} events, or {@value AckSchedule#DELAY_MILLIS} ms after the first unacknowledged one), and its own chats
 * resent on the client's timer ({@link SendWindow}) until the relay acknowledges them: a relay that stalls
 * on a busy machine overflows its socket buffer, and a chat it lost would otherwise hold back every later
 * one of that member for good. An event that comes out of order is not taken: the relay sends it again.
 */
final class NativeLoad implements LoadProtocol {

    /** A member's chats in flight at most; more than the client's 64, for a sender at hundreds a second. */
    private static final int CHAT_WINDOW = 256;

    private final MemberSession[] session;
    private final List<SendWindow<String>> unacknowledged = new ArrayList<>();
    private final long[] delivered;
    private final AckSchedule[] acks;
    private final String[] names;
    private final String[] roomOf;
    private final byte[][] nameBytes;
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final Supplier<NoiseKeyPair> ephemerals = NoiseKeyPair.generator(new SecureRandom());
    private long lastNumber;
    private int lastSpeaker = -1;

    NativeLoad(int members) {
        this(new String[members]);
    }

    /** Members each joining their own room, {@code roomOf[i]} member i's (null or empty: the server's default). */
    NativeLoad(String[] roomOf) {
        int members = roomOf.length;
        this.roomOf = roomOf.clone();
        session = new MemberSession[members];
        delivered = new long[members];
        acks = new AckSchedule[members];
        names = new String[members];
        nameBytes = new byte[members][];
        for (int i = 0; i < members; i++) {
            acks[i] = new AckSchedule();
            unacknowledged.add(new SendWindow<>(CHAT_WINDOW, false));
            names[i] = "m" + i;
            nameBytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void join(int index, DatagramChannel channel) throws IOException {
        try {
            session[index] = MemberHandshake.join(
                    channel,
                    names[index],
                    roomOf[index] == null ? "" : roomOf[index],
                    ephemerals,
                    Duration.ofMillis(200),
                    Duration.ofSeconds(5));
        } catch (IOException e) {
            throw new IOException("member " + names[index] + " was not welcomed: " + e.getMessage(), e);
        }
    }

    @Override
    public void say(int index, DatagramChannel channel, long number) throws IOException {
        SendWindow<String> chats = unacknowledged.get(index);
        if (chats.isFull()) {
            return; // the relay has acknowledged none of a whole window: this chat is lost, and counted so
        }
        String text = Long.toString(number);
        sendChat(index, channel, chats.add(text, System.nanoTime() / 1_000_000), text);
    }

    private void sendChat(int index, DatagramChannel channel, long seq, String text) throws IOException {
        send(index, channel, new NativeClientPacket.Chat(session[index].token(), seq, delivered[index], text));
        acks[index].onAckSent();
    }

    @Override
    public Arrival onDatagram(int index, DatagramChannel channel, ByteBuffer datagram) throws IOException {
        long now = System.nanoTime() / 1_000_000;
        ByteBuffer opened = session[index].open(datagram);
        if (opened == null) {
            return Arrival.OTHER; // not sealed by the relay for this member: dropped, as the client drops it
        }
        if (SaidView.isEvent(opened)) {
            return onEvent(index, channel, opened, now);
        }
        if (MemberSession.decode(opened) instanceof NativeServerPacket.Ack ack) {
            unacknowledged.get(index).onAck(ack.ack(), now);
        }
        return Arrival.OTHER; // acknowledgements, pongs
    }

    /**
     * An event, opened and read in place ({@link SaidView}): the load program takes a hundred thousand a
     * second on the cores the relay it measures needs, so it decodes none of them into records and strings.
     */
    private Arrival onEvent(int index, DatagramChannel channel, ByteBuffer event, long now) throws IOException {
        if (SaidView.seq(event) != delivered[index] + 1) {
            return Arrival.OTHER; // a repeat, or one after a loss, which is sent again
        }
        unacknowledged.get(index).onAck(SaidView.ack(event), now);
        delivered[index]++;
        acks[index].onDelivered(now);
        if (acks[index].isDue(now)) {
            acknowledge(index, channel);
        }
        if (!SaidView.isSaid(event)) {
            return Arrival.OTHER;
        }
        lastNumber = SaidView.number(event);
        lastSpeaker = SaidView.speakerIndex(event);
        return SaidView.isSaidBy(event, nameBytes[index]) ? Arrival.OWN_DELIVERY : Arrival.DELIVERY;
    }

    @Override
    public long lastNumber() {
        return lastNumber;
    }

    @Override
    public int lastSpeaker() {
        return lastSpeaker;
    }

    @Override
    public void onIdle(int index, DatagramChannel channel) throws IOException {
        long now = System.nanoTime() / 1_000_000;
        unacknowledged.get(index).resendDue(now, (text, seq) -> {
            try {
                sendChat(index, channel, seq, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (acks[index].isDue(now)) {
            acknowledge(index, channel);
        }
    }

    private void acknowledge(int index, DatagramChannel channel) throws IOException {
        send(index, channel, new NativeClientPacket.Ack(session[index].token(), delivered[index]));
        acks[index].onAckSent();
    }

    /** Seals and sends: every datagram after the handshake, resends too, each under a new counter. */
    private void send(int index, DatagramChannel channel, NativeClientPacket packet) throws IOException {
        session[index].seal(packet, plain, out, System.nanoTime() / 1_000_000);
        channel.write(out);
    }

    @Override
    public long unopened() {
        long unopened = 0;
        for (MemberSession member : session) {
            unopened += member == null ? 0 : member.unopened();
        }
        return unopened;
    }
}
