package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.ChatServer;
import org.udpchat.server.Peer;
import org.udpchat.server.ServerConfig;

/**
 * Catch-up end to end: the real client program (in-process) and a classic peer, carol, who does the talking
 * (a classic member never expires), against the real server on loopback. What the client missed arrives
 * marked as history with the time it was said, then live lines arrive plain.
 */
class HistoryIT {

    private ChatServer server;
    private FaultyProxy proxy;
    private final InProcessClients clients = new InProcessClients();
    private Peer carol;

    private void start(ServerConfig config) throws IOException {
        server = ChatServer.start(config.withLanguage(Locale.ENGLISH));
        carol = new Peer(server.localAddress()).join("carol");
    }

    @AfterEach
    void stopAll() throws Exception {
        clients.endInput();
        if (carol != null) {
            carol.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        server.close();
    }

    private InProcessClient joined(String name, int port, String room) {
        InProcessClient client =
                clients.start("--server", "127.0.0.1:" + port, "--name", name, "--lang", "en", "--room", room);
        client.out.awaitLine("You are in room " + room);
        return client;
    }

    private static Pattern history(String line) {
        return Pattern.compile(Pattern.quote("[history] ") + "\\d\\d:\\d\\d " + Pattern.quote(line));
    }

    @Test
    @Timeout(10)
    void aClientMovingBackToTheLobbySeesWhatWasSaidThereAsHistoryThenLiveLines() throws Exception {
        start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
        InProcessClient alice = joined("alice", server.localAddress().getPort(), "games");
        carol.send("C carol said before alice came");
        carol.expect("carol : said before alice came");

        alice.type("/join lobby");
        alice.out.awaitLine("you are now in room lobby (2 members)");
        alice.out.awaitLineMatching(history("carol : said before alice came"));
        carol.expect("alice came from games");
        carol.send("C carol live now");
        alice.out.awaitLine("carol : live now");
    }

    @Test
    @Timeout(40)
    void aClientBackAfterItsSessionExpiredSeesWhatItMissedAsHistory() throws Exception {
        // a short session, so that the test need not wait out the default 30 s; alice talks, so she does
        // not go idle long enough for it before the blackout
        start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withSessionTimeout(Duration.ofSeconds(4)));
        proxy = new FaultyProxy(server.localAddress(), 1);
        InProcessClient alice = joined("alice", proxy.address().getPort(), "lobby");
        carol.expect("alice joined the room");
        carol.send("C carol before");
        carol.expect("carol : before");
        alice.out.awaitLine("carol : before");
        alice.type("fence"); // carries her acknowledgement of "before"
        carol.expect("alice : fence");

        proxy.toServer.blackout = true;
        proxy.toClient.blackout = true;
        alice.type("into the void"); // in flight: her client pings, and notices the silence
        carol.expect("alice went silent and left the room");
        carol.send("C carol while you were away");
        carol.expect("carol : while you were away");
        Duration noticing = Duration.ofSeconds(20);
        alice.err.awaitLine("lost touch with the server; reconnecting...", noticing);
        proxy.toServer.blackout = false;
        proxy.toClient.blackout = false;

        alice.err.awaitLine("reconnected, still as alice", noticing);
        alice.out.awaitLineMatching(history("carol : while you were away"));
        carol.expect("alice joined the room");
        carol.send("C carol live again");
        alice.out.awaitLine("carol : live again");
        assertFalse(
                history("carol : before").matcher(alice.out.text()).find(),
                "nothing she acknowledged is told again:\n" + alice.out.text());
    }
}
