package org.udpchat.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IP address as the operator types it: a literal, never a host name (a ban must not wait on DNS). */
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
}
