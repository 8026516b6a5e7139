package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.RoomRequest;

/**
 * A native client at its rawest: a plain datagram socket that speaks {@link NativeCodec}, with just the
 * session state a test needs to drive the server step by step (the token, the next message number, the
 * events received in order). It acknowledges each event as a test takes it, and skips the server's
 * resends of events already taken, as a real client would. Every receive waits for a deadline.
 */
public final class NativePeer implements AutoCloseable {

    public static final Duration DEADLINE = Peer.DEADLINE;

    private final InetAddress loopback;
    private final InetSocketAddress server;
    private DatagramSocket socket;
    private long token;
    private long nextSeq = 1;
    private long eventsTaken;
    private int lastSize = -1;

    /** A peer on the server's loopback address (127.0.0.1 or ::1), talking to the server's port there. */
    public NativePeer(InetSocketAddress server) throws IOException {
        this.loopback =
                server.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : server.getAddress();
        this.server = new InetSocketAddress(loopback, server.getPort());
        this.socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
    }

    /**
     * A peer bound to {@code local}, talking to {@code server} as it is: a client at another loopback
     * address (127.0.0.2, say, which Linux routes to itself), so that a ban of 127.0.0.1 leaves it alone.
     */
    public NativePeer(InetAddress local, InetSocketAddress server) throws IOException {
        this.loopback = local;
        this.server = server;
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
    }

