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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 * a sealed WELCOME (or REFUSED, for a name it is told to refuse) for a sealed LOGIN, and for a sealed CHAT a
 * sealed EVENT saying it back. It can drop the first logins it gets, to make the member resend. No room, no
 * reliability: only the wire.
 *
 * <p>{@link #answer} is the logic, with no socket; {@link #serve} runs it over a loopback channel on a thread
 * of its own, {@code tiny-server}, until {@link #close}, and hands what it opened to the test through a
 * queue.
 */
final class TinyNativeServer implements AutoCloseable {

    private final SecureRandom random = new SecureRandom();
    private final NoiseKeyPair key = NoiseKeyPair.generate(random);
    private final Cookie cookie = new Cookie(7, random.nextLong(), random.nextLong());
    private final Map<Long, SessionCipher> ciphers = new HashMap<>();
    private final Set<String> refused;
    private final BlockingQueue<NativeClientPacket> opened = new LinkedBlockingQueue<>();
    private int loginsToDrop;
    private long nextToken = 0x1000;
    private long unopened;
    private DatagramChannel channel;
    private Thread thread;

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

    /** Sealed datagrams that did not open. */
    long unopened() {
        return unopened;
    }

    /** The server's cipher of session {@code token}, for sealing as the server would. */
    SessionCipher cipher(long token) {
        return ciphers.get(token);
    }

    /** What the server sends back for {@code datagram} (its remaining bytes): nothing, or one datagram. */
    List<ByteBuffer> answer(ByteBuffer datagram) {
        List<ByteBuffer> answers = new ArrayList<>();
        try {
            if (SealedDatagram.isFromClient(datagram)) {
                onSealed(datagram, answers);
            } else {
                onClear(NativeCodec.decodeClientHandshake(datagram), answers);
            }
        } catch (MalformedPacketException | NoiseException e) {
            // dropped, as a server drops what it cannot read
        }
        return answers;
    }

    private void onClear(ClearClientPacket packet, List<ByteBuffer> answers) throws NoiseException {
        if (packet instanceof ClearClientPacket.Hello hello) {
            answers.add(ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Challenge(cookie, hello.nonce()))));
        } else if (packet instanceof ClearClientPacket.Init init
                && init.cookie().equals(cookie)) {
            long token = nextToken++;
            HandshakeResponder.Response response =
                    HandshakeResponder.respond(key, init.handshake(), token, NoiseKeyPair.generator(random));
            ciphers.put(token, new SessionCipher(SessionCipher.Side.SERVER, response.keys(), now()));
            answers.add(ByteBuffer.wrap(
                    NativeCodec.encode(new ClearServerPacket.Reply(init.nonce(), response.secondMessage()))));
        }
    }

    private void onSealed(ByteBuffer datagram, List<ByteBuffer> answers) {
        long token = SealedDatagram.token(datagram);
        SessionCipher cipher = ciphers.get(token);
        if (cipher == null) {
            answers.add(ByteBuffer.wrap(NativeCodec.encode(new ClearServerPacket.Unknown(token))));
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
        try {
            if (packet instanceof NativeClientPacket.Login login) {
                if (loginsToDrop > 0) {
                    loginsToDrop--;
                } else if (refused.contains(login.name())) {
                    answers.add(ByteBuffer.wrap(
                            cipher.seal(token, new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0), now())));
                } else {
                    answers.add(ByteBuffer.wrap(cipher.seal(
                            token,
                            new NativeServerPacket.Welcome(
                                    token, ResumptionSecret.random(random), login.name(), login.room()),
                            now())));
                }
            } else if (packet instanceof NativeClientPacket.Chat chat) {
                answers.add(ByteBuffer.wrap(cipher.seal(
                        token,
                        new NativeServerPacket.Event(token, 1, chat.seq(), new RoomEvent.Said("echo", chat.text())),
                        now())));
            }
        } catch (SealException e) {
            throw new IllegalStateException("a fresh session could not seal", e);
        }
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
                for (ByteBuffer answer : answer(in)) {
                    channel.send(answer, from);
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
