package org.udpchat.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Objects;

/**
 * One event of a room as the cluster orders it: its place in the room's sequence (1, 2, 3…), the time the
 * room's sequencer gave it (epoch milliseconds, the sequencer's clock), the id of the append that made it (so an
 * append retried after a node's death is not made twice) and the event itself, bytes this layer never reads; and
 * the sequencer's stamp on all of these ({@link RoomStamp}), without which a node does not take it.
 *
 * <p>Immutable once made (Hazelcast fills it through {@link #readData} right after making it empty); written
 * between nodes as {@link IdentifiedDataSerializable}, never by Java serialization.
 */
public final class RoomEvent implements IdentifiedDataSerializable {

    private long sequence;
    private long time;
    private long appendId;
    private byte[] bytes;
    private byte[] stamp;

    /** For Hazelcast's factory only, which fills it with {@link #readData}. */
    RoomEvent() {}

    /** An event without a stamp, which no node takes from the cluster: for the tests of what orders events. */
    RoomEvent(long sequence, long time, long appendId, byte[] bytes) {
        this(sequence, time, appendId, bytes, new byte[0]);
    }

    RoomEvent(long sequence, long time, long appendId, byte[] bytes, byte[] stamp) {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence < 1: " + sequence);
        }
        if (sequence == Long.MAX_VALUE) {
            throw new IllegalArgumentException("sequence == Long.MAX_VALUE: no number would follow it");
        }
        this.sequence = sequence;
        this.time = time;
        this.appendId = appendId;
        this.bytes = Objects.requireNonNull(bytes, "bytes == null");
        this.stamp = Objects.requireNonNull(stamp, "stamp == null");
    }

    /** This event's place in its room: 1 for the room's first, one more for each next. */
    public long sequence() {
        return sequence;
    }

    /** When the room's sequencer ordered it, in epoch milliseconds by that node's clock. */
    public long time() {
        return time;
    }

    /** The id the appending node gave the append: the same append retried finds its event by it. */
    long appendId() {
        return appendId;
    }

    /** The event as the caller appended it. Not copied: callers must not change it. */
    public byte[] bytes() {
        return bytes;
    }

    /** The room sequencer's stamp on this event's room, numbers and bytes. Not copied. */
    byte[] stamp() {
        return stamp;
    }

    @Override
    public int getFactoryId() {
        return RoomSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return RoomSerialization.EVENT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(sequence);
        out.writeLong(time);
        out.writeLong(appendId);
        out.writeByteArray(bytes);
        out.writeByteArray(stamp);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sequence = in.readLong();
        if (!RoomOrder.isPlausible(sequence)) {
            // a number no room log gives is refused where it enters, before its stamp is even checked
            throw new IOException("a room event numbered " + sequence + ", not from 1 to " + (Long.MAX_VALUE - 1));
        }
        time = in.readLong();
        appendId = in.readLong();
        bytes = in.readByteArray();
        stamp = in.readByteArray();
        if (bytes == null || stamp == null) {
            throw new IOException("a room event without its bytes or its stamp");
        }
    }

    @Override
    public String toString() {
        return "RoomEvent[" + sequence + ", " + bytes.length + " bytes]";
    }
}
