package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.RoomRequest;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SessionCipher;

/**
 * A native client at its rawest: a plain datagram socket that speaks protocol 2 ({@link NativeCodec}, the
 * handshake with a real {@link HandshakeInitiator}, every session datagram sealed), with just the session
 * state a test needs to drive the server step by step (the token, the keys, the resumption secret, the next
 * message number, the events received in order). It acknowledges each event as a test takes it, and skips
 * the server's resends of events already taken, as a real client would. Every receive waits for a deadline.
 */
public final class NativePeer implements AutoCloseable {

    public static final Duration DEADLINE = Peer.DEADLINE;

    private final InetAddress loopback;
    private final InetSocketAddress server;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatagramSocket socket;
    private final ClientKeys keys = new ClientKeys();
    private SessionCipher cipher;
    private ResumptionSecret resumption = ResumptionSecret.NONE;
    private long token;
    private long nextSeq = 1;
    private long eventsTaken;
    private int lastSize = -1;

    /** Whether the login last sent presents this peer's own session, to go on with its numbering. */
    private boolean loginResumes;

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

    /** The server's clear datagram (a challenge, a reply, an upgrade, an unknown) as any client decodes it. */
    public static ClearServerPacket decodeClear(byte[] datagram) {
        try {
            return NativeCodec.decodeServerHandshake(java.nio.ByteBuffer.wrap(datagram));
        } catch (org.udpchat.codec.MalformedPacketException e) {
            throw new AssertionError("the server sent a datagram a client cannot decode", e);
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

    /** Sends {@code packet} sealed with this peer's keys, routed by the packet's own token. */
    public void send(NativeClientPacket packet) throws IOException {
        send(sealed(packet));
    }

    /** {@code packet} sealed with this peer's keys (a new counter each time), routed by its token. */
    public byte[] sealed(NativeClientPacket packet) {
        if (cipher == null) {
            throw new IllegalStateException("no handshake yet: nothing to seal with");
        }
        try {
            return cipher.seal(packet.token(), packet, System.currentTimeMillis());
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends the handshake's {@code packet} in clear. */
    public void send(ClearClientPacket packet) throws IOException {
        send(NativeCodec.encode(packet));
    }

    /** The resumption secret the last welcome gave. */
    public ResumptionSecret resumption() {
        return resumption;
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

    /** The next datagram as this client reads it: in clear, or opened with its keys. */
    public Packet receive() throws IOException {
        byte[] datagram = receiveBytes();
        lastSize = datagram.length;
        return keys.open(datagram);
    }

    /** How many bytes the datagram last {@linkplain #receive received} took. */
    public int lastSize() {
        return lastSize;
    }

    /**
     * The next datagram that is not a resend of an event already taken, which must be a {@code type}. A
     * resend is acknowledged again, as its first acknowledgement may have been lost.
     */
    public <T extends Packet> T expect(Class<T> type) throws IOException {
        while (true) {
            Packet packet = receive();
            if (packet instanceof NativeServerPacket.Event event && event.seq() <= eventsTaken) {
                send(new NativeClientPacket.Ack(token, eventsTaken));
                continue;
            }
            return assertInstanceOf(type, packet, "at " + address());
        }
    }

    /** Asks for a cookie with a hello of {@code size} bytes. */
    public void hello(int size) throws IOException {
        send(new ClearClientPacket.Hello(RANDOM.nextLong(), size));
    }

    /** Says hello with the smallest hello and returns the cookie of the challenge that answers it. */
    public Cookie challenge() throws IOException {
        hello(NativeCodec.HELLO_BYTES);
        return expect(ClearServerPacket.Challenge.class).cookie();
    }

    /**
     * Shakes hands with {@code cookie}: init, reply (the server's proof read), and the keys are this peer's
     * from now on, under the token the reply gave.
     *
     * @return the token the reply gave
     */
    public long shakeHands(Cookie cookie) throws IOException {
        HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
        long nonce = RANDOM.nextLong();
        send(new ClearClientPacket.Init(cookie, nonce, initiator.firstMessage()));
        ClearServerPacket.Reply reply = expect(ClearServerPacket.Reply.class);
        assertEquals(nonce, reply.nonce(), "the reply's nonce");
        HandshakeInitiator.Outcome outcome;
        try {
            outcome = initiator.readReply(reply.handshake());
        } catch (NoiseException e) {
            throw new AssertionError("the server's reply does not complete the handshake", e);
        }
        cipher = new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), System.currentTimeMillis());
        keys.register(outcome.token(), cipher);
        return outcome.token();
    }

    /**
     * A peer at another server (another node of a cluster) that knows {@code previous}'s session: its token and
     * its resumption secret, to present there as a client whose node died does.
     */
    public static NativePeer knowingTheSessionOf(NativePeer previous, InetSocketAddress server) throws IOException {
        NativePeer moved = new NativePeer(server);
        moved.token = previous.token;
        moved.resumption = previous.resumption;
        return moved;
    }

    /** Logs in as {@code name} with {@code cookie}: the answer, a welcome or a refusal. */
    public NativeServerPacket login(Cookie cookie, long previousToken, String name) throws IOException {
        return login(cookie, previousToken, name, "");
    }

    /**
     * Shakes hands with {@code cookie} and logs in, sealed, as {@code name} into {@code room} (empty: the
     * server's default), presenting {@code previousToken} (0: none) with the resumption secret this peer
     * was given for it (a made-up one for a token it was not given).
     */
    public NativeServerPacket login(Cookie cookie, long previousToken, String name, String room) throws IOException {
        sendLogin(shakeHands(cookie), previousToken, name, room);
        return loginAnswer();
    }

    /**
     * The first half of {@link #login}, for a test that acts between the handshake and the login: sends, sealed
     * under the handshake that gave {@code handshakeToken} ({@link #shakeHands}), the login; {@link #loginAnswer}
     * takes its answer.
     */
    public void sendLogin(long handshakeToken, long previousToken, String name, String room) throws IOException {
        ResumptionSecret proof = previousToken == 0
                ? ResumptionSecret.NONE
                : previousToken == token ? resumption : ResumptionSecret.random(RANDOM);
        loginResumes = previousToken != 0 && previousToken == token;
        try {
            send(cipher.seal(handshakeToken, new NativeClientPacket.Login(previousToken, proof, name, room), now()));
        } catch (SealException e) {
            throw new AssertionError(e);
        }
    }

    /** The second half of {@link #login}: the answer to the login sent, a welcome or a refusal. */
    public NativeServerPacket loginAnswer() throws IOException {
        boolean resuming = loginResumes;
        NativeServerPacket answer = expect(NativeServerPacket.class);
        if (answer instanceof NativeServerPacket.Welcome welcome) {
            if (!resuming) {
                nextSeq = 1; // a new session numbers from 1 both ways; a resumed one goes on
                eventsTaken = 0;
            }
            token = welcome.token();
            resumption = welcome.resumption();
        }
        return answer;
    }

    private static long now() {
        return System.currentTimeMillis();
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

    /** Says {@code text} with line id {@code lineId} as the next reliable message, acknowledging every event taken. */
    public void chat(String text, long lineId) throws IOException {
        send(new NativeClientPacket.Chat(token, nextSeq++, eventsTaken, text, lineId));
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
        return take(expect(NativeServerPacket.Event.class));
    }

    /** {@code event}, which must be the next in order under this peer's token, taken and acknowledged. */
    private RoomEvent take(NativeServerPacket.Event event) throws IOException {
        assertEquals(eventsTaken + 1, event.seq(), "event number at " + address() + ": " + event);
        assertEquals(token, event.token(), "token of " + event);
        eventsTaken = event.seq();
        send(new NativeClientPacket.Ack(token, eventsTaken));
        return event.event();
    }

    /**
     * As {@link #nextEvent}, past the server's acknowledgements of what this peer said: where the room's
     * events come later than the acknowledgement's delay (a room sequenced across a cluster's nodes), the
     * acknowledgement comes alone first.
     */
    public RoomEvent nextEventPastAcks() throws IOException {
        while (true) {
            Packet packet = expect(Packet.class); // past resends of events taken, as nextEvent
            if (!(packet instanceof NativeServerPacket.Ack)) {
                return take(assertInstanceOf(NativeServerPacket.Event.class, packet, "at " + address()));
            }
        }
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
