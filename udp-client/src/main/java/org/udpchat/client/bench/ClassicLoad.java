package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Load members speaking classic text: {@code L m<i>}, {@code C m<i> <n>}, lines back. */
final class ClassicLoad implements LoadProtocol {

    private final byte[][] ownPrefix;
    private final ByteBuffer answer = ByteBuffer.allocate(2048);

    ClassicLoad(int members) {
        ownPrefix = new byte[members][];
        for (int i = 0; i < members; i++) {
            ownPrefix[i] = ("m" + i + " : ").getBytes(StandardCharsets.UTF_8);
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
    public void say(int index, DatagramChannel channel, int number) throws IOException {
        channel.write(ByteBuffer.wrap(("C m" + index + " " + number).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Arrival onDatagram(int index, DatagramChannel channel, ByteBuffer datagram) {
        if (Answers.startsWith(datagram, ownPrefix[index])) {
            return Arrival.OWN_DELIVERY;
        }
        // Chat lines read "m<i> : <n>"; a notice of joins the server coalesced may still come after the
        // members joined ("50 人进入了聊天室：…"), and is no delivery.
        return datagram.remaining() > 0 && datagram.get(datagram.position()) == 'm' ? Arrival.DELIVERY : Arrival.OTHER;
    }

    @Override
    public void onIdle(int index, DatagramChannel channel) {
        // classic text owes nothing
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes).toString();
    }
}
