package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;

/** The choice of the next server: round robin from the current one, and the connection pointed there. */
class ServerRotationTest {

    private final List<InetSocketAddress> pointedAt = new ArrayList<>();

    private static ServerList.Node node(String host) {
        return new ServerList.Node(
                new HostPort(host, 8888),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 8888 + host.length()));
    }

    private static final ServerList.Node A = node("a");
    private static final ServerList.Node B = node("bb");
    private static final ServerList.Node C = node("ccc");

    @Test
    void itStartsAtTheFirstServer() {
        ServerRotation servers = new ServerRotation(List.of(A, B, C), pointedAt::add);
        assertEquals(A, servers.current());
        assertEquals(B, servers.next());
        assertEquals(List.of(), pointedAt, "the connection is made for the first server already");
    }

    @Test
    void theNextServerIsTheOneAfterAndTheFirstAfterTheLast() throws Exception {
        ServerRotation servers = new ServerRotation(List.of(A, B, C), pointedAt::add);

        assertEquals(B, servers.moveToNext());
        assertEquals(C, servers.moveToNext());
        assertEquals(A, servers.moveToNext(), "round robin: the one lost comes round again");
        assertEquals(B, servers.moveToNext());

        assertEquals(List.of(B.address(), C.address(), A.address(), B.address()), pointedAt);
        assertEquals(B, servers.current());
    }

    @Test
    void oneServerIsAlwaysTheNextAndTheConnectionIsLeftAlone() throws Exception {
        ServerRotation servers = new ServerRotation(List.of(A), pointedAt::add);

        assertEquals(A, servers.moveToNext());
        assertEquals(A, servers.moveToNext());
        assertEquals(A, servers.next());
        assertEquals(List.of(), pointedAt, "a single server behaves as it always did");
    }

    @Test
    void aConnectionThatCannotMoveStaysWithTheCurrentServer() {
        ServerRotation servers = new ServerRotation(List.of(A, B), address -> {
            throw new SocketException("Socket is closed");
        });
        assertThrows(IOException.class, servers::moveToNext);
        assertEquals(A, servers.current());
    }

    @Test
    void thereIsNoRotationWithoutAServer() {
        assertEquals(
                "no server to talk to",
                assertThrows(IllegalArgumentException.class, () -> new ServerRotation(List.of(), pointedAt::add))
                        .getMessage());
    }
}
