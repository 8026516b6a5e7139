package org.udpchat.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters, copied from the relay thread: safe to hand to another thread. Everything but the first two
 * and {@code rooms} counts since the server started.
 *
 * @param members members now, classic and native
 * @param nativeMembers of those, native sessions
 * @param joins members that joined since start
 * @param rooms rooms now, the lobby included
 * @param retransmissions events sent again because their acknowledgement was overdue
 * @param handshakes native handshakes answered (key agreements done for a proven address)
 */
public record RelayStats(
        long members,
        long nativeMembers,
        long joins,
        long rooms,
        long datagramsIn,
        long datagramsOut,
        long bytesIn,
        long bytesOut,
        long retransmissions,
        long handshakes,
        Map<DropReason, Long> drops) {

    public RelayStats {
        drops = Collections.unmodifiableMap(new EnumMap<>(drops));
    }

    public long dropped(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
