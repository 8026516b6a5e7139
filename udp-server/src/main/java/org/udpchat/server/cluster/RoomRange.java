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
    private byte[] stamp;

    /** For Hazelcast's factory only. */
    RoomRange() {}

    /** A range without a stamp: for the tests of what orders events. */
    RoomRange(long oldest, long last, List<RoomEvent> events) {
        this(oldest, last, events, new byte[0]);
    }

    RoomRange(long oldest, long last, List<RoomEvent> events, byte[] stamp) {
        this.oldest = oldest;
        this.last = last;
        this.events = List.copyOf(events);
        this.stamp = java.util.Objects.requireNonNull(stamp, "stamp == null");
    }

    /** The same answer with only {@code kept} of its events (those whose own stamps hold). */
    RoomRange with(List<RoomEvent> kept) {
        return new RoomRange(oldest, last, kept, stamp);
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

    /** The answering node's stamp on this answer. Not copied. */
    byte[] stamp() {
        return stamp;
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
        out.writeByteArray(stamp);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        oldest = in.readLong();
        last = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > RoomLog.MAX_HISTORY) {
            throw new IOException("a room range of " + count + " events, not 0 to " + RoomLog.MAX_HISTORY);
        }
        List<RoomEvent> read = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RoomEvent event = new RoomEvent();
            event.readData(in);
            read.add(event);
        }
        events = List.copyOf(read);
        stamp = in.readByteArray();
        if (stamp == null) {
            throw new IOException("a room range without its stamp");
        }
    }
}
