package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Failure;
import org.udpchat.codec.Names;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * Rooms, requests and the operator's moderation over real sockets on loopback: a real server, native
 * clients as raw {@link NativePeer}s and classic ones as {@link Peer}s at once. Classic members live in the
 * lobby; natives start where they ask and move with {@code /join}. The relay's clock is a
 * {@link SettableClock}, so bans and mutes of minutes run out when the test says.
 *
 * <p>"Nothing else arrived" is proven without waiting, as in {@link NativeServerIT}: a native peer's
 * {@link NativePeer#sync} pong, or a classic peer's own echoed chat, is the next datagram received.
 */
@Timeout(30)
class RoomsIT {

    /** Long enough that moving the clock on by a few minutes expires no session. */
    private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);

    /** Another loopback address: Linux routes all of 127/8 to itself, other systems may not. */
    private static final InetAddress NEIGHBOUR = ipv4(127, 0, 0, 2);

    @RegisterExtension
    final ServerUnderTest underTest = new ServerUnderTest(config(RoomLimits.DEFAULTS));

    private final SettableClock clock = underTest.clock();
    private ChatServer server = underTest.server();

    /** The members of {@link #lobbyAndGames}, when a test starts from it. */
    private NativePeer alice;

    private Peer carol;
    private NativePeer gina;

    private static ServerConfig config(RoomLimits limits) {
        return ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withLimits(limits)
                .withSessionTimeout(SESSION_TIMEOUT);
    }

    private void restartWith(RoomLimits limits) throws IOException {
        server = underTest.restart(config(limits));
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a wrong length
        }
    }

    /** Whether this machine lets a socket bind {@link #NEIGHBOUR}, and the server is on IPv4 loopback. */
    private boolean neighbourIsUsable() {
        if (!server.localAddress().getAddress().equals(ipv4(127, 0, 0, 1))) {
            return false;
        }
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(NEIGHBOUR, 0))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private NativePeer inLobby(String name) throws IOException {
        return underTest.nativePeer().join(name);
    }

    private NativePeer inRoom(String name, String room) throws IOException {
        return underTest.nativePeer().join(name, room);
    }

    private Peer classicInLobby(String name) throws IOException {
        return underTest.classicPeer().join(name);
    }

    /** The answer to a login as {@code name} into {@code room} from a fresh socket (with a fresh reply budget). */
    private NativeServerPacket loginFromNewSocket(String name, String room) throws IOException {
        NativePeer peer = underTest.nativePeer();
        return peer.login(peer.challenge(), 0, name, room);
    }

    /** The line a classic login as {@code name} from a fresh socket earns. */
    private String classicLoginFromNewSocket(String name) throws IOException {
        Peer peer = underTest.classicPeer();
        peer.send("L " + name);
        return peer.receive();
    }

    /** Alice (native) and carol (classic) in the lobby, gina (native) in games. */
    private void lobbyAndGames() throws IOException {
        ServerUnderTest.LobbyAndGames members = underTest.lobbyAndGames();
        alice = members.alice();
        carol = members.carol();
        gina = members.gina();
    }

    /** Each restriction's subject and what is left of it; when it was imposed is the server clock's. */
    private static Map<String, Term> termsOf(List<Restriction> restrictions) {
        Map<String, Term> terms = new LinkedHashMap<>();
        restrictions.forEach(restriction -> terms.put(restriction.subject(), restriction.remaining()));
        return terms;
    }

    private static String adminLine(String text) {
        return Names.ADMINISTRATOR + " : " + text;
    }

    // --- rooms -------------------------------------------------------------------------------------

    @Test
    void chatInOneRoomNeverReachesAnother() throws Exception {
        lobbyAndGames();
        NativePeer hank = inRoom("hank", "games");
        gina.expectEvents(new RoomEvent.Joined("hank")); // the lobby heard of neither

        alice.chat("hello lobby");
        alice.expectEvents(new RoomEvent.Said("alice", "hello lobby"));
        carol.expect("alice : hello lobby");
        carol.send("C carol 大家好");
        carol.expect("carol : 大家好");
        alice.expectEvents(new RoomEvent.Said("carol", "大家好"));

        gina.chat("hello games");
        gina.expectEvents(new RoomEvent.Said("gina", "hello games")); // nothing of the lobby's before it
        hank.expectEvents(new RoomEvent.Said("gina", "hello games"));
        alice.sync(); // nothing of the games room's
        carol.sync("carol"); // and no line from the games room before it
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
        gina.sync();
        hank.sync();
        assertEquals("games", underTest.member("gina").room());
        assertEquals("lobby", underTest.member("carol").room());
    }

    @Test
    void joiningAnotherRoomTellsTheRoomLeftAndTheRoomEntered() throws Exception {
        lobbyAndGames();
        NativePeer bob = inLobby("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        carol.expect("欢迎 bob 进入聊天室");

        bob.request(new RoomRequest.JoinRoom("Games")); // room names compare as names do
        bob.expectEvents(new RoomEvent.YouAreIn("games", 2));
        alice.expectEvents(new RoomEvent.Went("bob", "games")); // a move, told as one in both protocols
        carol.expect("bob 去了房间 games");
        gina.expectEvents(new RoomEvent.Came("bob", "lobby"));
        assertEquals("games", underTest.member("bob").room());

        bob.chat("hi gina");
        bob.expectEvents(new RoomEvent.Said("bob", "hi gina"));
        gina.expectEvents(new RoomEvent.Said("bob", "hi gina"));
        alice.sync();

        bob.request(new RoomRequest.JoinRoom("games"));
        bob.expectEvents(new RoomEvent.Failed(Failure.ALREADY_IN_ROOM, 0, "games"));

        bob.request(new RoomRequest.JoinRoom("lobby"));
        bob.expectEvents(new RoomEvent.YouAreIn("lobby", 3));
        gina.expectEvents(new RoomEvent.Went("bob", "lobby"));
        alice.expectEvents(new RoomEvent.Came("bob", "games"));
        carol.expect("bob 从房间 games 过来了");

        gina.request(new RoomRequest.JoinRoom("chess"));
        gina.expectEvents(new RoomEvent.YouAreIn("chess", 1));
        assertEquals(List.of(new RoomInfo("lobby", 3), new RoomInfo("chess", 1)), server.rooms(), "games went empty");
        alice.sync();
        bob.sync();
    }

    @Test
    void aNewNameIsToldToTheRoomAndTheOldOneIsFree() throws Exception {
        lobbyAndGames();

        alice.request(new RoomRequest.Nick("alicia"));
        alice.expectEvents(new RoomEvent.Renamed("alice", "alicia"));
        carol.expect("alice 改名为 alicia");
        gina.sync(); // another room: not told

        alice.chat("same me");
        alice.expectEvents(new RoomEvent.Said("alicia", "same me"));
        carol.expect("alicia : same me");

        alice.request(new RoomRequest.Nick("Carol"));
        alice.expectEvents(new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "Carol"));
        alice.request(new RoomRequest.Nick("gina")); // in another room, but names are server-wide
        alice.expectEvents(new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "gina"));
        assertEquals(Set.of("alicia", "carol", "gina"), Set.copyOf(underTest.names()));
        alice.request(new RoomRequest.Who(""));
        alice.expectEvents(new RoomEvent.MemberList("lobby", 2, List.of("alicia", "carol"))); // its place kept

        inLobby("alice");
        alice.expectEvents(new RoomEvent.Joined("alice"));
        carol.expect("欢迎 alice 进入聊天室");
    }

    /** {@link Relay#members} promises joining order, which {@code /list} shows; a new name is no new join. */
    @Test
    void aNewNameKeepsTheMembersPlaceInJoiningOrder() throws Exception {
        NativePeer alice = inLobby("alice");
        inLobby("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));

        alice.request(new RoomRequest.Nick("alicia"));
        alice.expectEvents(new RoomEvent.Renamed("alice", "alicia"));

        assertEquals(List.of("alicia", "bob"), underTest.names());
    }

    @Test
    void privateMessagesReachMembersInOtherRoomsAndOnlyThem() throws Exception {
        lobbyAndGames();

        gina.request(new RoomRequest.PrivateMessage("ALICE", "psst"));
        gina.expectEvents(new RoomEvent.PrivateTo("alice", "psst"));
        alice.expectEvents(new RoomEvent.PrivateFrom("gina", "psst"));

        gina.request(new RoomRequest.PrivateMessage("carol", "你好 carol"));
        gina.expectEvents(new RoomEvent.PrivateTo("carol", "你好 carol"));
        carol.expect("gina (私聊) : 你好 carol");

        gina.request(new RoomRequest.PrivateMessage("nobody", "hello?"));
        gina.expectEvents(new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "nobody"));

        alice.sync(); // nothing of the message to carol
        carol.sync("carol"); // nothing of the message to alice
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
        gina.sync();
    }

    @Test
    void roomsAndWhoAnswerTheAskerAlone() throws Exception {
        lobbyAndGames();

        gina.request(new RoomRequest.ListRooms());
        gina.expectEvents(new RoomEvent.RoomList(
                2, List.of(new RoomEvent.RoomCount("lobby", 2), new RoomEvent.RoomCount("games", 1))));
        gina.request(new RoomRequest.Who(""));
        gina.expectEvents(new RoomEvent.MemberList("games", 1, List.of("gina")));
        gina.request(new RoomRequest.Who("LOBBY"));
        gina.expectEvents(new RoomEvent.MemberList("lobby", 2, List.of("alice", "carol")));
        gina.request(new RoomRequest.Who("nowhere"));
        gina.expectEvents(new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "nowhere"));

        NativePeer hank = inRoom("hank", "games");
        inRoom("ivan", "games");
        hank.request(new RoomRequest.ListRooms());
        hank.expectEvents(
                new RoomEvent.Joined("ivan"),
                new RoomEvent.RoomList(
                        2, List.of(new RoomEvent.RoomCount("games", 3), new RoomEvent.RoomCount("lobby", 2))));
        alice.sync(); // none of it reached the lobby
    }

    // --- the operator ------------------------------------------------------------------------------

    @Test
    void kickRemovesNativeAndClassicMembersFromTheirRooms() throws Exception {
        lobbyAndGames();

        assertEquals(KickOutcome.KICKED, server.kick("gina", "spam"));
        gina.expectEvents(new RoomEvent.YouWereKicked("spam"));
        assertEquals(KickOutcome.KICKED, server.kick("carol", ""));
        carol.expect(adminLine("您已被移出聊天室"), "EXIT");
        alice.expectEvents(new RoomEvent.Kicked("carol", "")); // and nothing of gina's, in another room

        assertEquals(KickOutcome.NO_SUCH_MEMBER, server.kick("gina", ""));
        assertEquals(List.of("alice"), underTest.names());
        assertEquals(List.of(new RoomInfo("lobby", 1)), server.rooms());
        carol.send("C carol still here?");
        carol.expect("您不在聊天室中，请先登录");
        alice.sync();
    }

    @Test
    void banByNameRemovesEveryoneAtTheAddressAndRefusesItUntilLifted() throws Exception {
        NativePeer alice = inLobby("alice");
        NativePeer bob = inRoom("bob", "games");
        Peer carol = classicInLobby("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        InetAddress home = carol.address().getAddress(); // every peer here shares it

        BanResult result = server.ban("carol", Term.UNTIL_LIFTED);

        assertEquals(new BanResult(OperatorOutcome.DONE, home, List.of("alice", "bob", "carol")), result);
        alice.expectEvents(new RoomEvent.YouWereBanned(0));
        bob.expectEvents(new RoomEvent.YouWereBanned(0));
        carol.expect("alice 被管理员移出了聊天室", adminLine("您已被移出聊天室：已被封禁"), "EXIT");
        assertEquals(List.of(), underTest.names());
        Restrictions restrictions = server.restrictions();
        assertEquals(Map.of(home.getHostAddress(), Term.UNTIL_LIFTED), termsOf(restrictions.bans()));
        assertEquals(List.of(), restrictions.mutes());

        assertEquals(new NativeServerPacket.Refused(RefusalReason.BANNED, 0), loginFromNewSocket("dave", ""));
        assertEquals("您已被禁止进入本服务器", classicLoginFromNewSocket("erin"));
        assertEquals(BanResult.failed(OperatorOutcome.NO_SUCH_MEMBER), server.ban("carol", Term.UNTIL_LIFTED));

        assertEquals(OperatorOutcome.DONE, server.unban(home));
        assertEquals(OperatorOutcome.NOT_BANNED, server.unban(home));
        assertEquals(new Restrictions(List.of(), List.of()), server.restrictions());
        inLobby("dave");
        classicInLobby("erin");
        assertEquals(List.of("dave", "erin"), underTest.names());
    }

    @Test
    void banOfOneAddressLeavesMembersAtAnotherAlone() throws Exception {
        assumeTrue(neighbourIsUsable(), "this machine cannot bind " + NEIGHBOUR.getHostAddress());
        NativePeer alice = underTest.nativePeerAt(NEIGHBOUR).join("alice");
        NativePeer bob = inLobby("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        Peer carol = classicInLobby("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        bob.expectEvents(new RoomEvent.Joined("carol"));
        InetAddress home = carol.address().getAddress();

        BanResult result = server.ban("carol", Term.UNTIL_LIFTED);

        assertEquals(new BanResult(OperatorOutcome.DONE, home, List.of("bob", "carol")), result);
        bob.expectEvents(new RoomEvent.YouWereBanned(0));
        carol.expect("bob 被管理员移出了聊天室", adminLine("您已被移出聊天室：已被封禁"), "EXIT");
        alice.expectEvents(new RoomEvent.Banned("bob", 0), new RoomEvent.Banned("carol", 0));
        assertEquals(List.of("alice"), underTest.names());
        alice.chat("still here");
        alice.expectEvents(new RoomEvent.Said("alice", "still here"));

        assertEquals(new NativeServerPacket.Refused(RefusalReason.BANNED, 0), loginFromNewSocket("bob", ""));
        underTest.nativePeerAt(NEIGHBOUR).join("dave"); // the neighbour address is welcome still
        alice.expectEvents(new RoomEvent.Joined("dave"));
    }

    @Test
    void aBanForMinutesRunsOutWithTheClock() throws Exception {
        NativePeer bob = inLobby("bob");

        BanResult result = server.ban("bob", Term.ofMinutes(2));

        assertEquals(List.of("bob"), result.removed());
        bob.expectEvents(new RoomEvent.YouWereBanned(2));
        assertEquals(new NativeServerPacket.Refused(RefusalReason.BANNED, 2), loginFromNewSocket("bob", ""));
        assertEquals("您已被禁止进入，还剩 2 分钟", classicLoginFromNewSocket("carol"));

        clock.advance(Duration.ofMinutes(1));
        assertEquals(new NativeServerPacket.Refused(RefusalReason.BANNED, 1), loginFromNewSocket("bob", ""));
        Restriction ban = server.restrictions().bans().get(0);
        Duration left = ban.remaining().length();
        assertTrue(
                left.compareTo(Duration.ofSeconds(50)) > 0 && left.compareTo(Duration.ofMinutes(1)) <= 0,
                ban::toString);

        clock.advance(Duration.ofMinutes(1));
        NativePeer back = inLobby("bob");
        classicInLobby("carol");
        back.expectEvents(new RoomEvent.Joined("carol"));
        assertEquals(new Restrictions(List.of(), List.of()), server.restrictions());
        assertEquals(OperatorOutcome.NOT_BANNED, server.unban(bob.address().getAddress()));
    }

    @Test
    void muteSilencesChatActionsAndPrivateMessagesUntilUnmuted() throws Exception {
        NativePeer alice = inLobby("alice");
        NativePeer bob = inLobby("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        Peer carol = classicInLobby("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));
        bob.expectEvents(new RoomEvent.Joined("carol"));

        assertEquals(OperatorOutcome.DONE, server.mute("alice", Term.UNTIL_LIFTED));
        alice.expectEvents(new RoomEvent.Muted(0));
        alice.chat("can you hear me?");
        alice.expectEvents(new RoomEvent.Failed(Failure.MUTED, 0, ""));
        alice.request(new RoomRequest.Action("waves"));
        alice.expectEvents(new RoomEvent.Failed(Failure.MUTED, 0, ""));
        alice.request(new RoomRequest.PrivateMessage("bob", "psst"));
        alice.expectEvents(new RoomEvent.Failed(Failure.MUTED, 0, ""));
        bob.sync();
        carol.sync("carol"); // nothing alice said before it
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
        bob.expectEvents(new RoomEvent.Said("carol", "sync"));

        assertEquals(OperatorOutcome.DONE, server.mute("CAROL", Term.UNTIL_LIFTED));
        carol.expect(adminLine("您已被管理员禁言，直到解除"));
        carol.send("C carol hello?");
        carol.expect("您已被禁言，消息未发送");
        assertEquals(
                Map.of("alice", Term.UNTIL_LIFTED, "carol", Term.UNTIL_LIFTED),
                termsOf(server.restrictions().mutes()));

        alice.request(new RoomRequest.Nick("alicia")); // a new name would be a line to the room
        alice.expectEvents(new RoomEvent.Failed(Failure.MUTED, 0, ""));

        assertEquals(OperatorOutcome.DONE, server.unmute("ALICE"));
        alice.expectEvents(new RoomEvent.Unmuted());
        alice.chat("back");
        alice.expectEvents(new RoomEvent.Said("alice", "back"));
        bob.expectEvents(new RoomEvent.Said("alice", "back"));
        carol.expect("alice : back");
        assertEquals(OperatorOutcome.NOT_MUTED, server.unmute("alice"));

        assertEquals(OperatorOutcome.DONE, server.unmute("carol"));
        carol.expect(adminLine("您的禁言已解除"));
        carol.send("C carol me too");
        carol.expect("carol : me too");
        alice.expectEvents(new RoomEvent.Said("carol", "me too"));
        bob.expectEvents(new RoomEvent.Said("carol", "me too"));
        assertEquals(OperatorOutcome.NO_SUCH_MEMBER, server.mute("nobody", Term.UNTIL_LIFTED));
        assertEquals(List.of(), server.restrictions().mutes());
    }

    @Test
    void aMuteForMinutesRunsOutWithTheClock() throws Exception {
        NativePeer alice = inLobby("alice");
        Peer carol = classicInLobby("carol");
        alice.expectEvents(new RoomEvent.Joined("carol"));

        assertEquals(OperatorOutcome.DONE, server.mute("alice", Term.ofMinutes(2)));
        alice.expectEvents(new RoomEvent.Muted(2));
        alice.chat("hello?");
        RoomEvent.Failed failed = assertInstanceOf(RoomEvent.Failed.class, alice.nextEvent());
        assertEquals(Failure.MUTED, failed.failure());
        assertTrue(failed.limit() >= 110 && failed.limit() <= 120, "seconds left: " + failed.limit());
        assertEquals(OperatorOutcome.DONE, server.mute("carol", Term.ofMinutes(1)));
        carol.expect(adminLine("您已被管理员禁言 1 分钟"));
        carol.send("C carol hello?");
        carol.expect("您已被禁言，还剩 1 分钟，消息未发送");

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        carol.send("C carol free");
        carol.expect("carol : free");
        alice.expectEvents(new RoomEvent.Said("carol", "free"));
        alice.chat("and me?");
        failed = assertInstanceOf(RoomEvent.Failed.class, alice.nextEvent());
        assertEquals(Failure.MUTED, failed.failure());
        assertTrue(failed.limit() >= 50 && failed.limit() <= 59, "seconds left: " + failed.limit());

        clock.advance(Duration.ofMinutes(1));
        alice.chat("free too");
        alice.expectEvents(new RoomEvent.Said("alice", "free too"));
        carol.expect("alice : free too");
        assertEquals(new Restrictions(List.of(), List.of()), server.restrictions());
    }

    @Test
    void announcementsReachEveryRoomOrTheOneNamed() throws Exception {
        lobbyAndGames();

        assertEquals(Optional.empty(), server.announce("今晚十点维护"));
        alice.expectEvents(new RoomEvent.Announced("今晚十点维护"));
        carol.expect(adminLine("今晚十点维护"));
        gina.expectEvents(new RoomEvent.Announced("今晚十点维护"));

        assertEquals(OperatorOutcome.DONE, server.say("GAMES", "games only"));
        gina.expectEvents(new RoomEvent.AnnouncedToRoom("games", "games only"));
        assertEquals(OperatorOutcome.DONE, server.say("lobby", "lobby only"));
        alice.expectEvents(new RoomEvent.AnnouncedToRoom("lobby", "lobby only"));
        carol.expect("【房间 lobby 通知】" + adminLine("lobby only")); // not an announcement to every room

        assertEquals(OperatorOutcome.NO_SUCH_ROOM, server.say("nowhere", "anyone?"));
        assertEquals(OperatorOutcome.TEXT_INVISIBLE, server.say("games", "a\u0007b"));
        assertEquals(
                OperatorOutcome.TEXT_TOO_LONG,
                server.say("games", "x".repeat(ChatText.maxBytes(Names.ADMINISTRATOR) + 1)));
        gina.sync(); // neither the lobby's announcement nor the refused ones
        alice.sync();
        carol.sync("carol");
        alice.expectEvents(new RoomEvent.Said("carol", "sync"));
    }

    // --- limits and counters -----------------------------------------------------------------------

    @Test
    void aFullRoomRefusesLoginsAndJoinsAndTheRoomCountIsCapped() throws Exception {
        restartWith(new RoomLimits(10, 2, 3));
        NativePeer alice = inLobby("alice");
        NativePeer bob = inLobby("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        assertEquals("聊天室已满（2 人），请稍后再来", classicLoginFromNewSocket("carol"));
        assertEquals(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 2), loginFromNewSocket("dave", ""));

        NativePeer gina = inRoom("gina", "games");
        inRoom("hank", "games");
        gina.expectEvents(new RoomEvent.Joined("hank"));
        assertEquals(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 2), loginFromNewSocket("dave", "GAMES"));
        alice.request(new RoomRequest.JoinRoom("games"));
        alice.expectEvents(new RoomEvent.Failed(Failure.ROOM_FULL, 2, "games"));

        alice.request(new RoomRequest.JoinRoom("chess")); // the third room of three
        alice.expectEvents(new RoomEvent.YouAreIn("chess", 1));
        bob.expectEvents(new RoomEvent.Went("alice", "chess"));
        bob.request(new RoomRequest.JoinRoom("poker"));
        bob.expectEvents(new RoomEvent.Failed(Failure.TOO_MANY_ROOMS, 3, "poker"));
        assertEquals(
                new NativeServerPacket.Refused(RefusalReason.TOO_MANY_ROOMS, 3), loginFromNewSocket("dave", "poker"));
        assertEquals(3, server.rooms().size());

        inLobby("dave"); // the lobby has room again
        bob.expectEvents(new RoomEvent.Joined("dave"));
        gina.sync();
    }

    @Test
    void aFullServerRefusesLoginsInEveryRoom() throws Exception {
        restartWith(new RoomLimits(2, 5, 5));
        inLobby("alice");
        inRoom("gina", "games");
        assertEquals(new NativeServerPacket.Refused(RefusalReason.SERVER_FULL, 2), loginFromNewSocket("dave", "chess"));
        assertEquals("服务器已满（2 人），请稍后再来", classicLoginFromNewSocket("carol"));
    }

    @Test
    void statsCountMembersRoomsTrafficRetransmissionsAndDrops() throws Exception {
        RelayStats before = server.stats();
        assertEquals(
                List.of(0L, 0L, 0L, 1L),
                List.of(before.members(), before.nativeMembers(), before.joins(), before.rooms()));

        lobbyAndGames();
        alice.chat("hello");
        alice.expectEvents(new RoomEvent.Said("alice", "hello"));
        carol.expect("alice : hello");

        RelayStats after = server.stats();
        assertEquals(
                List.of(3L, 2L, 3L, 2L), List.of(after.members(), after.nativeMembers(), after.joins(), after.rooms()));
        // at least: 2 hellos, 2 logins, carol's login, alice's chat; 2 challenges, 2 welcomes, an OK, 3 events
        assertTrue(after.datagramsIn() >= before.datagramsIn() + 6, after::toString);
        assertTrue(after.datagramsOut() >= before.datagramsOut() + 8, after::toString);
        assertTrue(after.bytesIn() > before.bytesIn() && after.bytesOut() > before.bytesOut(), after::toString);

        // gina does not acknowledge her event: once the clock passes its timeout, it comes again
        gina.chat("anyone?");
        NativeServerPacket.Event first = gina.expect(NativeServerPacket.Event.class);
        clock.advance(Duration.ofSeconds(2));
        NativeServerPacket.Event again = gina.expect(NativeServerPacket.Event.class);
        assertEquals(first.seq(), again.seq());
        assertEquals(first.event(), again.event());
        underTest.awaitStats(stats -> stats.retransmissions() > after.retransmissions(), "the resend was counted");
        gina.expectEvents(new RoomEvent.Said("gina", "anyone?")); // taken and acknowledged now

        long malformed = after.dropped(DropReason.MALFORMED);
        carol.send(new byte[] {'Z', ' ', 'x'});
        alice.send(new byte[] {(byte) 0xFF, 0});
        underTest.awaitStats(
                stats -> stats.dropped(DropReason.MALFORMED) == malformed + 2, "two malformed datagrams dropped");

        carol.send("Q carol");
        carol.expect("EXIT");
        alice.expectEvents(new RoomEvent.Left("carol"));
        RelayStats last = server.stats();
        assertEquals(
                List.of(2L, 2L, 3L, 2L), List.of(last.members(), last.nativeMembers(), last.joins(), last.rooms()));
        assertEquals(Set.of("alice", "gina"), Set.copyOf(underTest.names()));
    }
}
