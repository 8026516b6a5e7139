package org.udpchat.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.ServerPacket;

/**
 * The client's socket, connected to the server so that datagrams from anyone else are never seen: bytes
 * go out, the server's datagrams come in. Classic ones are decoded here; native ones come in raw, since
 * only the session (or the handshake) holds the keys that open them.
 *
 * <p>Thread contract: sending is safe from any thread (each send is one system call on a datagram
 * socket, ordered with {@link #connectTo} by a lock that is never held for longer); one thread at a time receives, and the buffer a datagram arrives in (and a packet is decoded
 * from) is that thread's until its next receive. {@link #close} may be called from any thread and wakes a
 * blocked receive.
 */
final class Connection implements Outbox, AutoCloseable {

    /** Reads a datagram as one protocol's packet. */
    private interface Decoder<P> {
        P decode(ByteBuffer datagram) throws MalformedPacketException;
    }

    private final DatagramSocket socket;
    private final byte[] incoming = new byte[Limits.RECEIVE_BUFFER_BYTES];
    private final DatagramPacket packet = new DatagramPacket(incoming, incoming.length);

    /** Guards the socket's peer: a send never finds the socket between two servers ({@link #connectTo}). */
    private final Object peer = new Object();

    Connection(InetSocketAddress server) throws SocketException {
        socket = new DatagramSocket();
        socket.connect(server);
    }

    /**
     * Talks to {@code server} from now on, from the same local port: what the old server still sends is no
     * longer seen. The joining thread calls it, between receives (see {@link ServerRotation}).
     *
     * @throws SocketException the socket cannot be pointed there (closed meanwhile, or no route)
     */
    void connectTo(InetSocketAddress server) throws SocketException {
        synchronized (peer) {
            socket.disconnect();
            socket.connect(server);
        }
    }

    /**
     * Sends one datagram. A failure (the server's port answered "unreachable" to an earlier datagram, the
     * network is down for a moment, the connection is closed) is logged and swallowed: UDP promises no
     * delivery anyway, the sessions resend what matters, and a silent server is noticed by its silence.
     */
    @Override
    public void send(byte[] datagram) {
        try {
            synchronized (peer) {
                socket.send(new DatagramPacket(datagram, datagram.length));
            }
        } catch (IOException e) {
            Logger.debug("a send failed, to be resent or noticed later: {}", e.getMessage());
        }
    }

    /**
     * The server's datagrams as they came, for the native protocol: a view of this connection's buffer,
     * valid until the next receive.
     */
    Inbox<ByteBuffer> nativeDatagrams() {
        return timeout -> receive(timeout, datagram -> datagram);
    }

    /** The server's datagrams as classic packets. */
    Inbox<ServerPacket> classicPackets() {
        return timeout -> receive(timeout, ClassicCodec::decodeServerPacket);
    }

    /**
     * Waits up to {@code timeout} for the next datagram from the server and decodes it. A datagram that
     * does not decode (a newer server's, someone's mistake) is logged and treated as nothing, as if the
     * network had lost it.
     *
     * @return empty when the time ran out, the datagram did not decode, or the server's port answered that
     *     nothing listens there
     * @throws SocketException once the connection is closed
     */
    private <P> Optional<P> receive(Duration timeout, Decoder<P> decoder) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        try {
            packet.setLength(incoming.length);
            socket.receive(packet);
            return Optional.of(decoder.decode(ByteBuffer.wrap(incoming, 0, packet.getLength())));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (PortUnreachableException e) {
            Logger.debug("the server's port is unreachable: {}", e.getMessage());
            return Optional.empty();
        } catch (MalformedPacketException e) {
            Logger.debug("ignored a datagram from the server: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
