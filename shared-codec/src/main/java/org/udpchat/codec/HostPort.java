package org.udpchat.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An address as people type and read it: {@code host:port}, with IPv6 literals in brackets
 * ({@code [::1]:8888}). Parsing resolves nothing; the caller decides when to look a host name up.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null) {
            throw new NullPointerException("host == null");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException with a message that says what is wrong and what is expected
     */
    public static HostPort parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(
                        Untrusted.quote(text) + " is not [IPv6]:PORT, for example [::1]:8888");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException(Untrusted.quote(text)
                        + " is not HOST:PORT, for example 127.0.0.1:8888 (IPv6 in brackets: [::1]:8888)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(Untrusted.quote(text) + " has no host before the port");
        }
        return new HostPort(host, parsePort(port));
    }

    /** Parses a port number 0..65535, with a message that names the bad value. */
    public static int parsePort(String text) {
        // ASCII digits only: Integer.parseInt would also take "+80" and Arabic-Indic digits
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int port = Integer.parseInt(text);
            if (port <= 65_535) {
                return port;
            }
        }
        throw new IllegalArgumentException("port " + Untrusted.quote(text) + " is not a number in 0..65535");
    }

    /**
     * An IP address as RFC 5952 writes it: {@code 127.0.0.1}, {@code ::1} (never {@code 0:0:0:0:0:0:0:1}),
     * a scoped IPv6 address with its scope ({@code fe80::1%eth0}).
     */
    public static String format(InetAddress address) {
        return address instanceof Inet6Address ? shortIpv6(address.getHostAddress()) : address.getHostAddress();
    }

    /** {@code 127.0.0.1:8888} or {@code [::1]:8888}, the shortest IPv6 form. */
    public static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return new HostPort(address.getHostString(), address.getPort()).toString();
        }
        if (ip instanceof Inet6Address) {
            return "[" + shortIpv6(ip.getHostAddress()) + "]:" + address.getPort();
        }
        return ip.getHostAddress() + ":" + address.getPort();
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Collapses the longest run of two or more zero groups into {@code ::}, as RFC 5952 recommends. */
    static String shortIpv6(String full) {
        int percent = full.indexOf('%');
        String scope = percent < 0 ? "" : full.substring(percent);
        String[] groups = (percent < 0 ? full : full.substring(0, percent)).split(":", -1);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].matches("0+")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        StringBuilder shortened = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            if (i == bestStart) {
                shortened.append("::");
                i += bestLength - 1;
                continue;
            }
            if (shortened.length() > 0 && shortened.charAt(shortened.length() - 1) != ':') {
                shortened.append(':');
            }
            shortened.append(groups[i].replaceFirst("^0+(?=.)", ""));
        }
        return shortened + scope;
    }
}
