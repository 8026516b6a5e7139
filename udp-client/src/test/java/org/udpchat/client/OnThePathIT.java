package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;

/**
 * What someone on the path gets from a native chat, with the real client and server and a proxy that
 * records every datagram both ways: no text, no name, and nothing that works when sent again, from their
 * own port, or with the token they read.
 */
class OnThePathIT {

    private static final String SECRET_LINE = "the vault code is 7141 大门密码";

    private ChatServer server;
    private FaultyProxy proxy;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
        proxy = new FaultyProxy(server.localAddress(), 20261201L);
        proxy.capturing = true;
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private InProcessClient join(String name) {
        InProcessClient client =
                new InProcessClient(false, "--server", "127.0.0.1:" + proxyPort(), "--name", name, "--lang", "en");
        client.out.awaitLine("You are in room lobby");
        return client;
    }

    private int proxyPort() {
        try {
            return proxy.address().getPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Timeout(60)
    void aCaptureShowsNoTextNoNameAndNothingInItWorksAgain() throws Exception {
        InProcessClient alicia = join("alicia");
        InProcessClient bertram = join("bertram");
        alicia.type(SECRET_LINE);
        bertram.out.awaitLine("alicia : " + SECRET_LINE);
        bertram.type("/msg alicia meet at noon, 正午见");
        alicia.out.awaitLine("bertram (private) : meet at noon, 正午见");

        List<FaultyProxy.Captured> capture = List.copyOf(proxy.captured);
        assertTrue(capture.size() > 10, "the capture holds the chat: " + capture.size());
        String everything = HexFormat.of().formatHex(concatenated(capture));
        for (String plain : List.of(SECRET_LINE, "7141", "vault", "alicia", "bertram", "meet at noon", "正午见")) {
            String hex = HexFormat.of().formatHex(plain.getBytes(StandardCharsets.UTF_8));
            assertFalse(contains(everything, hex), "'" + plain + "' readable in the capture");
        }

        // Everything the clients sent, sent again from another port, and a forgery under every token seen:
        // none of it may reach the room, move a session, or end one.
        try (DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress target = server.localAddress().getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(
                            InetAddress.getLoopbackAddress(),
                            server.localAddress().getPort())
                    : server.localAddress();
            Random random = new Random(7);
            for (FaultyProxy.Captured datagram : capture) {
                if (!datagram.toServer()) {
                    continue;
                }
                byte[] bytes = datagram.bytes();
                attacker.send(new DatagramPacket(bytes, bytes.length, target));
                if (SealedDatagram.isFromClient(ByteBuffer.wrap(bytes))) {
                    byte[] forged = bytes.clone();
                    for (int i = SealedDatagram.HEADER_BYTES; i < forged.length; i++) {
                        forged[i] = (byte) random.nextInt(256);
                    }
                    // a counter never seen, of the same key epoch, so that only the seal can refuse it
                    ByteBuffer.wrap(forged).putLong(12, SealedDatagram.counter(ByteBuffer.wrap(bytes)) + 1_000_000);
                    attacker.send(new DatagramPacket(forged, forged.length, target));
                }
            }
        }
        // The sessions are where they were and still speak: a line each way arrives, once.
        alicia.type("still here");
        bertram.out.awaitLine("alicia : still here");
        bertram.type("me too");
        alicia.out.awaitLine("bertram : me too");
        assertEquals(1, count(bertram.out.lines(), "alicia : " + SECRET_LINE), "nothing said twice");
        assertEquals(1, count(alicia.out.lines(), "bertram (private) : meet at noon, 正午见"), "nothing said twice");
        alicia.keyboard.endOfInput();
        bertram.keyboard.endOfInput();
        assertEquals(0, alicia.awaitStatus());
        assertEquals(0, bertram.awaitStatus());
    }

    private static byte[] concatenated(List<FaultyProxy.Captured> capture) {
        int length =
                capture.stream().mapToInt(datagram -> datagram.bytes().length).sum();
        ByteBuffer all = ByteBuffer.allocate(length);
        capture.forEach(datagram -> all.put(datagram.bytes()));
        return all.array();
    }

    /** Whether {@code hex} occurs in {@code everything} at a byte boundary. */
    private static boolean contains(String everything, String hex) {
        for (int at = everything.indexOf(hex); at >= 0; at = everything.indexOf(hex, at + 1)) {
            if (at % 2 == 0) {
                return true;
            }
        }
        return false;
    }

    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }
}
