package org.udpchat.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;

/**
 * The relay's datagrams onto its socket. The socket is non-blocking (it lives in the relay's selector),
 * and a non-blocking send of a datagram the socket buffer has no room for sends nothing and returns 0;
 * rather than lose it, the outbox waits a little for room, then gives up and reports the failure.
 */
final class ChannelOutbox implements Outbox {

    /** Long enough for the kernel to drain a full buffer on any healthy host, short enough not to stall the room. */
    private static final long ROOM_WAIT_MILLIS = 50;

    private final DatagramChannel channel;
    private final Selector roomForWriting;

    ChannelOutbox(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.roomForWriting = Selector.open();
        channel.register(roomForWriting, SelectionKey.OP_WRITE);
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) {
        int start = datagram.position();
        try {
            int sent = channel.send(datagram, to);
            if (sent == 0) {
                roomForWriting.select(ROOM_WAIT_MILLIS);
                roomForWriting.selectedKeys().clear();
                sent = channel.send(datagram, to);
            }
            if (sent == 0 && Logger.isDebugEnabled()) {
                Logger.debug(
                        "no room in the socket buffer for {} bytes to {}", datagram.remaining(), HostPort.format(to));
            }
            return sent > 0;
        } catch (IOException e) {
            // One unreachable member must not stop the others hearing the room.
            Logger.debug("sending to {} failed: {}", HostPort.format(to), e.getMessage());
            return false;
        } finally {
            datagram.position(start);
        }
    }

    void close() throws IOException {
        roomForWriting.close();
    }
}
