package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Appends one event to a room's history and answers it numbered. It runs on the node that owns the room's
 * partition, on that partition's thread, so a room has exactly one sequencer at a time, and the sequencer moves
 * with the partition when a node leaves or dies. The backup is told the numbered event ({@link OnBackup}), not
 * asked to number it again, so the owner's and the backup's numbers cannot differ.
 *
 * <p>The owner stamps the event it numbers ({@link RoomStamp}) with the stamp it finds on its own node, which
 * Hazelcast hands this processor there ({@link HazelcastInstanceAware}): the key never travels with it.
 */
// EntryProcessor extends Serializable, but this travels as IdentifiedDataSerializable only (ClusterSerialization
// refuses Java serialization of the project's classes), so no serialVersionUID is wanted.
@SuppressWarnings("serial")
final class AppendToRoom
        implements EntryProcessor<String, RoomLogEntry, RoomEvent>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private long appendId;
    private int limit;
    private byte[] bytes;

    /** Set by {@link #process} on the owner, for the backup; never sent by the appending node. */
    private transient RoomEvent appended;

    /** The node this runs on, given by Hazelcast before it runs. */
    private transient HazelcastInstance node;

    AppendToRoom() {}

    AppendToRoom(long appendId, int limit, byte[] bytes) {
        this.appendId = appendId;
        this.limit = limit;
        this.bytes = bytes;
    }

    @Override
    public RoomEvent process(Map.Entry<String, RoomLogEntry> entry) {
        RoomStamp stamp = RoomStamp.onNode(node); // first: a node without one changes nothing, and is asked again
        RoomLogEntry history = entry.getValue() == null ? new RoomLogEntry() : entry.getValue();
        appended = history.append(entry.getKey(), stamp, System.currentTimeMillis(), appendId, bytes, limit);
        entry.setValue(history);
        return appended;
    }

    @Override
    public EntryProcessor<String, RoomLogEntry, RoomEvent> getBackupProcessor() {
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
        return RoomSerialization.APPEND;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(appendId);
        out.writeInt(limit);
        out.writeByteArray(bytes);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        appendId = in.readLong();
        limit = in.readInt();
        bytes = in.readByteArray();
    }

    /** The owner's numbered event, kept by the backup as it is. */
    @SuppressWarnings("serial") // as its outer class
    static final class OnBackup implements EntryProcessor<String, RoomLogEntry, RoomEvent>, IdentifiedDataSerializable {

        private RoomEvent event;
        private int limit;

        OnBackup() {}

        OnBackup(RoomEvent event, int limit) {
            this.event = event;
            this.limit = limit;
        }

        @Override
        public RoomEvent process(Map.Entry<String, RoomLogEntry> entry) {
            RoomLogEntry history = entry.getValue() == null ? new RoomLogEntry() : entry.getValue();
            history.applyOnBackup(event, limit);
            entry.setValue(history);
            return event;
        }

        @Override
        public EntryProcessor<String, RoomLogEntry, RoomEvent> getBackupProcessor() {
            return null; // it is the backup
        }

        @Override
        public int getFactoryId() {
            return RoomSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return RoomSerialization.APPEND_BACKUP;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            event.writeData(out);
            out.writeInt(limit);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            event = new RoomEvent();
            event.readData(in);
            limit = in.readInt();
        }
    }
}
