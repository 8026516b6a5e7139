package org.udpchat.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

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
        if (!(address instanceof Inet6Address ipv6)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[bytes.length / 2];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int runStart = -1;
        int runLength = 1; // a single zero group stays "0" (RFC 5952, 4.2.2)
        for (int i = 0; i < groups.length; ) {
            int end = i;
            while (end < groups.length && groups[end] == 0) {
                end++;
            }
            if (end - i > runLength) {
                runStart = i;
                runLength = end - i;
            }
            i = Math.max(end, i + 1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String full = ipv6.getHostAddress();
        int percent = full.indexOf('%');
        return percent < 0 ? text.toString() : text + full.substring(percent);
    }
}
