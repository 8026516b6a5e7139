package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.LineId;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.RoomRequest;

/**
 * With other nodes to go on at, our lines carry line ids, and those our room has not sent back are said again,
 * with the same ids, at the node we go on at; with one server, nothing of it.
 */
class NativeSessionSaysAgainTest {

    private static final long TOKEN = 0x0102030405060708L;
    private static final long NEW_TOKEN = 0x1112131415161718L;

    private final ScriptedServer server = new ScriptedServer();
    private final NativeSession session =
            new NativeSession(server, server.joined(TOKEN, "alice", "lobby"), server.clock());

    private long eventSeq;

    private void roomSends(RoomEvent event) {
        session.onDatagram(server.datagram(new NativeServerPacket.Event(TOKEN, ++eventSeq, 0, event)));
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
        session.say("one");
        session.say("two");
        session.say("three");
        roomSends(new RoomEvent.Said("alice", "two")); // "one" was taken before it, or refused
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(
                List.of("three"),
                server.rest().stream()
                        .filter(NativeClientPacket.Chat.class::isInstance)
                        .skip(3)
                        .map(NativeSessionSaysAgainTest::line)
                        .toList());
    }

    @Test
    void anotherMembersLineOfTheSameTextIsNotOurs() {
        session.giveLinesIds();
        session.say("hi");
        roomSends(new RoomEvent.Said("bob", "hi"));
        roomSends(new RoomEvent.History(1, 0, new RoomEvent.Said("alice", "hi")));
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(2, server.sentOf(NativeClientPacket.Chat.class).size(), "said again");
    }

    @Test
    void aRoomLeftSendsNothingBackSoItsLinesAreNotSaidAgain() {
        session.giveLinesIds();
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
        session.say("hello");
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), false);

        assertEquals(List.of("hello"), mayBeLost);
        assertEquals(1, server.sentOf(NativeClientPacket.Chat.class).size());
    }

    @Test
    void aLineSaidAfterAJoinNotYetAnsweredIsNotSaidAgainInTheRoomWeAskedToLeave() {
        session.giveLinesIds();
        session.say("still in the lobby");
        session.request(new RoomRequest.JoinRoom("games"));
        session.say("meant for games"); // the dead node may have taken the /join and this line in games
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(List.of("meant for games"), mayBeLost, "told as before, not said in the lobby");
        assertEquals(
                List.of("still in the lobby"),
                server.rest().stream()
                        .filter(NativeClientPacket.Chat.class::isInstance)
                        .skip(2)
                        .map(NativeSessionSaysAgainTest::line)
                        .toList());
    }

    @Test
    void aLineSaidAfterANickNotYetAnsweredIsNotSaidAgainUnderTheOldName() {
        session.giveLinesIds();
        session.request(new RoomRequest.Nick("al"));
        session.say("said as al"); // the dead node may have taken it under al: said again as alice, heard twice
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "lobby"), true);

        assertEquals(List.of("said as al"), mayBeLost);
        assertEquals(1, server.sentOf(NativeClientPacket.Chat.class).size(), "not said again");
    }

    @Test
    void aLineSaidUnderOurOldNameIsNotSaidAgainUnderTheNewOne() {
        session.giveLinesIds();
        session.say("said as alice"); // its echo may come after the rename, told to us directly
        session.request(new RoomRequest.Nick("al"));
        session.onDatagram(server.datagram(new NativeServerPacket.Ack(TOKEN, 2)));
        roomSends(new RoomEvent.Renamed("alice", "al"));
        session.say("said as al");
        session.startReconnecting();

        session.restarted(server.joined(NEW_TOKEN, "al", "lobby"), true);

        assertEquals(
                List.of("said as al"),
                server.rest().stream()
                        .filter(NativeClientPacket.Chat.class::isInstance)
                        .skip(2)
                        .map(NativeSessionSaysAgainTest::line)
                        .toList(),
                "a line the room holds under alice's name would be taken again under al's");
    }

    @Test
    void afterTheRoomMoveLinesAreKeptAgain() {
        session.giveLinesIds();
        session.request(new RoomRequest.JoinRoom("games"));
        roomSends(new RoomEvent.YouAreIn("games", 1));
        session.say("in games");
        session.startReconnecting();

        List<String> mayBeLost = session.restarted(server.joined(NEW_TOKEN, "alice", "games"), true);

        assertEquals(List.of(), mayBeLost);
        assertEquals(2, server.sentOf(NativeClientPacket.Chat.class).size(), "said again");
    }
}
