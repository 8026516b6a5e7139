package org.udpchat.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.tinylog.Logger;
import org.udpchat.codec.ClassicCodec;
import org.udpchat.codec.ClientPacket;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.ServerPacket;

/**
 * The client's socket, connected to the server so that datagrams from anyone else are never seen.
 *
 * <p>Thread contract: one thread sends and one thread receives at a time (the socket allows exactly that
 * concurrency); {@link #close} may be called from any thread and wakes a blocked receive.
 */
final class Connection implements AutoCloseable {

    private final DatagramSocket socket;
    private final DatagramPacket incoming =
            new DatagramPacket(new byte[Limits.RECEIVE_BUFFER_BYTES], Limits.RECEIVE_BUFFER_BYTES);

    Connection(InetSocketAddress server) throws SocketException {
        socket = new DatagramSocket();
        socket.connect(server);
    }

    void send(ClientPacket packet) throws IOException {
        byte[] bytes = ClassicCodec.encode(packet);
        socket.send(new DatagramPacket(bytes, bytes.length));
    }

    /**
     * Waits up to {@code timeout} for the next well-formed datagram from the server.
     *
     * @return empty when the time ran out, or the server's port answered that nothing listens there
     * @throws SocketException once the connection is closed
     */
    Optional<ServerPacket> receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                return Optional.of(receiveOne());
            } catch (SocketTimeoutException | PortUnreachableException e) {
                return Optional.empty();
            } catch (MalformedPacketException e) {
                Logger.debug("ignored a datagram from the server: {}", e.getMessage());
            }
        }
    }

    /**
     * Waits for the next well-formed datagram from the server, however long it takes.
     *
     * @throws SocketException once the connection is closed
     */
    ServerPacket receive() throws IOException {
        socket.setSoTimeout(0);
        while (true) {
            try {
                return receiveOne();
            } catch (PortUnreachableException e) {
                Logger.debug("the server's port is unreachable: {}", e.getMessage());
            } catch (MalformedPacketException e) {
                Logger.debug("ignored a datagram from the server: {}", e.getMessage());
            }
        }
    }

    private ServerPacket receiveOne() throws IOException, MalformedPacketException {
        incoming.setLength(Limits.RECEIVE_BUFFER_BYTES);
        socket.receive(incoming);
        return ClassicCodec.decodeServerPacket(incoming.getData(), incoming.getOffset(), incoming.getLength());
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        socket.close();
    }
}
