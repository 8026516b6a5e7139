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
import org.udpchat.codec.Limits;

/**
 * The client's socket, connected to the server so that datagrams from anyone else are never seen.
 *
 * <p>Thread contract: sending is safe from any thread (each send is one system call on a datagram
 * socket); one thread at a time receives, and the buffer a receive returns is that thread's until its
 * next receive. {@link #close} may be called from any thread and wakes a blocked receive.
 */
final class Connection implements AutoCloseable {

    private final DatagramSocket socket;
    private final byte[] incoming = new byte[Limits.RECEIVE_BUFFER_BYTES];
    private final DatagramPacket packet = new DatagramPacket(incoming, incoming.length);

    Connection(InetSocketAddress server) throws SocketException {
        socket = new DatagramSocket();
        socket.connect(server);
    }

    /**
     * Sends one datagram. A failure that says nothing lasting (the server's port answered "unreachable"
     * to an earlier datagram, the network is down for a moment) is logged and swallowed: UDP promises no
     * delivery anyway, the sessions resend what matters, and a silent server is noticed by its silence.
     *
     * @throws SocketException only once the connection is closed
     */
    void send(byte[] datagram) throws IOException {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length));
        } catch (IOException e) {
            if (socket.isClosed()) {
                throw e;
            }
            Logger.debug("a send failed, to be resent or noticed later: {}", e.getMessage());
        }
    }

    /**
     * Waits up to {@code timeout} for the next datagram from the server.
     *
     * @return its bytes, valid until the next receive; empty when the time ran out or the server's port
     *     answered that nothing listens there
     * @throws SocketException once the connection is closed
     */
    Optional<ByteBuffer> receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        try {
            packet.setLength(incoming.length);
            socket.receive(packet);
            return Optional.of(ByteBuffer.wrap(incoming, 0, packet.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (PortUnreachableException e) {
            Logger.debug("the server's port is unreachable: {}", e.getMessage());
            return Optional.empty();
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }
}
