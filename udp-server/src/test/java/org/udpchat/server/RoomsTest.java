package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Failure;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.NativeServerPacket.Welcome;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomEvent.Acted;
import org.udpchat.codec.RoomEvent.Announced;
import org.udpchat.codec.RoomEvent.Failed;
import org.udpchat.codec.RoomEvent.Joined;
import org.udpchat.codec.RoomEvent.Left;
import org.udpchat.codec.RoomEvent.MemberList;
import org.udpchat.codec.RoomEvent.RoomCount;
import org.udpchat.codec.RoomEvent.RoomList;
import org.udpchat.codec.RoomEvent.Said;
import org.udpchat.codec.RoomEvent.YouAreIn;
import org.udpchat.codec.RoomRequest;
import org.udpchat.server.RelayFixture.NativeMember;

/**
 * Rooms, requests, bans and mutes, driven through {@link Relay} by a {@link RelayFixture}: no socket, no
 * real time. Native and classic members share one relay; each member has an IP address of its own, since
 * bans are by address. Native datagrams are decoded as a client decodes them, classic ones read as lines.
 * Most tests start from {@link #lobbyAndGames}: alice (native) and carol (classic) in the lobby, bob and
 * erin (both native) in {@code games}.
 */
class RoomsTest {

    private static final InetSocketAddress ALICE = address("192.0.2.1", 5001);
    private static final InetSocketAddress BOB = address("192.0.2.2", 5002);
    private static final InetSocketAddress CAROL = address("192.0.2.3", 5003);
    private static final InetSocketAddress DAVE = address("192.0.2.4", 5004);
    private static final InetSocketAddress ERIN = address("192.0.2.5", 5005);
    /** Alice's IP address, another port: a second client on the same machine. */
    private static final InetSocketAddress ALICE_SECOND = address("192.0.2.1", 5011);

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    private static final RoomLimits ROOMY = new RoomLimits(20, 20, 20);
    private static final ServerConfig CONFIG =
            RelayFixture.DEFAULTS.withLimits(ROOMY).withSessionTimeout(SESSION_TIMEOUT);

    private final RelayFixture fixture = new RelayFixture(CONFIG);

    /** The native members of {@link #lobbyAndGames}, when a test starts from it. */
    private NativeMember alice;

    private NativeMember bob;
    private NativeMember erin;

    private static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** Alice (native) and carol (classic) in the lobby; bob and erin (native) in games. */
    private void lobbyAndGames() {
        alice = fixture.joinNative(ALICE, "alice");
        fixture.joinClassic(CAROL, "carol");
        bob = fixture.joinNative(BOB, "bob", "games");
        erin = fixture.joinNative(ERIN, "erin", "games");
    }

    private static Failed failed(Failure failure, long limit, String subject) {
        return new Failed(failure, limit, subject);
    }

    // --- the tests ---------------------------------------------------------------------------------

    @Nested
    class StartingRoom {

        @Test
        void everyoneStartsInTheLobby() {
            Welcome welcome = assertInstanceOf(Welcome.class, fixture.login(ALICE, "alice", ""));
            assertEquals("lobby", welcome.room());
            fixture.joinClassic(CAROL, "carol");

            assertEquals("lobby", fixture.roomOf("alice"));
            assertEquals("lobby", fixture.roomOf("carol"));
            assertEquals(List.of(new RoomInfo("lobby", 2)), fixture.relay().rooms());
        }

        @Test
        void aNativeLoginWithARoomStartsThereAndOnlyThatRoomHears() {
            alice = fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol");

            Welcome welcome = assertInstanceOf(Welcome.class, fixture.login(BOB, "bob", "games"));

            assertEquals("games", welcome.room());
            assertEquals("games", fixture.roomOf("bob"));
            fixture.assertNothingSentTo(ALICE, CAROL);
            assertEquals(
                    List.of(new RoomInfo("lobby", 2), new RoomInfo("games", 1)),
                    fixture.relay().rooms());
        }

        @Test
        void aLoginToARoomSpelledInAnotherCaseJoinsThatRoom() {
            bob = fixture.joinNative(BOB, "bob", "games");

            Welcome welcome = assertInstanceOf(Welcome.class, fixture.login(ERIN, "erin", "GAMES"));

            assertEquals("games", welcome.room());
            fixture.assertEvents(BOB, new Joined("erin"));
            assertEquals(
                    List.of(new RoomInfo("lobby", 0), new RoomInfo("games", 2)),
                    fixture.relay().rooms());
        }

        @Test
        void classicMembersLiveInTheLobby() {
            alice = fixture.joinNative(ALICE, "alice");
            bob = fixture.joinNative(BOB, "bob", "games");

            fixture.receive(CAROL, "L carol");

            fixture.assertLines(CAROL, "OK");
            assertEquals("lobby", fixture.roomOf("carol"));
            fixture.assertEvents(ALICE, new Joined("carol"));
            fixture.assertNothingSentTo(BOB);
        }

        @Test
        void refusesALoginToABadRoomName() {
            assertEquals(
                    new Refused(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS),
                    fixture.login(ALICE, "alice", "a b"));
            assertEquals(List.of(), fixture.relay().members());
        }

