package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.ChatServer;
import org.udpchat.server.FloodControl;
import org.udpchat.server.Keyboard;
import org.udpchat.server.Safeguards;
import org.udpchat.server.ServerConfig;

/**
 * The native protocol through a network that loses a fifth of everything each way, duplicates and
 * reorders a tenth: the real clients and the real server, with a {@link FaultyProxy} between them.
 */
class ReliabilityIT {

    private static final long SEED = Long.getLong("udpchat.proxy.seed", 20261122L);
    private static final int CLIENTS = 3;
    private static final int MESSAGES = 500;

    private ChatServer server;
    private FaultyProxy proxy;
    private final List<Client> clients = new ArrayList<>();

    /** One client program through the proxy. */
    private static final class Client {
        final String name;
        final Keyboard keyboard = new Keyboard();
        final CapturedOutput out = new CapturedOutput();
        final CapturedOutput err = new CapturedOutput();
        final CompletableFuture<Integer> status;
        final ClientMain program;

        Client(String name, String server) {
            this.name = name;
            program = new ClientMain(keyboard.reader(), out.printStream(), err.printStream(), false)
                    .knowing(FreshKnownServers.make());
            status = CompletableFuture.supplyAsync(() -> program.run("--server", server, "--name", name));
        }
    }

    @BeforeEach
    void start() throws Exception {
        // a load test: three clients say 500 lines each as fast as they can, so no flood control
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withSafeguards(Safeguards.DEFAULTS.withFlood(FloodControl.OFF)));
        proxy = new FaultyProxy(server.localAddress(), SEED);
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(client -> client.keyboard.endOfInput());
        proxy.close();
        server.close();
    }

    @Test
    @Timeout(60)
    void everyMessageArrivesOnceAndInOrderThroughALossyNetwork() throws Exception {
        proxy.toServer.set(0.20, 0.10, 0.10, 1);
        proxy.toClient.set(0.20, 0.10, 0.10, 1);
        String through = "127.0.0.1:" + proxy.address().getPort();
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client("c" + i, through);
            clients.add(client);
            awaitJoined(client, Duration.ofSeconds(20));
        }
        for (Client client : clients) {
            for (int m = 0; m < MESSAGES; m++) {
                client.keyboard.type(client.name + "-" + m);
            }
        }
        for (Client receiver : clients) {
            try {
                receiver.out.await(
                        text -> everySenderComplete(text),
                        Duration.ofSeconds(50),
                        "all " + CLIENTS * MESSAGES + " messages at " + receiver.name + " (proxy seed " + proxy.seed()
                                + ")");
            } catch (AssertionError e) {
                throw new AssertionError(diagnosis(), e);
            }
        }
        for (Client receiver : clients) {
            String[] lines = receiver.out.text().split("\n");
            for (Client sender : clients) {
                List<Integer> seen = new ArrayList<>();
                String prefix = sender.name + " : " + sender.name + "-";
                for (String line : lines) {
                    if (line.startsWith(prefix)) {
                        seen.add(Integer.parseInt(line.substring(prefix.length())));
                    }
                }
                List<Integer> expected = new ArrayList<>();
                for (int m = 0; m < MESSAGES; m++) {
                    expected.add(m);
                }
                assertEquals(
                        expected,
                        seen,
                        sender.name + "'s messages at " + receiver.name + ", exactly once, in order" + " (proxy seed "
                                + proxy.seed() + ")");
            }
        }
        for (Client client : clients) {
            client.keyboard.type("/quit");
        }
        for (Client client : clients) {
            assertEquals(ExitStatus.OK.code(), client.status.get(20, TimeUnit.SECONDS), client.err.text());
        }
        for (Client client : clients) {
            // in the client's language: the check in English this replaces could never fail
            assertFalse(client.err.text().contains("这条消息可能未送达"), client.name + ": " + client.err.text());
        }
    }

    /**
     * A fifth of the datagrams each way arrive with one bit flipped somewhere: handshakes, logins, chat,
     * acknowledgements, endings. None of them may be shown or acted on (each fails to open, and counts as
     * lost), so every line still arrives exactly once and in order, and nothing else is shown.
     */
    @Test
    @Timeout(60)
    void nothingTamperedWithIsShownOrActedOnAndEveryMessageStillArrivesOnce() throws Exception {
        proxy.toServer.tampering = 0.20;
        proxy.toClient.tampering = 0.20;
        String through = "127.0.0.1:" + proxy.address().getPort();
        int messages = 100;
        for (int i = 0; i < CLIENTS; i++) {
            Client client = new Client("t" + i, through);
            clients.add(client);
            awaitJoined(client, Duration.ofSeconds(20));
        }
        for (Client client : clients) {
            for (int m = 0; m < messages; m++) {
                client.keyboard.type(client.name + "-" + m);
            }
        }
        for (Client receiver : clients) {
            receiver.out.await(
                    text -> clients.stream()
                            .allMatch(sender ->
                                    text.contains(sender.name + " : " + sender.name + "-" + (messages - 1) + "\n")),
                    Duration.ofSeconds(50),
                    "all " + CLIENTS * messages + " messages at " + receiver.name + " (proxy seed " + proxy.seed()
                            + ")");
        }
        for (Client receiver : clients) {
            List<String> said = receiver.out
                    .text()
                    .lines()
                    .filter(line -> line.contains(" : "))
                    .toList();
            List<String> expected = new ArrayList<>();
            for (Client sender : clients) {
                for (int m = 0; m < messages; m++) {
                    expected.add(sender.name + " : " + sender.name + "-" + m);
                }
            }
            for (Client sender : clients) {
                String prefix = sender.name + " : ";
                assertEquals(
                        expected.stream()
                                .filter(line -> line.startsWith(prefix))
                                .toList(),
                        said.stream().filter(line -> line.startsWith(prefix)).toList(),
                        sender.name + "'s lines at " + receiver.name
                                + ": exactly once, in order, unaltered (proxy seed " + proxy.seed() + ")");
            }
            assertEquals(expected.size(), said.size(), "nothing else said at " + receiver.name + ": " + said);
        }
        for (Client client : clients) {
            client.keyboard.type("/quit");
        }
        for (Client client : clients) {
            assertEquals(ExitStatus.OK.code(), client.status.get(20, TimeUnit.SECONDS), client.err.text());
        }
        assertTrue(
                proxy.toServer.tampered.get() > 0 && proxy.toClient.tampered.get() > 0,
                "tampered with each way: " + proxy.toServer.tampered + " to the server, " + proxy.toClient.tampered
                        + " to the clients");
    }

    @Test
    @Timeout(60)
    void aClientThatLosesTouchResumesItsSessionAndLosesNothing() throws Exception {
        String through = "127.0.0.1:" + proxy.address().getPort();
        Client alice = new Client("alice", through);
        clients.add(alice);
        alice.out.await(text -> text.startsWith("您已进入房间 lobby"), Duration.ofSeconds(10), "alice joined");
        Client bob = new Client("bob", through);
        clients.add(bob);
        bob.out.await(text -> text.startsWith("您已进入房间 lobby"), Duration.ofSeconds(10), "bob joined");
        alice.keyboard.type("before");
        bob.out.awaitLine("alice : before");

        proxy.toServer.blackout = true;
        proxy.toClient.blackout = true;
        alice.keyboard.type("during the blackout");
        Duration noticing = Duration.ofSeconds(20); // a ping unanswered for 6 s, on a loaded machine
        alice.err.awaitLine("与服务器失去联系，正在重新连接…", noticing);
        proxy.toServer.blackout = false;
        proxy.toClient.blackout = false;

        alice.err.awaitLine("已重新连接，仍是 alice", noticing);
        bob.out.awaitLine("alice : during the blackout", noticing);
        alice.keyboard.type("after");
        bob.out.awaitLine("alice : after");
        assertFalse(alice.err.text().contains("可能未送达"), "the same session went on: " + alice.err.text());
        assertEquals(1, bob.out.text().split("alice : during the blackout", -1).length - 1, "once");
        assertEquals(
                List.of("alice", "bob"),
                server.members().stream().map(m -> m.name()).toList());
    }

    /**
     * Waits until {@code client} shows it is in the room; if it is not, fails with what the client said on
     * stderr (a refusal, a join that went unanswered for 5 s) and the proxy's seed, to replay the faults.
     */
    private void awaitJoined(Client client, Duration deadline) {
        try {
            client.out.await(text -> text.startsWith("您已进入房间 lobby"), deadline, client.name + " joined");
        } catch (AssertionError e) {
            throw new AssertionError(
                    client.name + " did not join (proxy seed " + proxy.seed() + "); "
                            + client.status
                                    .handle((status, thrown) -> thrown == null ? "it ended with " + status : thrown)
                                    .getNow("still running")
                            + ", stderr: [" + client.err.text().strip() + "]",
                    e);
        }
    }

    /** What each client complained of, and the server's counters: where to look when a run fails. */
    private String diagnosis() {
        StringBuilder text = new StringBuilder();
        for (Client client : clients) {
            text.append(client.name).append(" shows");
            for (Client sender : clients) {
                String prefix = sender.name + " : " + sender.name + "-";
                long shown = client.out
                        .text()
                        .lines()
                        .filter(line -> line.startsWith(prefix))
                        .count();
                text.append(' ').append(sender.name).append(':').append(shown);
            }
            text.append(", stderr: [").append(client.err.text().strip()).append("], session: ");
            text.append(client.program.activeSession()).append("; ");
        }
        try {
            text.append("server: ").append(server.stats());
            for (String session : server.describeSessions()) {
                text.append("\n  ").append(session);
            }
        } catch (ChatServer.UnansweredException e) {
            text.append("server: ").append(e.getMessage());
        }
        return text.toString();
    }

    private boolean everySenderComplete(String screen) {
        for (Client sender : clients) {
            if (!screen.contains(sender.name + " : " + sender.name + "-" + (MESSAGES - 1) + "\n")) {
                return false;
            }
        }
        return true;
    }
}
