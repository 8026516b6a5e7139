package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Reads a range of a room's events where they are kept, so that only the range travels, not the room's whole
 * history. {@link ReadOnly}: no backup, no lock on the entry. An empty range ({@code from > to}) asks only for
 * the room's last sequence number. The answer is stamped ({@link RoomStamp}) by the node that reads it, for the
 * asker's nonce, with the stamp it finds on its own node (as {@link AppendToRoom} does).
 */
// As AppendToRoom: travels as IdentifiedDataSerializable only, never by Java serialization.
@SuppressWarnings("serial")
final class ReadRoomRange
        implements EntryProcessor<String, RoomLogEntry, RoomRange>,
                ReadOnly,
                IdentifiedDataSerializable,
                HazelcastInstanceAware {

    private long nonce;
    private long from;
    private long to;

    /** The node this runs on, given by Hazelcast before it runs. */
    private transient HazelcastInstance node;

    ReadRoomRange() {}

    ReadRoomRange(long nonce, long from, long to) {
        this.nonce = nonce;
        this.from = from;
        this.to = to;
    }

    @Override
    public RoomRange process(Map.Entry<String, RoomLogEntry> entry) {
        RoomStamp stamp = RoomStamp.onNode(node);
        RoomLogEntry history = entry.getValue() == null ? new RoomLogEntry() : entry.getValue();
        return history.range(entry.getKey(), stamp, nonce, from, to);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance node) {
        this.node = node;
    }

    @Override
    public EntryProcessor<String, RoomLogEntry, RoomRange> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return RoomSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RoomSerialization.READ_RANGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(nonce);
        out.writeLong(from);
        out.writeLong(to);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        nonce = in.readLong();
        from = in.readLong();
        to = in.readLong();
    }
}