    /** The server's datagram as a client decodes it; fails the test if it is not a well-formed native one. */
    public static NativeServerPacket decode(byte[] datagram) {
        if (datagram.length == 0 || datagram[0] != (byte) 0xFF) {
            throw new AssertionError("not a native datagram: " + Arrays.toString(datagram));
        }
        try {
            return NativeCodec.decodeServerPacket(ByteBuffer.wrap(datagram));
        } catch (MalformedPacketException e) {
            throw new AssertionError("the server sent a native datagram a client cannot decode", e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The session's token, or 0 before a welcome. */
    public long token() {
        return token;
    }

    /** How many events this peer has taken, in order: what it acknowledges. */
    public long eventsTaken() {
        return eventsTaken;
    }

    /**
     * Moves to a new port, as a NAT that rebinds the client's mapping does: the session state stays, the
     * old socket closes.
     */
    public void moveToNewPort() throws IOException {
        DatagramSocket moved = new DatagramSocket(new InetSocketAddress(loopback, 0));
        socket.close();
        socket = moved;
    }

    public void send(NativeClientPacket packet) throws IOException {
        send(NativeCodec.encode(packet));
    }

    public void send(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, server));
    }

    /** The next datagram's bytes, waiting up to {@link #DEADLINE}; fails the test if none comes. */
    public byte[] receiveBytes() throws IOException {
        return poll(DEADLINE)
                .orElseThrow(() -> new AssertionError("nothing arrived at " + address() + " within " + DEADLINE));
    }

    /** The next datagram's bytes if one arrives within {@code wait}, for polling under a caller's deadline. */
    public Optional<byte[]> poll(Duration wait) throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOf(buffer, packet.getLength()));
    }

    /** The next datagram, decoded. */
    public NativeServerPacket receive() throws IOException {
        byte[] datagram = receiveBytes();
        lastSize = datagram.length;
        return decode(datagram);
    }

    /** How many bytes the datagram last {@linkplain #receive received} took. */
    public int lastSize() {
        return lastSize;
    }

    /**
     * The next datagram that is not a resend of an event already taken, which must be a {@code type}. A
     * resend is acknowledged again, as its first acknowledgement may have been lost.
     */
    public <T extends NativeServerPacket> T expect(Class<T> type) throws IOException {
        while (true) {
            NativeServerPacket packet = receive();
            if (packet instanceof NativeServerPacket.Event event && event.seq() <= eventsTaken) {
                send(new NativeClientPacket.Ack(token, eventsTaken));
                continue;
            }
            return assertInstanceOf(type, packet, "at " + address());
        }
    }

    /** Asks for a cookie with a hello of {@code size} bytes. */
    public void hello(int size) throws IOException {
        send(new NativeClientPacket.Hello(size));
    }

    /** Says hello with the smallest hello and returns the cookie of the challenge that answers it. */
    public Cookie challenge() throws IOException {
        hello(NativeCodec.HELLO_BYTES);
        return expect(NativeServerPacket.Challenge.class).cookie();
    }

    /** Logs in as {@code name} with {@code cookie}: the answer, a welcome or a refusal. */
    public NativeServerPacket login(Cookie cookie, long previousToken, String name) throws IOException {
        return login(cookie, previousToken, name, "");
    }

    /** Logs in as {@code name} into {@code room} (empty: the server's default) with {@code cookie}. */
    public NativeServerPacket login(Cookie cookie, long previousToken, String name, String room) throws IOException {
        send(new NativeClientPacket.Login(cookie, previousToken, name, room));
        NativeServerPacket answer = receive();
        if (answer instanceof NativeServerPacket.Welcome welcome) {
            if (welcome.token() != token) {
                nextSeq = 1; // a new session numbers from 1 both ways
                eventsTaken = 0;
            }
            token = welcome.token();
        }
        return answer;
    }

    /** Joins as {@code name}: hello, challenge, login, welcome. */
    public NativePeer join(String name) throws IOException {
        NativeServerPacket answer = login(challenge(), 0, name);
        NativeServerPacket.Welcome welcome =
                assertInstanceOf(NativeServerPacket.Welcome.class, answer, "join of " + name);
        assertEquals(name, welcome.name());
        return this;
    }

    /**
     * Joins as {@code name} in the room called {@code room}: hello, challenge, login, welcome. The welcome
     * names the room as the server spells it.
     */
    public NativePeer join(String name, String room) throws IOException {
        NativeServerPacket answer = login(challenge(), 0, name, room);
        NativeServerPacket.Welcome welcome =
                assertInstanceOf(NativeServerPacket.Welcome.class, answer, "join of " + name + " in " + room);
        assertEquals(name, welcome.name());
        assertEquals(RoomNames.key(room), RoomNames.key(welcome.room()), "the room of " + welcome);
        return this;
    }

    /** Asks for {@code request} as the next reliable message, acknowledging every event taken. */
    public void request(RoomRequest request) throws IOException {
        send(new NativeClientPacket.Request(token, nextSeq++, eventsTaken, request));
    }

    /** Says {@code text} as the next reliable message, acknowledging every event taken. */
    public void chat(String text) throws IOException {
        send(new NativeClientPacket.Chat(token, nextSeq++, eventsTaken, text));
    }

    /** Leaves as the next reliable message. */
    public void quit() throws IOException {
        send(new NativeClientPacket.Quit(token, nextSeq++, eventsTaken));
    }

    public void ping() throws IOException {
        send(new NativeClientPacket.Ping(token, eventsTaken));
    }

    /** Takes the next event, which must be the next in order, and acknowledges it. */
    public RoomEvent nextEvent() throws IOException {
        NativeServerPacket.Event event = expect(NativeServerPacket.Event.class);
        assertEquals(eventsTaken + 1, event.seq(), "event number at " + address() + ": " + event);
        assertEquals(token, event.token(), "token of " + event);
        eventsTaken = event.seq();
        send(new NativeClientPacket.Ack(token, eventsTaken));
        return event.event();
    }

    /** The next events are exactly {@code expected}, in order. */
    public void expectEvents(RoomEvent... expected) throws IOException {
        for (RoomEvent event : expected) {
            assertEquals(event, nextEvent(), "at " + address());
        }
    }

    /**
     * Pings and waits for the pong: proves that the server has handled everything this peer sent before,
     * and that no event arrived before the pong (other than resends of events taken).
     */
    public NativeServerPacket.Pong sync() throws IOException {
        ping();
        NativeServerPacket.Pong pong = expect(NativeServerPacket.Pong.class);
        assertEquals(token, pong.token());
        return pong;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "NativePeer at " + address() + (token == 0 ? "" : " with token " + Long.toHexString(token));
    }
}
