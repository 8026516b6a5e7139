package org.udpchat.server;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the operator sees of a member in {@code /list}: a copy, safe to hand to another thread.
 *
 * @param isNative whether the member speaks the native protocol (else classic text)
 * @param node the cluster node the member is on ({@code host:port} of its cluster connections); empty on a
 *     single server
 */
public record MemberInfo(
        String name, String room, InetSocketAddress address, Duration idle, boolean isNative, String node) {

    /** A member of a single server. */
    public MemberInfo(String name, String room, InetSocketAddress address, Duration idle, boolean isNative) {
        this(name, room, address, idle, isNative, "");
    }
}
