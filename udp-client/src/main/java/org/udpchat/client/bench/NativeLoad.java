package org.udpchat.client.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.SendWindow;

/**
 * Load members speaking the native protocol as the project's client does: the cookie handshake, chats
 * numbered per member, every event taken in order once and acknowledged on the client's schedule
 * ({@link AckSchedule}: every {@value AckSchedule#EVERY} events, or {@value AckSchedule#DELAY_MILLIS} ms after the first unacknowledged one), and its own chats
 * resent on the client's timer ({@link SendWindow}) until the relay acknowledges them: a relay that stalls
 * on a busy machine overflows its socket buffer, and a chat it lost would otherwise hold back every later
 * one of that member for good. An event that comes out of order is not taken: the relay sends it again.
 */
final class NativeLoad implements LoadProtocol {

    /** A member's chats in flight at most; more than the client's 64, for a sender at hundreds a second. */
    private static final int CHAT_WINDOW = 256;

    private final long[] token;
    private final List<SendWindow<String>> unacknowledged = new ArrayList<>();
    private final long[] delivered;
    private final AckSchedule[] acks;
    private final String[] names;
    private final byte[][] nameBytes;
    private final ByteBuffer out = ByteBuffer.allocate(2048);
    private final ByteBuffer answer = ByteBuffer.allocate(2048);
    private long lastNumber;

    NativeLoad(int members) {
        token = new long[members];
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
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Cookie[] cookie = new Cookie[1];
        while (System.nanoTime() < deadline && token[index] == 0) {
            if (cookie[0] == null) {
                send(channel, new NativeClientPacket.Hello(NativeCodec.HELLO_BYTES));
            } else {
                send(channel, new NativeClientPacket.Login(cookie[0], 0, names[index]));
            }
            Answers.await(channel, answer, Duration.ofMillis(200), bytes -> {
                NativeServerPacket packet = decode(bytes);
                if (packet instanceof NativeServerPacket.Challenge challenge) {
                    cookie[0] = challenge.cookie();
                    return true;
                }
                if (packet instanceof NativeServerPacket.Welcome welcome) {
                    token[index] = welcome.token();
                    return true;
                }
                return false;
            });
        }
        if (token[index] == 0) {
            throw new IOException("member m" + index + " was not welcomed: is the relay running?");
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
        send(channel, new NativeClientPacket.Chat(token[index], seq, delivered[index], text));
        acks[index].onAckSent();
    }

    @Override
    public Arrival onDatagram(int index, DatagramChannel channel, ByteBuffer datagram) throws IOException {
        long now = System.nanoTime() / 1_000_000;
        if (SaidView.isEvent(datagram)) {
            return onEvent(index, channel, datagram, now);
        }
        if (decode(datagram) instanceof NativeServerPacket.Ack ack) {
            unacknowledged.get(index).onAck(ack.ack(), now);
        }
        return Arrival.OTHER; // acknowledgements, pongs
    }

    /**
     * An event, read in place ({@link SaidView}): the load program takes a hundred thousand a second on the
     * cores the relay it measures needs, so it decodes none of them into records and strings.
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
        return SaidView.isSaidBy(event, nameBytes[index]) ? Arrival.OWN_DELIVERY : Arrival.DELIVERY;
    }

    @Override
    public long lastNumber() {
        return lastNumber;
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
        send(channel, new NativeClientPacket.Ack(token[index], delivered[index]));
        acks[index].onAckSent();
    }

    private void send(DatagramChannel channel, NativeClientPacket packet) throws IOException {
        out.clear();
        NativeCodec.encode(packet, out);
        out.flip();
        channel.write(out);
    }

    private static NativeServerPacket decode(ByteBuffer datagram) {
        try {
            return NativeCodec.decodeServerPacket(datagram);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("the relay sent a datagram the load program cannot read", e);
        }
    }
}
