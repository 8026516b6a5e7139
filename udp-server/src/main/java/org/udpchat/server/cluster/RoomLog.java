package org.udpchat.server.cluster;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rooms' order and recent history, cluster-wide: one entry per room in a partitioned, backed-up map, each
 * changed only by entry processors on the room's partition owner. Every method returns at once; its stage
 * completes on a Hazelcast thread. Thread-safe: any thread may call it.
 */
public final class RoomLog {

    /** The map's name; its configuration is {@link #mapConfig()}. */
    static final String MAP = "udp-chat.room-log";

    /** Default of how many events each room keeps: the server's own {@code --history} default. */
    public static final int DEFAULT_HISTORY = 200;

    /** The most a room may keep, as the server's {@code --history} allows. */
    public static final int MAX_HISTORY = 10_000;

    private final IMap<String, RoomLogEntry> rooms;
    private final int history;

    /**
     * The ids of this node's appends: a random start (so that two nodes' ids do not meet), then one more for
     * each. The room's history remembers them, so an append retried after its answer was lost is not doubled.
     */
    private final AtomicLong appendIds =
            new AtomicLong(ThreadLocalRandom.current().nextLong());

    /**
     * @param history how many events each room keeps for nodes that missed them, 0 to {@link #MAX_HISTORY}
     */
    public RoomLog(HazelcastInstance hazelcast, int history) {
        if (history < 0 || history > MAX_HISTORY) {
            throw new IllegalArgumentException(
                    "history must be 0 to " + MAX_HISTORY + " events per room, not " + history);
        }
        this.rooms = hazelcast.getMap(MAP);
        this.history = history;
    }

    /**
     * The room log's map: one backup (a room survives one node's death), kept as objects so that an append
     * changes the history in place instead of reading and writing all of it.
     */
    static MapConfig mapConfig() {
        return new MapConfig(MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT);
    }

    /** Orders {@code bytes} as the room's next event; the stage gives it numbered. */
    public CompletionStage<RoomEvent> append(String room, byte[] bytes) {
        return rooms.submitToKey(room, new AppendToRoom(appendIds.incrementAndGet(), history, bytes));
    }

    /** The room's events numbered {@code from} to {@code to} that it still holds. */
    public CompletionStage<RoomRange> fetch(String room, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("an empty range: " + from + " > " + to);
        }
        return rooms.submitToKey(room, new ReadRoomRange(from, to));
    }

    /** The room's last sequence number (0 if it never had an event). */
    public CompletionStage<Long> lastSequence(String room) {
        return rooms.submitToKey(room, new ReadRoomRange(1, 0)).thenApply(RoomRange::last);
    }
}
