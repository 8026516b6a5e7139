package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.LineId;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * With other nodes to go on at, our lines carry line ids once the server says it takes them, and those our room
 * has not sent back are said again, with the same ids, at the node we go on at once it says it takes them too (or
 * told as lines that may not have arrived, if it never does); with one server, nothing of it.
 */
class NativeSessionSaysAgainTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;
    private static final long THIRD_TOKEN = 0x2122232425262728L;

    private final ScriptedServer server = new ScriptedServer();
    private final NativeSession session =
            new NativeSession(server, server.joined(TOKEN, "alice", "lobby"), server.clock());

    private long eventSeq;
    private long newSessionSeq;

    private void roomSends(RoomEvent event) {
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, ++eventSeq, 0, event)));
    }

    /** The first session's server says, as a node of a cluster does after its WELCOME, that it takes line ids. */
    private void serverTakesLineIds() {
        roomSends(new RoomEvent.TakesLineIds());
    }

    /** The session {@code token} started after a reconnection sends its next event, {@code event}. */
    private void newSessionSends(long token, RoomEvent event) {
        session.onDatagram(server.datagram(new NativeServerPacket.Event(token, ++newSessionSeq, 0, event)));
    }

    /** The lines sent so far, as (text, line id), datagrams resent included. */
    private static String line(Packet packet) {
        if (packet instanceof NativeClientPacket.Chat chat) {
            return chat.text();
        }
        if (packet instanceof NativeClientPacket.Request request
                && request.request() instanceof RoomRequest.Action action) {
            return "/me " + action.text();
        }
        return packet.getClass().getSimpleName();
    }

    private static long lineId(Packet packet) {
        if (packet instanceof NativeClientPacket.Chat chat) {
            return chat.lineId();
        }
        return ((RoomRequest.Action) ((NativeClientPacket.Request) packet).request()).lineId();
    }

    @Test
    void withOneServerLinesCarryNoIdAndARestartListsThemAsBefore() {
        serverTakesLineIds(); // a node of a cluster as the only server of the list: nowhere to go on at
        session.say("hello");
        session.request(new RoomRequest.Action("waves"));

        assertEquals(
                LineId.NONE, lineId(server.sentOf(NativeClientPacket.Chat.class).get(0)));
        assertEquals(
                LineId.NONE,
                lineId(server.sentOf(NativeClientPacket.Request.class).get(0)));
        session.startReconnecting();
        assertEquals(
                List.of("hello", "/me waves"),
                session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true),
                "with no ids, nothing to say again");
    }

    @Test
    void eachLineHasItsOwnId() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("one");
        session.say("one");
        session.request(new RoomRequest.Action("waves"));

        List<Long> ids =
                server.rest().stream().map(NativeSessionSaysAgainTest::lineId).toList();
        assertEquals(3, ids.stream().distinct().count(), "ids " + ids);
        ids.forEach(id -> assertNotEquals(LineId.NONE, id));
    }

    @Test
    void atAnotherNodeTheLinesNotHeardBackAreSaidAgainFirstWithTheirIdsAndAreNotListedAsLost() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("heard back");
        session.say("acknowledged, not heard back");
        session.request(new RoomRequest.Action("waves, never acknowledged"));
        session.request(new RoomRequest.PrivateMessage("bob", "psst"));
        List<Packet> first = server.rest();
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 2)));
        roomSends(new RoomEvent.Said("alice", "heard back"));
        server.rest();
        session.startReconnecting();
        session.say("typed while away");

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(List.of("/msg bob psst"), mayBeLost, "what is said again is not told as lost");
        assertEquals(List.of(), server.rest(), "nothing goes before the new node says it takes line ids");
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());
        List<Packet> again = server.rest();
        assertEquals(
                List.of("acknowledged, not heard back", "/me waves, never acknowledged", "typed while away"),
                again.stream().map(NativeSessionSaysAgainTest::line).toList());
        assertEquals(lineId(first.get(1)), lineId(again.get(0)), "the same id as when first said");
        assertEquals(lineId(first.get(2)), lineId(again.get(1)));
    }

    @Test
    void hearingALineBackLetsGoOfEveryLineSaidBeforeIt() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("one");
        session.say("two");
        session.say("three");
        roomSends(new RoomEvent.Said("alice", "two")); // "one" was taken before it, or refused
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(List.of("three"), chatLinesSentAfter(3));
    }

    /** The texts of the chat lines sent that the test has not looked at yet, but the first {@code skipped}. */
    private List<String> chatLinesSentAfter(int skipped) {
        return server.rest().stream()
                .filter(NativeClientPacket.Chat.class::isInstance)
                .skip(skipped)
                .map(NativeSessionSaysAgainTest::line)
                .toList();
    }

    @Test
    void anotherMembersLineOfTheSameTextIsNotOurs() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("hi");
        roomSends(new RoomEvent.Said("bob", "hi"));
        roomSends(new RoomEvent.History(1, 0, new RoomEvent.Said("alice", "hi")));
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(2, server.sentOf(NativeClientPacket.Chat.class).size(), "said again");
    }

    @Test
    void aRoomLeftSendsNothingBackSoItsLinesAreNotSaidAgain() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("bye, lobby");
        roomSends(new RoomEvent.YouAreIn("games", 1));
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "games"), true);

        assertEquals(List.of("bye, lobby"), mayBeLost, "unacknowledged, as before: told");
        assertEquals(1, server.sentOf(NativeClientPacket.Chat.class).size(), "not said again");
    }

    @Test
    void atTheSameServerBackWithoutOurSessionNothingIsSaidAgain() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("hello");
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), false);

        assertEquals(List.of("hello"), mayBeLost);
        assertEquals(1, server.sentOf(NativeClientPacket.Chat.class).size());
    }

    @Test
    void aLineSaidAfterAJoinNotYetAnsweredIsNotSaidAgainInTheRoomWeAskedToLeave() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("still in the lobby");
        session.request(new RoomRequest.JoinRoom("games"));
        session.say("meant for games"); // the dead node may have taken the /join and this line in games
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(List.of("meant for games"), mayBeLost, "told as before, not said in the lobby");
        assertEquals(List.of("still in the lobby"), chatLinesSentAfter(2));
    }

    @Test
    void aLineSaidAfterANickNotYetAnsweredIsNotSaidAgainUnderTheOldName() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.request(new RoomRequest.Nick("al"));
        session.say("said as al"); // the dead node may have taken it under al: said again as alice, heard twice
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(List.of("said as al"), mayBeLost);
        assertEquals(1, server.sentOf(NativeClientPacket.Chat.class).size(), "not said again");
    }

    @Test
    void aLineSaidUnderOurOldNameIsNotSaidAgainUnderTheNewOne() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("said as alice"); // its echo may come after the rename, told to us directly
        session.request(new RoomRequest.Nick("al"));
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 2)));
        roomSends(new RoomEvent.Renamed("alice", "al"));
        session.say("said as al");
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "al", "lobby"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(
                List.of("said as al"),
                chatLinesSentAfter(2),
                "a line the room holds under alice's name would be taken again under al's");
    }

    @Test
    void afterTheRoomMoveLinesAreKeptAgain() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.request(new RoomRequest.JoinRoom("games"));
        roomSends(new RoomEvent.YouAreIn("games", 1));
        session.say("in games");
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "games"), true);
        newSessionSends(NEW_TOKEN, new RoomEvent.TakesLineIds());

        assertEquals(List.of(), mayBeLost);
        assertEquals(2, server.sentOf(NativeClientPacket.Chat.class).size(), "said again");
    }

    @Test
    void linesGoWithoutIdsUntilTheServerSaysItTakesThem() {
        session.giveLinesIds();
        session.say("before the word");
        session.request(new RoomRequest.Action("waves before the word"));
        serverTakesLineIds();
        session.say("after the word");
        session.request(new RoomRequest.Action("waves after it"));

        List<Packet> sent = server.rest();
        assertEquals(LineId.NONE, lineId(sent.get(0)), "a server older than line ids would drop a line with one");
        assertEquals(LineId.NONE, lineId(sent.get(1)));
        assertNotEquals(LineId.NONE, lineId(sent.get(2)));
        assertNotEquals(LineId.NONE, lineId(sent.get(3)));
    }

    @Test
    void aServerThatNeverSaysItTakesLineIdsIsSentLinesWithoutAndAFailoverListsThemAsBefore() {
        session.giveLinesIds(); // several nodes in the list, the one we are at older than line ids
        session.say("hello");
        session.request(new RoomRequest.Action("waves"));
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(
                List.of(LineId.NONE, LineId.NONE),
                List.of(
                        lineId(server.sentOf(NativeClientPacket.Chat.class).get(0)),
                        lineId(server.sentOf(NativeClientPacket.Request.class).get(0))));
        assertEquals(List.of("hello", "/me waves"), mayBeLost, "none kept to be said again: told as before");
    }

    @Test
    void heldLinesWaitForTheNewNodesWordAndAreToldAsMayNotHaveArrivedIfItNeverComes() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("not heard back");
        server.rest();
        session.startReconnecting();
        session.say("typed while away");

        assertEquals(List.of(), session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true));

        long deadline = server.now() + NativeSession.LINE_IDS_WAIT.toMillis();
        server.advanceTo(deadline - 1);
        session.onTimers();
        assertEquals(Duration.ofMillis(1), session.untilNextTimer(), "the timers wake for the deadline");
        assertEquals(List.of(), session.takeLinesNotSaidAgain());
        assertEquals(
                1,
                server.sentOf(NativeClientPacket.Chat.class).size(),
                "nothing typed goes while the held line waits: it would overtake it");
        assertEquals(2, session.linesWaiting(), "both wait, and are counted");

        server.advanceTo(deadline);
        session.onTimers();

        assertEquals(List.of("not heard back"), session.takeLinesNotSaidAgain(), "told once");
        assertEquals(List.of(), session.takeLinesNotSaidAgain());
        NativeClientPacket.Chat typed =
                server.sentOf(NativeClientPacket.Chat.class).get(1);
        assertEquals(
                List.of(NEW_TOKEN, "typed while away", LineId.NONE),
                List.of(typed.token(), typed.text(), typed.lineId()),
                "what was typed goes, without an id, in the new session");
        assertEquals(2, server.sentOf(NativeClientPacket.Chat.class).size(), "the held line is not sent");
    }

    @Test
    void heldLinesStillWaitingAreCarriedToTheNextNodeAndSaidThereWithTheirIds() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("not heard back");
        long id = lineId(server.rest().get(0));
        session.startReconnecting();
        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        session.startReconnecting(); // the second node is lost too, before its word

        assertEquals(List.of(), session.restarted(server.joined(THIRD_TOKEN, "alice", "lobby"), true));
        newSessionSends(THIRD_TOKEN, new RoomEvent.TakesLineIds());

        NativeClientPacket.Chat again = (NativeClientPacket.Chat) server.rest().get(0);
        assertEquals(List.of(THIRD_TOKEN, "not heard back", id), List.of(again.token(), again.text(), again.lineId()));
    }

    @Test
    void heldLinesStillWaitingAtARestartedServerAreToldAsMayNotHaveArrived() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("not heard back");
        session.startReconnecting();
        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        session.startReconnecting(); // the second node restarted before its word: no log there knows the line

        assertEquals(List.of("not heard back"), session.restarted(server.joined(THIRD_TOKEN, "alice", "lobby"), false));
        assertEquals(0, session.linesWaiting());
    }

    @Test
    void aQuitWhileLinesAreHeldDropsThemAndCountsThem() {
        session.giveLinesIds();
        serverTakesLineIds();
        session.say("not heard back");
        session.startReconnecting();
        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);
        server.rest();

        assertEquals(1, session.dropUnsent());
        session.quit(() -> {});

        assertEquals(
                List.of("Quit"),
                server.rest().stream().map(NativeSessionSaysAgainTest::line).toList(),
                "the quit goes at once, not behind the held line");
    }
}
