package org.udpchat.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the room log answers when asked for a range of a room's events: those it still holds, in order, the
 * sequence number of the oldest it holds (one past {@code last} when it holds none) and the room's last.
 * A number in the range below {@code oldest} has fallen out of the history; one above it that is not among the
 * events was never kept (lost with a node before its backup had it).
 */
public final class RoomRange implements IdentifiedDataSerializable {

    private long oldest;
    private long last;
    private List<RoomEvent> events;

    /** For Hazelcast's factory only. */
    RoomRange() {}

    public RoomRange(long oldest, long last, List<RoomEvent> events) {
        this.oldest = oldest;
        this.last = last;
        this.events = List.copyOf(events);
    }

    public long oldest() {
        return oldest;
    }

    public long last() {
        return last;
    }

    public List<RoomEvent> events() {
        return events;
    }

    @Override
    public int getFactoryId() {
        return RoomSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RoomSerialization.RANGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(oldest);
        out.writeLong(last);
        out.writeInt(events.size());
        for (RoomEvent event : events) {
            event.writeData(out);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        oldest = in.readLong();
        last = in.readLong();
        int count = in.readInt();
        List<RoomEvent> read = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RoomEvent event = new RoomEvent();
            event.readData(in);
            read.add(event);
        }
        events = List.copyOf(read);
    }
}
