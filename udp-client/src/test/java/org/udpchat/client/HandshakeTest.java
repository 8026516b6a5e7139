package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RefusalReason;

/**
 * The handshake takes only answers that echo its nonce: someone who cannot see its datagrams cannot make
 * it give up with a forged refusal, nor feed it a cookie. The "server" is a loopback socket the test
 * drives by hand, sending forgeries (answers with another nonce) before each real answer.
 */
class HandshakeTest {

    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private static final long TOKEN = 0x0102_0304_0506_0708L;

    private DatagramSocket server;
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setSoTimeout(5_000);
        connection = new Connection(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    }

    @AfterEach
    void close() {
        connection.close();
        server.close();
    }

    private record Received(NativeClientPacket packet, SocketAddress from) {}

    private Received receive() throws Exception {
        DatagramPacket datagram = new DatagramPacket(new byte[2048], 2048);
        server.receive(datagram);
        byte[] bytes = Arrays.copyOf(datagram.getData(), datagram.getLength());
        return new Received(NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)), datagram.getSocketAddress());
    }

    private void answer(Received to, Packet packet) throws Exception {
        byte[] bytes = NativeCodec.encode(packet);
        server.send(new DatagramPacket(bytes, bytes.length, to.from()));
    }

    @Test
    void takesOnlyAnswersThatEchoItsNonce() throws Exception {
        CompletableFuture<Handshake.Result> result = CompletableFuture.supplyAsync(() -> {
            try {
                return Handshake.join(connection, "alice", "games", 0, Duration.ofSeconds(5));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        Received hello = receive();
        long nonce =
                assertInstanceOf(NativeClientPacket.Hello.class, hello.packet()).nonce();
        assertNotEquals(0, nonce);
        answer(hello, new NativeServerPacket.Refused(RefusalReason.NOT_ALLOWED, 0, nonce + 1)); // forged
        answer(hello, new NativeServerPacket.Challenge(COOKIE, nonce ^ 1)); // forged: not its cookie
        answer(hello, new NativeServerPacket.Challenge(COOKIE, nonce));

        Received login;
        do {
            login = receive(); // a retried hello may come first
        } while (!(login.packet() instanceof NativeClientPacket.Login));
        NativeClientPacket.Login asked = (NativeClientPacket.Login) login.packet();
        assertEquals(nonce, asked.nonce());
        assertEquals(COOKIE, asked.cookie());
        assertEquals("games", asked.room());
        answer(login, new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0, 0)); // forged: no nonce
        answer(login, new NativeServerPacket.Welcome(TOKEN, nonce, "alice", "games"));

        assertEquals(new Handshake.Joined(TOKEN, "alice", "games"), result.get(5, TimeUnit.SECONDS));
    }
}
