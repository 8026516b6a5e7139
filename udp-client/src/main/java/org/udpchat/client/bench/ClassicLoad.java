package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Load members speaking classic text: {@code L m<i>}, {@code C m<i> <n>}, lines back. */
final class ClassicLoad implements LoadProtocol {

    private static final String SEPARATOR = " : ";

    /** "m&lt;i&gt; : ", how member i's own lines come back. */
    private final byte[][] ownPrefix;

    private final ByteBuffer answer = ByteBuffer.allocate(2048);
    private final ByteBuffer out = ByteBuffer.allocate(64);
    private long lastNumber;
    private int lastSpeaker = -1;

    ClassicLoad(int members) {
        ownPrefix = new byte[members][];
        for (int i = 0; i < members; i++) {
            ownPrefix[i] = ("m" + i + SEPARATOR).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void join(int index, DatagramChannel channel) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            channel.write(ByteBuffer.wrap(("L m" + index).getBytes(StandardCharsets.UTF_8)));
            if (Answers.await(channel, answer, Duration.ofMillis(200), bytes -> "OK".equals(text(bytes)))) {
                return;
            }
        }
        throw new IOException("member m" + index + " got no OK: is the relay running?");
    }

    @Override
    public void say(int index, DatagramChannel channel, long number) throws IOException {
        out.clear();
        out.put((byte) 'C').put((byte) ' ').put(ownPrefix[index], 0, ownPrefix[index].length - SEPARATOR.length());
        out.put((byte) ' ').put(Long.toString(number).getBytes(StandardCharsets.US_ASCII));
        out.flip();
        channel.write(out);
    }

    @Override
    public Arrival onDatagram(int index, DatagramChannel channel, ByteBuffer datagram) {
        Arrival arrival;
        if (Answers.startsWith(datagram, ownPrefix[index])) {
            arrival = Arrival.OWN_DELIVERY;
        } else if (datagram.remaining() > 0 && datagram.get(datagram.position()) == 'm') {
            arrival = Arrival.DELIVERY;
        } else {
            // Chat lines read "m<i> : <n>"; a notice of joins the server coalesced may still come after the
            // members joined ("50 人进入了聊天室：…"), and is no delivery.
            return Arrival.OTHER;
        }
        lastNumber = numberAfterSeparator(datagram);
        lastSpeaker = speaker(datagram);
        return arrival;
    }

    @Override
    public long lastNumber() {
        return lastNumber;
    }

    @Override
    public int lastSpeaker() {
        return lastSpeaker;
    }

    /** The member whose line this is: its name, up to the first space. */
    private static int speaker(ByteBuffer line) {
        int end = line.position();
        while (end < line.limit() && line.get(end) != ' ') {
            end++;
        }
        return LoadProtocol.memberIndex(line, line.position(), end);
    }

    /** The digits after the first " : " of a chat line, read in place: a hundred thousand a second. */
    private static long numberAfterSeparator(ByteBuffer line) {
        int i = line.position();
        int end = line.limit();
        while (i < end && line.get(i) != ':') {
            i++;
        }
        long number = 0;
        for (i += 2; i < end; i++) {
            number = number * 10 + (line.get(i) - '0');
        }
        return number;
    }

    @Override
    public void onIdle(int index, DatagramChannel channel) {
        // classic text owes nothing
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes).toString();
    }
}
