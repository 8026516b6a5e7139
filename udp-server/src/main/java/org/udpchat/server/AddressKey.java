package org.udpchat.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What the per-address limits count by: an IPv4 address, or the /64 an IPv6 address is in. A host gets a
 * whole /64 from its provider and may use any address in it, so counting IPv6 addresses one by one would
 * give each host 2^64 shares.
 */
final class AddressKey {

    private static final int IPV6_PREFIX_BYTES = 8;

    private final byte[] bytes;

    private AddressKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The key of {@code address}: itself if IPv4 (an IPv4-mapped IPv6 address is IPv4), else its /64. */
    static AddressKey of(InetAddress address) {
        byte[] raw = address.getAddress();
        return new AddressKey(address instanceof Inet4Address ? raw : Arrays.copyOf(raw, IPV6_PREFIX_BYTES));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressKey key && Arrays.equals(key.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** {@code 192.0.2.7}, or {@code 2001:db8::/64}. */
    @Override
    public String toString() {
        if (bytes.length == 4) {
            try {
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                throw new AssertionError("four bytes are an IPv4 address", e);
            }
        }
        try {
            return IpLiteral.format(InetAddress.getByAddress(Arrays.copyOf(bytes, 16))) + "/64";
        } catch (UnknownHostException e) {
            throw new AssertionError("sixteen bytes are an IPv6 address", e);
        }
    }
}
