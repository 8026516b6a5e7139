package org.udpchat.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.udpchat.codec.HostPort;

/**
 * An IP address as the operator types it (a literal, never a host name: a ban must not wait on DNS), and
 * as the server shows it, in the console, the logs and the texts: {@link #format}, RFC 5952's one form.
 */
public final class IpLiteral {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {}

    /**
     * {@code text} as an address: dotted IPv4, or IPv6 with or without brackets. An IPv4-mapped IPv6
     * address is its IPv4 address, as the server sees IPv4 clients.
     */
    public static Optional<InetAddress> parse(String text) {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(literal)); // a literal: no lookup
        } catch (UnknownHostException e) {
            return Optional.empty(); // shaped like IPv6, but not an address
        }
    }

    /**
     * {@code address} as RFC 5952 writes it: dotted IPv4, or IPv6 in lower-case hexadecimal without
     * leading zeros and with the longest run of two or more zero groups (the first, on a tie) as
     * {@code ::}. So {@code ::1}, never {@code 0:0:0:0:0:0:0:1} as {@link InetAddress#getHostAddress} has
     * it. A scoped address keeps its scope ({@code fe80::1%eth0}).
     */
    public static String format(InetAddress address) {
        return HostPort.format(address); // the one RFC 5952 writer, which the socket addresses use too
    }
}
