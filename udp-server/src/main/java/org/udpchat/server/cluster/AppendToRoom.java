package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends a batch of events to a room's history, in the batch's order, and answers them numbered. It runs on the
 * node that owns the room's partition, on that partition's thread, so a room has exactly one sequencer at a
 * time, and the sequencer moves with the partition when a node leaves or dies. The backup is told the numbered
 * events ({@link OnBackup}), not asked to number them again, so the owner's and the backup's numbers cannot
 * differ.
 *
 * <p>A batch, not one event: a node has one append of a room in flight at a time (so that its own lines keep
 * their order), and what its members say meanwhile goes in the next one, so a room fed faster than one round
 * trip per event sends bigger batches instead of a queue that only grows.
 *
 * <p>The owner stamps the events it numbers ({@link RoomStamp}) with the stamp it finds on its own node, which
 * Hazelcast hands this processor there ({@link HazelcastInstanceAware}): the key never travels with it.
 */
// EntryProcessor extends Serializable, but this travels as IdentifiedDataSerializable only (ClusterSerialization
// refuses Java serialization of the project's classes), so no serialVersionUID is wanted.
@SuppressWarnings("serial")
final class AppendToRoom
        implements EntryProcessor<String, RoomLogEntry, ArrayList<RoomEvent>>,
                IdentifiedDataSerializable,
                HazelcastInstanceAware {

    private int limit;
    private List<RoomLog.NewEvent> batch;

    /** Set by {@link #process} on the owner, for the backup; never sent by the appending node. */
    private transient List<RoomEvent> appended;

    /** The node this runs on, given by Hazelcast before it runs. */
    private transient HazelcastInstance node;

    AppendToRoom() {}

    /** @param batch each with its append id already chosen (never {@link RoomLog#NEW_APPEND}) */
    AppendToRoom(int limit, List<RoomLog.NewEvent> batch) {
        this.limit = limit;
        this.batch = List.copyOf(batch);
    }

    @Override
    public ArrayList<RoomEvent> process(Map.Entry<String, RoomLogEntry> entry) {
        RoomStamp stamp = RoomStamp.onNode(node); // first: a node without one changes nothing, and is asked again
        RoomLogEntry history = entry.getValue() == null ? new RoomLogEntry() : entry.getValue();
        long time = System.currentTimeMillis();
        ArrayList<RoomEvent> numbered = new ArrayList<>(history.append(entry.getKey(), stamp, time, batch, limit));
        entry.setValue(history);
        appended = numbered;
        return numbered;
    }

    @Override
    public EntryProcessor<String, RoomLogEntry, ArrayList<RoomEvent>> getBackupProcessor() {
        return new OnBackup(appended, limit);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance node) {
        this.node = node;
    }

    @Override
    public int getFactoryId() {
        return RoomSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RoomSerialization.APPEND_BATCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(limit);
        out.writeInt(batch.size());
        for (RoomLog.NewEvent event : batch) {
            out.writeLong(event.appendId());
            out.writeByteArray(event.bytes());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = readLimit(in);
        int size = in.readInt();
        if (size < 1 || size > RoomLog.MAX_BATCH) {
            throw new IOException("an append of " + size + " events; 1 to " + RoomLog.MAX_BATCH + " are taken");
        }
        List<RoomLog.NewEvent> read = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            long appendId = in.readLong();
            byte[] bytes = in.readByteArray();
            if (bytes == null) {
                throw new IOException("an appended event without bytes");
            }
            read.add(new RoomLog.NewEvent(bytes, appendId));
        }
        batch = read;
    }

    /**
     * The history limit an append names, as {@link RoomLog} checks its own: anything in the cluster may send one,
     * and a negative limit fails every append of the room, a huge one keeps its whole history on owner and backup.
     */
    private static int readLimit(ObjectDataInput in) throws IOException {
        int limit = in.readInt();
        if (limit < 0 || limit > RoomLog.MAX_HISTORY) {
            throw new IOException("an append keeping " + limit + " events; 0 to " + RoomLog.MAX_HISTORY + " are taken");
        }
        return limit;
    }

    /** The owner's numbered events, kept by the backup as they are. */
    @SuppressWarnings("serial") // as its outer class
    static final class OnBackup
            implements EntryProcessor<String, RoomLogEntry, ArrayList<RoomEvent>>, IdentifiedDataSerializable {

        private List<RoomEvent> events;
        private int limit;

        OnBackup() {}

        OnBackup(List<RoomEvent> events, int limit) {
            this.events = events;
            this.limit = limit;
        }

        @Override
        public ArrayList<RoomEvent> process(Map.Entry<String, RoomLogEntry> entry) {
            RoomLogEntry history = entry.getValue() == null ? new RoomLogEntry() : entry.getValue();
            for (RoomEvent event : events) {
                history.applyOnBackup(event, limit);
            }
            entry.setValue(history);
            return null; // nobody reads a backup's answer
        }

        @Override
        public EntryProcessor<String, RoomLogEntry, ArrayList<RoomEvent>> getBackupProcessor() {
            return null; // it is the backup
        }

        @Override
        public int getFactoryId() {
            return RoomSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return RoomSerialization.APPEND_BATCH_BACKUP;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(limit);
            out.writeInt(events.size());
            for (RoomEvent event : events) {
                event.writeData(out);
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            limit = readLimit(in);
            int size = in.readInt();
            if (size < 1 || size > RoomLog.MAX_BATCH) {
                throw new IOException("a backup of " + size + " events; 1 to " + RoomLog.MAX_BATCH + " are taken");
            }
            List<RoomEvent> read = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                RoomEvent event = new RoomEvent();
                event.readData(in);
                read.add(event);
            }
            events = read;
        }
    }
}
