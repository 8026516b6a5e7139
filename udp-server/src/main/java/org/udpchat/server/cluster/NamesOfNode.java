package org.udpchat.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;

/**
 * The names-map entries a node answers for: those to free when it died, or to hand to its new identity after a
 * split-brain merge. A predicate class of its own rather than a SQL-like one over attributes: it needs no index
 * nor reflection, and it reads the value as {@link NameClaim} reads itself.
 */
final class NamesOfNode implements Predicate<String, NameClaim>, IdentifiedDataSerializable {

    private static final long serialVersionUID = 1L; // never Java-serialized: see ClusterSerialization

    private UUID node;

    NamesOfNode() {}

    NamesOfNode(UUID node) {
        this.node = node;
    }

    @Override
    public boolean apply(Map.Entry<String, NameClaim> entry) {
        NameClaim claim = entry.getValue();
        return claim != null && node.equals(claim.node());
    }

    @Override
    public int getFactoryId() {
        return NameSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return NameSerialization.NAMES_OF_NODE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        NameSerialization.writeUuid(out, node);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        node = NameSerialization.readUuid(in);
    }

    /**
     * Makes {@code node} answer for an entry: after a merge, a node's member uuid is a new one, and its claims
     * would otherwise look like a dead node's.
     */
    static final class Handover implements EntryProcessor<String, NameClaim, Void>, IdentifiedDataSerializable {

        private static final long serialVersionUID = 1L;

        private UUID node;

        Handover() {}

        Handover(UUID node) {
            this.node = node;
        }

        @Override
        public Void process(Map.Entry<String, NameClaim> entry) {
            if (entry.getValue() != null) {
                entry.setValue(entry.getValue().on(node));
            }
            return null;
        }

        @Override
        public int getFactoryId() {
            return NameSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return NameSerialization.HANDOVER;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            NameSerialization.writeUuid(out, node);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            node = NameSerialization.readUuid(in);
        }
    }
}
