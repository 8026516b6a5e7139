package org.udpchat.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Letters from one node to another: what must reach the node of a particular member (a private message, an
 * operator's kick) rather than every node. A letter is carried by Hazelcast's executor over the connection
 * between the two nodes, and {@link #send} completes once the other node's inbox has taken it, or fails when
 * that node is gone or has no inbox yet, so the sender knows (unlike a topic, which drops silently).
 *
 * <p>Letters from one node to another arrive in the order they were sent: Hazelcast's executor does not keep
 * the order of separate tasks, so each pair of nodes has a lane with one carriage on the way at a time, and the
 * letters sent meanwhile go together in the next one (a round trip between nodes per carriage, however many
 * letters it carries). A lane holds at most {@value #MAX_WAITING} letters waiting; more fail at once.
 *
 * <p>The inbox is called on that carrier thread and must not block (the relay posts the letter to itself).
 * {@link #send} may be called on any thread and never blocks.
 */
public final class NodeMail {

    /** The id of this part's {@link DataSerializableFactory} among the cluster's ({@link ClusterSerialization}). */
    static final int FACTORY_ID = 3;

    /** Letters waiting for one node, at most: a node that cannot keep up is not given the sender's memory. */
    static final int MAX_WAITING = 10_000;

    private static final String EXECUTOR = "udp-chat.mail";
    private static final String INBOX = "udp-chat.mail.inbox";

    private final HazelcastInstance hazelcast;
    private final IExecutorService carrier;
    private final Map<UUID, Lane> lanes = new HashMap<>(); // guarded by this

    /** One letter: from which node, what kind (the receiver's to interpret), and its body. */
    public record Letter(UUID from, String kind, byte[] body) {}

    /** Letters to this node go to {@code inbox} from now on. */
    public NodeMail(HazelcastInstance hazelcast, Consumer<Letter> inbox) {
        this.hazelcast = hazelcast;
        this.carrier = hazelcast.getExecutorService(EXECUTOR);
        hazelcast.getUserContext().put(INBOX, inbox);
    }

    /** One carrier thread a node: letters between two nodes keep their order. */
    static void configure(Config config) {
        config.getExecutorConfig(EXECUTOR).setPoolSize(1).setStatisticsEnabled(false);
    }

    /**
     * Sends a letter to the node {@code to}.
     *
     * @return completes when that node's inbox has it; fails with {@link UndeliveredException} when the node is
     *     not in the cluster, has no inbox, or left before it took the letter
     */
    public CompletionStage<Void> send(UUID to, String kind, byte[] body) {
        try {
            return post(to, kind, body);
        } catch (RuntimeException e) { // this node is stopping: the caller hears it as it hears any failure
            CompletableFuture<Void> failed = new CompletableFuture<>();
            failed.completeExceptionally(new UndeliveredException("this node cannot send: " + e.getMessage()));
            return failed;
        }
    }

    private CompletionStage<Void> post(UUID to, String kind, byte[] body) {
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        Member node = memberWith(to);
        if (node == null) {
            delivered.completeExceptionally(new UndeliveredException("node " + to + " is not in the cluster"));
            return delivered;
        }
        Letter letter = new Letter(hazelcast.getCluster().getLocalMember().getUuid(), kind, body);
        List<Waiting> carriage;
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(to, id -> new Lane());
            if (lane.waiting.size() >= MAX_WAITING) {
                delivered.completeExceptionally(
                        new UndeliveredException("node " + to + " has " + MAX_WAITING + " letters waiting already"));
                return delivered;
            }
            lane.waiting.add(new Waiting(letter, delivered));
            carriage = lane.departing();
        }
        if (carriage != null) {
            carry(to, node, carriage);
        }
        return delivered;
    }

    private void carry(UUID to, Member node, List<Waiting> carriage) {
        List<Letter> letters = new ArrayList<>(carriage.size());
        for (Waiting waiting : carriage) {
            letters.add(waiting.letter());
        }
        try {
            carrier.submitToMember(new Carry(letters), node, new ExecutionCallback<Boolean>() {
                @Override
                public void onResponse(Boolean taken) {
                    arrived(to, node, carriage, taken ? null : "has no inbox yet");
                }

                @Override
                public void onFailure(Throwable failure) {
                    arrived(to, node, carriage, "did not take the letter: " + failure.getMessage());
                }
            });
        } catch (RuntimeException e) { // refused at once (this node stopping): the lane must not stay blocked
            arrived(to, node, carriage, "could not be sent: " + e.getMessage());
        }
    }

    private void arrived(UUID to, Member node, List<Waiting> carriage, String failure) {
        for (Waiting waiting : carriage) {
            if (failure == null) {
                waiting.delivered().complete(null);
            } else {
                waiting.delivered().completeExceptionally(new UndeliveredException("node " + to + " " + failure));
            }
        }
        List<Waiting> next;
        synchronized (this) {
            Lane lane = lanes.get(to);
            lane.onTheWay = false;
            next = lane.departing();
            if (next == null) {
                lanes.remove(to); // nothing waits: a lane per node ever sent to would never be freed
            }
        }
        if (next != null) {
            carry(to, node, next);
        }
    }

    /** A letter and who waits to know it arrived. */
    private record Waiting(Letter letter, CompletableFuture<Void> delivered) {}

    /** The letters for one node: those waiting, and whether a carriage is on the way. Guarded by the NodeMail. */
    private static final class Lane {
        final List<Waiting> waiting = new ArrayList<>();
        boolean onTheWay;

        /** The next carriage, if one may leave now: every letter waiting. */
        List<Waiting> departing() {
            if (onTheWay || waiting.isEmpty()) {
                return null;
            }
            onTheWay = true;
            List<Waiting> carriage = new ArrayList<>(waiting);
            waiting.clear();
            return carriage;
        }
    }

    /** This node's id, as other nodes address letters to it. */
    public UUID localNode() {
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    private Member memberWith(UUID id) {
        for (Member member : hazelcast.getCluster().getMembers()) {
            if (member.getUuid().equals(id)) {
                return member;
            }
        }
        return null;
    }

    /** A letter that did not reach its node's inbox. */
    public static final class UndeliveredException extends Exception {
        private static final long serialVersionUID = 1L;

        UndeliveredException(String message) {
            super(message);
        }
    }

    /** Letters on their way to one node, and their delivery into its inbox, in order. */
    static final class Carry implements Callable<Boolean>, IdentifiedDataSerializable, HazelcastInstanceAware {
        static final int CLASS_ID = 1;

        private List<Letter> letters;
        private transient HazelcastInstance receiver;

        Carry() {} // for the factory

        Carry(List<Letter> letters) {
            this.letters = letters;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            this.receiver = hazelcast;
        }

        @Override
        @SuppressWarnings("unchecked") // put there by the NodeMail of this node, with this type
        public Boolean call() {
            Consumer<Letter> inbox =
                    (Consumer<Letter>) receiver.getUserContext().get(INBOX);
            if (inbox == null) {
                return false;
            }
            letters.forEach(inbox);
            return true;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(letters.size());
            for (Letter letter : letters) {
                out.writeLong(letter.from().getMostSignificantBits());
                out.writeLong(letter.from().getLeastSignificantBits());
                out.writeString(letter.kind());
                out.writeByteArray(letter.body());
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int count = in.readInt();
            if (count < 0 || count > MAX_WAITING) {
                throw new IOException("a carriage of " + count + " letters");
            }
            letters = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                letters.add(new Letter(new UUID(in.readLong(), in.readLong()), in.readString(), in.readByteArray()));
            }
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

    /** Makes this part's objects from the bytes between nodes. */
    static final class Factory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int classId) {
            return classId == Carry.CLASS_ID ? new Carry() : null;
        }
    }
}
