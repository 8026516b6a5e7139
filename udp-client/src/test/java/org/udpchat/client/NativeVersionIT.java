package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.NativeCodec;

/**
 * The whole client against a server of a newer version, played on a raw socket: it answers the hello
 * with an UPGRADE, and the client says which version the server speaks and ends with status 2, at once
 * rather than after its join timeout.
 */
@Timeout(20)
class NativeVersionIT {

    private DatagramSocket newerServer;

    @BeforeEach
    void open() throws Exception {
        newerServer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        newerServer.setSoTimeout(10_000);
    }

    @AfterEach
    void close() {
        newerServer.close();
    }

    @Test
    void aServerOfAnotherVersionIsNamedAndTheClientEndsWith2() throws Exception {
        CompletableFuture<ClearClientPacket> hello = CompletableFuture.supplyAsync(() -> {
            try {
                byte[] buffer = new byte[2048];
                DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                newerServer.receive(received);
                ClearClientPacket asked =
                        NativeCodec.decodeClientHandshake(ByteBuffer.wrap(buffer, 0, received.getLength()));
                byte[] upgrade = NativeCodec.encode(new ClearServerPacket.Upgrade(
                        NativeCodec.VERSION, 3, ((ClearClientPacket.Hello) asked).nonce()));
                newerServer.send(new DatagramPacket(upgrade, upgrade.length, received.getSocketAddress()));
                return asked;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClientMain client = new ClientMain(
                        new BufferedReader(new StringReader("")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .knowing(FreshKnownServers.make());

        int status =
                client.run("--server", "127.0.0.1:" + newerServer.getLocalPort(), "--name", "alice", "--lang", "en");

        assertEquals(ExitStatus.USAGE.code(), status);
        assertEquals(
                "the server speaks version 3 of the native protocol, this client 2 - use a client that speaks"
                        + " version 3\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(
                ClearClientPacket.Hello.class, hello.get(5, TimeUnit.SECONDS).getClass());
    }
}
