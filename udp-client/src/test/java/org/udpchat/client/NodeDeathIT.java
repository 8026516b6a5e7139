package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;
import org.udpchat.server.console.ServerJarProcesses;

/**
 * Issue 15's failover, with processes: three nodes of one cluster, each the built {@code udp-server.jar}; two
 * members on the first node, one on each other; everybody speaks; the first node is killed ({@code kill -9}).
 * The members of the other two nodes go on undisturbed (each line heard once, nothing lost), and the dead
 * node's two members come back on the other nodes under their names, in their room, told as history what was
 * said while they were away; what they said just before the kill, and just after it, is said again at their
 * new nodes and heard once by everyone. The time from the kill to each one's {@code reconnected} is appended to {@code
 * target/node-death-times.txt}.
 */
class NodeDeathIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private static final Pattern THIS_NODE =
            Pattern.compile(".*cluster death: this node is 127\\.0\\.0\\.1:(\\d+), .*");

    /** A node's start (Hazelcast's join takes seconds on a busy machine), a client's return. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final ServerJarProcesses nodes = new ServerJarProcesses(Path.of(System.getProperty("udpchat.server.jar")));

    /** Each node's stderr, left in {@code target/node-death-NAME.err} after the test for whoever looks into it. */
    private final java.util.Map<String, CapturedOutput> nodeErrs = new java.util.LinkedHashMap<>();

    private final List<Client> clients = new ArrayList<>();

    /** One client program, run in-process (not at a terminal: plain lines). */
    private static final class Client {
        final String name;
        final Keyboard keyboard = new Keyboard();
        final CapturedOutput out = new CapturedOutput();
        final CapturedOutput err = new CapturedOutput();
        final CompletableFuture<Integer> status;

        Client(String name, String servers) {
            this.name = name;
            ClientMain program = new ClientMain(keyboard.reader(), out.printStream(), err.printStream(), false)
                    .knowing(FreshKnownServers.make());
            status = CompletableFuture.supplyAsync(
                    () -> program.run("--server", servers, "--name", name, "--lang", "en"));
        }

        void say(String text) {
            keyboard.type(text);
        }

        /** Waits until this client has shown {@code speaker}'s {@code text}, live or as history. */
        void awaitHeard(String speaker, String text) {
            out.await(screen -> screen.contains(speaker + " : " + text), DEADLINE, name + " hears " + text);
        }
    }

    /** A node as it started: its process, where it listens for clients and for other nodes. */
    private record Node(Process process, String udp, String cluster) {}

    @AfterEach
    void stop() throws Exception {
        clients.forEach(client -> client.keyboard.endOfInput());
        for (Client client : clients) {
            client.status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        nodes.close();
        for (java.util.Map.Entry<String, CapturedOutput> err : nodeErrs.entrySet()) {
            Files.writeString(
                    Path.of("target", "node-death-" + err.getKey() + ".err"),
                    err.getValue().text());
        }
    }

    @Test
    @Timeout(120)
    void killingOneNodeOfThreeLeavesTheOthersUndisturbedAndBringsItsMembersBackHavingHeardTheRoom() throws Exception {
        Node a = node("a", null);
        Node b = node("b", a);
        Node c = node("c", a);

        Client ann = client("ann", a.udp() + "," + b.udp());
        Client dan = client("dan", a.udp() + "," + c.udp());
        Client bob = client("bob", b.udp());
        Client cat = client("cat", c.udp());
        for (Client client : clients) {
            client.out.await(text -> text.contains("You are in room lobby"), DEADLINE, client.name + " joined");
        }
        for (Client speaker : clients) {
            speaker.say("before from " + speaker.name);
        }
        for (Client listener : clients) {
            for (Client speaker : clients) {
                listener.awaitHeard(speaker.name, "before from " + speaker.name);
            }
        }

        // A member is resumable elsewhere once its node has shared its session, which it does as it lists the
        // member in the cluster's directory: a node killed within milliseconds of a join may not have yet (that
        // member then waits out its name). So the kill waits until another node's /who counts all four.
        bob.say("/who");
        bob.out.await(screen -> screen.contains("in lobby (4): "), DEADLINE, "bob's /who to count all four");

        ann.say("last words from ann"); // just before the kill: node a may have taken it, or not
        long killed = System.nanoTime();
        a.process().destroyForcibly(); // SIGKILL: the node says nothing to anyone
        assertTrue(a.process().waitFor(10, TimeUnit.SECONDS), "node a is dead");
        dan.say("said to a dead node"); // never taken there: said again at dan's next node
        List<String> away = List.of("while away 1", "while away 2", "while away 3", "while away 4");
        for (int i = 0; i < away.size(); i++) {
            (i % 2 == 0 ? bob : cat).say(away.get(i));
        }

        long annBack = awaitReconnected(ann, b, killed);
        long danBack = awaitReconnected(dan, c, killed);
        // the measurement, where a run leaves it: target/node-death-times.txt, one line a run
        Files.writeString(
                Path.of("target", "node-death-times.txt"),
                "ann " + annBack + " ms, dan " + danBack + " ms from the kill to reconnected\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);

        for (Client returned : List.of(ann, dan)) {
            for (int i = 0; i < away.size(); i++) {
                String speaker = i % 2 == 0 ? "bob" : "cat";
                String line = away.get(i);
                returned.out.await(
                        screen -> screen.lines()
                                .anyMatch(shown ->
                                        shown.startsWith("[history] ") && shown.endsWith(speaker + " : " + line)),
                        DEADLINE,
                        returned.name + " told as history: " + line);
            }
            returned.say("back from " + returned.name);
        }
        for (Client listener : List.of(bob, cat)) {
            listener.awaitHeard("ann", "back from ann");
            listener.awaitHeard("dan", "back from dan");
        }
        for (Client listener : List.of(ann, dan)) {
            listener.awaitHeard("ann", "back from ann");
            listener.awaitHeard("dan", "back from dan");
        }

        // the other nodes' members: every line once, none lost
        for (Client undisturbed : List.of(bob, cat)) {
            String screen = undisturbed.out.text();
            for (String line : List.of(
                    "ann : before from ann",
                    "dan : before from dan",
                    "bob : before from bob",
                    "cat : before from cat",
                    "bob : while away 1",
                    "cat : while away 2",
                    "bob : while away 3",
                    "cat : while away 4",
                    "ann : last words from ann",
                    "dan : said to a dead node",
                    "ann : back from ann",
                    "dan : back from dan")) {
                assertEquals(1, count(screen, line), undisturbed.name + " heard '" + line + "' once: " + screen);
            }
        }
        for (Client returned : List.of(ann, dan)) {
            assertTrue(
                    returned.err.text().contains("still as " + returned.name),
                    returned.name + " is back under its name: " + returned.err.text());
            assertTrue(
                    !returned.err.text().contains("may not have arrived"),
                    returned.name + "'s lines were said again, not told as lost: " + returned.err.text());
        }
    }

    /** Waits until {@code client} says it reconnected to {@code node}; returns the milliseconds since {@code since}. */
    private static long awaitReconnected(Client client, Node node, long since) {
        client.err.await(
                text -> text.contains("reconnected to " + node.udp() + ", still as " + client.name),
                DEADLINE,
                client.name + " reconnected to " + node.udp());
        return (System.nanoTime() - since) / 1_000_000;
    }

    private Client client(String name, String servers) {
        Client client = new Client(name, servers);
        clients.add(client);
        return client;
    }

    /** Starts a node's jar; the first ({@code first} null) makes the cluster's key, the others take a copy. */
    private Node node(String name, Node first) throws Exception {
        Path state = Files.createDirectories(directory.resolve(name));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        if (first != null) {
            Files.copy(directory.resolve("a").resolve("server.key"), state.resolve("server.key"));
        }
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        nodeErrs.put(name, err);
        Process process = nodes.start(
                List.of(
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        "0",
                        "--state-dir",
                        state.toString(),
                        "--control-socket",
                        "none",
                        "--log-file",
                        Path.of("target", "node-death-" + name + ".log").toString(),
                        "--cluster",
                        "death",
                        "--cluster-port",
                        "0",
                        "--cluster-members",
                        first == null ? "127.0.0.1:1" : first.cluster()),
                ProcessBuilder.Redirect.PIPE,
                out,
                err);
        out.await(text -> LISTENING.matcher(text).find(), DEADLINE, name + " listening");
        Matcher listening = LISTENING.matcher(out.text());
        assertTrue(listening.find());
        Matcher thisNode = THIS_NODE.matcher(err.awaitLineMatching(THIS_NODE));
        assertTrue(thisNode.matches());
        return new Node(process, "127.0.0.1:" + listening.group(1), "127.0.0.1:" + thisNode.group(1));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
