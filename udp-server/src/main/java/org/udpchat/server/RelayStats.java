package org.udpchat.server;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Counters since start, copied from the relay thread: safe to hand to another thread. */
public record RelayStats(long datagramsIn, long datagramsOut, Map<DropReason, Long> drops) {

    public RelayStats {
        drops = Collections.unmodifiableMap(new EnumMap<>(drops));
    }

    public long dropped(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
