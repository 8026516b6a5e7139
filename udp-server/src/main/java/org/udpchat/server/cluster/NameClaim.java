package org.udpchat.server.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * One claim of a name, the value of each of its entries in the names map (its key's and its folds'): what was
 * claimed, by whom, on which node, when. The node is the one answering for the holder now: the one whose death
 * frees the claim after the grace period, and which a session resuming elsewhere replaces by its own.
 *
 * <p>Immutable once made; its fields are not final only because Hazelcast fills a fresh one when it reads it
 * ({@link IdentifiedDataSerializable}, no reflection, no Java serialization).
 */
public final class NameClaim implements IdentifiedDataSerializable {

    private String name;
    private String key;
    private Set<String> folds;
    private NameHolder holder;
    private UUID node;
    private long claimedAt;

    /** For Hazelcast's factory only: the fields are read next. */
    NameClaim() {}

    NameClaim(NameForms forms, NameHolder holder, UUID node, long claimedAt) {
        this.name = forms.name();
        this.key = forms.key();
        this.folds = forms.folds();
        this.holder = holder;
        this.node = node;
        this.claimedAt = claimedAt;
    }

    public String name() {
        return name;
    }

    public NameForms forms() {
        return new NameForms(name, key, folds);
    }

    public NameHolder holder() {
        return holder;
    }

    public UUID node() {
        return node;
    }

    /** Milliseconds since the epoch, by the claiming node's clock. */
    public long claimedAt() {
        return claimedAt;
    }

    /** The same claim answered for by {@code newNode}. */
    NameClaim on(UUID newNode) {
        return new NameClaim(forms(), holder, newNode, claimedAt);
    }

    boolean isHeldBy(NameHolder someone) {
        return holder.equals(someone);
    }

    @Override
    public int getFactoryId() {
        return NameSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return NameSerialization.CLAIM;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(name);
        out.writeString(key);
        out.writeInt(folds.size());
        for (String fold : folds) {
            out.writeString(fold);
        }
        NameSerialization.writeUuid(out, holder.origin());
        out.writeLong(holder.session());
        NameSerialization.writeUuid(out, node);
        out.writeLong(claimedAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        name = in.readString();
        key = in.readString();
        int count = in.readInt();
        Set<String> read = new HashSet<>();
        for (int i = 0; i < count; i++) {
            read.add(in.readString());
        }
        folds = Set.copyOf(read);
        UUID origin = NameSerialization.readUuid(in);
        holder = new NameHolder(origin, in.readLong());
        node = NameSerialization.readUuid(in);
        claimedAt = in.readLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NameClaim
                && ((NameClaim) other).forms().equals(forms())
                && ((NameClaim) other).holder.equals(holder)
                && ((NameClaim) other).node.equals(node)
                && ((NameClaim) other).claimedAt == claimedAt;
    }

    @Override
    public int hashCode() {
        return forms().hashCode() * 31 + holder.hashCode();
    }

    @Override
    public String toString() {
        return "'" + name + "' held by " + holder + " on node " + node;
    }
}
