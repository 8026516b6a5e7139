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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One question put to every node of the cluster at once, and each node's answer: what an operator on any node
 * asks of the whole cluster ({@code /stats} per node, {@code /list} with each member's node, a kick that
 * reaches the member wherever it is). Each node answers with the function it registered, on one of Hazelcast's
 * executor threads (never the relay's: the function may wait for its relay, bounded), in bytes the asker
 * decodes.
 *
 * <p>Questions and answers are sealed ({@link ClusterSeal}): Hazelcast lets any process that knows the cluster's
 * name join it and run tasks on every node, and a question here kicks, bans and announces. A question is sealed
 * with its kind, body and the time it was asked, bound to its random id; a node answers only a question that
 * opens, was asked within {@link #FRESHNESS} of its own clock, and whose id it has not answered before (a
 * captured question cannot be played again). The answer is sealed bound to the same id, so that the asker takes
 * no answer from a process without the cluster's key (a forged address for {@code /ban NAME}, a forged
 * {@code /list}): such an answer counts as a failure to answer.
 *
 * <p>{@link #askAll} never blocks and may be called on any thread.
 */
public final class NodeQuestions {

    /** The id of this part's {@link DataSerializableFactory} among the cluster's ({@link ClusterSerialization}). */
    static final int FACTORY_ID = 5;

    private static final String EXECUTOR = "udp-chat.questions";
    private static final String ANSWERER = "udp-chat.questions.answerer";

    /**
     * How far a question's time may be from the answering node's clock: the nodes' clocks agree far better
     * (NTP), and a question is answered within {@code ChatServer.ANSWER_TIMEOUT}s, not minutes.
     */
    static final Duration FRESHNESS = Duration.ofSeconds(30);

    private static final int ID_BYTES = 16;

    private final HazelcastInstance hazelcast;
    private final IExecutorService askers;
    private final ClusterSeal seal;
    private final InstantSource clock;
    private final Function<Question, byte[]> answerer;
    private final SecureRandom random = new SecureRandom();

    /** The ids of the questions answered here, with when they were asked, until they are past their freshness. */
    private final Map<String, Long> answered = new ConcurrentHashMap<>();

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

    /** This node answers questions sealed with {@code seal} with {@code answerer} from now on. */
    public NodeQuestions(HazelcastInstance hazelcast, ClusterSeal seal, Function<Question, byte[]> answerer) {
        this(hazelcast, seal, InstantSource.system(), answerer);
    }

    NodeQuestions(
            HazelcastInstance hazelcast, ClusterSeal seal, InstantSource clock, Function<Question, byte[]> answerer) {
        this.hazelcast = hazelcast;
        this.askers = hazelcast.getExecutorService(EXECUTOR);
        this.seal = seal;
        this.clock = clock;
        this.answerer = answerer;
        BiFunction<byte[], byte[], byte[]> opener = this::answerSealed;
        hazelcast.getUserContext().put(ANSWERER, opener);
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
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        byte[] sealed = seal.seal(encode(kind, clock.millis(), body), questionContext(id));
        askers.submitToAllMembers(new Ask(id, sealed), new MultiExecutionCallback() {
            @Override
            public void onResponse(Member member, Object value) {}

            @Override
            public void onComplete(Map<Member, Object> values) {
                List<Answer> list = new ArrayList<>();
                for (Map.Entry<Member, Object> entry : values.entrySet()) {
                    list.add(answerOf(entry.getKey(), entry.getValue(), id));
                }
                list.sort(Comparator.comparingInt(answer -> position(order, answer.node())));
                answers.complete(list);
            }
        });
        return answers;
    }

    private Answer answerOf(Member member, Object value, byte[] id) {
        String node = ClusterNode.describe(member);
        if (value instanceof byte[] bytes) {
            try {
                return new Answer(node, member.localMember(), Optional.of(seal.open(bytes, answerContext(id))), "");
            } catch (ClusterSeal.ClusterSealException e) {
                return new Answer(
                        node, member.localMember(), Optional.empty(), "its answer did not open: " + e.getMessage());
            }
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

    /**
     * On an executor thread of this node: the sealed answer to the sealed question {@code sealed} with id
     * {@code id}, if it opens, is fresh and has not been answered before.
     *
     * @throws IllegalArgumentException (which the asker receives as the reason) if it is refused
     */
    private byte[] answerSealed(byte[] id, byte[] sealed) {
        DataInputStream in;
        try {
            in = new DataInputStream(new ByteArrayInputStream(seal.open(sealed, questionContext(id))));
        } catch (ClusterSeal.ClusterSealException e) {
            throw new IllegalArgumentException("a question refused: " + e.getMessage());
        }
        try {
            String kind = in.readUTF();
            long askedAt = in.readLong();
            byte[] body = in.readAllBytes();
            long now = clock.millis();
            if (Math.abs(now - askedAt) > FRESHNESS.toMillis()) {
                throw new IllegalArgumentException("a question refused: asked " + (now - askedAt) + " ms from this"
                        + " node's time, more than " + FRESHNESS.toSeconds() + " s (a replay, or clocks apart)");
            }
            answered.values().removeIf(at -> Math.abs(now - at) > 2 * FRESHNESS.toMillis());
            if (answered.putIfAbsent(HexFormat.of().formatHex(id), askedAt) != null) {
                throw new IllegalArgumentException("a question refused: answered already (a replay)");
            }
            byte[] answer = answerer.apply(new Question(
                    kind, body, ClusterNode.describe(hazelcast.getCluster().getLocalMember())));
            return seal.seal(answer, answerContext(id));
        } catch (IOException e) {
            throw new IllegalArgumentException("a question refused: it does not read: " + e.getMessage());
        }
    }

    private static byte[] encode(String kind, long askedAt, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 32);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(kind);
            out.writeLong(askedAt);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static byte[] questionContext(byte[] id) {
        return ("udp-chat question " + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] answerContext(byte[] id) {
        return ("udp-chat answer " + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII);
    }

    /** This node's id. */
    public UUID localNode() {
        return hazelcast.getCluster().getLocalMember().getUuid();
    }

    /** The question on its way (its id, and the rest sealed), and the answering of it on each node. */
    static final class Ask
            implements java.util.concurrent.Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {
        static final int CLASS_ID = 1;

        private byte[] id;
        private byte[] sealed;
        private transient HazelcastInstance answeringNode;

        Ask() {} // for the factory

        Ask(byte[] id, byte[] sealed) {
            this.id = id;
            this.sealed = sealed;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            this.answeringNode = hazelcast;
        }

        @Override
        @SuppressWarnings("unchecked") // put there by the NodeQuestions of this node, with this type
        public byte[] call() {
            BiFunction<byte[], byte[], byte[]> answerer = (BiFunction<byte[], byte[], byte[]>)
                    answeringNode.getUserContext().get(ANSWERER);
            if (answerer == null) {
                throw new IllegalStateException("this node answers no questions yet");
            }
            return answerer.apply(id, sealed);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeByteArray(id);
            out.writeByteArray(sealed);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            id = in.readByteArray();
            sealed = in.readByteArray();
            if (id == null || id.length != ID_BYTES || sealed == null) {
                throw new IOException("a question without its " + ID_BYTES + "-byte id or its sealed body");
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
            return classId == Ask.CLASS_ID ? new Ask() : null;
        }
    }
}
