package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;

/** A question put to every node gets every node's answer, the oldest's first, and a failing node says why. */
class NodeQuestionsIT {

    private static ClusterFixture cluster;
    private static NodeQuestions first;

    @BeforeAll
    static void startThreeNodes() throws Exception {
        cluster = ClusterFixture.of(3);
        SecureRandom random = new SecureRandom();
        ClusterSeal seal = ClusterSeal.of(NoiseKeyPair.generate(random), random);
        first = new NodeQuestions(cluster.hazelcast(0), seal, question -> answer("first", question));
        new NodeQuestions(cluster.hazelcast(1), seal, question -> answer("second", question));
        new NodeQuestions(cluster.hazelcast(2), seal, question -> {
            if (question.kind().equals("fail")) {
                throw new IllegalArgumentException("the third cannot say");
            }
            return answer("third", question);
        });
    }

    private static byte[] answer(String node, NodeQuestions.Question question) {
        return (node + " on " + question.kind() + ": " + new String(question.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<NodeQuestions.Answer> ask(String kind) throws Exception {
        return first.askAll(kind, "x".getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture()
                .get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void everyNodeAnswersTheOldestFirst() throws Exception {
        List<NodeQuestions.Answer> answers = ask("stats");

        assertEquals(3, answers.size());
        assertArrayEquals(
                "first on stats: x".getBytes(StandardCharsets.UTF_8),
                answers.get(0).body().orElseThrow());
        assertTrue(answers.get(0).isLocal());
        assertArrayEquals(
                "second on stats: x".getBytes(StandardCharsets.UTF_8),
                answers.get(1).body().orElseThrow());
        assertArrayEquals(
                "third on stats: x".getBytes(StandardCharsets.UTF_8),
                answers.get(2).body().orElseThrow());
        assertEquals(
                cluster.node(0).nodes(),
                answers.stream().map(NodeQuestions.Answer::node).toList());
    }

    @Test
    void aNodeThatFailsToAnswerSaysWhyAndTheOthersStillAnswer() throws Exception {
        List<NodeQuestions.Answer> answers = ask("fail");

        assertTrue(answers.get(0).body().isPresent());
        assertTrue(answers.get(1).body().isPresent());
        assertFalse(answers.get(2).body().isPresent());
        assertTrue(
                answers.get(2).failure().contains("the third cannot say"),
                answers.get(2).failure());
    }
}
