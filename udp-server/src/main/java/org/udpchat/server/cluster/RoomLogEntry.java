package org.udpchat.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's entry in the room log: the last sequence number the room gave, and its last events (at most the
 * limit each append names, the oldest dropped first). Changed only by entry processors on the node that owns
 * the room's partition (and, the same way, on its backup), one at a time: Hazelcast runs the operations on
 * one partition on one partition thread.
 */
final class RoomLogEntry implements IdentifiedDataSerializable {

    private long lastSequence;
    private final ArrayDeque<RoomEvent> events = new ArrayDeque<>();

    long lastSequence() {
        return lastSequence;
    }

    /**
     * Orders one event: the next sequence number, unless the append with this id is still held (a retry of an
     * append whose answer was lost with a node, or a member's line said again after its node died), in which case
     * the event held, as it is. Only the events kept are looked at: a line said again after it fell out of the
     * room's history is taken again. The event is stamped
     * as {@code room}'s with {@code stamp}, this node's.
     */
    RoomEvent append(String room, RoomStamp stamp, long time, long appendId, byte[] bytes, int limit) {
        return append(room, stamp, time, List.of(new RoomLog.NewEvent(bytes, appendId)), limit)
                .get(0);
    }

    /**
     * Orders a batch's events, in its order, each as {@link #append} orders one, but with what the room held
     * before the batch looked up first: appending the batch's first events drops the oldest held, which may be
     * the batch's own later ones (a batch retried after its first answer was lost), and each of those would then
     * be numbered again in turn, the whole batch heard twice (BatchRetryTest).
     */
    List<RoomEvent> append(String room, RoomStamp stamp, long time, List<RoomLog.NewEvent> batch, int limit) {
        Map<Long, RoomEvent> held = new HashMap<>();
        for (RoomLog.NewEvent event : batch) {
            held.put(event.appendId(), null);
        }
        for (RoomEvent event : events) { // oldest first: a later event under the same id wins, as in append
            if (held.containsKey(event.appendId())) {
                held.put(event.appendId(), event);
            }
        }
        List<RoomEvent> numbered = new ArrayList<>(batch.size());
        for (RoomLog.NewEvent event : batch) {
            RoomEvent found = held.get(event.appendId());
            if (found == null) {
                long sequence = lastSequence + 1;
                found = new RoomEvent(
                        sequence,
                        time,
                        event.appendId(),
                        event.bytes(),
                        stamp.ofEvent(room, sequence, time, event.appendId(), event.bytes()));
                keep(found, limit);
                held.put(event.appendId(), found); // said twice in one batch: taken once
            }
            numbered.add(found);
        }
        return numbered;
    }

    /**
     * What the backup does with an event its owner ordered: the same, unless it has it already (a retried
     * backup). A backup that missed one keeps the gap; Hazelcast's replica sync replaces the whole entry soon.
     */
    void applyOnBackup(RoomEvent event, int limit) {
        if (event.sequence() > lastSequence) {
            keep(event, limit);
        }
    }

    private void keep(RoomEvent event, int limit) {
        lastSequence = event.sequence();
        if (limit == 0) {
            events.clear();
            return;
        }
        events.addLast(event);
        while (events.size() > limit) {
            events.removeFirst();
        }
    }

    /**
     * The held events numbered {@code from} to {@code to}, with what the log still holds around them, stamped as
     * {@code room}'s answer to the question asked with {@code nonce}.
     */
    RoomRange range(String room, RoomStamp stamp, long nonce, long from, long to) {
        long oldest = events.isEmpty() ? lastSequence + 1 : events.peekFirst().sequence();
        List<RoomEvent> found = new ArrayList<>();
        for (RoomEvent event : events) {
            if (event.sequence() >= from && event.sequence() <= to) {
                found.add(event);
            }
        }
        return new RoomRange(
                oldest, lastSequence, found, stamp.ofRange(room, nonce, from, to, oldest, lastSequence, found));
    }

    @Override
    public int getFactoryId() {
        return RoomSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RoomSerialization.ENTRY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(lastSequence);
        out.writeInt(events.size());
        for (RoomEvent event : events) {
            event.writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        lastSequence = in.readLong();
        int count = in.readInt();
        events.clear();
        for (int i = 0; i < count; i++) {
            RoomEvent event = new RoomEvent();
            event.readData(in);
            events.addLast(event);
        }
    }
}
