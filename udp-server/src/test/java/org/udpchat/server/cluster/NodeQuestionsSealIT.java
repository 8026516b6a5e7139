package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * A process that joins the cluster (it knows the cluster's name: Hazelcast asks nothing more) but not its key
 * can neither put questions to the nodes (a kick, a ban, an announcement) nor answer theirs, and a question
 * seen on the way cannot be put again.
 */
class NodeQuestionsSealIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static ClusterFixture cluster;
    private static NodeQuestions first;
    private static NodeQuestions rogue;
    private static ClusterSeal seal;
    private static final AtomicInteger answeredBySecond = new AtomicInteger();

    @BeforeAll
    static void startTwoNodesAndARogue() throws Exception {
        cluster = ClusterFixture.of(3);
        seal = ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM);
        first = new NodeQuestions(cluster.hazelcast(0), seal, question -> bytes("first"));
        new NodeQuestions(cluster.hazelcast(1), seal, question -> {
            answeredBySecond.incrementAndGet();
            return bytes("second");
        });
        // the third knows the cluster's name, not its key
        rogue = new NodeQuestions(
                cluster.hazelcast(2),
                ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM),
                question -> bytes("forged"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void countAfresh() {
        answeredBySecond.set(0);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<NodeQuestions.Answer> ask(NodeQuestions asker) throws Exception {
        return asker.askAll("kick", bytes("alice"))
                .toCompletableFuture()
                .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aQuestionFromAProcessWithoutTheKeyIsAnsweredByNoNode() throws Exception {
        List<NodeQuestions.Answer> answers = ask(rogue);

        assertEquals(3, answers.size());
        assertFalse(answers.get(0).body().isPresent(), "the first node answered the rogue");
        assertFalse(answers.get(1).body().isPresent(), "the second node answered the rogue");
        assertTrue(answers.get(2).body().isPresent(), "the rogue answers itself, nobody else");
        assertTrue(
                answers.get(1).failure().contains("a question refused"),
                answers.get(1).failure());
        assertEquals(0, answeredBySecond.get());
    }

    @Test
    void anAnswerFromAProcessWithoutTheKeyCountsAsNoAnswer() throws Exception {
        List<NodeQuestions.Answer> answers = ask(first);

        assertArrayEquals(bytes("first"), answers.get(0).body().orElseThrow());
        assertArrayEquals(bytes("second"), answers.get(1).body().orElseThrow());
        assertFalse(answers.get(2).body().isPresent(), "the rogue's answer was taken");
        assertTrue(
                answers.get(2).failure().contains("a question refused"),
                answers.get(2).failure());
    }

    @Test
    void aQuestionSeenOnTheWayCannotBePutAgain() throws Exception {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        // as a rogue that took a real question off the wire holds it: the id and the sealed rest
        byte[] sealed = seal.seal(question("kick", System.currentTimeMillis(), "alice"), context("question", id));
        Member second = cluster.hazelcast(1).getCluster().getLocalMember();
        var executor = cluster.hazelcast(2).getExecutorService("udp-chat.questions");

        byte[] answer = executor.submitToMember(new NodeQuestions.Ask(id, sealed), second)
                .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        ExecutionException replayed = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> executor.submitToMember(new NodeQuestions.Ask(id, sealed), second)
                        .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS));

        assertArrayEquals(bytes("second"), seal.open(answer, context("answer", id)));
        assertTrue(
                replayed.getCause().getMessage().contains("answered already"),
                replayed.getCause().toString());
        assertEquals(1, answeredBySecond.get());
    }

    @Test
    void aStaleQuestionIsRefused() throws Exception {
        InstantSource late =
                InstantSource.fixed(Instant.now().plus(NodeQuestions.FRESHNESS).plus(Duration.ofSeconds(5)));
        NodeQuestions askingLate = new NodeQuestions(cluster.hazelcast(2), seal, late, question -> bytes("late"));
        try {
            List<NodeQuestions.Answer> answers = ask(askingLate);

            assertFalse(answers.get(1).body().isPresent(), "a question from the future was answered");
            assertTrue(
                    answers.get(1).failure().contains("more than"),
                    answers.get(1).failure());
            assertEquals(0, answeredBySecond.get());
        } finally {
            // the third is the rogue again for the other tests
            rogue = new NodeQuestions(
                    cluster.hazelcast(2),
                    ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM),
                    question -> bytes("forged"));
        }
    }

    private static byte[] question(String kind, long askedAt, String body) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.DataOutputStream(bytes)) {
            out.writeUTF(kind);
            out.writeLong(askedAt);
            out.write(bytes(body));
        }
        return bytes.toByteArray();
    }

    private static byte[] context(String what, byte[] id) {
        return ("udp-chat " + what + " " + java.util.HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII);
    }
}
