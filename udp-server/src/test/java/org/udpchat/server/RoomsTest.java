package org.udpchat.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.udpchat.codec.NativeClientPacket.Chat;
import org.udpchat.codec.NativeClientPacket.Hello;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeClientPacket.Quit;
import org.udpchat.codec.NativeCodec;
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

/**
 * Rooms, requests, bans and mutes, driven through {@link Relay} with a fake clock and a recording outbox:
 * no socket, no real time. Native and classic members share one relay; each member has an IP address of
 * its own, since bans are by address. Native datagrams are decoded as a client decodes them, classic ones
 * read as lines. Most tests start from {@link #lobbyAndGames}: alice (native) and carol (classic) in the
 * lobby, bob and erin (both native) in {@code games}.
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

    private final FakeClock clock = new FakeClock();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private Relay relay = relay(ROOMY);

    /** Everything sent to and by the relay, what {@link #forget} cleared included: the stats must match. */
    private long datagramsForgotten;

    private long bytesForgotten;
    private long datagramsReceived;
    private long bytesReceived;

    /** The native members of {@link #lobbyAndGames}, when a test starts from it. */
    private NativeMember alice;

    private NativeMember bob;
    private NativeMember erin;

    private Relay relay(RoomLimits limits) {
        return new Relay(
                Texts.of(Locale.CHINESE), limits, clock, outbox, SESSION_TIMEOUT, Duration.ZERO, new SecureRandom());
    }

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

    /** A native member as the test drives it: where it is, its token, and its next message number. */
    private final class NativeMember {
        private final InetSocketAddress address;
        private final long token;
        private long nextSeq = 1;

        NativeMember(InetSocketAddress address, long token) {
            this.address = address;
            this.token = token;
        }

        void chat(String text) {
            send(address, new Chat(token, nextSeq++, 0, text));
        }

        void ask(RoomRequest request) {
            send(address, new NativeClientPacket.Request(token, nextSeq++, 0, request));
        }

        void quit() {
            send(address, new Quit(token, nextSeq++, 0));
        }
    }

    // --- sending -----------------------------------------------------------------------------------

    private void send(InetSocketAddress from, NativeClientPacket packet) {
        receive(from, NativeCodec.encode(packet));
    }

    private void receive(InetSocketAddress from, byte[] datagram) {
        datagramsReceived++;
        bytesReceived += datagram.length;
        relay.onDatagram(from, ByteBuffer.wrap(datagram));
    }

    private void receiveClassic(InetSocketAddress from, String datagram) {
        receive(from, datagram.getBytes(UTF_8));
    }

    /** Sends a native login for {@code name} to {@code room} ("" for the default) and returns the answer. */
    private NativeServerPacket login(InetSocketAddress from, String name, String room) {
        send(from, new Hello(NativeCodec.HELLO_BYTES));
        NativeServerPacket.Challenge challenge =
                assertInstanceOf(NativeServerPacket.Challenge.class, outbox.last(from));
        send(from, new Login(challenge.cookie(), 0, name, room));
        return outbox.last(from);
    }

    /** {@code name} joins natively from {@code from} into {@code room}; what that sent is forgotten. */
    private NativeMember joinNative(InetSocketAddress from, String name, String room) {
        Welcome welcome = assertInstanceOf(Welcome.class, login(from, name, room), "join of " + name);
        assertEquals(name, welcome.name());
        forget();
        return new NativeMember(from, welcome.token());
    }

    private NativeMember joinNative(InetSocketAddress from, String name) {
        return joinNative(from, name, "");
    }

    /** {@code name} joins in classic text from {@code from}; what that sent is forgotten. */
    private void joinClassic(InetSocketAddress from, String name) {
        receiveClassic(from, "L " + name);
        assertEquals(List.of("OK"), outbox.textsTo(from), "join of " + name);
        forget();
    }

    /** Alice (native) and carol (classic) in the lobby; bob and erin (native) in games. */
    private void lobbyAndGames() {
        alice = joinNative(ALICE, "alice");
        joinClassic(CAROL, "carol");
        bob = joinNative(BOB, "bob", "games");
        erin = joinNative(ERIN, "erin", "games");
    }

    /** Clears the outbox, so that a test sees only what its own step sent. */
    private void forget() {
        for (RecordingOutbox.Datagram datagram : outbox.all()) {
            datagramsForgotten++;
            bytesForgotten += datagram.size();
        }
        outbox.clear();
    }

    // --- what was sent -----------------------------------------------------------------------------

    private void assertEvents(InetSocketAddress to, RoomEvent... expected) {
        assertEquals(List.of(expected), outbox.eventsTo(to), "events to " + to);
    }

    private void assertLines(InetSocketAddress to, String... expected) {
        assertEquals(List.of(expected), outbox.textsTo(to), "classic datagrams to " + to);
    }

    private void assertNothingSentTo(InetSocketAddress... addresses) {
        for (InetSocketAddress address : addresses) {
            assertEquals(List.of(), outbox.to(address), "datagrams to " + address);
        }
    }

    private String roomOf(String name) {
        return relay.members().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not a member"))
                .room();
    }

    private List<String> memberNames() {
        return relay.members().stream().map(MemberInfo::name).collect(Collectors.toList());
    }

    private static Failed failed(Failure failure, long limit, String subject) {
        return new Failed(failure, limit, subject);
    }

    // --- the tests ---------------------------------------------------------------------------------

    @Nested
    class StartingRoom {

        @Test
        void everyoneStartsInTheLobby() {
            Welcome welcome = assertInstanceOf(Welcome.class, login(ALICE, "alice", ""));
            assertEquals("lobby", welcome.room());
            joinClassic(CAROL, "carol");

            assertEquals("lobby", roomOf("alice"));
            assertEquals("lobby", roomOf("carol"));
            assertEquals(List.of(new RoomInfo("lobby", 2)), relay.rooms());
        }

        @Test
        void aNativeLoginWithARoomStartsThereAndOnlyThatRoomHears() {
            alice = joinNative(ALICE, "alice");
            joinClassic(CAROL, "carol");

            Welcome welcome = assertInstanceOf(Welcome.class, login(BOB, "bob", "games"));

            assertEquals("games", welcome.room());
            assertEquals("games", roomOf("bob"));
            assertNothingSentTo(ALICE, CAROL);
            assertEquals(List.of(new RoomInfo("lobby", 2), new RoomInfo("games", 1)), relay.rooms());
        }

        @Test
        void aLoginToARoomSpelledInAnotherCaseJoinsThatRoom() {
            bob = joinNative(BOB, "bob", "games");

            Welcome welcome = assertInstanceOf(Welcome.class, login(ERIN, "erin", "GAMES"));

            assertEquals("games", welcome.room());
            assertEvents(BOB, new Joined("erin"));
            assertEquals(List.of(new RoomInfo("lobby", 0), new RoomInfo("games", 2)), relay.rooms());
        }

        @Test
        void classicMembersLiveInTheLobby() {
            alice = joinNative(ALICE, "alice");
            bob = joinNative(BOB, "bob", "games");

            receiveClassic(CAROL, "L carol");

            assertLines(CAROL, "OK");
            assertEquals("lobby", roomOf("carol"));
            assertEvents(ALICE, new Joined("carol"));
            assertNothingSentTo(BOB);
        }

        @Test
        void refusesALoginToABadRoomName() {
            assertEquals(
                    new Refused(RefusalReason.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS),
                    login(ALICE, "alice", "a b"));
            assertEquals(List.of(), relay.members());
        }

        @Test
        void refusesALoginToAFullRoom() {
            relay = relay(new RoomLimits(20, 1, 20));
            bob = joinNative(BOB, "bob", "games");

            assertEquals(new Refused(RefusalReason.ROOM_FULL, 1), login(ERIN, "erin", "games"));
            assertNothingSentTo(BOB);
        }

        @Test
        void refusesALoginToANewRoomAtTheRoomLimit() {
            relay = relay(new RoomLimits(20, 20, 2));
            bob = joinNative(BOB, "bob", "games");

            assertEquals(new Refused(RefusalReason.TOO_MANY_ROOMS, 2), login(ERIN, "erin", "chess"));
            assertInstanceOf(Welcome.class, login(DAVE, "dave", "games"), "an existing room is not a new one");
        }

        @Test
        void refusesAClassicLoginWhenTheLobbyIsFull() {
            relay = relay(new RoomLimits(20, 1, 20));
            alice = joinNative(ALICE, "alice");

            receiveClassic(CAROL, "L carol");

            assertLines(CAROL, "聊天室已满（1 人），请稍后再来");
            assertEquals(List.of("alice"), memberNames());
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

            assertEvents(ALICE, new Said("alice", "hi lobby"));
            assertLines(CAROL, "alice : hi lobby");
            assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void aClassicChatReachesTheLobbyOnly() {
            receiveClassic(CAROL, "C carol hi all");

            assertEvents(ALICE, new Said("carol", "hi all"));
            assertLines(CAROL, "carol : hi all");
            assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void aChatInAnotherRoomNeverReachesTheLobby() {
            bob.chat("gg");

            assertEvents(BOB, new Said("bob", "gg"));
            assertEvents(ERIN, new Said("bob", "gg"));
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void aJoinOrAQuitInOneRoomIsNotHeardInAnother() {
            assertInstanceOf(Welcome.class, login(DAVE, "dave", "games"));
            erin.quit();

            assertEvents(BOB, new Joined("dave"), new Left("erin"));
            assertNothingSentTo(ALICE, CAROL);
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
            NativeMember dave = joinNative(DAVE, "dave");

            dave.ask(new RoomRequest.JoinRoom("games"));

            assertEvents(ALICE, new Left("dave"));
            assertLines(CAROL, "dave 退出了聊天室");
            assertEvents(BOB, new Joined("dave"));
            assertEvents(ERIN, new Joined("dave"));
            assertEvents(DAVE, new YouAreIn("games", 3));
            assertEquals("games", roomOf("dave"));
        }

        @Test
        void afterAMoveChatGoesToTheNewRoomOnly() {
            alice.ask(new RoomRequest.JoinRoom("games"));
            forget();

            alice.chat("hello games");

            assertEvents(BOB, new Said("alice", "hello games"));
            assertEvents(ERIN, new Said("alice", "hello games"));
            assertNothingSentTo(CAROL);
        }

        @Test
        void makesARoomThatDoesNotExist() {
            alice.ask(new RoomRequest.JoinRoom("Chess"));

            assertEvents(ALICE, new YouAreIn("Chess", 1));
            assertLines(CAROL, "alice 退出了聊天室");
            assertNothingSentTo(BOB, ERIN);
            assertEquals(
                    List.of(new RoomInfo("lobby", 1), new RoomInfo("games", 2), new RoomInfo("Chess", 1)),
                    relay.rooms());
        }

        @Test
        void roomNamesAreCaseInsensitive() {
            alice.ask(new RoomRequest.JoinRoom("GAMES"));

            assertEvents(ALICE, new YouAreIn("games", 3));
            assertEquals("games", roomOf("alice"));
            assertEquals(List.of(new RoomInfo("lobby", 1), new RoomInfo("games", 3)), relay.rooms());
        }

        @Test
        void refusesTheRoomItIsInAlready() {
            alice.ask(new RoomRequest.JoinRoom("LOBBY"));

            assertEvents(ALICE, failed(Failure.ALREADY_IN_ROOM, 0, "lobby"));
            assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void refusesABadRoomName() {
            alice.ask(new RoomRequest.JoinRoom("a b"));
            alice.ask(new RoomRequest.JoinRoom("r".repeat(Limits.MAX_NAME_CODE_POINTS + 1)));

            assertEvents(
                    ALICE,
                    failed(Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, "a b"),
                    failed(
                            Failure.BAD_ROOM_NAME,
                            Limits.MAX_NAME_CODE_POINTS,
                            "r".repeat(Limits.MAX_NAME_CODE_POINTS + 1)));
            assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals("lobby", roomOf("alice"));
        }

        @Test
        void acceptsARoomNameOfThirtyTwoCharacters() {
            String longest = "房".repeat(Limits.MAX_NAME_CODE_POINTS);

            alice.ask(new RoomRequest.JoinRoom(longest));

            assertEvents(ALICE, new YouAreIn(longest, 1));
        }

        @Test
        void refusesAFullRoomAtTheMaxRoomMembersLimit() {
            relay = relay(new RoomLimits(20, 2, 20));
            lobbyAndGames();

            alice.ask(new RoomRequest.JoinRoom("games"));

            assertEvents(ALICE, failed(Failure.ROOM_FULL, 2, "games"));
            assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals("lobby", roomOf("alice"));
        }

        @Test
        void refusesANewRoomAtTheMaxRoomsLimitButNotAnExistingOne() {
            relay = relay(new RoomLimits(20, 20, 2));
            lobbyAndGames();

            alice.ask(new RoomRequest.JoinRoom("chess"));
            alice.ask(new RoomRequest.JoinRoom("games"));

            assertEvents(ALICE, failed(Failure.TOO_MANY_ROOMS, 2, "chess"), new YouAreIn("games", 3));
        }

        @Test
        void aMemberAloneInItsRoomMayMoveToANewRoomAtTheMaxRoomsLimit() {
            relay = relay(new RoomLimits(20, 20, 2));
            lobbyAndGames();
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            NativeMember dave = joinNative(DAVE, "dave", "chess"); // lobby and chess: at the limit

            dave.ask(new RoomRequest.JoinRoom("darts")); // chess goes as darts comes: still two rooms

            assertEvents(DAVE, new YouAreIn("darts", 1));
            assertEquals(List.of(new RoomInfo("lobby", 4), new RoomInfo("darts", 1)), relay.rooms());
        }

        @Test
        void anEmptiedRoomOtherThanTheLobbyDisappears() {
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            forget();

            alice.ask(new RoomRequest.ListRooms());

            assertEvents(ALICE, new RoomList(1, List.of(new RoomCount("lobby", 4))));
            assertEquals(List.of(new RoomInfo("lobby", 4)), relay.rooms());
        }

        @Test
        void aRoomDisappearsWhenItsLastMemberQuits() {
            NativeMember dave = joinNative(DAVE, "dave", "chess");

            dave.quit();

            assertEquals(List.of(new RoomInfo("lobby", 2), new RoomInfo("games", 2)), relay.rooms());
        }

        @Test
        void aRoomMadeAgainAfterItDisappearedTakesTheNewSpelling() {
            bob.ask(new RoomRequest.JoinRoom("lobby"));
            erin.ask(new RoomRequest.JoinRoom("lobby"));
            forget();

            alice.ask(new RoomRequest.JoinRoom("GAMES"));

            assertEvents(ALICE, new YouAreIn("GAMES", 1));
        }

        @Test
        void theLobbyNeverDisappears() {
            receiveClassic(CAROL, "Q carol");
            alice.ask(new RoomRequest.JoinRoom("games"));
            forget();

            alice.ask(new RoomRequest.ListRooms());

            assertEvents(ALICE, new RoomList(2, List.of(new RoomCount("games", 3), new RoomCount("lobby", 0))));
            assertEquals(List.of(new RoomInfo("lobby", 0), new RoomInfo("games", 3)), relay.rooms());
            forget();

            alice.ask(new RoomRequest.JoinRoom("lobby"));

            assertEvents(ALICE, new YouAreIn("lobby", 1));
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
            joinNative(DAVE, "dave", "chess");
            receiveClassic(CAROL, "Q carol");
            forget();

            alice.ask(new RoomRequest.ListRooms());

            // games 2, then lobby 1 and chess 1 in the order they were made
            assertEvents(
                    ALICE,
                    new RoomList(
                            3,
                            List.of(new RoomCount("games", 2), new RoomCount("lobby", 1), new RoomCount("chess", 1))));
            assertNothingSentTo(BOB, ERIN, DAVE);
        }

        @Test
        void whoWithoutARoomListsTheAskersRoom() {
            alice.ask(new RoomRequest.Who(""));
            bob.ask(new RoomRequest.Who(""));

            assertEvents(ALICE, new MemberList("lobby", 2, List.of("alice", "carol")));
            assertEvents(BOB, new MemberList("games", 2, List.of("bob", "erin")));
            assertNothingSentTo(CAROL, ERIN);
        }

        @Test
        void whoListsAnotherRoomByAnySpelling() {
            alice.ask(new RoomRequest.Who("GAMES"));

            assertEvents(ALICE, new MemberList("games", 2, List.of("bob", "erin")));
            assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void whoRefusesARoomThatDoesNotExist() {
            alice.ask(new RoomRequest.Who("chess"));

            assertEvents(ALICE, failed(Failure.NO_SUCH_ROOM, 0, "chess"));
        }

        @Test
        void whoRefusesABadRoomName() {
            alice.ask(new RoomRequest.Who("a\u0007b"));

            assertEvents(ALICE, failed(Failure.BAD_ROOM_NAME, Limits.MAX_NAME_CODE_POINTS, "a\u0007b"));
        }
    }

    @Nested
    class LongListings {

        @BeforeEach
        void roomyRelay() {
            relay = relay(new RoomLimits(100, 100, 100));
            alice = joinNative(ALICE, "alice");
        }

        @Test
        void whoListsTheFirstNamesThatFitOneEventAndTheTotal() {
            List<String> joined = new ArrayList<>(List.of("alice"));
            for (int i = 0; i < 40; i++) {
                String name = "名".repeat(30) + String.format("%02d", i); // 92 bytes
                joinClassic(address("198.51.100." + (i + 1), 6000), name);
                joined.add(name);
            }

            alice.ask(new RoomRequest.Who(""));

            MemberList list =
                    assertInstanceOf(MemberList.class, outbox.eventsTo(ALICE).get(0));
            assertEquals(41, list.total());
            // 11 bytes of room and total, 6 for alice, 93 for each other name: 12 of them fit 1180 bytes
            assertEquals(joined.subList(0, 13), list.names());
            assertTrue(outbox.to(ALICE).get(0).size() <= Limits.MAX_NATIVE_DATAGRAM_BYTES);
        }

        @Test
        void roomsListsTheBusiestThatFitOneEventAndTheTotal() {
            List<RoomCount> made = new ArrayList<>(List.of(new RoomCount("lobby", 1)));
            for (int i = 0; i < 40; i++) {
                String room = "房".repeat(30) + String.format("%02d", i); // 92 bytes
                joinNative(address("198.51.100." + (i + 1), 6000), "m" + i, room);
                made.add(new RoomCount(room, 1));
            }

            alice.ask(new RoomRequest.ListRooms());

            RoomList list =
                    assertInstanceOf(RoomList.class, outbox.eventsTo(ALICE).get(0));
            assertEquals(41, list.total());
            // 5 bytes of total, 10 for the lobby, 97 for each other room: 12 of them fit 1180 bytes
            assertEquals(made.subList(0, 13), list.rooms());
            assertTrue(outbox.to(ALICE).get(0).size() <= Limits.MAX_NATIVE_DATAGRAM_BYTES);
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

            assertEvents(BOB, new RoomEvent.PrivateFrom("alice", "psst"));
            assertEvents(ALICE, new RoomEvent.PrivateTo("bob", "psst"));
            assertNothingSentTo(CAROL, ERIN);
        }

        @Test
        void findsTheRecipientByNameKeyAndAnswersWithItsSpelling() {
            alice.ask(new RoomRequest.PrivateMessage("BOB", "psst"));

            assertEvents(BOB, new RoomEvent.PrivateFrom("alice", "psst"));
            assertEvents(ALICE, new RoomEvent.PrivateTo("bob", "psst"));
        }

        @Test
        void reachesAClassicMemberAsAPrivateLine() {
            bob.ask(new RoomRequest.PrivateMessage("carol", "你好"));

            assertLines(CAROL, "bob (私聊) : 你好");
            assertEvents(BOB, new RoomEvent.PrivateTo("carol", "你好"));
            assertNothingSentTo(ALICE, ERIN);
        }

        @Test
        void theLongestPrivateTextStillFitsAClassicLine() {
            String longest = "x".repeat(ChatText.maxPrivateBytes("alice"));

            alice.ask(new RoomRequest.PrivateMessage("carol", longest));

            assertLines(CAROL, "alice (私聊) : " + longest);
            assertEvents(ALICE, new RoomEvent.PrivateTo("carol", longest));
        }

        @Test
        void refusesAnUnknownName() {
            alice.ask(new RoomRequest.PrivateMessage("nobody", "hello?"));

            assertEvents(ALICE, failed(Failure.NO_SUCH_MEMBER, 0, "nobody"));
            assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void refusesATextOneByteTooLongForAPrivateMessage() {
            alice.ask(new RoomRequest.PrivateMessage("bob", "x".repeat(ChatText.maxPrivateBytes("alice") + 1)));

            assertEvents(ALICE, new RoomEvent.NotRelayed(ChatText.Problem.TOO_LONG));
            assertNothingSentTo(BOB, CAROL, ERIN);
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

            assertEvents(ALICE, new Acted("alice", "waves"));
            assertLines(CAROL, "* alice waves");
            assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void anActionInAnotherRoomStaysThere() {
            bob.ask(new RoomRequest.Action("cheers"));

            assertEvents(BOB, new Acted("bob", "cheers"));
            assertEvents(ERIN, new Acted("bob", "cheers"));
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void refusesAnActionBreakingATextRule() {
            alice.ask(new RoomRequest.Action("a\u001B[2J"));

            assertEvents(ALICE, new RoomEvent.NotRelayed(ChatText.Problem.INVISIBLE_OR_CONTROL));
            assertNothingSentTo(CAROL);
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

            assertEvents(ALICE, new RoomEvent.Renamed("alice", "alicia"));
            assertLines(CAROL, "alice 改名为 alicia");
            assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void refusesANameTakenInAnyRoomAndAnySpelling() {
            alice.ask(new RoomRequest.Nick("ERIN"));
            alice.ask(new RoomRequest.Nick("carol"));

            assertEvents(ALICE, failed(Failure.NAME_TAKEN, 0, "ERIN"), failed(Failure.NAME_TAKEN, 0, "carol"));
            assertNothingSentTo(BOB, CAROL, ERIN);
            assertEquals(List.of("alice", "carol", "bob", "erin"), memberNames());
        }

        @Test
        void refusesTheReservedNameAndBadNames() {
            alice.ask(new RoomRequest.Nick("管理员"));
            alice.ask(new RoomRequest.Nick("管理員"));
            alice.ask(new RoomRequest.Nick("a b"));

            assertEvents(
                    ALICE,
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "管理员"),
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "管理員"),
                    failed(Failure.BAD_NAME, Limits.MAX_NAME_CODE_POINTS, "a b"));
            assertNothingSentTo(CAROL);
        }

        @Test
        void allowsAChangeOfCaseOnly() {
            alice.ask(new RoomRequest.Nick("Alice"));

            assertEvents(ALICE, new RoomEvent.Renamed("alice", "Alice"));
            assertLines(CAROL, "alice 改名为 Alice");
            assertTrue(memberNames().contains("Alice"), memberNames().toString());
        }

        @Test
        void aClientThatMissedItsOwnNewNameResumesByItsTokenUnderTheNewName() {
            alice.ask(new RoomRequest.Nick("alicia"));
            forget();

            // It lost touch before the RENAMED event arrived, and rejoins from a new port under the old name.
            send(ALICE_SECOND, new Hello(NativeCodec.HELLO_BYTES));
            NativeServerPacket.Challenge challenge =
                    assertInstanceOf(NativeServerPacket.Challenge.class, outbox.last(ALICE_SECOND));
            send(ALICE_SECOND, new Login(challenge.cookie(), alice.token, "alice", ""));

            assertEquals(new Welcome(alice.token, "alicia", "lobby"), outbox.last(ALICE_SECOND));
            assertEquals(List.of("alicia", "carol", "bob", "erin"), memberNames());
            assertNothingSentTo(CAROL, BOB, ERIN);
        }

        @Test
        void aMutedMemberCannotTellTheRoomANewName() {
            relay.onMute("alice", Term.UNTIL_LIFTED);
            forget();

            alice.ask(new RoomRequest.Nick("alicia"));

            assertEvents(ALICE, failed(Failure.MUTED, 0, ""));
            assertNothingSentTo(CAROL);
            assertTrue(memberNames().contains("alice"), memberNames().toString());
        }

        @Test
        void theListShowsTheNewNameAndTheOldNameIsFree() {
            alice.ask(new RoomRequest.Nick("alicia"));
            forget();

            assertTrue(memberNames().contains("alicia"), memberNames().toString());
            assertFalse(memberNames().contains("alice"), memberNames().toString());
            joinNative(DAVE, "alice");
            assertEquals("lobby", roomOf("alice"));
            assertEquals(Set.of("alice", "alicia", "carol", "bob", "erin"), Set.copyOf(memberNames()));
        }

        @Test
        void theNewNameReceivesPrivateMessagesAndTheOldOneDoesNot() {
            alice.ask(new RoomRequest.Nick("alicia"));
            forget();

            bob.ask(new RoomRequest.PrivateMessage("alice", "x"));
            bob.ask(new RoomRequest.PrivateMessage("alicia", "y"));

            assertEvents(BOB, failed(Failure.NO_SUCH_MEMBER, 0, "alice"), new RoomEvent.PrivateTo("alicia", "y"));
            assertEvents(ALICE, new RoomEvent.PrivateFrom("bob", "y"));
        }

        @Test
        void chatAfterANickIsSaidUnderTheNewName() {
            alice.ask(new RoomRequest.Nick("alicia"));
            forget();

            alice.chat("it is me");

            assertLines(CAROL, "alicia : it is me");
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
            assertEquals(OperatorOutcome.DONE, relay.onSay("GAMES", "tournament at 8"));

            assertEvents(BOB, new Announced("tournament at 8"));
            assertEvents(ERIN, new Announced("tournament at 8"));
            assertNothingSentTo(ALICE, CAROL);
        }

        @Test
        void saysToTheLobbyInClassicLinesToo() {
            assertEquals(OperatorOutcome.DONE, relay.onSay("lobby", "hello lobby"));

            assertEvents(ALICE, new Announced("hello lobby"));
            assertLines(CAROL, "管理员 : hello lobby");
            assertNothingSentTo(BOB, ERIN);
        }

        @Test
        void refusesToSayToARoomThatDoesNotExist() {
            assertEquals(OperatorOutcome.NO_SUCH_ROOM, relay.onSay("chess", "anyone?"));

            assertEquals(List.of(), outbox.all());
        }

        @Test
        void refusesToSayATooLongText() {
            assertEquals(OperatorOutcome.TEXT_TOO_LONG, relay.onSay("games", "x".repeat(ChatText.maxBytes("管理员") + 1)));

            assertEquals(List.of(), outbox.all());
        }

        @Test
        void refusesToSayAnInvisibleText() {
            assertEquals(OperatorOutcome.TEXT_INVISIBLE, relay.onSay("games", "a\u202Eb"));

            assertEquals(List.of(), outbox.all());
        }

        @Test
        void refusesToAnnounceATooLongText() {
            assertEquals(
                    Optional.of(ChatText.Problem.TOO_LONG),
                    relay.onAnnouncement("x".repeat(ChatText.maxBytes("管理员") + 1)));

            assertEquals(List.of(), outbox.all());
        }

        @Test
        void announcesToEveryRoom() {
            assertEquals(Optional.empty(), relay.onAnnouncement("server restarts soon"));

            assertEvents(ALICE, new Announced("server restarts soon"));
            assertEvents(BOB, new Announced("server restarts soon"));
            assertEvents(ERIN, new Announced("server restarts soon"));
            assertLines(CAROL, "管理员 : server restarts soon");
        }

        @Test
        void listsMembersWithTheirRooms() {
            assertEquals(
                    List.of("alice@lobby", "carol@lobby", "bob@games", "erin@games"),
                    relay.members().stream().map(m -> m.name() + "@" + m.room()).collect(Collectors.toList()));
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
            BanResult result = relay.onBan("ALICE", Term.ofMinutes(5));

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.1"), List.of("alice")), result);
            assertEvents(ALICE, new RoomEvent.YouWereKicked("已被封禁 5 分钟"));
            assertLines(CAROL, "alice 被管理员移出了聊天室");
            assertNothingSentTo(BOB, ERIN);
            assertEquals(List.of("carol", "bob", "erin"), memberNames());
        }

        @Test
        void refusesEveryJoinFromABannedAddressWithTheMinutesLeft() {
            relay.onBan("alice", Term.ofMinutes(5));
            forget();

            assertEquals(new Refused(RefusalReason.BANNED, 5), login(ALICE, "alice", ""));
            assertEquals(new Refused(RefusalReason.BANNED, 5), login(ALICE_SECOND, "alice2", "games"));
            receiveClassic(address("192.0.2.1", 5099), "L frank");

            assertLines(address("192.0.2.1", 5099), "您已被禁止进入，还剩 5 分钟");
            assertEquals(List.of("carol", "bob", "erin"), memberNames());
        }

        @Test
        void removesEveryMemberAtTheAddressAndNoOther() {
            joinClassic(ALICE_SECOND, "frank");

            BanResult result = relay.onBan("frank", Term.UNTIL_LIFTED);

            assertEquals(List.of("alice", "frank"), result.removed());
            assertEvents(ALICE, new RoomEvent.YouWereKicked("已被封禁"));
            assertLines(ALICE_SECOND, "alice 被管理员移出了聊天室", "管理员 : 您已被移出聊天室：已被封禁", "EXIT");
            assertLines(CAROL, "alice 被管理员移出了聊天室", "frank 被管理员移出了聊天室");
            assertEquals(List.of("carol", "bob", "erin"), memberNames());
        }

        @Test
        void membersAtOtherAddressesCarryOn() {
            relay.onBan("alice", Term.ofMinutes(5));
            forget();

            bob.chat("still here");
            receiveClassic(CAROL, "C carol me too");
            joinNative(DAVE, "dave");

            assertEquals(List.of("carol", "bob", "erin", "dave"), memberNames());
        }

        @Test
        void bansAClassicMembersAddress() {
            BanResult result = relay.onBanAddress(ip("192.0.2.3"), Term.ofMinutes(10));

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.3"), List.of("carol")), result);
            assertLines(CAROL, "管理员 : 您已被移出聊天室：已被封禁 10 分钟", "EXIT");
            assertEvents(ALICE, new RoomEvent.Kicked("carol", "已被封禁 10 分钟"));
            forget();

            receiveClassic(CAROL, "L carol");
            assertLines(CAROL, "您已被禁止进入，还剩 10 分钟");
        }

        @Test
        void bansAnAddressWithNoMemberAtIt() {
            BanResult result = relay.onBanAddress(ip("192.0.2.4"), Term.UNTIL_LIFTED);

            assertEquals(new BanResult(OperatorOutcome.DONE, ip("192.0.2.4"), List.of()), result);
            assertEquals(List.of(), outbox.all());
            assertEquals(new Refused(RefusalReason.BANNED, 0), login(DAVE, "dave", ""));
            receiveClassic(address("192.0.2.4", 6000), "L dave");
            assertLines(address("192.0.2.4", 6000), "您已被禁止进入本服务器");
        }

        @Test
        void refusesToBanAnUnknownName() {
            assertEquals(BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER), relay.onBan("nobody", Term.ofMinutes(5)));
            assertEquals(List.of(), relay.restrictions().bans());
        }

        @Test
        void anUnbannedAddressMayJoinAgain() {
            relay.onBan("alice", Term.ofMinutes(5));
            relay.onBan("carol", Term.UNTIL_LIFTED);
            forget();

            assertEquals(OperatorOutcome.DONE, relay.onUnban(ip("192.0.2.1")));
            assertEquals(OperatorOutcome.DONE, relay.onUnban(ip("192.0.2.3")));

            joinNative(ALICE, "alice");
            joinClassic(CAROL, "carol");
            assertEquals(List.of("bob", "erin", "alice", "carol"), memberNames());
        }

        @Test
        void unbanOfAnAddressNotBannedSaysSo() {
            assertEquals(OperatorOutcome.NOT_BANNED, relay.onUnban(ip("192.0.2.2")));
        }

        @Test
        void aBanExpiresWithoutAnUnban() {
            relay.onBan("alice", Term.ofMinutes(5));
            forget();

            clock.advance(Duration.ofMinutes(4).plusSeconds(30));
            assertEquals(new Refused(RefusalReason.BANNED, 1), login(ALICE, "alice", ""), "minutes round up");
            clock.advance(Duration.ofSeconds(30).minusMillis(1));
            assertEquals(new Refused(RefusalReason.BANNED, 1), login(ALICE, "alice", ""));

            clock.advanceMillis(1);
            joinNative(ALICE, "alice");
            assertEquals(OperatorOutcome.NOT_BANNED, relay.onUnban(ip("192.0.2.1")));
        }

        @Test
        void aClassicBanExpiresWithoutAnUnban() {
            relay.onBan("carol", Term.ofMinutes(2));
            forget();

            clock.advance(Duration.ofSeconds(61));
            receiveClassic(CAROL, "L carol");
            assertLines(CAROL, "您已被禁止进入，还剩 1 分钟");
            forget();

            clock.advance(Duration.ofSeconds(59));
            joinClassic(CAROL, "carol");
        }

        @Test
        void aBanWithoutMinutesLastsUntilLifted() {
            relay.onBan("alice", Term.UNTIL_LIFTED);
            relay.onBan("carol", Term.UNTIL_LIFTED);
            forget();

            clock.advance(Duration.ofDays(365));

            assertEquals(new Refused(RefusalReason.BANNED, 0), login(ALICE, "alice", ""));
            receiveClassic(CAROL, "L carol");
            assertLines(CAROL, "您已被禁止进入本服务器");
        }

        @Test
        void aSessionCannotMoveOntoABannedAddress() {
            relay.onBan("alice", Term.UNTIL_LIFTED);
            forget();
            InetSocketAddress bannedPort = address("192.0.2.1", 7000);

            // bob's session speaks from the banned address, and answers the path challenge if it gets one
            send(bannedPort, new NativeClientPacket.Ping(bob.token, 0));
            List<NativeServerPacket> challenges = outbox.packetsTo(bannedPort);
            if (!challenges.isEmpty()) {
                long nonce = assertInstanceOf(NativeServerPacket.PathChallenge.class, challenges.get(0))
                        .nonce();
                send(bannedPort, new NativeClientPacket.PathResponse(bob.token, nonce));
            }

            assertFalse(
                    relay.members().stream()
                            .anyMatch(m -> m.address().getAddress().equals(ip("192.0.2.1"))),
                    "a member at a banned address: " + relay.members());
        }

        @Test
        void aBanByAnIpv4MappedLiteralIsTheIpv4Ban() {
            BanResult result = relay.onBanAddress(ip("::ffff:192.0.2.2"), Term.ofMinutes(5));

            assertEquals(List.of("bob"), result.removed());
            assertEquals(new Refused(RefusalReason.BANNED, 5), login(BOB, "bob", ""));
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
            assertEquals(OperatorOutcome.DONE, relay.onMute("alice", Term.ofMinutes(5)));
            assertEquals(OperatorOutcome.DONE, relay.onUnmute("alice"));

            assertEvents(ALICE, new RoomEvent.Muted(5), new RoomEvent.Unmuted());
            assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void tellsAClassicMemberItIsMutedAndUnmuted() {
            relay.onMute("carol", Term.ofMinutes(5));
            relay.onUnmute("carol");
            relay.onMute("carol", Term.UNTIL_LIFTED);

            assertLines(CAROL, "管理员 : 您已被管理员禁言 5 分钟", "管理员 : 您的禁言已解除", "管理员 : 您已被管理员禁言，直到解除");
            assertNothingSentTo(ALICE, BOB, ERIN);
        }

        @Test
        void aMutedNativeChatIsRefusedWithTheSecondsLeftAndGoesNowhere() {
            relay.onMute("bob", Term.ofMinutes(5));
            forget();
            clock.advance(Duration.ofSeconds(1));

            bob.chat("can you hear me");

            assertEvents(BOB, failed(Failure.MUTED, 299, ""));
            assertNothingSentTo(ALICE, CAROL, ERIN);
        }

        @Test
        void aMuteWithoutMinutesIsRefusedWithZeroSeconds() {
            relay.onMute("bob", Term.UNTIL_LIFTED);
            forget();
            clock.advance(Duration.ofDays(30));

            bob.chat("still muted?");

            assertEvents(BOB, failed(Failure.MUTED, 0, ""));
            assertNothingSentTo(ERIN);
        }

        @Test
        void aMutedClassicChatIsAnsweredWithALineAndGoesNowhere() {
            relay.onMute("carol", Term.ofMinutes(5));
            forget();

            receiveClassic(CAROL, "C carol can you hear me");

            assertLines(CAROL, "您已被禁言，还剩 5 分钟，消息未发送");
            assertNothingSentTo(ALICE, BOB, ERIN);
        }

        @Test
        void aMutedMemberCanNeitherActNorWritePrivately() {
            relay.onMute("alice", Term.UNTIL_LIFTED);
            forget();

            alice.ask(new RoomRequest.Action("shouts"));
            alice.ask(new RoomRequest.PrivateMessage("bob", "psst"));
            alice.ask(new RoomRequest.PrivateMessage("carol", "psst"));

            assertEvents(
                    ALICE, failed(Failure.MUTED, 0, ""), failed(Failure.MUTED, 0, ""), failed(Failure.MUTED, 0, ""));
            assertNothingSentTo(BOB, CAROL, ERIN);
        }

        @Test
        void anUnmutedMemberSpeaksAgain() {
            relay.onMute("alice", Term.UNTIL_LIFTED);
            relay.onUnmute("alice");
            forget();

            alice.chat("back");

            assertLines(CAROL, "alice : back");
        }

        @Test
        void aMuteExpires() {
            relay.onMute("alice", Term.ofMinutes(1));
            relay.onMute("carol", Term.ofMinutes(1));
            forget();

            clock.advance(Duration.ofSeconds(60).minusMillis(1));
            alice.chat("too early");
            assertEvents(ALICE, failed(Failure.MUTED, 1, ""));
            receiveClassic(CAROL, "C carol too early");
            assertLines(CAROL, "您已被禁言，还剩 1 分钟，消息未发送");
            forget();

            clock.advanceMillis(1);
            alice.chat("free");
            receiveClassic(CAROL, "C carol free too");

            assertEvents(ALICE, new Said("alice", "free"), new Said("carol", "free too"));
            assertLines(CAROL, "alice : free", "carol : free too");
            assertEquals(OperatorOutcome.NOT_MUTED, relay.onUnmute("alice"));
        }

        @Test
        void unmuteOfAMemberNotMutedSaysSo() {
            assertEquals(OperatorOutcome.NOT_MUTED, relay.onUnmute("bob"));
            assertEquals(List.of(), outbox.all());
        }

        @Test
        void refusesToMuteAnUnknownName() {
            assertEquals(OperatorOutcome.NO_SUCH_MEMBER, relay.onMute("nobody", Term.ofMinutes(5)));
            assertEquals(List.of(), relay.restrictions().mutes());
        }
    }

    @Nested
    class ListedRestrictions {

        @BeforeEach
        void rooms() {
            lobbyAndGames();
        }

        @Test
        void listsBansAndMutesInForceWithTheTimeLeft() {
            relay.onBan("alice", Term.ofMinutes(5));
            relay.onBanAddress(ip("198.51.100.7"), Term.UNTIL_LIFTED);
            relay.onMute("bob", Term.ofMinutes(10));
            relay.onMute("carol", Term.UNTIL_LIFTED);

            clock.advance(Duration.ofMinutes(1));

            Restrictions restrictions = relay.restrictions();
            assertEquals(
                    Set.of(
                            new Restriction("192.0.2.1", Term.ofMinutes(4)),
                            new Restriction("198.51.100.7", Term.UNTIL_LIFTED)),
                    Set.copyOf(restrictions.bans()));
            assertEquals(
                    Set.of(new Restriction("bob", Term.ofMinutes(9)), new Restriction("carol", Term.UNTIL_LIFTED)),
                    Set.copyOf(restrictions.mutes()));
            assertEquals(2, restrictions.bans().size());
            assertEquals(2, restrictions.mutes().size());
        }

        @Test
        void forgetsWhatExpiredOrWasLifted() {
            relay.onBan("alice", Term.ofMinutes(5));
            relay.onBanAddress(ip("198.51.100.7"), Term.ofMinutes(10));
            relay.onMute("bob", Term.ofMinutes(5));
            relay.onMute("carol", Term.ofMinutes(10));
            relay.onUnmute("carol");

            clock.advance(Duration.ofMinutes(5));

            assertEquals(
                    new Restrictions(List.of(new Restriction("198.51.100.7", Term.ofMinutes(5))), List.of()),
                    relay.restrictions());
        }

        @Test
        void aMuteIsListedUnderTheMembersOwnSpelling() {
            relay.onMute("ALICE", Term.UNTIL_LIFTED);

            assertEquals(
                    List.of(new Restriction("alice", Term.UNTIL_LIFTED)),
                    relay.restrictions().mutes());
        }
    }

    @Nested
    class Stats {

        @Test
        void countsMembersNativeMembersRoomsAndJoins() {
            lobbyAndGames();
            NativeMember dave = joinNative(DAVE, "dave", "chess");

            RelayStats stats = relay.stats();
            assertEquals(5, stats.members());
            assertEquals(4, stats.nativeMembers());
            assertEquals(3, stats.rooms());
            assertEquals(5, stats.joins());

            dave.quit();
            receiveClassic(CAROL, "Q carol");
            alice.ask(new RoomRequest.JoinRoom("games"));
            alice.ask(new RoomRequest.Nick("alicia"));

            stats = relay.stats();
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
            receiveClassic(CAROL, "C carol hi back");
            forget();

            RelayStats stats = relay.stats();
            assertEquals(datagramsReceived, stats.datagramsIn());
            assertEquals(bytesReceived, stats.bytesIn());
            assertEquals(datagramsForgotten, stats.datagramsOut());
            assertEquals(bytesForgotten, stats.bytesOut());
            assertTrue(stats.datagramsIn() > 0 && stats.bytesIn() > stats.datagramsIn(), stats.toString());
            assertTrue(stats.datagramsOut() > 0 && stats.bytesOut() > stats.datagramsOut(), stats.toString());
        }

        @Test
        void countsAnEventResentAfterItsTimeout() {
            alice = joinNative(ALICE, "alice");
            joinNative(BOB, "bob"); // alice's event 1, never acknowledged
            assertEquals(0, relay.stats().retransmissions());

            for (int i = 0; i < 9; i++) {
                clock.advanceMillis(100);
                relay.onTick();
            }
            assertEquals(0, relay.stats().retransmissions(), "not yet due");

            clock.advanceMillis(100);
            relay.onTick();

            assertEvents(ALICE, new Joined("bob"));
            assertEquals(1, relay.stats().retransmissions());
        }
    }
}
