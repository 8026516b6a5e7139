package org.udpchat.server.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;

/**
 * Takes one entry of the names map for a claim if nobody else holds it: atomically, on the entry's partition
 * (Hazelcast runs one processor at a time per key). An entry the claim's own holder holds already is taken over:
 * so that a retried claim succeeds, a session resuming on another node moves its claim without the entry ever
 * being free, and {@code alice} may become {@code aIice}. Answers what the entry held before (null: nothing), from
 * which the caller tells taken from refused and knows what to put back if the claim as a whole fails.
 *
 * <p>An entry processor rather than {@code putIfAbsent}: 5.7's {@code IMap} has no asynchronous {@code
 * putIfAbsent}, and the take-over of one's own entry is one atomic step here.
 */
final class NameClaimIfFree implements EntryProcessor<String, NameClaim, NameClaim>, IdentifiedDataSerializable {

    private static final long serialVersionUID = 1L; // never Java-serialized: see ClusterSerialization

    private NameClaim claim;

    /** Whose entries the claim takes over besides its own holder's: the same session's holder on its old node. */
    private NameHolder formerHolder;

    NameClaimIfFree() {}

    NameClaimIfFree(NameClaim claim, NameHolder formerHolder) {
        this.claim = claim;
        this.formerHolder = formerHolder;
    }

    @Override
    public NameClaim process(Map.Entry<String, NameClaim> entry) {
        NameClaim held = entry.getValue();
        if (held == null || held.isHeldBy(claim.holder()) || held.isHeldBy(formerHolder)) {
            entry.setValue(claim);
        }
        return held;
    }

    @Override
    public int getFactoryId() {
        return NameSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return NameSerialization.CLAIM_IF_FREE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        claim.writeData(out);
        NameSerialization.writeUuid(out, formerHolder.origin());
        out.writeLong(formerHolder.session());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        claim = new NameClaim();
        claim.readData(in);
        formerHolder = new NameHolder(NameSerialization.readUuid(in), in.readLong());
    }
}
