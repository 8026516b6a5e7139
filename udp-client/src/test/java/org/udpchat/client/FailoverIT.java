package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.Keyboard;
import org.udpchat.server.ServerConfig;

/**
 * A client with two servers in its {@code --server} list, end to end over loopback with two real servers:
 * its node falls silent (its traffic cut by a {@link FaultyProxy} in front of it) and the client goes on at
 * the other by itself, as a new session under the same name and room (the nodes share no sessions yet), where
 * what it says reaches the other node's members; the two nodes share one key ({@code server.key} copied from
 * one state directory into the other), so the first contact is said once and both are remembered. Nodes with
 * two keys are refused; a silent first server is passed over at the first join.
 *
 * <p>The tests run at once: each waits out a client's timer (a join's 5 s, a ping unanswered for 6 s) with
 * servers, proxies and state directories of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class FailoverIT {

    private static final long SEED = Long.getLong("udpchat.proxy.seed", 20261201L);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();

    /** One client program, run in-process, remembering servers' keys in {@code knownServers}. */
    private static final class Client {
        final Keyboard keyboard = new Keyboard();
        final CapturedOutput out = new CapturedOutput();
        final CapturedOutput err = new CapturedOutput();
        final CompletableFuture<Integer> status;

        Client(KnownServers knownServers, String... args) {
            ClientMain program = new ClientMain(keyboard.reader(), out.printStream(), err.printStream(), false)
                    .knowing(knownServers);
            status = CompletableFuture.supplyAsync(() -> program.run(args));
        }

        int awaitStatus() throws Exception {
            return status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(client -> client.keyboard.endOfInput());
        for (Client client : clients) {
            client.status.get(InProcessClient.EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    /** A node with its own state directory {@code name}, holding {@code key} as its server.key if given. */
    private ChatServer node(String name, Optional<Path> key) throws Exception {
        Path state = Files.createDirectories(directory.resolve(name));
        if (key.isPresent()) {
            // as an operator copies the cluster's key into each node's state directory (mode 0600 kept)
            Files.copy(key.get(), state.resolve("server.key"), StandardCopyOption.COPY_ATTRIBUTES);
        }
        ChatServer server = ChatServer.start(
                ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withStateDirectory(Optional.of(state)));
        opened.add(server);
        return server;
    }

    private Client client(KnownServers known, String servers, String name) {
        Client client = new Client(known, "--server", servers, "--name", name, "--lang", "en");
        clients.add(client);
        return client;
    }

    private static String at(ChatServer server) {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    private static String at(FaultyProxy proxy) throws Exception {
        return "127.0.0.1:" + proxy.address().getPort();
    }

    /** A proxy in front of {@code server}, passing everything until a test cuts it. */
    private FaultyProxy proxyFor(ChatServer server) throws Exception {
        FaultyProxy proxy = new FaultyProxy(server.localAddress(), SEED);
        opened.add(proxy);
        return proxy;
    }

    private static void cut(FaultyProxy proxy) {
        proxy.toServer.blackout = true;
        proxy.toClient.blackout = true;
    }

    @Test
    @Timeout(90)
    void whenItsNodeFallsSilentTheClientGoesOnAtTheNextAndIsHeardThere() throws Exception {
        ChatServer a = node("a", Optional.empty());
        ChatServer b = node("b", Optional.of(directory.resolve("a").resolve("server.key")));
        assertEquals(a.fingerprint(), b.fingerprint(), "one cluster, one key");
        FaultyProxy toA = proxyFor(a);
        KnownServers known = new KnownServers(directory.resolve("known_servers"), directory);

        Client bob = client(FreshKnownServers.make(), at(b), "bob");
        bob.out.await(text -> text.contains("You are in room lobby"), DEADLINE, "bob joined b");
        Client alice = client(known, at(toA) + "," + at(b), "alice");
        alice.out.await(text -> text.contains("You are in room lobby"), DEADLINE, "alice joined a");

        cut(toA);
        alice.keyboard.type("said while cut off"); // unanswered, so the silence is noticed within seconds
        alice.err.await(
                text -> text.contains("reconnected to " + at(b) + ", still as alice"),
                DEADLINE,
                "alice reconnected to b, and was told so");
        alice.keyboard.type("hello from the other node");
        bob.out.await(
                text -> text.contains("alice : hello from the other node"),
                DEADLINE,
                "alice's line after the failover, at bob on b");

        String err = alice.err.text();
        assertTrue(err.contains("lost touch with the server; reconnecting..."), err);
        // b never had alice's session: a new one, under the same name and room. Neither a nor b is a node of a
        // cluster: neither says it takes line ids (no room log there takes a line once), so alice's lines carried
        // none, and the line her room never sent back is told as one that may not have arrived, not said again
        assertTrue(err.contains("this message may not have arrived: said while cut off"), err);
        assertEquals(1, count(err, "first contact with "), "one identity, one notice: " + err);
        String remembered = Files.readString(known.file());
        assertTrue(remembered.contains(at(toA) + " " + a.fingerprint().text()), remembered);
        assertTrue(remembered.contains(at(b) + " " + a.fingerprint().text()), remembered);
        // said again, it would have reached b before the line typed after it
        assertEquals(0, count(bob.out.text(), "alice : said while cut off"), "not said at b: " + bob.out.text());

        alice.keyboard.type("/quit");
        assertEquals(ExitStatus.OK.code(), alice.awaitStatus(), alice.err.text());
    }

    @Test
    @Timeout(90)
    void aNodeWithAnotherKeyThanTheListsIsRefusedAsTwoIdentities() throws Exception {
        ChatServer a = node("a", Optional.empty());
        ChatServer b = node("b", Optional.empty()); // its own key: not a node of a's chat
        FaultyProxy toA = proxyFor(a);
        KnownServers known = new KnownServers(directory.resolve("known_servers"), directory);

        Client alice = client(known, at(toA) + "," + at(b), "alice");
        alice.out.await(text -> text.contains("You are in room lobby"), DEADLINE, "alice joined a");
        cut(toA);
        alice.keyboard.type("said while cut off");

        assertEquals(ExitStatus.UNVERIFIED.code(), alice.awaitStatus(), alice.err.text());
        String err = alice.err.text();
        assertTrue(err.contains("WARNING: TWO IDENTITIES IN ONE LIST OF SERVERS!"), err);
        assertTrue(
                err.contains(a.fingerprint().text())
                        && err.contains(b.fingerprint().text()),
                err);
        assertFalse(Files.readString(known.file()).contains(at(b)), "b's key is not remembered");
        assertEquals(List.of(), b.members(), "nothing was sent to b under its key, not even the name");
    }

    @Test
    @Timeout(60)
    void aSilentFirstServerIsPassedOverAtTheFirstJoin() throws Exception {
        ChatServer a = node("a", Optional.empty());
        // bound, so that nothing answers, not even "port unreachable"
        DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        opened.add(silent);
        String silentAt = "127.0.0.1:" + silent.getLocalPort();

        Client alice = client(FreshKnownServers.make(), silentAt + "," + at(a), "alice");
        alice.out.await(text -> text.contains("You are in room lobby"), DEADLINE, "alice joined a");

        assertTrue(
                alice.err.text().contains("no answer from " + silentAt + " within 5 s; trying " + at(a)),
                alice.err.text());
        alice.keyboard.type("/quit");
        assertEquals(ExitStatus.OK.code(), alice.awaitStatus(), alice.err.text());
    }

    @Test
    @Timeout(60)
    void aClassicClientPassesOverASilentFirstServerToo() throws Exception {
        ChatServer a = node("a", Optional.empty());
        DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        opened.add(silent);
        String silentAt = "127.0.0.1:" + silent.getLocalPort();

        Client alice = new Client(
                FreshKnownServers.make(),
                "--server",
                silentAt + "," + at(a),
                "--name",
                "alice",
                "--lang",
                "en",
                "--legacy");
        clients.add(alice);
        alice.out.await(text -> text.contains("You are in the room"), DEADLINE, "alice joined a, classic");

        assertTrue(
                alice.err.text().contains("no answer from " + silentAt + " within 5 s; trying " + at(a)),
                alice.err.text());
        alice.keyboard.type("/quit");
        assertEquals(ExitStatus.OK.code(), alice.awaitStatus(), alice.err.text());
    }

    @Test
    @Timeout(60)
    void whenNoServerOfTheListAnswersTheClientEndsAsItDidWithOne() throws Exception {
        DatagramSocket first = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket second = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        opened.add(first);
        opened.add(second);
        String list = "127.0.0.1:" + first.getLocalPort() + ",127.0.0.1:" + second.getLocalPort();

        Client alice = client(FreshKnownServers.make(), list, "alice");

        assertEquals(ExitStatus.NO_SERVER.code(), alice.awaitStatus());
        assertTrue(alice.err.text().contains("no server answered at " + list + " within 5 s"), alice.err.text());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
