package org.udpchat.server.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.query.Predicate;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Who is where in the cluster: each member's name, room and node, by name key, in a backed-up map. Each node
 * lists its own members and follows every change, so that its relay keeps its own copy of the whole cluster's
 * membership (for {@code /who}, {@code /rooms}, {@code /list}, and to find the node of a private message's
 * addressee) and reads it without waiting on the network: a change reaches the other nodes' copies a moment
 * after it is made, in the order it was made for each name.
 *
 * <p>{@link #list} and {@link #unlist} never block and may be called on any thread; the changes are handed to
 * the consumer on Hazelcast's event threads, and must not block there.
 */
public final class ClusterDirectory {

    /** The id of this part's {@link DataSerializableFactory} among the cluster's ({@link ClusterSerialization}). */
    static final int FACTORY_ID = 4;

    static final String MAP = "udp-chat.directory";

    private final HazelcastInstance hazelcast;
    private final IMap<String, Listing> map;
    private final Consumer<Change> changes;

    /** This node's id when the directory was made: the id its caller knows it by. */
    private final UUID firstId;

    /** This node's id now: Hazelcast gives a node that rejoins after a split brain a new one. */
    private volatile UUID currentId;

    /** What the directory says of one member. */
    public record Listing(String name, String room, UUID node, String address, boolean isNative) {
        /** The same listing on another node. */
        Listing on(UUID other) {
            return new Listing(name, room, other, address, isNative);
        }
    }

    /** A change to the directory, as each node hears it. */
    public sealed interface Change {
        /** The member with this name key is (now) as listed: joined, moved, or resumed on another node. */
        record Listed(String key, Listing listing) implements Change {}

        /** The member with this name key, last listed on {@code node}, is gone. */
        record Unlisted(String key, UUID node) implements Change {}

        /**
         * The member with this name key was on a node that died, did not resume on another within the grace, and
         * has just been cleared by this node ({@link #forgetNode}): told to the node that cleared it only, besides
         * the {@link Unlisted} every node hears, so that one node tells its room that it left.
         */
        record Lapsed(String key, Listing listing) implements Change {}
    }

    /**
     * The directory of the cluster {@code hazelcast} is a node of; every change goes to {@code changes}.
     *
     * <p>A node that rejoins after a split brain is given a new id by Hazelcast, by which the other nodes (and
     * {@link NodeMail}) then know it. The directory follows: on the merge it moves this node's listings to the new
     * id (on a thread of its own, the merge being told on Hazelcast's event thread, which must not block), and
     * lists under it from then on. Its caller goes on knowing this node by the id it had when the directory was
     * made: {@link #list}, {@link #unlist}, {@link #snapshot} and the changes speak of this node by that id.
     */
    public ClusterDirectory(HazelcastInstance hazelcast, Consumer<Change> changes) {
        this.hazelcast = hazelcast;
        this.map = hazelcast.getMap(MAP);
        this.changes = changes;
        this.firstId = hazelcast.getCluster().getLocalMember().getUuid();
        this.currentId = firstId;
        map.addEntryListener(new Follower(changes, this::asCallerKnowsIt), true);
        hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                UUID now = hazelcast.getCluster().getLocalMember().getUuid();
                UUID before = currentId;
                currentId = now;
                if (!now.equals(before)) {
                    Thread handover = new Thread(() -> handOver(before, now), "cluster-directory-merge");
                    handover.setDaemon(true);
                    handover.start();
                }
            }
        });
    }

    /**
     * {@code action} runs (on a Hazelcast event thread: it must not block) each time the partitions have settled
     * after a move: a node joined, left or died. Changes made while they moved may not have reached every node.
     */
    public void whenPartitionsSettle(Runnable action) {
        hazelcast.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {}

            @Override
            public void migrationFinished(MigrationState state) {
                action.run();
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {}

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {}
        });
    }

    /** Whether no partition is moving now and each has its backup: Hazelcast's "cluster safe". */
    public boolean partitionsSettled() {
        return hazelcast.getPartitionService().isClusterSafe();
    }

    /**
     * The whole directory now, read across the cluster: what a node starts its copy from (after this
     * directory was made, so that no change between the two is missed; a change may then come twice, which a
     * copy keyed by name takes as it is). Blocks: never on the relay thread.
     */
    public Map<String, Listing> snapshot() {
        Map<String, Listing> now = new HashMap<>();
        map.forEach((key, listing) -> now.put(key, asCallerKnowsIt(listing)));
        return now;
    }

    /** Lists (or lists anew: moved, renamed to this key, resumed here) the member with name key {@code key}. */
    public CompletionStage<Void> list(String key, Listing listing) {
        return map.setAsync(key, asClusterKnowsIt(listing));
    }

    /**
     * Unlists the member with name key {@code key} if it is still listed on {@code node}: a member that has
     * resumed on another node meanwhile stays listed there.
     *
     * @return whether it was unlisted
     */
    public CompletionStage<Boolean> unlist(String key, UUID node) {
        return map.submitToKey(key, new ForgetIfOn(node.equals(firstId) ? currentId : node))
                .thenApply(unlisted -> unlisted != null);
    }

    /** On a thread of its own, after a merge: this node's listings under its old id move to its new one. */
    private void handOver(UUID before, UUID now) {
        try {
            Map<String, Listing> moved = map.executeOnEntries(new HandOver(before, now), new OnNode(before));
            org.tinylog.Logger.info(
                    "cluster directory: this node rejoined as {} (was {}); {} listings moved to its new id",
                    now,
                    before,
                    moved.values().stream().filter(java.util.Objects::nonNull).count());
        } catch (RuntimeException e) { // the node is stopping, or lost touch again: the next merge tries again
            org.tinylog.Logger.warn(
                    "cluster directory: this node's listings did not follow its new id: {}", e.toString());
        }
    }

    /** A listing as the cluster knows it: this node under its id now. */
    private Listing asClusterKnowsIt(Listing listing) {
        UUID now = currentId;
        return listing.node().equals(firstId) && !now.equals(firstId) ? listing.on(now) : listing;
    }

    /** A listing as this directory's caller knows it: this node under the id it had when the directory was made. */
    private Listing asCallerKnowsIt(Listing listing) {
        UUID now = currentId;
        return listing != null && !now.equals(firstId) && listing.node().equals(now) ? listing.on(firstId) : listing;
    }

    /**
     * Unlists every member of {@code node} (gone for good: its members have had the time to resume elsewhere), and
     * tells this node's consumer of each as {@link Change.Lapsed}. Blocks: never on the relay thread.
     */
    public void forgetNode(UUID node) {
        // Each entry is cleared by a processor that checks its node again: one that resumed elsewhere between the
        // predicate and the clearing stays, and is not told as lapsed.
        Map<String, Listing> cleared = map.executeOnEntries(new ForgetIfOn(node), new OnNode(node));
        cleared.forEach((key, listing) -> {
            if (listing != null) {
                changes.accept(new Change.Lapsed(key, listing));
            }
        });
    }

    /** Hands each change of the map to the consumer, as a {@link Change}, this node under the id its caller knows. */
    private record Follower(Consumer<Change> changes, java.util.function.UnaryOperator<Listing> asCallerKnowsIt)
            implements EntryAddedListener<String, Listing>,
                    EntryUpdatedListener<String, Listing>,
                    EntryRemovedListener<String, Listing> {

        @Override
        public void entryAdded(EntryEvent<String, Listing> event) {
            changes.accept(new Change.Listed(event.getKey(), asCallerKnowsIt.apply(event.getValue())));
        }

        @Override
        public void entryUpdated(EntryEvent<String, Listing> event) {
            changes.accept(new Change.Listed(event.getKey(), asCallerKnowsIt.apply(event.getValue())));
        }

        @Override
        public void entryRemoved(EntryEvent<String, Listing> event) {
            Listing last = asCallerKnowsIt.apply(event.getOldValue());
            changes.accept(new Change.Unlisted(event.getKey(), last == null ? null : last.node()));
        }
    }

    /** A {@link Listing} on the wire between nodes: Hazelcast's compact form, each field by name. */
    static final class ListingSerializer implements CompactSerializer<Listing> {
        @Override
        public Listing read(CompactReader in) {
            return new Listing(
                    in.readString("name"),
                    in.readString("room"),
                    new UUID(in.readInt64("nodeHigh"), in.readInt64("nodeLow")),
                    in.readString("address"),
                    in.readBoolean("native"));
        }

        @Override
        public void write(CompactWriter out, Listing listing) {
            out.writeString("name", listing.name());
            out.writeString("room", listing.room());
            out.writeInt64("nodeHigh", listing.node().getMostSignificantBits());
            out.writeInt64("nodeLow", listing.node().getLeastSignificantBits());
            out.writeString("address", listing.address());
            out.writeBoolean("native", listing.isNative());
        }

        @Override
        public String getTypeName() {
            return "udp-chat.directory.Listing";
        }

        @Override
        public Class<Listing> getCompactClass() {
            return Listing.class;
        }
    }

    /**
     * Removes an entry if it is listed on the node, and answers it as it was (null if it was not); runs where the
     * entry lives.
     */
    static final class ForgetIfOn implements EntryProcessor<String, Listing, Listing>, IdentifiedDataSerializable {
        static final int CLASS_ID = 3;
        private static final long serialVersionUID = 1L;

        private UUID node;

        ForgetIfOn() {} // for the factory

        ForgetIfOn(UUID node) {
            this.node = node;
        }

        @Override
        public Listing process(Map.Entry<String, Listing> entry) {
            Listing listing = entry.getValue();
            if (listing == null || !listing.node().equals(node)) {
                return null;
            }
            entry.setValue(null); // removes it, on the backups too
            return listing;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            writeUuid(out, node);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            node = readUuid(in);
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }
    }

    /** Moves an entry listed on one node (this node's old id) to another (its new one), and answers it moved. */
    static final class HandOver implements EntryProcessor<String, Listing, Listing>, IdentifiedDataSerializable {
        static final int CLASS_ID = 4;
        private static final long serialVersionUID = 1L;

        private UUID from;
        private UUID to;

        HandOver() {} // for the factory

        HandOver(UUID from, UUID to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public Listing process(Map.Entry<String, Listing> entry) {
            Listing listing = entry.getValue();
            if (listing == null || !listing.node().equals(from)) {
                return null;
            }
            Listing moved = listing.on(to);
            entry.setValue(moved);
            return moved;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            writeUuid(out, from);
            writeUuid(out, to);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            from = readUuid(in);
            to = readUuid(in);
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }
    }

    /** The entries listed on one node. */
    static final class OnNode implements Predicate<String, Listing>, IdentifiedDataSerializable {
        static final int CLASS_ID = 2;
        private static final long serialVersionUID = 1L;

        private UUID node;

        OnNode() {} // for the factory

        OnNode(UUID node) {
            this.node = node;
        }

        @Override
        public boolean apply(Map.Entry<String, Listing> entry) {
            return entry.getValue() != null && entry.getValue().node().equals(node);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            writeUuid(out, node);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            node = readUuid(in);
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return CLASS_ID;
        }
    }

    private static void writeUuid(ObjectDataOutput out, UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(ObjectDataInput in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }

    /** Makes this part's objects from the bytes between nodes. */
    static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int classId) {
            return switch (classId) {
                case OnNode.CLASS_ID -> new OnNode();
                case ForgetIfOn.CLASS_ID -> new ForgetIfOn();
                case HandOver.CLASS_ID -> new HandOver();
                default -> null;
            };
        }
    }
}
