package org.udpchat.server.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MultiExecutionCallback;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One question put to every node of the cluster at once, and each node's answer: what an operator on any node
 * asks of the whole cluster ({@code /stats} per node, {@code /list} with each member's node, a kick that
 * reaches the member wherever it is). Each node answers with the function it registered, on one of Hazelcast's
 * executor threads (never the relay's: the function may wait for its relay, bounded), in bytes the asker
 * decodes.
 *
 * <p>{@link #askAll} never blocks and may be called on any thread.
 */
public final class NodeQuestions {

    /** The id of this part's {@link DataSerializableFactory} among the cluster's ({@link ClusterSerialization}). */
    static final int FACTORY_ID = 5;

    private static final String EXECUTOR = "udp-chat.questions";
    private static final String ANSWERER = "udp-chat.questions.answerer";

    private final HazelcastInstance hazelcast;
    private final IExecutorService askers;

    /**
     * A question: its kind, which the answering function tells apart, what it asks about, and the node
     * answering ({@code host:port}, as {@link Answer#node} names it).
     */
    public record Question(String kind, byte[] body, String node) {}

    /**
     * One node's answer.
     *
     * @param node the node's {@code host:port} in the cluster
     * @param body its answer, or empty when it failed to answer ({@code failure} says why)
     */
    public record Answer(String node, boolean isLocal, Optional<byte[]> body, String failure) {}

    /** This node answers questions with {@code answerer} from now on. */
    public NodeQuestions(HazelcastInstance hazelcast, Function<Question, byte[]> answerer) {
        this.hazelcast = hazelcast;
        this.askers = hazelcast.getExecutorService(EXECUTOR);
        hazelcast.getUserContext().put(ANSWERER, answerer);
    }

    /** A few threads a node: an answer may wait for its relay (up to its answer timeout), others need not. */
    static void configure(Config config) {
        config.getExecutorConfig(EXECUTOR).setPoolSize(4).setStatisticsEnabled(false);
    }

    /**
     * Asks every node, this one too.
     *
     * @return every node's answer, the oldest node's first; a node that failed or left has an answer without a
     *     body, saying why
     */
    public CompletionStage<List<Answer>> askAll(String kind, byte[] body) {
        CompletableFuture<List<Answer>> answers = new CompletableFuture<>();
        List<Member> order = new ArrayList<>(hazelcast.getCluster().getMembers());
        askers.submitToAllMembers(new Ask(kind, body), new MultiExecutionCallback() {
            @Override
            public void onResponse(Member member, Object value) {}

            @Override
            public void onComplete(Map<Member, Object> values) {
                List<Answer> list = new ArrayList<>();
                for (Map.Entry<Member, Object> entry : values.entrySet()) {
                    list.add(answerOf(entry.getKey(), entry.getValue()));
                }
                list.sort(Comparator.comparingInt(answer -> position(order, answer.node())));
                answers.complete(list);
            }
        });
        return answers;
    }

    private static Answer answerOf(Member member, Object value) {
        String node = ClusterNode.describe(member);
        if (value instanceof byte[] bytes) {
            return new Answer(node, member.localMember(), Optional.of(bytes), "");
        }
        String why = value instanceof Throwable failure ? failure.getMessage() : "no answer (" + value + ")";
        return new Answer(node, member.localMember(), Optional.empty(), why);
    }

    private static int position(List<Member> order, String node) {
        for (int i = 0; i < order.size(); i++) {
            if (ClusterNode.describe(order.get(i)).equals(node)) {
                return i;
            }
        }
        return order.size(); // joined since the question was put
    }

    /** This node's id. */
    public UUID localNode() {
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    /** The question on its way, and the answering of it on each node. */
    static final class Ask
            implements java.util.concurrent.Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
        static final int CLASS_ID = 1;

        private String kind;
        private byte[] body;
        private transient HazelcastInstance answeringNode;

        Ask() {} // for the factory

        Ask(String kind, byte[] body) {
            this.kind = kind;
            this.body = body;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            this.answeringNode = hazelcast;
        }

        @Override
        @SuppressWarnings("unchecked") // put there by the NodeQuestions of this node, with this type
        public byte[] call() {
            Function<Question, byte[]> answerer =
                    (Function<Question, byte[]>) answeringNode.getUserContext().get(ANSWERER);
            if (answerer == null) {
                throw new IllegalStateException("this node answers no questions yet");
            }
            return answerer.apply(new Question(
                    kind, body, ClusterNode.describe(answeringNode.getCluster().getLocalMember())));
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(kind);
            out.writeByteArray(body);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            kind = in.readString();
            body = in.readByteArray();
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
            return classId == Ask.CLASS_ID ? new Ask() : null;
        }
    }
}
