package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Letters between two nodes: delivered, in order, and a letter to a node that is gone fails saying so. */
class NodeMailIT {

    private static ClusterFixture cluster;
    private static final LinkedBlockingQueue<NodeMail.Letter> secondsInbox = new LinkedBlockingQueue<>();
    private static NodeMail first;
    private static NodeMail second;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        cluster = ClusterFixture.of(2);
        first = new NodeMail(cluster.hazelcast(0), letter -> {});
        second = new NodeMail(cluster.hazelcast(1), secondsInbox::add);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static <T> T within(CompletableFuture<T> future) throws Exception {
        return future.get(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aLetterReachesTheOtherNodesInboxWithItsSenderKindAndBody() throws Exception {
        within(first.send(second.localNode(), "pm", "hello bob".getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture());

        NodeMail.Letter letter = secondsInbox.poll(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(first.localNode(), letter.from());
        assertEquals("pm", letter.kind());
        assertArrayEquals("hello bob".getBytes(StandardCharsets.UTF_8), letter.body());
    }

    @Test
    void lettersFromOneNodeArriveInTheOrderTheyWereSent() throws Exception {
        secondsInbox.clear();
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(first.send(second.localNode(), "n", new byte[] {(byte) (i >> 8), (byte) i})
                    .toCompletableFuture());
        }
        within(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));

        for (int i = 0; i < 500; i++) {
            byte[] body = secondsInbox
                    .poll(ClusterFixture.DEADLINE.toSeconds(), TimeUnit.SECONDS)
                    .body();
            assertEquals(i, ((body[0] & 0xff) << 8) | (body[1] & 0xff));
        }
    }

    @Test
    void aLetterToANodeNotInTheClusterFailsSayingSo() {
        UUID nobody = UUID.randomUUID();

        ExecutionException failed = assertThrows(
                ExecutionException.class,
                () -> within(first.send(nobody, "pm", new byte[0]).toCompletableFuture()));

        assertInstanceOf(NodeMail.UndeliveredException.class, failed.getCause());
        assertEquals(
                "node " + nobody + " is not in the cluster", failed.getCause().getMessage());
    }

    @Test
    void lettersToANodeThatDiesFailRatherThanVanish() throws Exception {
        try (ClusterFixture pair = ClusterFixture.of(2)) {
            NodeMail sender = new NodeMail(pair.hazelcast(0), letter -> {});
            NodeMail receiver = new NodeMail(pair.hazelcast(1), letter -> {});
            UUID receiversNode = receiver.localNode();
            pair.kill(1);
            pair.awaitNodes(1);

            ExecutionException failed = assertThrows(
                    ExecutionException.class,
                    () -> within(sender.send(receiversNode, "pm", new byte[0]).toCompletableFuture()));

            assertInstanceOf(NodeMail.UndeliveredException.class, failed.getCause());
        }
    }

    @Test
    void aLetterFromANodeThatHasStoppedFailsRatherThanThrows() throws Exception {
        try (ClusterFixture pair = ClusterFixture.of(2)) {
            NodeMail sender = new NodeMail(pair.hazelcast(0), letter -> {});
            NodeMail receiver = new NodeMail(pair.hazelcast(1), letter -> {});
            pair.node(0).close();

            ExecutionException failed = assertThrows(
                    ExecutionException.class,
                    () -> within(
                            sender.send(receiver.localNode(), "pm", new byte[0]).toCompletableFuture()));

            assertInstanceOf(NodeMail.UndeliveredException.class, failed.getCause());
        }
    }
}
