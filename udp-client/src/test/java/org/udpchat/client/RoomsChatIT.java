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
        client.out.awaitContains("You are in room " + (room.length > 0 ? room[0] : "lobby") + "\n");
        return client;
    }

    @Test
    void chatStaysInItsRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room"); // and nothing about alice, who is in another room

        alice.type("only for games");
        alice.out.awaitContains("alice : only for games");
        bob.type("hello lobby");
        bob.out.awaitContains("bob : hello lobby");
        carol.expect("bob : hello lobby");
        carol.send("C carol hi bob");
        bob.out.awaitContains("carol : hi bob");

        bob.type("/msg alice fence");
        alice.out.awaitContains("bob (private) : fence");
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
        alice.out.awaitContains("bob (private) : meet me in  games\n");
        bob.out.awaitContains("(private to alice) : meet me in  games\n");

        bob.type("/msg carol and you too");
        carol.expect("bob (private) : and you too"); // the private one first: carol never heard alice's
        bob.out.awaitContains("(private to carol) : and you too\n");

        bob.type("fence");
        carol.expect("bob : fence");
        bob.out.awaitContains("bob : fence");
        bob.type("/msg alice fence");
        alice.out.awaitContains("bob (private) : fence");
        assertFalse(bob.out.text().contains("bob (private)"), bob.out.text());
        assertFalse(alice.out.text().contains("and you too"), alice.out.text());
        assertEquals("", alice.err.text() + bob.err.text());
    }

    @Test
    void aMessageToNobodyIsExplainedOnStderr() throws Exception {
        InProcessClient bob = joined("bob");
        bob.type("/msg nobody are you there?");
        bob.err.awaitContains("nobody called nobody is here - /who and /rooms show who is where\n");
        bob.type("fence");
        bob.out.awaitContains("bob : fence");
        assertFalse(bob.out.text().contains("nobody"), "the failure goes to stderr only:\n" + bob.out.text());
        carol.expect("bob joined the room", "bob : fence");
    }

    @Test
    void movingToAnotherRoomTellsBothRooms() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        bob.type("/join games");
        bob.out.awaitContains("you are now in room games (2 members)\n");
        alice.out.awaitContains("bob joined the room\n");
        carol.expect("bob left the room");

        bob.type("now in games");
        alice.out.awaitContains("bob : now in games");
        carol.send("C carol anyone?");
        carol.expect("carol : anyone?"); // and not bob's line, which was said in games
        alice.type("fence");
        bob.out.awaitContains("alice : fence");
        assertFalse(bob.out.text().contains("anyone?"), bob.out.text());

        bob.type("/join games");
        bob.err.awaitContains("you are in games already\n");
    }

    @Test
    void aNewNameIsToldToTheRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient dave = joined("dave", "games");
        alice.out.awaitContains("dave joined the room");
        InProcessClient bob = joined("bob");
        carol.expect("bob joined the room");

        alice.type("/nick alicia");
        alice.out.awaitContains("you are now known as alicia\n");
        dave.out.awaitContains("alice is now known as alicia\n");

        alice.type("under my new name");
        dave.out.awaitContains("alicia : under my new name");
        bob.type("/msg alicia fence");
        alice.out.awaitContains("bob (private) : fence");
        bob.out.awaitContains("(private to alicia) : fence");
        assertFalse(bob.out.text().contains("known as"), bob.out.text());
        carol.send("C carol fence");
        carol.expect("carol : fence"); // the rename was not told in the lobby

        bob.type("/msg alice still there?");
        bob.err.awaitContains("nobody called alice is here");
    }

    @Test
    void anActionIsShownToItsRoom() throws Exception {
        InProcessClient alice = joined("alice", "games");
        InProcessClient dave = joined("dave", "games");
        alice.out.awaitContains("dave joined the room");
        alice.type("/me waves  at games");
        alice.out.awaitContains("* alice waves  at games\n");
        dave.out.awaitContains("* alice waves  at games\n");
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
        bob.out.awaitContains("in lobby (2): carol, bob\n");
        bob.type("/who GAMES");
        bob.out.awaitContains("in games (1): alice\n");
        bob.type("/who chess");
        bob.err.awaitContains("there is no room called chess - /rooms lists the rooms\n");
    }

    @Test
    void theServersRoomNameIsShownAtJoining() throws Exception {
        InProcessClient alice = joined("alice", "Games");
        InProcessClient dave = clients.start(
                "--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", "dave", "--room", "GAMES");
        dave.out.awaitContains("您已进入房间 Games\n"); // the room as its first member spelled it
        alice.out.awaitContains("dave joined the room");
    }

    @Test
    void aBadRoomIsRefusedBeforeJoining() throws Exception {
        InProcessClient client = clients.start(
                "--server", "127.0.0.1:" + server.localAddress().getPort(), "--name", "erin", "--room", "my room");
        assertEquals(ExitStatus.USAGE.code(), client.awaitStatus());
        client.err.awaitContains("udp-client: --room: 'my room' is not a room name: it has whitespace\n");
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