        @Test
        void refusesALoginToAFullRoom() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 1, 20)));
            bob = fixture.joinNative(BOB, "bob", "games");

            assertEquals(new Refused(RefusalReason.ROOM_FULL, 1), fixture.login(ERIN, "erin", "games"));
            fixture.assertNothingSentTo(BOB);
        }

        @Test
        void refusesALoginToANewRoomAtTheRoomLimit() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 20, 2)));
            bob = fixture.joinNative(BOB, "bob", "games");

            assertEquals(new Refused(RefusalReason.TOO_MANY_ROOMS, 2), fixture.login(ERIN, "erin", "chess"));
            assertInstanceOf(Welcome.class, fixture.login(DAVE, "dave", "games"), "an existing room is not a new one");
        }

        @Test
        void refusesAClassicLoginWhenTheLobbyIsFull() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 1, 20)));
            alice = fixture.joinNative(ALICE, "alice");

            fixture.receive(CAROL, "L carol");

            fixture.assertLines(CAROL, "聊天室已满（1 人），请稍后再来");
            assertEquals(List.of("alice"), fixture.memberNames());
        }
    }

    @Nested
    class Isolation {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void aNativeChatReachesItsOwnRoomOnly() {
            alice.chat("hi lobby");

            fixture.assertEvents(ALICE, new Said("alice", "hi lobby"));
            fixture.assertLines(CAROL, "alice : hi lobby");
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void aClassicChatReachesTheLobbyOnly() {
            fixture.receive(CAROL, "C carol hi all");

            fixture.assertEvents(ALICE, new Said("carol", "hi all"));
            fixture.assertLines(CAROL, "carol : hi all");
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void aChatInAnotherRoomNeverReachesTheLobby() {
            bob.chat("gg");

            fixture.assertEvents(BOB, new Said("bob", "gg"));
            fixture.assertEvents(ERIN, new Said("bob", "gg"));
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void aJoinOrAQuitInOneRoomIsNotHeardInAnother() {
            assertInstanceOf(Welcome.class, fixture.login(DAVE, "dave", "games"));
            erin.quit();

            fixture.assertEvents(BOB, new Joined("dave"), new Left("erin"));
            fixture.assertNothingSentTo(ALICE, CAROL);
        }
    }

    @Nested
    class JoiningARoom {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void tellsTheOldRoomTheNewRoomAndTheMover() {
            NativeMember dave = fixture.joinNative(DAVE, "dave");

            dave.ask(new RoomRequest.JoinRoom("games"));

            fixture.assertEvents(ALICE, new RoomEvent.Went("dave", "games"));
            fixture.assertLines(CAROL, "dave 去了房间 games");
            fixture.assertEvents(BOB, new RoomEvent.Came("dave", "lobby"));
            fixture.assertEvents(ERIN, new RoomEvent.Came("dave", "lobby"));
            fixture.assertEvents(DAVE, new YouAreIn("games", 3));
            assertEquals("games", fixture.roomOf("dave"));
        }

        @Test
        void afterAMoveChatGoesToTheNewRoomOnly() {
            alice.ask(new RoomRequest.JoinRoom("games"));
            fixture.forget();

            alice.chat("hello games");

            fixture.assertEvents(BOB, new Said("alice", "hello games"));
            fixture.assertEvents(ERIN, new Said("alice", "hello games"));
            fixture.assertNothingSentTo(CAROL);
        }

        @Test
        void makesARoomThatDoesNotExist() {
            alice.ask(new RoomRequest.JoinRoom("Chess"));

            fixture.assertEvents(ALICE, new YouAreIn("Chess", 1));
            fixture.assertLines(CAROL, "alice 去了房间 Chess");
            fixture.assertNothingSentTo(BOB, ERIN);
            assertEquals(
                    List.of(new RoomInfo("lobby", 1), new RoomInfo("games", 2), new RoomInfo("Chess", 1)),
                    fixture.relay().rooms());
        }

        @Test
        void roomNamesAreCaseInsensitive() {
            alice.ask(new RoomRequest.JoinRoom("GAMES"));

            fixture.assertEvents(ALICE, new YouAreIn("games", 3));
            assertEquals("games", fixture.roomOf("alice"));
            assertEquals(
                    List.of(new RoomInfo("lobby", 1), new RoomInfo("games", 3)),
                    fixture.relay().rooms());
        }

        @Test
        void refusesTheRoomItIsInAlready() {
            alice.ask(new RoomRequest.JoinRoom("LOBBY"));

            fixture.assertEvents(ALICE, failed(Failure.ALREADY_IN_ROOM, 0, "lobby"));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void refusesABadRoomName() {
            alice.ask(new RoomRequest.JoinRoom("a b"));
            alice.ask(new RoomRequest.JoinRoom("r".repeat(Limits.MAX_NAME_CODE_POINTS + 1)));

            fixture.assertEvents(
                    ALICE,
                    failed(Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, "a b"),
                    failed(
                            Failure.BAD_ROOM_NAME,
                            Limits.MAX_NAME_CODE_POINTS,
                            "r".repeat(Limits.MAX_NAME_CODE_POINTS + 1)));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals("lobby", fixture.roomOf("alice"));
        }

        @Test
        void acceptsARoomNameOfThirtyTwoCharacters() {
            String longest = "房".repeat(Limits.MAX_NAME_CODE_POINTS);

            alice.ask(new RoomRequest.JoinRoom(longest));

            fixture.assertEvents(ALICE, new YouAreIn(longest, 1));
        }

        @Test
        void refusesAFullRoomAtTheMaxRoomMembersLimit() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 2, 20)));
            lobbyAndGames();

            alice.ask(new RoomRequest.JoinRoom("games"));

            fixture.assertEvents(ALICE, failed(Failure.ROOM_FULL, 2, "games"));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals("lobby", fixture.roomOf("alice"));
        }

        @Test
        void refusesANewRoomAtTheMaxRoomsLimitButNotAnExistingOne() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 20, 2)));
            lobbyAndGames();

            alice.ask(new RoomRequest.JoinRoom("chess"));
            alice.ask(new RoomRequest.JoinRoom("games"));

            fixture.assertEvents(ALICE, failed(Failure.TOO_MANY_ROOMS, 2, "chess"), new YouAreIn("games", 3));
        }

        @Test
        void aMemberAloneInItsRoomMayMoveToANewRoomAtTheMaxRoomsLimit() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(20, 20, 2)));
            lobbyAndGames();
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            NativeMember dave = fixture.joinNative(DAVE, "dave", "chess"); // lobby and chess: at the limit

            dave.ask(new RoomRequest.JoinRoom("darts")); // chess goes as darts comes: still two rooms

            fixture.assertEvents(DAVE, new YouAreIn("darts", 1));
            assertEquals(
                    List.of(new RoomInfo("lobby", 4), new RoomInfo("darts", 1)),
                    fixture.relay().rooms());
        }

        @Test
        void anEmptiedRoomOtherThanTheLobbyDisappears() {
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            fixture.forget();

            alice.ask(new RoomRequest.ListRooms());

            fixture.assertEvents(ALICE, new RoomList(1, List.of(new RoomCount("lobby", 4))));
            assertEquals(List.of(new RoomInfo("lobby", 4)), fixture.relay().rooms());
        }

        @Test
        void aRoomDisappearsWhenItsLastMemberQuits() {
            NativeMember dave = fixture.joinNative(DAVE, "dave", "chess");

            dave.quit();

            assertEquals(
                    List.of(new RoomInfo("lobby", 2), new RoomInfo("games", 2)),
                    fixture.relay().rooms());
        }

        @Test
        void aRoomMadeAgainAfterItDisappearedTakesTheNewSpelling() {
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            fixture.forget();

            alice.ask(new RoomRequest.JoinRoom("GAMES"));

            fixture.assertEvents(ALICE, new YouAreIn("GAMES", 1));
        }

        @Test
        void theLobbyNeverDisappears() {
            fixture.receive(CAROL, "Q carol");
            alice.ask(new RoomRequest.JoinRoom("games"));
            fixture.forget();

            alice.ask(new RoomRequest.ListRooms());

            fixture.assertEvents(ALICE, new RoomList(2, List.of(new RoomCount("games", 3), new RoomCount("lobby", 0))));
            assertEquals(
                    List.of(new RoomInfo("lobby", 0), new RoomInfo("games", 3)),
                    fixture.relay().rooms());
            fixture.forget();

            alice.ask(new RoomRequest.JoinRoom("lobby"));

            fixture.assertEvents(ALICE, new YouAreIn("lobby", 1));
        }
    }

    @Nested
    class Listing {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void listsRoomsBusiestFirstWithTheTotal() {
            fixture.joinNative(DAVE, "dave", "chess");
            fixture.receive(CAROL, "Q carol");
            fixture.forget();

            alice.ask(new RoomRequest.ListRooms());

            // games 2, then lobby 1 and chess 1 in the order they were made
            fixture.assertEvents(
                    ALICE,
                    new RoomList(
                            3,
                            List.of(new RoomCount("games", 2), new RoomCount("lobby", 1), new RoomCount("chess", 1))));
            fixture.assertNothingSentTo(BOB, ERIN, DAVE);
        }

        @Test
        void whoWithoutARoomListsTheAskersRoom() {
            alice.ask(new RoomRequest.Who(""));
            bob.ask(new RoomRequest.Who(""));

            fixture.assertEvents(ALICE, new MemberList("lobby", 2, List.of("alice", "carol")));
            fixture.assertEvents(BOB, new MemberList("games", 2, List.of("bob", "erin")));
            fixture.assertNothingSentTo(CAROL, ERIN);
        }

        @Test
        void whoListsAnotherRoomByAnySpelling() {
            alice.ask(new RoomRequest.Who("GAMES"));

            fixture.assertEvents(ALICE, new MemberList("games", 2, List.of("bob", "erin")));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void whoRefusesARoomThatDoesNotExist() {
            alice.ask(new RoomRequest.Who("chess"));

            fixture.assertEvents(ALICE, failed(Failure.NO_SUCH_ROOM, 0, "chess"));
        }

        @Test
        void whoRefusesABadRoomName() {
            alice.ask(new RoomRequest.Who("a\u0007b"));

            fixture.assertEvents(ALICE, failed(Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, "a\u0007b"));
        }
    }

    @Nested
    class LongListings {

        @BeforeEach
        void roomyRelay() {
            fixture.restart(CONFIG.withLimits(new RoomLimits(100, 100, 100)));
            alice = fixture.joinNative(ALICE, "alice");
        }

        @Test
        void whoListsTheFirstNamesThatFitOneEventAndTheTotal() {
            List<String> joined = new ArrayList<>(List.of("alice"));
            for (int i = 0; i < 40; i++) {
                String name = "名".repeat(30) + String.format("%02d", i); // 92 bytes
                fixture.joinClassic(address("198.51.100." + (i + 1), 6000), name);
                joined.add(name);
            }

            alice.ask(new RoomRequest.Who(""));

            MemberList list = assertInstanceOf(
                    MemberList.class, fixture.outbox().eventsTo(ALICE).get(0));
            assertEquals(41, list.total());
            // 11 bytes of room and total, 6 for alice, 93 for each other name: 12 of them fit 1144 bytes
            assertEquals(joined.subList(0, 13), list.names());
            assertTrue(fixture.outbox().to(ALICE).get(0).size() <= Limits.MAX_SEALED_DATAGRAM_BYTES);
        }

        @Test
        void roomsListsTheBusiestThatFitOneEventAndTheTotal() {
            List<RoomCount> made = new ArrayList<>(List.of(new RoomCount("lobby", 1)));
            for (int i = 0; i < 40; i++) {
                String room = "房".repeat(30) + String.format("%02d", i); // 92 bytes
                fixture.joinNative(address("198.51.100." + (i + 1), 6000), "m" + i, room);
                made.add(new RoomCount(room, 1));
            }

            alice.ask(new RoomRequest.ListRooms());

            RoomList list = assertInstanceOf(
                    RoomList.class, fixture.outbox().eventsTo(ALICE).get(0));
            assertEquals(41, list.total());
            // 5 bytes of total, 10 for the lobby, 97 for each other room: 11 of them fit 1144 bytes (the plain
            // datagram's 1164 less its header), so that sealed it fits 1200
            assertEquals(made.subList(0, 12), list.rooms());
            assertTrue(fixture.outbox().to(ALICE).get(0).size() <= Limits.MAX_SEALED_DATAGRAM_BYTES);
        }
    }

    @Nested
    class PrivateMessages {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void reachesANativeMemberInAnotherRoomAlone() {
            alice.ask(new RoomRequest.PrivateMessage("bob", "psst"));

            fixture.assertEvents(BOB, new RoomEvent.PrivateFrom("alice", "psst"));
            fixture.assertEvents(ALICE, new RoomEvent.PrivateTo("bob", "psst"));
            fixture.assertNothingSentTo(CAROL, ERIN);
        }

        @Test
        void findsTheRecipientByNameKeyAndAnswersWithItsSpelling() {
            alice.ask(new RoomRequest.PrivateMessage("BOB", "psst"));

            fixture.assertEvents(BOB, new RoomEvent.PrivateFrom("alice", "psst"));
            fixture.assertEvents(ALICE, new RoomEvent.PrivateTo("bob", "psst"));
        }

        @Test
        void reachesAClassicMemberAsAPrivateLine() {
            bob.ask(new RoomRequest.PrivateMessage("carol", "你好"));

            fixture.assertLines(CAROL, "bob (私聊) : 你好");
            fixture.assertEvents(BOB, new RoomEvent.PrivateTo("carol", "你好"));
            fixture.assertNothingSentTo(ALICE, ERIN);
        }

        @Test
        void theLongestPrivateTextStillFitsAClassicLine() {
            String longest = "x".repeat(ChatText.maxPrivateBytes("alice"));

            alice.ask(new RoomRequest.PrivateMessage("carol", longest));

            fixture.assertLines(CAROL, "alice (私聊) : " + longest);
            fixture.assertEvents(ALICE, new RoomEvent.PrivateTo("carol", longest));
        }

        @Test
        void refusesAnUnknownName() {
            alice.ask(new RoomRequest.PrivateMessage("nobody", "hello?"));

            fixture.assertEvents(ALICE, failed(Failure.NO_SUCH_MEMBER, 0, "nobody"));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void refusesATextOneByteTooLongForAPrivateMessage() {
            alice.ask(new RoomRequest.PrivateMessage("bob", "x".repeat(ChatText.maxPrivateBytes("alice") + 1)));

            fixture.assertEvents(ALICE, new RoomEvent.NotRelayed(ChatText.Problem.TOO_LONG));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void refusesABlankPrivateMessageOrAction() {
            alice.ask(new RoomRequest.PrivateMessage("bob", "   "));
            alice.ask(new RoomRequest.Action("\u3000"));

            fixture.assertEvents(
                    ALICE,
                    new RoomEvent.NotRelayed(ChatText.Problem.EMPTY),
                    new RoomEvent.NotRelayed(ChatText.Problem.EMPTY));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }
    }

    @Nested
    class Actions {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void anActionReachesTheRoomAndClassicMembersAsAStarLine() {
            alice.ask(new RoomRequest.Action("waves"));

            fixture.assertEvents(ALICE, new Acted("alice", "waves"));
            fixture.assertLines(CAROL, "* alice waves");
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void anActionInAnotherRoomStaysThere() {
            bob.ask(new RoomRequest.Action("cheers"));

            fixture.assertEvents(BOB, new Acted("bob", "cheers"));
            fixture.assertEvents(ERIN, new Acted("bob", "cheers"));
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void refusesAnActionBreakingATextRule() {
            alice.ask(new RoomRequest.Action("a\u001B[2J"));

            fixture.assertEvents(ALICE, new RoomEvent.NotRelayed(ChatText.Problem.INVISIBLE_OR_CONTROL));
            fixture.assertNothingSentTo(CAROL);
        }
    }

    @Nested
    class Nicknames {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void theRoomIsToldTheNewName() {
            alice.ask(new RoomRequest.Nick("alicia"));

            fixture.assertEvents(ALICE, new RoomEvent.Renamed("alice", "alicia"));
            fixture.assertLines(CAROL, "alice 改名为 alicia");
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void refusesANameTakenInAnyRoomAndAnySpelling() {
            alice.ask(new RoomRequest.Nick("ERIN"));
            alice.ask(new RoomRequest.Nick("carol"));

            fixture.assertEvents(ALICE, failed(Failure.NAME_TAKEN, 0, "ERIN"), failed(Failure.NAME_TAKEN, 0, "carol"));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals(List.of("alice", "carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void refusesTheReservedNameAndBadNames() {
            alice.ask(new RoomRequest.Nick("管理员"));
            alice.ask(new RoomRequest.Nick("管理員"));
            alice.ask(new RoomRequest.Nick("a b"));

            fixture.assertEvents(
                    ALICE,
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "管理员"),
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "管理員"),
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "a b"));
            fixture.assertNothingSentTo(CAROL);
        }

        @Test
        void allowsAChangeOfCaseOnly() {
            alice.ask(new RoomRequest.Nick("Alice"));

            fixture.assertEvents(ALICE, new RoomEvent.Renamed("alice", "Alice"));
            fixture.assertLines(CAROL, "alice 改名为 Alice");
            assertEquals(List.of("Alice", "carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void aClientThatMissedItsOwnNewNameResumesByItsTokenUnderTheNewName() {
            alice.ask(new RoomRequest.Nick("alicia"));
            fixture.forget();

            // It lost touch before the RENAMED event arrived, and rejoins from a new port under the old name.
            RelayFixture.NativeMember back = fixture.rejoinNative(ALICE_SECOND, "alice", "", alice);

            Welcome welcome = assertInstanceOf(
                    Welcome.class, fixture.outbox().packetsTo(ALICE_SECOND).get(0));
            assertEquals("alicia", welcome.name());
            assertEquals("lobby", welcome.room());
            assertNotEquals(alice.token(), back.token(), "a resumed session goes on under its new handshake's token");
            assertEquals(List.of("alicia", "carol", "bob", "erin"), fixture.memberNames());
            fixture.assertNothingSentTo(CAROL, BOB, ERIN);
        }

        @Test
        void aMutedMemberCannotTellTheRoomANewName() {
            fixture.relay().onMute("alice", Term.UNTIL_LIFTED);
            fixture.forget();

            alice.ask(new RoomRequest.Nick("alicia"));

            fixture.assertEvents(ALICE, failed(Failure.MUTED, 0, ""));
            fixture.assertNothingSentTo(CAROL);
            assertEquals(List.of("alice", "carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void theListShowsTheNewNameAndTheOldNameIsFree() {
            alice.ask(new RoomRequest.Nick("alicia"));
            fixture.forget();

            assertEquals(List.of("alicia", "carol", "bob", "erin"), fixture.memberNames());
            fixture.joinNative(DAVE, "alice");
            assertEquals("lobby", fixture.roomOf("alice"));
            assertEquals(Set.of("alice", "alicia", "carol", "bob", "erin"), Set.copyOf(fixture.memberNames()));
        }

        @Test
        void theNewNameReceivesPrivateMessagesAndTheOldOneDoesNot() {
            alice.ask(new RoomRequest.Nick("alicia"));
            fixture.forget();

            bob.ask(new RoomRequest.PrivateMessage("alice", "x"));
            bob.ask(new RoomRequest.PrivateMessage("alicia", "y"));

            fixture.assertEvents(
                    BOB, failed(Failure.NO_SUCH_MEMBER, 0, "alice"), new RoomEvent.PrivateTo("alicia", "y"));
            fixture.assertEvents(ALICE, new RoomEvent.PrivateFrom("bob", "y"));
        }

        @Test
        void chatAfterANickIsSaidUnderTheNewName() {
            alice.ask(new RoomRequest.Nick("alicia"));
            fixture.forget();

            alice.chat("it is me");

            fixture.assertLines(CAROL, "alicia : it is me");
        }
    }

    @Nested
    class Operator {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void saysToOneRoomOnly() {
            assertEquals(OperatorOutcome.DONE, fixture.relay().onSay("GAMES", "tournament at 8"));

            fixture.assertEvents(BOB, new RoomEvent.AnnouncedToRoom("games", "tournament at 8"));
            fixture.assertEvents(ERIN, new RoomEvent.AnnouncedToRoom("games", "tournament at 8"));
            fixture.assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void saysToTheLobbyInClassicLinesToo() {
            assertEquals(OperatorOutcome.DONE, fixture.relay().onSay("lobby", "hello lobby"));

            fixture.assertEvents(ALICE, new RoomEvent.AnnouncedToRoom("lobby", "hello lobby"));
            fixture.assertLines(CAROL, "【房间 lobby 通知】管理员 : hello lobby"); // not an announcement's line
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void refusesToSayToARoomThatDoesNotExist() {
            assertEquals(OperatorOutcome.NO_SUCH_ROOM, fixture.relay().onSay("chess", "anyone?"));

            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void refusesToSayATooLongText() {
            assertEquals(
                    OperatorOutcome.TEXT_TOO_LONG,
                    fixture.relay().onSay("games", "x".repeat(ChatText.maxBytes("管理员") + 1)));

            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void refusesToSayATextWhoseClassicNoticeLineWouldNotFit() {
            // fits as an announcement ("管理员 : text"), not behind the room notice's marker and room name
            String text = "x".repeat(ChatText.maxBytes("管理员"));

            assertEquals(OperatorOutcome.TEXT_TOO_LONG, fixture.relay().onSay("lobby", text));
            assertEquals(List.of(), fixture.outbox().all());
            String fits = "x".repeat(ChatText.maxBytes("管理员") - "【房间 lobby 通知】".getBytes(UTF_8).length);
            assertEquals(OperatorOutcome.DONE, fixture.relay().onSay("lobby", fits));
        }

        @Test
        void announcesToEveryRoomAsAnAnnouncementStill() {
            assertEquals(Optional.empty(), fixture.relay().onAnnouncement("tea"));

            fixture.assertEvents(ALICE, new Announced("tea"));
            fixture.assertEvents(BOB, new Announced("tea"));
            fixture.assertLines(CAROL, "管理员 : tea");
        }

        @Test
        void refusesToSayAnInvisibleText() {
            assertEquals(OperatorOutcome.TEXT_INVISIBLE, fixture.relay().onSay("games", "a\u202Eb"));

            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void refusesToAnnounceATooLongText() {
            assertEquals(
                    Optional.of(ChatText.Problem.TOO_LONG),
                    fixture.relay().onAnnouncement("x".repeat(ChatText.maxBytes("管理员") + 1)));

            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void announcesToEveryRoom() {
            assertEquals(Optional.empty(), fixture.relay().onAnnouncement("server restarts soon"));

            fixture.assertEvents(ALICE, new Announced("server restarts soon"));
            fixture.assertEvents(BOB, new Announced("server restarts soon"));
            fixture.assertEvents(ERIN, new Announced("server restarts soon"));
            fixture.assertLines(CAROL, "管理员 : server restarts soon");
        }

        @Test
        void listsMembersWithTheirRooms() {
            assertEquals(
                    List.of("alice@lobby", "carol@lobby", "bob@games", "erin@games"),
                    fixture.relay().members().stream()
                            .map(m -> m.name() + "@" + m.room())
                            .collect(Collectors.toList()));
        }
    }

    @Nested
    class Bans {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void banByNameRemovesTheMemberAndTellsItsRoom() {
            BanResult result = fixture.relay().onBan("ALICE", Term.ofMinutes(5));

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.1"), List.of("alice")), result);
            fixture.assertEvents(ALICE, new RoomEvent.YouWereBanned(5)); // the client words it, in its language
            fixture.assertLines(CAROL, "alice 被管理员移出了聊天室");
            fixture.assertNothingSentTo(BOB, ERIN);
            assertEquals(List.of("carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void refusesEveryJoinFromABannedAddressWithTheMinutesLeft() {
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.forget();

            assertEquals(new Refused(RefusalReason.BANNED, 5), fixture.login(ALICE, "alice", ""));
            assertEquals(new Refused(RefusalReason.BANNED, 5), fixture.login(ALICE_SECOND, "alice2", "games"));
            fixture.receive(address("192.0.2.1", 5099), "L frank");

            fixture.assertLines(address("192.0.2.1", 5099), "您已被禁止进入，还剩 5 分钟");
            assertEquals(List.of("carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void removesEveryMemberAtTheAddressAndNoOther() {
            fixture.joinClassic(ALICE_SECOND, "frank");

            BanResult result = fixture.relay().onBan("frank", Term.UNTIL_LIFTED);

            assertEquals(List.of("alice", "frank"), result.removed());
            fixture.assertEvents(ALICE, new RoomEvent.YouWereBanned(0));
            fixture.assertLines(ALICE_SECOND, "alice 被管理员移出了聊天室", "管理员 : 您已被移出聊天室：已被封禁", "EXIT");
            fixture.assertLines(CAROL, "alice 被管理员移出了聊天室", "frank 被管理员移出了聊天室");
            assertEquals(List.of("carol", "bob", "erin"), fixture.memberNames());
        }

        @Test
        void membersAtOtherAddressesCarryOn() {
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.forget();

            bob.chat("still here");
            fixture.receive(CAROL, "C carol me too");
            fixture.joinNative(DAVE, "dave");

            assertEquals(List.of("carol", "bob", "erin", "dave"), fixture.memberNames());
        }

        @Test
        void bansAClassicMembersAddress() {
            BanResult result = fixture.relay().onBanAddress(ip("192.0.2.3"), Term.ofMinutes(10));

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.3"), List.of("carol")), result);
            fixture.assertLines(CAROL, "管理员 : 您已被移出聊天室：已被封禁 10 分钟", "EXIT");
            fixture.assertEvents(ALICE, new RoomEvent.Banned("carol", 10));
            fixture.forget();

            fixture.receive(CAROL, "L carol");
            fixture.assertLines(CAROL, "您已被禁止进入，还剩 10 分钟");
        }

        @Test
        void bansAnAddressWithNoMemberAtIt() {
            BanResult result = fixture.relay().onBanAddress(ip("192.0.2.4"), Term.UNTIL_LIFTED);

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.4"), List.of()), result);
            assertEquals(List.of(), fixture.outbox().all());
            assertEquals(new Refused(RefusalReason.BANNED, 0), fixture.login(DAVE, "dave", ""));
            fixture.receive(address("192.0.2.4", 6000), "L dave");
            fixture.assertLines(address("192.0.2.4", 6000), "您已被禁止进入本服务器");
        }

        @Test
        void refusesToBanAnUnknownName() {
            assertEquals(
                    BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER),
                    fixture.relay().onBan("nobody", Term.ofMinutes(5)));
            assertEquals(List.of(), fixture.relay().restrictions().bans());
        }

        @Test
        void anUnbannedAddressMayJoinAgain() {
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.relay().onBan("carol", Term.UNTIL_LIFTED);
            fixture.forget();

            assertEquals(OperatorOutcome.DONE, fixture.relay().onUnban(ip("192.0.2.1")));
            assertEquals(OperatorOutcome.DONE, fixture.relay().onUnban(ip("192.0.2.3")));

            fixture.joinNative(ALICE, "alice");
            fixture.joinClassic(CAROL, "carol");
            assertEquals(List.of("bob", "erin", "alice", "carol"), fixture.memberNames());
        }

        @Test
        void unbanOfAnAddressNotBannedSaysSo() {
            assertEquals(OperatorOutcome.NOT_BANNED, fixture.relay().onUnban(ip("192.0.2.2")));
        }

        @Test
        void aBanExpiresWithoutAnUnban() {
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.forget();

            fixture.clock().advance(Duration.ofMinutes(4).plusSeconds(30));
            assertEquals(new Refused(RefusalReason.BANNED, 1), fixture.login(ALICE, "alice", ""), "minutes round up");
            fixture.clock().advance(Duration.ofSeconds(30).minusMillis(1));
            assertEquals(new Refused(RefusalReason.BANNED, 1), fixture.login(ALICE, "alice", ""));

            fixture.clock().advanceMillis(1);
            fixture.joinNative(ALICE, "alice");
            assertEquals(OperatorOutcome.NOT_BANNED, fixture.relay().onUnban(ip("192.0.2.1")));
        }

        @Test
        void aClassicBanExpiresWithoutAnUnban() {
            fixture.relay().onBan("carol", Term.ofMinutes(2));
            fixture.forget();

            fixture.clock().advance(Duration.ofSeconds(61));
            fixture.receive(CAROL, "L carol");
            fixture.assertLines(CAROL, "您已被禁止进入，还剩 1 分钟");
            fixture.forget();

            fixture.clock().advance(Duration.ofSeconds(59));
            fixture.joinClassic(CAROL, "carol");
        }

        @Test
        void aBanWithoutMinutesLastsUntilLifted() {
            fixture.relay().onBan("alice", Term.UNTIL_LIFTED);
            fixture.relay().onBan("carol", Term.UNTIL_LIFTED);
            fixture.forget();

            fixture.clock().advance(Duration.ofDays(365));

            assertEquals(new Refused(RefusalReason.BANNED, 0), fixture.login(ALICE, "alice", ""));
            fixture.receive(CAROL, "L carol");
            fixture.assertLines(CAROL, "您已被禁止进入本服务器");
        }

        @Test
        void aSessionCannotMoveOntoABannedAddress() {
            fixture.relay().onBan("alice", Term.UNTIL_LIFTED);
            fixture.forget();
            InetSocketAddress bannedPort = address("192.0.2.1", 7000);

            // bob's session speaks from the banned address, and answers the path challenge if it gets one
            fixture.receive(bannedPort, new NativeClientPacket.Ping(bob.token(), 0));
            List<org.udpchat.codec.Packet> challenges = fixture.outbox().packetsTo(bannedPort);
            if (!challenges.isEmpty()) {
                long nonce = assertInstanceOf(NativeServerPacket.PathChallenge.class, challenges.get(0))
                        .nonce();
                fixture.receive(bannedPort, new NativeClientPacket.PathResponse(bob.token(), nonce));
            }

            assertFalse(
                    fixture.relay().members().stream()
                            .anyMatch(m -> m.address().getAddress().equals(ip("192.0.2.1"))),
                    "a member at a banned address: " + fixture.relay().members());
        }

        @Test
        void aBanByAnIpv4MappedLiteralIsTheIpv4Ban() {
            BanResult result = fixture.relay().onBanAddress(ip("::ffff:192.0.2.2"), Term.ofMinutes(5));

            assertEquals(List.of("bob"), result.removed());
            assertEquals(new Refused(RefusalReason.BANNED, 5), fixture.login(BOB, "bob", ""));
        }
    }

    @Nested
    class Mutes {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void tellsANativeMemberItIsMutedAndUnmuted() {
            assertEquals(OperatorOutcome.DONE, fixture.relay().onMute("alice", Term.ofMinutes(5)));
            assertEquals(OperatorOutcome.DONE, fixture.relay().onUnmute("alice"));

            fixture.assertEvents(ALICE, new RoomEvent.Muted(5), new RoomEvent.Unmuted());
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void tellsAClassicMemberItIsMutedAndUnmuted() {
            fixture.relay().onMute("carol", Term.ofMinutes(5));
            fixture.relay().onUnmute("carol");
            fixture.relay().onMute("carol", Term.UNTIL_LIFTED);

            fixture.assertLines(CAROL, "管理员 : 您已被管理员禁言 5 分钟", "管理员 : 您的禁言已解除", "管理员 : 您已被管理员禁言，直到解除");
            fixture.assertNothingSentTo(ALICE, BOB, ERIN);
        }

        @Test
        void aMutedNativeChatIsRefusedWithTheSecondsLeftAndGoesNowhere() {
            fixture.relay().onMute("bob", Term.ofMinutes(5));
            fixture.forget();
            fixture.clock().advance(Duration.ofSeconds(1));

            bob.chat("can you hear me");

            fixture.assertEvents(BOB, failed(Failure.MUTED, 299, ""));
            fixture.assertNothingSentTo(ALICE, CAROL, ERIN);
        }

        @Test
        void aMuteWithoutMinutesIsRefusedWithZeroSeconds() {
            fixture.relay().onMute("bob", Term.UNTIL_LIFTED);
            fixture.forget();
            fixture.clock().advance(Duration.ofDays(30));

            bob.chat("still muted?");

            fixture.assertEvents(BOB, failed(Failure.MUTED, 0, ""));
            fixture.assertNothingSentTo(ERIN);
        }

        @Test
        void aMutedClassicChatIsAnsweredWithALineAndGoesNowhere() {
            fixture.relay().onMute("carol", Term.ofMinutes(5));
            fixture.forget();

            fixture.receive(CAROL, "C carol can you hear me");

            fixture.assertLines(CAROL, "您已被禁言，还剩 5 分钟，消息未发送");
            fixture.assertNothingSentTo(ALICE, BOB, ERIN);
        }

        @Test
        void aMutedMemberCanNeitherActNorWritePrivately() {
            fixture.relay().onMute("alice", Term.UNTIL_LIFTED);
            fixture.forget();

            alice.ask(new RoomRequest.Action("shouts"));
            alice.ask(new RoomRequest.PrivateMessage("bob", "psst"));
            alice.ask(new RoomRequest.PrivateMessage("carol", "psst"));

            fixture.assertEvents(
                    ALICE, failed(Failure.MUTED, 0, ""), failed(Failure.MUTED, 0, ""), failed(Failure.MUTED, 0, ""));
            fixture.assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void anUnmutedMemberSpeaksAgain() {
            fixture.relay().onMute("alice", Term.UNTIL_LIFTED);
            fixture.relay().onUnmute("alice");
            fixture.forget();

            alice.chat("back");

            fixture.assertLines(CAROL, "alice : back");
        }

        @Test
        void aMuteExpires() {
            fixture.relay().onMute("alice", Term.ofMinutes(1));
            fixture.relay().onMute("carol", Term.ofMinutes(1));
            fixture.forget();

            fixture.clock().advance(Duration.ofSeconds(60).minusMillis(1));
            alice.chat("too early");
            fixture.assertEvents(ALICE, failed(Failure.MUTED, 1, ""));
            fixture.receive(CAROL, "C carol too early");
            fixture.assertLines(CAROL, "您已被禁言，还剩 1 分钟，消息未发送");
            fixture.forget();

            fixture.clock().advanceMillis(1);
            alice.chat("free");
            fixture.receive(CAROL, "C carol free too");

            fixture.assertEvents(ALICE, new Said("alice", "free"), new Said("carol", "free too"));
            fixture.assertLines(CAROL, "alice : free", "carol : free too");
            assertEquals(OperatorOutcome.NOT_MUTED, fixture.relay().onUnmute("alice"));
        }

        @Test
        void aMutedMemberWhoComesBackUnderALookalikeNameIsStillMuted() {
            fixture.relay().onMute("carol", Term.ofMinutes(5));
            fixture.relay().onMute("alice", Term.ofMinutes(5));
            fixture.receive(CAROL, "Q carol");
            alice.quit();
            fixture.forget();
            fixture.joinClassic(CAROL, "ＣＡＲＯＬ"); // full-width
            RelayFixture.NativeMember imposter = fixture.joinNative(ALICE_SECOND, "a.lice");
            fixture.forget();

            fixture.receive(CAROL, "C ＣＡＲＯＬ it is not me");
            imposter.chat("nor me");

            fixture.assertLines(CAROL, "您已被禁言，还剩 5 分钟，消息未发送");
            fixture.assertEvents(ALICE_SECOND, failed(Failure.MUTED, 300, ""));
            fixture.assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void unmuteOfAMemberNotMutedSaysSo() {
            assertEquals(OperatorOutcome.NOT_MUTED, fixture.relay().onUnmute("bob"));
            assertEquals(List.of(), fixture.outbox().all());
        }

        @Test
        void refusesToMuteAnUnknownName() {
            assertEquals(OperatorOutcome.NO_SUCH_MEMBER, fixture.relay().onMute("nobody", Term.ofMinutes(5)));
            assertEquals(List.of(), fixture.relay().restrictions().mutes());
        }
    }

    @Nested
    class ListedRestrictions {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void listsBansAndMutesInForceWithTheTimeLeftAndWhenTheyWereImposed() {
            Optional<Instant> imposed = Optional.of(fixture.clock().instant());
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.relay().onBanAddress(ip("198.51.100.7"), Term.UNTIL_LIFTED);
            fixture.relay().onMute("bob", Term.ofMinutes(10));
            fixture.relay().onMute("carol", Term.UNTIL_LIFTED);

            fixture.clock().advance(Duration.ofMinutes(1));

            Restrictions restrictions = fixture.relay().restrictions();
            assertEquals(
                    Set.of(
                            new Restriction("192.0.2.1", Term.ofMinutes(4), imposed),
                            new Restriction("198.51.100.7", Term.UNTIL_LIFTED, imposed)),
                    Set.copyOf(restrictions.bans()));
            assertEquals(
                    Set.of(
                            new Restriction("bob", Term.ofMinutes(9), imposed),
                            new Restriction("carol", Term.UNTIL_LIFTED, imposed)),
                    Set.copyOf(restrictions.mutes()));
            assertEquals(2, restrictions.bans().size());
            assertEquals(2, restrictions.mutes().size());
        }

        @Test
        void forgetsWhatExpiredOrWasLifted() {
            Optional<Instant> imposed = Optional.of(fixture.clock().instant());
            fixture.relay().onBan("alice", Term.ofMinutes(5));
            fixture.relay().onBanAddress(ip("198.51.100.7"), Term.ofMinutes(10));
            fixture.relay().onMute("bob", Term.ofMinutes(5));
            fixture.relay().onMute("carol", Term.ofMinutes(10));
            fixture.relay().onUnmute("carol");

            fixture.clock().advance(Duration.ofMinutes(5));

            assertEquals(
                    new Restrictions(List.of(new Restriction("198.51.100.7", Term.ofMinutes(5), imposed)), List.of()),
                    fixture.relay().restrictions());
        }

        @Test
        void aMuteIsListedUnderTheMembersOwnSpelling() {
            fixture.relay().onMute("ALICE", Term.UNTIL_LIFTED);

            assertEquals(
                    List.of(new Restriction(
                            "alice",
                            Term.UNTIL_LIFTED,
                            Optional.of(fixture.clock().instant()))),
                    fixture.relay().restrictions().mutes());
        }
    }

    @Nested
    class Stats {

        @Test
        void countsMembersNativeMembersRoomsAndJoins() {
            lobbyAndGames();
            NativeMember dave = fixture.joinNative(DAVE, "dave", "chess");

            RelayStats stats = fixture.relay().stats();
            assertEquals(5, stats.members());
            assertEquals(4, stats.nativeMembers());
            assertEquals(3, stats.rooms());
            assertEquals(5, stats.joins());

            dave.quit();
            fixture.receive(CAROL, "Q carol");
            alice.ask(new RoomRequest.JoinRoom("games"));
            alice.ask(new RoomRequest.Nick("alicia"));

            stats = fixture.relay().stats();
            assertEquals(3, stats.members());
            assertEquals(3, stats.nativeMembers());
            assertEquals(2, stats.rooms(), "chess went with dave; the lobby stays though empty");
            assertEquals(5, stats.joins(), "moves and nicks are not joins");
        }

        @Test
        void countsEveryDatagramAndByteInAndOut() {
            lobbyAndGames();
            alice.chat("hello");
            bob.ask(new RoomRequest.PrivateMessage("carol", "hi"));
            fixture.receive(CAROL, "C carol hi back");
            fixture.forget();

            RelayStats stats = fixture.relay().stats();
            RelayFixture.Traffic seen = fixture.traffic();
            assertEquals(seen.datagramsIn(), stats.datagramsIn());
            assertEquals(seen.bytesIn(), stats.bytesIn());
            assertEquals(seen.datagramsOut(), stats.datagramsOut());
            assertEquals(seen.bytesOut(), stats.bytesOut());
            assertTrue(stats.datagramsIn() > 0 && stats.bytesIn() > stats.datagramsIn(), stats.toString());
            assertTrue(stats.datagramsOut() > 0 && stats.bytesOut() > stats.datagramsOut(), stats.toString());
        }

        @Test
        void countsAnEventResentAfterItsTimeout() {
            alice = fixture.joinNative(ALICE, "alice");
            fixture.joinNative(BOB, "bob"); // alice's event 1, never acknowledged
            assertEquals(0, fixture.relay().stats().retransmissions());

            for (int i = 0; i < 9; i++) {
                fixture.tick(100);
            }
            assertEquals(0, fixture.relay().stats().retransmissions(), "not yet due");

            fixture.tick(100);

            fixture.assertEvents(ALICE, new Joined("bob"));
            assertEquals(1, fixture.relay().stats().retransmissions());
        }
    }
}
