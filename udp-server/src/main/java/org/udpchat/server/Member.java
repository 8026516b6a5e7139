package org.udpchat.server;

import java.net.InetSocketAddress;

/**
 * One person in the room. Owned by the relay thread, which alone reads and writes it; the only field
 * that changes is when the member was last heard from.
 */
final class Member {

    private final String name;
    private final String key;
    private final InetSocketAddress address;
    private long lastHeardMillis;

    Member(String name, String key, InetSocketAddress address, long joinedMillis) {
        this.name = name;
        this.key = key;
        this.address = address;
        this.lastHeardMillis = joinedMillis;
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

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    void heardAt(long millis) {
        lastHeardMillis = millis;
    }
}
