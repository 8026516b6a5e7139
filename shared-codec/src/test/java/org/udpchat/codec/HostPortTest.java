package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HostPortTest {

    // ---------------------------------------------------------------------------------------------
    // parse

    @Test
    void parsesIpv4AndPort() {
        assertEquals(new HostPort("127.0.0.1", 8888), HostPort.parse("127.0.0.1:8888"));
    }

    @Test
    void parsesBracketedIpv6AndPort() {
        assertEquals(new HostPort("::1", 8888), HostPort.parse("[::1]:8888"));
    }

    @Test
    void parsesHostName() {
        assertEquals(new HostPort("localhost", 1), HostPort.parse("localhost:1"));
    }

    @Test
    void parsesLowestAndHighestPorts() {
        assertEquals(0, HostPort.parse("localhost:0").port());
        assertEquals(65_535, HostPort.parse("localhost:65535").port());
    }

    @Test
    void parsesIpv6WithScope() {
        assertEquals(new HostPort("fe80::1%eth0", 80), HostPort.parse("[fe80::1%eth0]:80"));
    }

    static Stream<Arguments> badAddresses() {
        String hostPort = " is not HOST:PORT, for example 127.0.0.1:8888 (IPv6 in brackets: [::1]:8888)";
        String bracketed = " is not [IPv6]:PORT, for example [::1]:8888";
        return Stream.of(
                Arguments.of("localhost", "'localhost'" + hostPort),
                Arguments.of("abc", "'abc'" + hostPort),
                Arguments.of("", "''" + hostPort),
                Arguments.of("::1:80", "'::1:80'" + hostPort),
                Arguments.of("[::1]", "'[::1]'" + bracketed),
                Arguments.of("[::1]:", "port '' is not a number in 0..65535"),
                Arguments.of("[::1]80", "'[::1]80'" + bracketed),
                Arguments.of("[::1:80", "'[::1:80'" + bracketed),
                Arguments.of(":80", "':80' has no host before the port"),
                Arguments.of("[]:80", "'[]:80' has no host before the port"),
                Arguments.of("localhost:65536", "port '65536' is not a number in 0..65535"),
                Arguments.of("localhost:-1", "port '-1' is not a number in 0..65535"),
                Arguments.of("localhost:", "port '' is not a number in 0..65535"),
                Arguments.of("localhost:http", "port 'http' is not a number in 0..65535"),
                Arguments.of("localhost: 80", "port ' 80' is not a number in 0..65535"),
                Arguments.of("localhost:99999999999", "port '99999999999' is not a number in 0..65535"));
    }

    @ParameterizedTest
    @MethodSource("badAddresses")
    void rejectsBadAddressWithMessageSayingWhatIsExpected(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));

        assertEquals(message, e.getMessage());
    }

    @Test
    void quotesControlCharactersInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("a\nb"));

        assertEquals(
                "'a\\u000Ab' is not HOST:PORT, for example 127.0.0.1:8888 (IPv6 in brackets: [::1]:8888)",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0", "80", "8888", "65535"})
    void parsesPort(String port) {
        assertEquals(Integer.parseInt(port), HostPort.parsePort(port));
    }

    @ParameterizedTest
    @CsvSource({"+80", "-0", "٨٠", "080000", "''", "' 80'"})
    void rejectsPortsThatAreNotPlainAsciiDigits(String port) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parsePort(port));

        assertEquals("port " + Untrusted.quote(port) + " is not a number in 0..65535", e.getMessage());
    }

    @Test
    void rejectsPortAboveRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parsePort("65536"));

        assertEquals("port '65536' is not a number in 0..65535", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // the record

    @Test
    void refusesNullHost() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new HostPort(null, 80));

        assertEquals("host == null", e.getMessage());
    }

    @Test
    void refusesEmptyHost() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HostPort("", 80));

        assertEquals("host is empty", e.getMessage());
    }

    @Test
    void refusesPortOutOfRange() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> new HostPort("h", -1));
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> new HostPort("h", 65_536));

        assertEquals("port -1 is not in 0..65535", low.getMessage());
        assertEquals("port 65536 is not in 0..65535", high.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:8888", "[::1]:8888", "localhost:1", "[fe80::1%eth0]:80"})
    void toStringIsWhatParseReads(String text) {
        assertEquals(text, HostPort.parse(text).toString());
    }

    // ---------------------------------------------------------------------------------------------
    // format (addresses are built from bytes: nothing is resolved)

    @Test
    void formatsIpv4() throws UnknownHostException {
        InetAddress ip = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});

        assertEquals("127.0.0.1:8888", HostPort.format(new InetSocketAddress(ip, 8888)));
    }

    @Test
    void formatsIpv6LoopbackShortInBrackets() throws UnknownHostException {
        assertEquals("[::1]:80", HostPort.format(new InetSocketAddress(ipv6("0:0:0:0:0:0:0:1"), 80)));
    }

    @Test
    void formatsIpv6WildcardAsDoubleColon() throws UnknownHostException {
        assertEquals("[::]:80", HostPort.format(new InetSocketAddress(ipv6("0:0:0:0:0:0:0:0"), 80)));
    }

    @Test
    void formatsIpv6WithScopeId() throws UnknownHostException {
        byte[] linkLocal = ipv6("fe80:0:0:0:0:0:0:1").getAddress();
        InetAddress scoped = Inet6Address.getByAddress(null, linkLocal, 1);

        assertEquals("[fe80::1%1]:80", HostPort.format(new InetSocketAddress(scoped, 80)));
    }

    @Test
    void formatsUnresolvedAddressWithoutResolvingIt() {
        assertEquals("example.org:80", HostPort.format(InetSocketAddress.createUnresolved("example.org", 80)));
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // equal runs: the first is compressed
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0", // the longest run wins
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group is not compressed
        "1:0:0:0:0:0:0:0, 1::",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "fe80:0:0:0:0:0:0:1%eth0, fe80::1%eth0",
        "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1", // leading zeros dropped
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    })
    void shortensIpv6PerRfc5952(String full, String shortest) {
        assertEquals(shortest, HostPort.shortIpv6(full));
    }

    @Test
    void formatsDocumentationPrefixWithLongestZeroRunCompressed() throws UnknownHostException {
        assertEquals(
                "[2001:db8::1:0:0:1]:8888", HostPort.format(new InetSocketAddress(ipv6("2001:db8:0:0:1:0:0:1"), 8888)));
    }

    /** An IPv6 address from its eight groups, built from bytes so that nothing is looked up. */
    private static InetAddress ipv6(String groups) throws UnknownHostException {
        String[] parts = groups.split(":");
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            int group = Integer.parseInt(parts[i], 16);
            bytes[2 * i] = (byte) (group >> 8);
            bytes[2 * i + 1] = (byte) group;
        }
        return InetAddress.getByAddress(bytes);
    }
}
