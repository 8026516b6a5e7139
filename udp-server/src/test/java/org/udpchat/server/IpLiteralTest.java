package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Addresses as the operator types them for {@code /banip} and {@code /unban}: literals only, never names;
 * and as the server shows them: RFC 5952's one form.
 */
class IpLiteralTest {

    private static InetAddress address(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parsesDottedIpv4() {
        assertEquals(Optional.of(address(192, 0, 2, 7)), IpLiteral.parse("192.0.2.7"));
        assertEquals(Optional.of(address(0, 0, 0, 0)), IpLiteral.parse("0.0.0.0"));
        assertEquals(Optional.of(address(255, 255, 255, 255)), IpLiteral.parse("255.255.255.255"));
    }

    @Test
    void parsesIpv6WithAndWithoutBrackets() {
        InetAddress expected = address(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7);

        assertEquals(Optional.of(expected), IpLiteral.parse("2001:db8::7"));
        assertEquals(Optional.of(expected), IpLiteral.parse("[2001:db8::7]"));
        assertEquals(Optional.of(expected), IpLiteral.parse("2001:DB8:0:0:0:0:0:7"));
        assertInstanceOf(Inet6Address.class, IpLiteral.parse("::1").orElseThrow());
        assertEquals(IpLiteral.parse("::1"), IpLiteral.parse("[::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:192.0.2.7", "[::ffff:192.0.2.7]", "::FFFF:c000:207", "0:0:0:0:0:ffff:192.0.2.7"})
    void anIpv4MappedIpv6AddressIsItsIpv4Address(String literal) {
        InetAddress parsed = IpLiteral.parse(literal).orElseThrow();

        assertInstanceOf(Inet4Address.class, parsed);
        assertEquals(address(192, 0, 2, 7), parsed);
        assertEquals(IpLiteral.parse("192.0.2.7").orElseThrow(), parsed);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.com",
                "LOCALHOST",
                "ip6-localhost",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "1.2.3.256",
                "01.2.3.4",
                "1.2.3.4:80",
                "1:2:3",
                "1::2::3",
                "12345::",
                ":",
                "[1.2.3]",
                "[]",
                "",
                " 192.0.2.7",
                "fe80::1%eth0",
                "-1.2.3.4"
            })
    void refusesWhatIsNotAnIpLiteral(String text) {
        assertEquals(Optional.empty(), IpLiteral.parse(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:0:0:0:7, 2001:db8::7",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // two runs of two: the first is shortened
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // one zero group stays 0
        "2001:0db8:0000:0000:0000:0000:0001:0000, 2001:db8::1:0",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::", // the longer run wins
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "192.0.2.7, 192.0.2.7",
        "::ffff:192.0.2.7, 192.0.2.7"
    })
    void showsAnAddressInRfc5952Form(String literal, String shown) {
        assertEquals(shown, IpLiteral.format(IpLiteral.parse(literal).orElseThrow()));
    }

    @Test
    void aShownAddressReadsBackAsItself() {
        InetAddress address = IpLiteral.parse("2001:db8:0:0:1:0:0:1").orElseThrow();

        assertEquals(Optional.of(address), IpLiteral.parse(IpLiteral.format(address)));
    }
}
