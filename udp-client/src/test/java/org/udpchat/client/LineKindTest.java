package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.Failure;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.ServerPacket;

/** Which kind each line is, so how it looks: one place decides, and what it does not know is plain. */
class LineKindTest {

    @Test
    void ourOwnChatIsTellableFromOthers() {
        assertEquals(LineKind.OWN_CHAT, LineKind.of(new RoomEvent.Said("alice", "hi"), "alice"));
        assertEquals(LineKind.CHAT, LineKind.of(new RoomEvent.Said("bob", "hi"), "alice"));
        assertEquals(LineKind.OWN_CHAT, LineKind.of(new RoomEvent.Acted("alice", "waves"), "alice"));
        assertEquals(LineKind.CHAT, LineKind.of(new RoomEvent.Acted("bob", "waves"), "alice"));
    }

    @Test
    void whatTheAdministratorSaysToEveryoneIsAnAnnouncement() {
        for (RoomEvent event : List.of(
                new RoomEvent.Announced("hello"),
                new RoomEvent.Closing(),
                new RoomEvent.YouWereKicked("spam"),
                new RoomEvent.YouWereBanned(5),
                new RoomEvent.Muted(5),
                new RoomEvent.Unmuted())) {
            assertEquals(LineKind.ANNOUNCEMENT, LineKind.of(event, "alice"), event.toString());
        }
    }

    @Test
    void aNoticeToOneRoomIsNotAnAnnouncementToAll() {
        assertEquals(
                LineKind.ROOM_NOTICE, LineKind.of(new RoomEvent.AnnouncedToRoom("games", "quiet please"), "alice"));
    }

    @Test
    void movesAndBansOfOthersAreNotices() {
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.Went("bob", "games"), "alice"));
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.Came("bob", "lobby"), "alice"));
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.Banned("bob", 10), "alice"));
    }

    @Test
    void privateMessagesBothWaysArePrivate() {
        assertEquals(LineKind.PRIVATE, LineKind.of(new RoomEvent.PrivateFrom("bob", "psst"), "alice"));
        assertEquals(LineKind.PRIVATE, LineKind.of(new RoomEvent.PrivateTo("bob", "psst"), "alice"));
    }

    @Test
    void whatWentWrongIsAProblemAndComingsAndGoingsAreNotices() {
        assertEquals(LineKind.PROBLEM, LineKind.of(new RoomEvent.NotRelayed(ChatText.Problem.TOO_LONG), "alice"));
        assertEquals(LineKind.PROBLEM, LineKind.of(new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "carol"), "alice"));
        assertEquals(LineKind.PROBLEM, LineKind.of(new RoomEvent.SlowedDown(2), "alice"));
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.Joined("bob"), "alice"));
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.Renamed("bob", "bobby"), "alice"));
        assertEquals(LineKind.NOTICE, LineKind.of(new RoomEvent.YouAreIn("games", 1), "alice"));
    }

    @Test
    void whatWasSaidBeforeWeCouldHearItIsHistory() {
        assertEquals(
                LineKind.HISTORY,
                LineKind.of(new RoomEvent.History(7, 1_796_000_000_000L, new RoomEvent.Said("bob", "hi")), "alice"));
        assertEquals(LineKind.HISTORY, LineKind.of(new RoomEvent.Missed(12, "lobby"), "alice"));
    }

    @Test
    void aKindThisClientDoesNotKnowIsPlain() {
        assertEquals(LineKind.PLAIN, LineKind.of(new RoomEvent.Unrecognized(250), "alice"));
    }

    @Test
    void aClassicLineIsTheAdministratorsOursOrAnothers() {
        assertEquals(LineKind.ANNOUNCEMENT, LineKind.of(new ServerPacket.Line("管理员 : 欢迎"), "alice"));
        assertEquals(LineKind.OWN_CHAT, LineKind.of(ServerPacket.Line.chat("alice", "hi"), "alice"));
        assertEquals(LineKind.CHAT, LineKind.of(ServerPacket.Line.chat("alicia", "hi"), "alice"));
    }
}
