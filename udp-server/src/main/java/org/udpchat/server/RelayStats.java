package org.udpchat.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
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
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class); // EnumMap(Map) refuses an empty map
        copy.putAll(drops);
        drops = Collections.unmodifiableMap(copy);
    }

    public long dropped(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }

    /** The counters of several servers added up: a cluster's, from its nodes'. */
    public static RelayStats sum(List<RelayStats> all) {
        long[] totals = new long[10];
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (RelayStats stats : all) {
            long[] values = {
                stats.members,
                stats.nativeMembers,
                stats.joins,
                stats.rooms,
                stats.datagramsIn,
                stats.datagramsOut,
                stats.bytesIn,
                stats.bytesOut,
                stats.retransmissions,
                stats.handshakes
            };
            for (int i = 0; i < totals.length; i++) {
                totals[i] += values[i];
            }
            stats.drops.forEach((reason, count) -> drops.merge(reason, count, Long::sum));
        }
        return new RelayStats(
                totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[7], totals[8],
                totals[9], drops);
    }

    /** These counters with {@code count} rooms: a cluster's total counts each room once, not once a node. */
    public RelayStats withRooms(long count) {
        return new RelayStats(
                members,
                nativeMembers,
                joins,
                count,
                datagramsIn,
                datagramsOut,
                bytesIn,
                bytesOut,
                retransmissions,
                handshakes,
                drops);
    }
}
