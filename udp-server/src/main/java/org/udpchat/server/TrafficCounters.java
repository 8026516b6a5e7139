package org.udpchat.server;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the relay has received, sent, sent again and dropped since it started: the traffic half of
 * {@code /stats}. Owned by the relay thread; {@link #stats} copies it for other threads.
 */
final class TrafficCounters {

    private long datagramsIn;
    private long datagramsOut;
    private long bytesIn;
    private long bytesOut;
    private long retransmissions;
    private final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

    void received(int bytes) {
        datagramsIn++;
        bytesIn += bytes;
    }

    void sent(int bytes) {
        datagramsOut++;
        bytesOut += bytes;
    }

    void retransmitted() {
        retransmissions++;
    }

    void dropped(DropReason reason) {
        drops.merge(reason, 1L, Long::sum);
    }

    /** These counters with what {@code rooms} holds now, as {@code /stats} shows them. */
    RelayStats stats(Rooms rooms) {
        return new RelayStats(
                rooms.size(),
                rooms.nativeMembers(),
                rooms.joins(),
                rooms.rooms().size(),
                datagramsIn,
                datagramsOut,
                bytesIn,
                bytesOut,
                retransmissions,
                drops);
    }
}
