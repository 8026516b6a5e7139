package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.Limits;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The server's side of native protocol 2 in as few lines as the codec allows, for testing the load
 * program's members without udp-server: a CHALLENGE with one cookie for a HELLO, a REPLY from
 * {@link HandshakeResponder} for an INIT echoing that cookie (a server {@link SessionCipher} kept per token),
 * a sealed WELCOME (or REFUSED, for a name it is told to refuse) for a sealed LOGIN, for a sealed CHAT a
 * sealed EVENT saying it to every member welcomed (each under its own keys and numbering, acknowledging
 * the sender's chat), and for a PING a PONG. It can drop the first logins it gets, to make the member
 * resend. One room, no resends, no flood control: only the wire.
 *
 * <p>{@link #answer} is the logic, with no socket; {@link #serve} runs it over a loopback channel on a thread
 * of its own, {@code tiny-server}, until {@link #close}, and hands what it opened to the test through a
 * queue. Its other state is the serving thread's until {@link #close} has returned.
 */
final class TinyNativeServer implements AutoCloseable {

    /** The sender of the datagrams a test hands to {@link #answer(ByteBuffer)} itself. */
    private static final SocketAddress NOWHERE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    private final SecureRandom random = new SecureRandom();
    private final NoiseKeyPair key = NoiseKeyPair.generate(random);
    private final Cookie cookie = new Cookie(7, random.nextLong(), random.nextLong());
    private final Map<Long, SessionCipher> ciphers = new HashMap<>();
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final Set<String> refused;
    private final BlockingQueue<NativeClientPacket> opened = new LinkedBlockingQueue<>();
    private final AtomicLong handshakes = new AtomicLong();
    private int loginsToDrop;
    private long nextToken = 0x1000;
    private long unopened;
    private DatagramChannel channel;
    private Thread thread;

    /** A member welcomed: its name, where it is, and the numbering of what it was sent. */
    private static final class Member {
        final String name;
        SocketAddress address;
        long sentEvents;
        long chatsHeard;

        Member(String name, SocketAddress address) {
            this.name = name;
            this.address = address;
        }
    }

    /** A datagram to send, and where. */
    record Outgoing(SocketAddress to, ByteBuffer datagram) {}

    TinyNativeServer(Set<String> refused, int loginsToDrop) {
        this.refused = refused;
        this.loginsToDrop = loginsToDrop;
    }

    TinyNativeServer() {
        this(Set.of(), 0);
    }

    /** The server's static public key, which the member's handshake learns. */
    byte[] publicKey() {
        return key.publicKey();
    }

    /** Every sealed packet it opened, in order (LOGINs too, dropped ones included). */
    BlockingQueue<NativeClientPacket> opened() {
        return opened;
    }

    /** INITs answered: handshakes done, whether a LOGIN followed or not. */
    long handshakes() {
        return handshakes.get();
    }

    /** Sealed datagrams that did not open. */
    long unopened() {
        return unopened;
    }

    /** What the server sends back, to the sender itself, for {@code datagram} (its remaining bytes). */
    List<ByteBuffer> answer(ByteBuffer datagram) {
        return answer(datagram, NOWHERE).stream().map(Outgoing::datagram).toList();
    }

    /** What the server sends, and to whom, for {@code datagram} (its remaining bytes) from {@code from}. */
    List<Outgoing> answer(ByteBuffer datagram, SocketAddress from) {
        List<Outgoing> answers = new ArrayList<>();
        try {
            if (SealedDatagram.isFromClient(datagram)) {
                onSealed(datagram, from, answers);
            } else {
                onClear(NativeCodec.decodeClientHandshake(datagram), from, answers);
            }
        } catch (MalformedPacketException | NoiseException e) {
            // dropped, as a server drops what it cannot read
        } catch (SealException e) {
            throw new IllegalStateException("a fresh session could not seal", e);
        }
        return answers;
    }

    private void onClear(ClearClientPacket packet, SocketAddress from, List<Outgoing> answers) throws NoiseException {
        if (packet instanceof ClearClientPacket.Hello hello) {
            answers.add(clear(from, new ClearServerPacket.Challenge(cookie, hello.nonce())));
        } else if (packet instanceof ClearClientPacket.Init init
                && init.cookie().equals(cookie)) {
            long token = nextToken++;
            HandshakeResponder.Response response =
                    HandshakeResponder.respond(key, init.handshake(), token, NoiseKeyPair.generator(random));
            ciphers.put(token, new SessionCipher(SessionCipher.Side.SERVER, response.keys(), now()));
            handshakes.incrementAndGet();
            answers.add(clear(from, new ClearServerPacket.Reply(init.nonce(), response.secondMessage())));
        }
    }

    private void onSealed(ByteBuffer datagram, SocketAddress from, List<Outgoing> answers) throws SealException {
        long token = SealedDatagram.token(datagram);
        SessionCipher cipher = ciphers.get(token);
        if (cipher == null) {
            answers.add(clear(from, new ClearServerPacket.Unknown(token)));
            return;
        }
        NativeClientPacket packet;
        try {
            packet = cipher.openClientPacket(datagram);
        } catch (SealException e) {
            unopened++;
            return;
        }
        opened.add(packet);
        if (packet instanceof NativeClientPacket.Login login) {
            if (loginsToDrop > 0) {
                loginsToDrop--;
            } else if (refused.contains(login.name())) {
                answers.add(sealed(from, token, new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0)));
            } else {
                members.putIfAbsent(token, new Member(login.name(), from));
                answers.add(sealed(
                        from,
                        token,
                        new NativeServerPacket.Welcome(
                                token, ResumptionSecret.random(random), false, login.name(), login.room())));
            }
        } else if (packet instanceof NativeClientPacket.Chat chat && members.containsKey(token)) {
            Member sender = members.get(token);
            if (chat.seq() != sender.chatsHeard + 1) { // a resend, or one after a loss: said once, in order
                answers.add(sealed(from, token, new NativeServerPacket.Ack(token, sender.chatsHeard)));
                return;
            }
            sender.chatsHeard = chat.seq();
            for (Map.Entry<Long, Member> each : members.entrySet()) {
                Member to = each.getValue();
                answers.add(sealed(
                        to.address,
                        each.getKey(),
                        new NativeServerPacket.Event(
                                each.getKey(),
                                ++to.sentEvents,
                                to.chatsHeard,
                                new RoomEvent.Said(sender.name, chat.text()))));
            }
        } else if (packet instanceof NativeClientPacket.Ping ping) {
            answers.add(sealed(from, token, new NativeServerPacket.Pong(token, chatsHeard(token))));
        }
    }

    private long chatsHeard(long token) {
        Member member = members.get(token);
        return member == null ? 0 : member.chatsHeard;
    }

    private static Outgoing clear(SocketAddress to, ClearServerPacket packet) {
        return new Outgoing(to, ByteBuffer.wrap(NativeCodec.encode(packet)));
    }

    private Outgoing sealed(SocketAddress to, long token, NativeServerPacket packet) throws SealException {
        return new Outgoing(to, ByteBuffer.wrap(ciphers.get(token).seal(token, packet, now())));
    }

    /** Answers over loopback, port 0, on its own thread until {@link #close}; where it listens. */
    InetSocketAddress serve() throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::loop, "tiny-server");
        thread.start();
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private void loop() {
        ByteBuffer in = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        try {
            while (true) {
                in.clear();
                SocketAddress from = channel.receive(in);
                in.flip();
                for (Outgoing answer : answer(in, from)) {
                    channel.send(answer.datagram(), answer.to());
                }
            }
        } catch (ClosedChannelException e) {
            // closed: the end of its life
        } catch (IOException e) {
            throw new IllegalStateException("the tiny server's socket failed", e);
        }
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public void close() throws Exception {
        if (channel != null) {
            channel.close();
            thread.join(5_000);
        }
    }
}
