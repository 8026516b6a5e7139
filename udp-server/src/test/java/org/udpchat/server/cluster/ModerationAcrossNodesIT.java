package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ChatServer;
import org.udpchat.server.OperatorOutcome;
import org.udpchat.server.Peer;
import org.udpchat.server.Restriction;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.Term;

/**
 * Bans and mutes across a cluster of whole servers (in the test's JVM): they follow a member to any node, outlive
 * the node that made them and a restart of the whole cluster, and the nodes' state files converge, a node that
 * was down during an unban included.
 */
@Timeout(120)
class ModerationAcrossNodesIT {

    /** An address no test member comes from: banning it keeps the peers on loopback free to come and go. */
    private static final InetAddress BANNED = addressOf("192.0.2.7");

    @TempDir
    Path directory;

    /** The nodes started, running or stopped, by index: stopped ones are null. */
    private final List<ChatServer> nodes = new ArrayList<>();

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopAll() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i) != null) {
                nodes.get(i).stop(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * Starts (or starts again, on its own state directory) node {@code index}, joining {@code joinTo} (null: it
     * founds the cluster), and waits until the running nodes see each other.
     */
    private ChatServer start(int index, ChatServer joinTo) throws Exception {
        Path state = directory.resolve("node" + index);
        if (!Files.exists(state)) {
            Files.createDirectories(state);
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
            if (index > 0) {
                Files.copy(directory.resolve("node0").resolve("server.key"), state.resolve("server.key"));
            }
        }
        List<HostPort> members = joinTo == null
                ? List.of(new HostPort("127.0.0.1", 1)) // nobody to find yet
                : List.of(HostPort.parse(joinTo.clusterNodes().get(0)));
        ChatServer node = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withStateDirectory(Optional.of(state))
                .withCluster(Optional.of(ClusterOptions.of("moderation", 0, members))));
        while (nodes.size() <= index) {
            nodes.add(null);
        }
        nodes.set(index, node);
        List<ChatServer> running = nodes.stream().filter(n -> n != null).toList();
        ClusterFixture.await(
                () -> running.stream().allMatch(n -> n.clusterNodes().size() == running.size()),
                "every node to see " + running.size() + " nodes");
        return node;
    }

    /** Stops node {@code index}, and waits until the others see it gone. */
    private void stop(int index) throws InterruptedException {
        nodes.get(index).stop(Duration.ofSeconds(10));
        nodes.set(index, null);
        List<ChatServer> running = nodes.stream().filter(n -> n != null).toList();
        ClusterFixture.await(
                () -> running.stream().allMatch(n -> n.clusterNodes().size() == running.size()),
                "the other nodes to see node " + index + " gone");
    }

    /** The entries of node {@code index}'s state file (no header, no comments); none before it is written. */
    private List<String> entriesOf(int index) {
        try {
            return Files.readAllLines(directory.resolve("node" + index).resolve("moderation.txt")).stream()
                    .skip(1)
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean has(List<String> entries, String kind, String subject) {
        return entries.stream().anyMatch(line -> line.startsWith(kind + " ") && line.endsWith(" " + subject));
    }

    private void awaitEntry(int index, String kind, String subject) throws InterruptedException {
        ClusterFixture.await(
                () -> has(entriesOf(index), kind, subject),
                "node " + index + "'s state file to hold " + kind + " " + subject);
    }

    private static boolean banned(ChatServer node) throws ChatServer.UnansweredException {
        return node.restrictions().bans().stream().map(Restriction::subject).anyMatch("192.0.2.7"::equals);
    }

    @Test
    void stateFilesConvergeAfterAnUnbanOnANodeWhileAnotherWasDown() throws Exception {
        ChatServer first = start(0, null);
        start(1, first);
        first.banAddress(BANNED, Term.UNTIL_LIFTED);
        awaitEntry(1, "ban", "192.0.2.7");
        ClusterFixture.await(() -> entriesOf(0).equals(entriesOf(1)), "both state files to say the same");

        stop(1);
        assertEquals(OperatorOutcome.DONE, first.unban(BANNED));
        assertTrue(has(entriesOf(1), "ban", "192.0.2.7"), "the stopped node's file still holds the ban");
        ChatServer back = start(1, first);

        awaitEntry(1, "unban", "192.0.2.7");
        ClusterFixture.await(() -> entriesOf(0).equals(entriesOf(1)), "both state files to say the same");
        assertTrue(has(entriesOf(0), "unban", "192.0.2.7"), String.valueOf(entriesOf(0)));
        assertTrue(!banned(back) && !banned(first), "no node brought the ban back");
    }

    @Test
    void aMuteFollowsTheMemberToAnotherNode() throws Exception {
        ChatServer first = start(0, null);
        ChatServer second = start(1, first);
        try (Peer dave =
                new Peer(InetAddress.getLoopbackAddress(), second.localAddress().getPort()).join("dave")) {
            assertEquals(OperatorOutcome.DONE, first.mute("dave", Term.ofMinutes(10)));
            dave.send("Q dave");
        }
        awaitEntry(0, "mute", "dave");
        ClusterFixture.await(
                () -> {
                    try {
                        return first.members().isEmpty();
                    } catch (ChatServer.UnansweredException e) {
                        return false;
                    }
                },
                "dave to have left");

        try (Peer dave =
                new Peer(InetAddress.getLoopbackAddress(), first.localAddress().getPort()).join("dave")) {
            dave.send("C dave anyone?");
            while (!dave.receive().startsWith("您已被禁言，还剩")) {
                // past notices of comings and goings; a chat of dave's own would fail on the peer's deadline
            }
            dave.send("Q dave");
        }
    }

    @Test
    void aBanOutlivesTheNodeThatMadeItAndReachesANodeThatJoinsLater() throws Exception {
        ChatServer first = start(0, null);
        ChatServer second = start(1, first);
        first.banAddress(BANNED, Term.ofMinutes(30));
        awaitEntry(1, "ban", "192.0.2.7");

        stop(0);
        start(2, second);

        awaitEntry(2, "ban", "192.0.2.7");
        assertEquals(entriesOf(1), entriesOf(2));
    }

    @Test
    void aRestartOfTheWholeClusterKeepsItsBansAndTombstones() throws Exception {
        ChatServer first = start(0, null);
        start(1, first);
        first.banAddress(BANNED, Term.UNTIL_LIFTED);
        first.banAddress(addressOf("198.51.100.1"), Term.UNTIL_LIFTED);
        assertEquals(OperatorOutcome.DONE, first.unban(addressOf("198.51.100.1")));
        awaitEntry(1, "unban", "198.51.100.1");
        ClusterFixture.await(() -> entriesOf(0).equals(entriesOf(1)), "both state files to say the same");
        stop(1);
        stop(0);

        ChatServer again = start(0, null);
        start(1, again);

        assertTrue(banned(again));
        assertTrue(
                again.restrictions().bans().stream().map(Restriction::subject).noneMatch("198.51.100.1"::equals));
        assertTrue(has(entriesOf(0), "unban", "198.51.100.1"));
    }
}
