package org.udpchat.server;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Who may speak classic text. A classic datagram proves nothing about its source address, so a member of
 * a classic room could be any address someone wrote on a forged datagram, and everything the room says
 * would flood it. As memcached turned its UDP port off by default once it was used that way, the server
 * takes classic text by default only from addresses a stranger on the internet cannot appear to be.
 */
public enum ClassicAccess {
    /** From loopback, private (RFC 1918, fc00::/7) and link-local addresses only: a LAN, or this host. */
    LAN,
    /** From anyone: gives up the bound on what the server sends to an address that proved nothing. */
    ANY,
    /** Not at all: native clients only. */
    OFF;

    /** Whether classic datagrams from {@code source} are taken. */
    boolean accepts(InetAddress source) {
        switch (this) {
            case ANY:
                return true;
            case OFF:
                return false;
            case LAN:
                return isLocal(source);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Loopback, RFC 1918, link-local, an IPv6 unique local address (fc00::/7), or IPv6's deprecated
     * site-local (fec0::/10): none of them is routed on the internet.
     */
    static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()) {
            return true;
        }
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    }
}
