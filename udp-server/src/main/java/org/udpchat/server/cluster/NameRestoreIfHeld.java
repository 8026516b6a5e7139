package org.udpchat.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Puts {@code earlier} back into one entry of the names map, or removes it when {@code earlier} is null, but only
 * while {@code holder} holds it: a release or a claim's roll-back never frees an entry someone else holds by
 * then. Answers whether it did.
 */
final class NameRestoreIfHeld implements EntryProcessor<String, NameClaim, Boolean>, IdentifiedDataSerializable {

    private static final long serialVersionUID = 1L; // never Java-serialized: see ClusterSerialization

    private NameHolder holder;
    private NameClaim earlier;

    NameRestoreIfHeld() {}

    /** @param earlier what the entry held before the holder took it, or null to free it */
    NameRestoreIfHeld(NameHolder holder, NameClaim earlier) {
        this.holder = holder;
        this.earlier = earlier;
    }

    @Override
    public Boolean process(Map.Entry<String, NameClaim> entry) {
        NameClaim held = entry.getValue();
        if (held == null || !held.isHeldBy(holder)) {
            return false;
        }
        entry.setValue(earlier);
        return true;
    }

    @Override
    public int getFactoryId() {
        return NameSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return NameSerialization.RESTORE_IF_HELD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        NameSerialization.writeUuid(out, holder.origin());
        out.writeLong(holder.session());
        out.writeObject(earlier);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        holder = new NameHolder(NameSerialization.readUuid(in), in.readLong());
        earlier = in.readObject();
    }
}
