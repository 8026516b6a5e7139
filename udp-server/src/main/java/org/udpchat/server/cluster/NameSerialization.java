package org.udpchat.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.UUID;

/**
 * How {@link ClusterNames}' objects cross between nodes: each one {@link IdentifiedDataSerializable}, made by this
 * factory from its class id, so a node only ever builds these classes from what its cluster port reads.
 */
final class NameSerialization implements DataSerializableFactory {

    /**
     * Unique among the cluster's factories (registered in {@link ClusterSerialization}; {@code 15_01} is the
     * rooms'): two factories under one id would read each other's objects.
     */
    static final int FACTORY_ID = 15_11;

    static final int CLAIM = 1;
    static final int CLAIM_IF_FREE = 2;
    static final int RESTORE_IF_HELD = 3;
    static final int NAMES_OF_NODE = 4;
    static final int HANDOVER = 5;

    @Override
    public IdentifiedDataSerializable create(int classId) {
        switch (classId) {
            case CLAIM:
                return new NameClaim();
            case CLAIM_IF_FREE:
                return new NameClaimIfFree();
            case RESTORE_IF_HELD:
                return new NameRestoreIfHeld();
            case NAMES_OF_NODE:
                return new NamesOfNode();
            case HANDOVER:
                return new NamesOfNode.Handover();
            default:
                return null; // Hazelcast then says which factory did not know which class id
        }
    }

    static void writeUuid(ObjectDataOutput out, UUID uuid) throws IOException {
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
    }

    static UUID readUuid(ObjectDataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }
}
