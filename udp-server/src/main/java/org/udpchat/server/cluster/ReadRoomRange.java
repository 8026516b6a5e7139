package org.udpchat.server.cluster;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Reads a range of a room's events where they are kept, so that only the range travels, not the room's whole
 * history. {@link ReadOnly}: no backup, no lock on the entry. An empty range ({@code from > to}) asks only for
 * the room's last sequence number.
 */
// As AppendToRoom: travels as IdentifiedDataSerializable only, never by Java serialization.
@SuppressWarnings("serial")
final class ReadRoomRange
        implements EntryProcessor<String, RoomLogEntry, RoomRange>, ReadOnly, IdentifiedDataSerializable {

    private long from;
    private long to;

    ReadRoomRange() {}

    ReadRoomRange(long from, long to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public RoomRange process(Map.Entry<String, RoomLogEntry> entry) {
        RoomLogEntry history = entry.getValue();
        return history == null ? new RoomRange(1, 0, List.of()) : history.range(from, to);
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
        out.writeLong(from);
        out.writeLong(to);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        from = in.readLong();
        to = in.readLong();
    }
}
