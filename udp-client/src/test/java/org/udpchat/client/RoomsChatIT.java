package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.codec.ChatText;
import org.udpchat.server.ChatServer;
import org.udpchat.server.Peer;
import org.udpchat.server.ServerConfig;

/**
 * Rooms end to end: the real client program (in-process, stdin and stdout piped) and a raw classic peer
 * against the real server over loopback. Alice starts in {@code games}; bob and the classic carol in the
 * lobby. Something said in one room must never reach another, so each test ends its "never arrives"
 * checks with a fence: a later event to the same member, which the server sends in order, proves the
 * earlier one was not sent.
 */
@Timeout(10)
class RoomsChatIT {

    private ChatServer server;
    private final InProcessClients clients = new InProcessClients();
    private Peer carol;

    @BeforeEach
    void startServer() throws IOException {
        server = ChatServer.start(
                ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withLanguage(Locale.ENGLISH));
        carol = new Peer(server.localAddress()).join("carol");
    }

    @AfterEach
    void stopAll() {
        clients.endInput();
        carol.close();
        server.close();
    }

    /** A client in English, in the lobby or in {@code room}, once it says it is in. */
    private InProcessClient joined(String name, String... room) {
        List<String> args = new ArrayList<>(
                List.of("--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", name, "--lang", "en"));
        if (room.length > 0) {
            args.addAll(List.of("--room", room[0]));
        }
        InProcessClient client = clients.start(args.toArray(new String[0]));
        client.out.awaitLine("You are in room " + (room.length > 0 ? room[0] : "lobby"));
        return client;
    }

    @Test
    void chatStaysInItsRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room"); // and nothing about alice, who is in another room

        alice.type("only for games");
        alice.out.awaitLine("alice : only for games");
        bob.type("hello lobby");
        bob.out.awaitLine("bob : hello lobby");
        carol.expect("bob : hello lobby");
        carol.send("C carol hi bob");
        bob.out.awaitLine("carol : hi bob");

        bob.type("/msg alice fence");
        alice.out.awaitLine("bob (private) : fence");
        assertFalse(alice.out.text().contains("hello lobby"), alice.out.text());
        assertFalse(alice.out.text().contains("hi bob"), alice.out.text());
        assertFalse(bob.out.text().contains("only for games"), bob.out.text());
    }

    @Test
    void aPrivateMessageReachesItsRecipientAlone() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        bob.type("/msg alice meet me in  games");
        alice.out.awaitLine("bob (private) : meet me in  games");
        bob.out.awaitLine("(private to alice) : meet me in  games");

        bob.type("/msg carol and you too");
        carol.expect("bob (private) : and you too"); // the private one first: carol never heard alice's
        bob.out.awaitLine("(private to carol) : and you too");

        bob.type("fence");
        carol.expect("bob : fence");
        bob.out.awaitLine("bob : fence");
        bob.type("/msg alice fence");
        alice.out.awaitLine("bob (private) : fence");
        assertFalse(bob.out.text().contains("bob (private)"), bob.out.text());
        assertFalse(alice.out.text().contains("and you too"), alice.out.text());
        assertEquals("", InProcessClient.withoutFirstContact(alice.err.text() + bob.err.text()));
    }

    @Test
    void aMessageToNobodyIsExplainedOnStderr() throws Exception {
        InProcessClient bob = joined("bob");
        bob.type("/msg nobody are you there?");
        bob.err.awaitLine("nobody called nobody is here - /who and /rooms show who is where");
        bob.type("fence");
        bob.out.awaitLine("bob : fence");
        assertFalse(bob.out.text().contains("nobody"), "the failure goes to stderr only:\n" + bob.out.text());
        carol.expect("bob joined the room", "bob : fence");
    }

    @Test
    void movingToAnotherRoomTellsBothRooms() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        bob.type("/join games");
        bob.out.awaitLine("you are now in room games (2 members)");
        alice.out.awaitLine("bob came from lobby"); // a move, told as one in both rooms and both protocols
        carol.expect("bob went to games");

        bob.type("now in games");
        alice.out.awaitLine("bob : now in games");
        carol.send("C carol anyone?");
        carol.expect("carol : anyone?"); // and not bob's line, which was said in games
        alice.type("fence");
        bob.out.awaitLine("alice : fence");
        assertFalse(bob.out.text().contains("anyone?"), bob.out.text());

        bob.type("/join games");
        bob.err.awaitLine("you are in games already");
    }

    @Test
    void aNewNameIsToldToTheRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient dave = joined("dave", "games");
        alice.out.awaitLine("dave joined the room");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        alice.type("/nick alicia");
        alice.out.awaitLine("you are now known as alicia");
        dave.out.awaitLine("alice is now known as alicia");

        alice.type("under my new name");
        dave.out.awaitLine("alicia : under my new name");
        bob.type("/msg alicia fence");
        alice.out.awaitLine("bob (private) : fence");
        bob.out.awaitLine("(private to alicia) : fence");
        assertFalse(bob.out.text().contains("known as"), bob.out.text());
        carol.send("C carol fence");
        carol.expect("carol : fence"); // the rename was not told in the lobby

        bob.type("/msg alice still there?");
        bob.err.awaitLine("nobody called alice is here - /who and /rooms show who is where");
    }

    @Test
    void anActionIsShownToItsRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient dave = joined("dave", "games");
        alice.out.awaitLine("dave joined the room");
        alice.type("/me waves  at games");
        alice.out.awaitLine("* alice waves  at games");
        dave.out.awaitLine("* alice waves  at games");
        carol.send("C carol fence");
        carol.expect("carol : fence");
    }

    @Test
    void whoAndRoomsListTheRooms() throws Exception {
        joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        bob.type("/rooms");
        bob.out.awaitContains("2 rooms:\n- lobby (2)\n- games (1)\n");
        bob.type("/who");
        bob.out.awaitLine("in lobby (2): carol, bob");
        bob.type("/who GAMES");
        bob.out.awaitLine("in games (1): alice");
        bob.type("/who chess");
        bob.err.awaitLine("there is no room called chess - /rooms lists the rooms");
    }

    @Test
    void theServersRoomNameIsShownAtJoining() throws Exception {
        InProcessClient alice = joined("alice", "Games");
        InProcessClient dave = clients.start(
                "--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", "dave", "--room", "GAMES");
        dave.out.awaitLine("您已进入房间 Games"); // the room as its first member spelled it
        alice.out.awaitLine("dave joined the room");
    }

    @Test
    void aBadRoomIsRefusedBeforeJoining() throws Exception {
        InProcessClient client = clients.start(
                "--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", "erin", "--room", "my room");
        assertEquals(ExitStatus.USAGE.code(), client.awaitStatus());
        client.err.awaitLine("udp-client: --room: 'my room' is not a room name: it has whitespace");
    }

    @Test
    void aPrivateMessageToAnImpossibleNameLeavesTheClientInTheRoom() throws Exception {
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");
        bob.type("/msg " + "x".repeat(200) + " " + "y".repeat(ChatText.maxPrivateBytes("bob")));
        bob.type("still here");
        carol.expect("bob : still here");
        assertFalse(bob.status.isDone(), bob.err.text());
    }
}
