package org.udpchat.server;

import java.net.InetSocketAddress;

/**
 * One person in the room, classic or native. Owned by the relay thread, which alone reads and writes
 * it. A classic member is its address; a native member has a {@link NativeSession}, and its address may
 * move once the new one has answered a path challenge.
 */
final class Member {

    private final String name;
    private final String key;
    private final NativeSession session;
    private InetSocketAddress address;
    private long lastHeardMillis;

    private Member(String name, String key, InetSocketAddress address, long joinedMillis, NativeSession session) {
        this.name = name;
        this.key = key;
        this.address = address;
        this.lastHeardMillis = joinedMillis;
        this.session = session;
    }

    static Member classic(String name, String key, InetSocketAddress address, long joinedMillis) {
        return new Member(name, key, address, joinedMillis, null);
    }

    static Member ofSession(
            String name, String key, InetSocketAddress address, long joinedMillis, NativeSession session) {
        return new Member(name, key, address, joinedMillis, session);
    }

    /** The name as the member typed it: what the room sees. */
    String name() {
        return name;
    }

    /** The name's comparison form, {@link org.udpchat.codec.Names#key}. */
    String key() {
        return key;
    }

    InetSocketAddress address() {
        return address;
    }

    void moveTo(InetSocketAddress newAddress) {
        address = newAddress;
    }

    boolean isNative() {
        return session != null;
    }

    /** The native session; only for native members. */
    NativeSession session() {
        return session;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    void heardAt(long millis) {
        lastHeardMillis = millis;
    }
}
