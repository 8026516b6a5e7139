package org.udpchat.server.cluster;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rooms' order and recent history, cluster-wide: one entry per room in a partitioned, backed-up map, each
 * changed only by entry processors on the room's partition owner. Every method returns at once; its stage
 * completes on a Hazelcast thread. Thread-safe: any thread may call it.
 *
 * <p>What the log answers is stamped by the node that holds the room ({@link RoomStamp}) and checked here before
 * anyone takes it: an answer whose stamp fails (not this cluster's sequencer's: a rogue process that owns the
 * partition, or changed the room's entry) fails its stage with {@link UnstampedAnswerException}, and an event
 * whose own stamp fails is left out of a range; both are counted ({@link #refused}). The log also leaves this
 * node's stamp where the entry processors that run on this node find it.
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
    private final RoomStamp stamp;
    private final StampRefusals refusals = new StampRefusals();

    /**
     * The ids of this node's appends: a random start (so that two nodes' ids do not meet), then one more for
     * each. The room's history remembers them, so an append retried after its answer was lost is not doubled.
     */
    private final AtomicLong appendIds =
            new AtomicLong(ThreadLocalRandom.current().nextLong());

    /**
     * @param history how many events each room keeps for nodes that missed them, 0 to {@link #MAX_HISTORY}
     */
    public RoomLog(HazelcastInstance hazelcast, int history, RoomStamp stamp) {
        if (history < 0 || history > MAX_HISTORY) {
            throw new IllegalArgumentException(
                    "history must be 0 to " + MAX_HISTORY + " events per room, not " + history);
        }
        this.rooms = hazelcast.getMap(MAP);
        this.history = history;
        this.stamp = java.util.Objects.requireNonNull(stamp, "stamp == null");
        hazelcast.getUserContext().put(RoomStamp.CONTEXT_KEY, stamp);
    }

    /**
     * The room log's map: one backup (a room survives one node's death), kept as objects so that an append
     * changes the history in place instead of reading and writing all of it.
     */
    static MapConfig mapConfig() {
        return new MapConfig(MAP).setBackupCount(1).setInMemoryFormat(InMemoryFormat.OBJECT);
    }

    /** An append that takes its id from this node's own: nothing outside the log knows it. */
    public static final long NEW_APPEND = 0;

    /**
     * The most events one append carries. What a node's members say while its last append of a room is in flight
     * goes in the next; past this many, in the one after: one partition operation stays short, so the other
     * rooms of the partition and its migration are not held up behind one busy room.
     */
    public static final int MAX_BATCH = 128;

    /**
     * An event to append: its bytes, and its id in the room's log, or {@link #NEW_APPEND} for an id of this
     * node's. An id from outside (a member's line, said again after its node died) must be unlike this node's and
     * every other's: 64 bits of a hash ({@code SaidLineIds}), against a counter from a random start.
     */
    public record NewEvent(byte[] bytes, long appendId) {
        public NewEvent {
            java.util.Objects.requireNonNull(bytes, "bytes == null");
        }
    }

    /**
     * Orders the events of {@code batch} as the room's next ones, in the batch's order, each under its append id
     * unless the room still holds an event appended under that id (from any node), which is then given as it is,
     * not numbered again. The stage gives the events numbered, one for each of the batch, in its order.
     */
    public CompletionStage<List<RoomEvent>> append(String room, List<NewEvent> batch) {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("an append of " + batch.size() + " events; 1 to " + MAX_BATCH);
        }
        List<NewEvent> identified = new ArrayList<>(batch.size());
        for (NewEvent event : batch) {
            identified.add(
                    event.appendId() == NEW_APPEND ? new NewEvent(event.bytes(), appendIds.incrementAndGet()) : event);
        }
        return rooms.<ArrayList<RoomEvent>>submitToKey(room, new AppendToRoom(history, identified))
                .thenApply(events -> {
                    if (events == null || events.size() != identified.size()) {
                        refusals.refuse("an answer to an append", room);
                        throw new UnstampedAnswerException("the room log's answer to an append of room " + room);
                    }
                    for (int i = 0; i < events.size(); i++) {
                        RoomEvent event = events.get(i);
                        // its own append's event, or one stamped for another append (an answer moved around)
                        if (event.appendId() != identified.get(i).appendId() || !stamp.isAuthentic(room, event)) {
                            refusals.refuse("an appended event", room);
                            throw new UnstampedAnswerException("the room log's answer to an append of room " + room);
                        }
                    }
                    return List.copyOf(events);
                });
    }

    /** The room's events numbered {@code from} to {@code to} that it still holds. */
    public CompletionStage<RoomRange> fetch(String room, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("an empty range: " + from + " > " + to);
        }
        return read(room, from, to);
    }

    /** The room's last sequence number (0 if it never had an event). */
    public CompletionStage<Long> lastSequence(String room) {
        return read(room, 1, 0).thenApply(RoomRange::last);
    }

    /** Whether {@code event}, heard from anywhere, is one this cluster's sequencer numbered so in the room. */
    boolean isAuthentic(String room, RoomEvent event) {
        if (stamp.isAuthentic(room, event)) {
            return true;
        }
        refusals.refuse("an event numbered " + event.sequence(), room);
        return false;
    }

    /** How many events and answers of the room log were refused for a stamp that failed. */
    long refused() {
        return refusals.count();
    }

    private CompletionStage<RoomRange> read(String room, long from, long to) {
        long nonce = ThreadLocalRandom.current().nextLong();
        return rooms.<RoomRange>submitToKey(room, new ReadRoomRange(nonce, from, to))
                .thenApply(range -> {
                    if (!stamp.isAuthentic(room, nonce, from, to, range)) {
                        refusals.refuse("an answer for events " + from + " to " + to, room);
                        throw new UnstampedAnswerException("the room log's answer for room " + room);
                    }
                    List<RoomEvent> kept = new ArrayList<>(range.events().size());
                    for (RoomEvent event : range.events()) {
                        if (isAuthentic(room, event)) {
                            kept.add(event);
                        }
                    }
                    return kept.size() == range.events().size() ? range : range.with(kept);
                });
    }

    /** The room log answered with a stamp this node cannot verify: the answer is not taken. */
    public static final class UnstampedAnswerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnstampedAnswerException(String what) {
            super(what + " is not stamped by this cluster's sequencer");
        }
    }
}
