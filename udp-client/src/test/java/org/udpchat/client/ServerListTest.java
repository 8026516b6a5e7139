package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;

/** {@code --server}'s list: what it accepts, how it refuses, and the servers a list resolves to. */
class ServerListTest {

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> ServerList.parse(text))
                .getMessage();
    }

    private static InetAddress ip(String host, int... bytes) throws UnknownHostException {
        byte[] address = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            address[i] = (byte) bytes[i];
        }
        return InetAddress.getByAddress(host, address);
    }

    /** A resolver that knows the hosts of {@code table} and no other. */
    private static ServerList.Resolver resolver(Map<String, InetAddress[]> table) {
        return host -> {
            InetAddress[] addresses = table.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host + ": Name or service not known");
            }
            return addresses;
        };
    }

    @Test
    void oneServerIsAListOfOne() {
        assertEquals(ServerList.of(new HostPort("127.0.0.1", 8888)), ServerList.parse("127.0.0.1:8888"));
    }

    @Test
    void serversAreKeptInTheOrderTyped() {
        assertEquals(
                List.of(new HostPort("b.example", 8888), new HostPort("::1", 9000), new HostPort("a.example", 8888)),
                ServerList.parse("b.example:8888,[::1]:9000,a.example:8888").servers());
    }

    @Test
    void blanksAroundTheElementsAreAllowed() {
        assertEquals(
                List.of(new HostPort("a.example", 8888), new HostPort("b.example", 8888)),
                ServerList.parse(" a.example:8888 , b.example:8888 ").servers());
    }

    @Test
    void theListIsShownAsTyped() {
        assertEquals(
                "a.example:8888,[::1]:9000",
                ServerList.parse("a.example:8888, [::1]:9000").toString());
    }

    @Test
    void anEmptyElementIsRefusedWhereverItIs() {
        assertEquals(
                "server 2 of 2: nothing between the commas: list servers as HOST:PORT,HOST:PORT",
                refusal("a.example:8888,"));
        assertEquals(
                "server 1 of 2: nothing between the commas: list servers as HOST:PORT,HOST:PORT",
                refusal(",a.example:8888"));
        assertEquals(
                "server 2 of 3: nothing between the commas: list servers as HOST:PORT,HOST:PORT",
                refusal("a.example:8888, ,b.example:8888"));
        assertEquals("no server given: expected HOST:PORT, or HOST:PORT,HOST:PORT for several", refusal(" "));
    }

    @Test
    void aServerNamedTwiceIsRefusedWhateverItsCase() {
        assertEquals(
                "server 3 of 3: 'A.example:8888' is server 1 already: name each server once",
                refusal("a.example:8888,b.example:8888,A.example:8888"));
        assertEquals(
                "server 2 of 2: '[0:0:0:0:0:0:0:1]:8888' is server 1 already: name each server once",
                refusal("[::1]:8888,[0:0:0:0:0:0:0:1]:8888"));
    }

    @Test
    void theSameHostOnAnotherPortIsAnotherServer() {
        assertEquals(
                2, ServerList.parse("a.example:8888,a.example:8889").servers().size());
    }

    @Test
    void aBadElementIsNamedWithWhatIsWrongWithIt() {
        assertEquals(
                "server 2 of 2: 'b.example' is not HOST:PORT, for example 127.0.0.1:8888 (IPv6 in brackets:"
                        + " [::1]:8888)",
                refusal("a.example:8888,b.example"));
        assertEquals("server 1 of 2: port 'x' is not a number in 0..65535", refusal("a.example:x,b.example:8888"));
        assertEquals("server 2 of 2: port 0 is not a server's port", refusal("a.example:8888,b.example:0"));
        assertEquals("port 0 is not a server's port", refusal("a.example:0"));
    }

    @Test
    void everyAddressOfAHostIsOneServerInTheResolversOrder() throws Exception {
        InetAddress first = ip("chat.example", 192, 0, 2, 7);
        InetAddress second = ip("chat.example", 192, 0, 2, 3);
        List<ServerList.Node> nodes = ServerList.parse("chat.example:8888")
                .resolve(resolver(Map.of("chat.example", new InetAddress[] {first, second})));

        HostPort named = new HostPort("chat.example", 8888);
        assertEquals(
                List.of(
                        new ServerList.Node(named, new InetSocketAddress(first, 8888)),
                        new ServerList.Node(named, new InetSocketAddress(second, 8888))),
                nodes);
        assertEquals("chat.example:8888 (192.0.2.7)", nodes.get(0).toString());
    }

    @Test
    void aListResolvesInItsOrderAndAnAddressTwoNamesShareIsOneServer() throws Exception {
        InetAddress shared = ip("b.example", 192, 0, 2, 2);
        List<ServerList.Node> nodes = ServerList.parse("b.example:8888,a.example:8888,127.0.0.1:8888")
                .resolve(resolver(Map.of(
                        "a.example", new InetAddress[] {ip("a.example", 192, 0, 2, 1), shared},
                        "b.example", new InetAddress[] {shared},
                        "127.0.0.1", new InetAddress[] {ip("127.0.0.1", 127, 0, 0, 1)})));

        assertEquals(
                List.of("b.example:8888 (192.0.2.2)", "a.example:8888 (192.0.2.1)", "127.0.0.1:8888"),
                nodes.stream().map(ServerList.Node::toString).toList());
    }

    @Test
    void aHostWithoutAnAddressIsNamed() {
        UnknownHostException failure =
                assertThrows(UnknownHostException.class, () -> ServerList.parse("a.example:8888,nowhere.example:8888")
                        .resolve(resolver(Map.of("a.example", new InetAddress[] {ip("a.example", 192, 0, 2, 1)}))));
        assertEquals("nowhere.example", failure.getMessage());
    }

    @Test
    void anIpv6NodeIsShownInBracketsOnce() throws Exception {
        List<ServerList.Node> nodes = ServerList.parse("[::1]:8888").resolve(InetAddress::getAllByName);
        assertEquals("[::1]:8888", nodes.get(0).toString());
    }
}
