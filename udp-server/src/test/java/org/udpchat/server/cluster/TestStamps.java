package org.udpchat.server.cluster;

import java.util.Arrays;

/** Room stamps for tests: the fixture's nodes share one key, as a cluster's nodes share {@code server.key}. */
final class TestStamps {

    private TestStamps() {}

    /** The stamp of the test cluster's nodes. */
    static RoomStamp cluster() {
        return withKey((byte) 7);
    }

    /** The stamp of a process that has another key (or none): a rogue's. */
    static RoomStamp other() {
        return withKey((byte) 8);
    }

    private static RoomStamp withKey(byte fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, fill);
        return new RoomStamp(key);
    }
}
