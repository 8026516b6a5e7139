package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A classic client as the Python ones are: a plain datagram socket that sends text and reads replies.
 * Every receive waits for a deadline rather than a fixed time.
 */
public final class Peer implements AutoCloseable {

    /**
     * How long a receive waits before it fails the test. Only a failing test waits it out, so it is generous: a
     * join through a cluster node on a loaded machine took over 5 s once (Failsafe runs two test JVMs at once).
     */
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final DatagramSocket socket;
    private final InetSocketAddress server;

    /** A peer on 127.0.0.1 talking to the server's port there. */
    public Peer(InetSocketAddress server) throws IOException {
        this(InetAddress.getLoopbackAddress(), server.getPort());
    }

    /** A peer on {@code loopback} (127.0.0.1 or ::1) talking to {@code port} there. */
    public Peer(InetAddress loopback, int port) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.server = new InetSocketAddress(loopback, port);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next datagram's bytes, waiting up to {@link #DEADLINE}; fails the test if none comes. */
    public byte[] receiveBytes() throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) DEADLINE.toMillis());
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            fail("nothing arrived at " + address() + " within " + DEADLINE);
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    public String receive() throws IOException {
        return new String(receiveBytes(), StandardCharsets.UTF_8);
    }

    /** The next datagrams are exactly {@code expected}, in order. */
    public void expect(String... expected) throws IOException {
        for (String line : expected) {
            assertEquals(line, receive(), "at " + address());
        }
    }

    /**
     * Says "sync" as the member {@code name} and waits for the line that relays it: proves that the server
     * has handled everything this peer sent before, and that no other line arrived before it.
     */
    public void sync(String name) throws IOException {
        send("C " + name + " sync");
        expect(name + " : sync");
    }

    /** Joins as {@code name} and waits for the OK. */
    public Peer join(String name) throws IOException {
        send("L " + name);
        expect("OK");
        return this;
    }

    @Override
    public void close() {
        socket.close();
    }
}
