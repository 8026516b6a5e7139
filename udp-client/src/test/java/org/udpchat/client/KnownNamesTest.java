package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.RoomEvent;

/** The names Tab offers: learnt from what arrives, forgotten when their owner goes, never our own. */
class KnownNamesTest {

    private final KnownNames known = new KnownNames();

    @Test
    void learnsMembersFromListingsArrivalsAndSpeakersButNotUs() {
        known.learn(new RoomEvent.MemberList("lobby", 2, List.of("alice", "bob")), "alice");
        known.learn(new RoomEvent.Joined("carol"), "alice");
        known.learn(new RoomEvent.Said("dave", "hi"), "alice");
        known.learn(new RoomEvent.PrivateFrom("erin", "psst"), "alice");
        known.learn(new RoomEvent.ManyJoined(3, List.of("frank")), "alice");
        assertEquals(List.of("bob", "carol", "dave", "erin", "frank"), known.members());
    }

    @Test
    void forgetsWhoLeftAndFollowsRenames() {
        known.learn(new RoomEvent.MemberList("lobby", 4, List.of("bob", "carol", "dave", "erin")), "alice");
        known.learn(new RoomEvent.Left("bob"), "alice");
        known.learn(new RoomEvent.TimedOut("carol"), "alice");
        known.learn(new RoomEvent.Renamed("dave", "david"), "alice");
        known.learn(new RoomEvent.ManyLeft(1, List.of("erin")), "alice");
        assertEquals(List.of("david"), known.members());
    }

    @Test
    void learnsRoomsFromListingsAndMoves() {
        known.learn(
                new RoomEvent.RoomList(
                        2, List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("游戏室", 1))),
                "alice");
        known.learn(new RoomEvent.YouAreIn("games", 1), "alice");
        known.learn(new RoomEvent.MemberList("quiet", 0, List.of()), "alice");
        assertEquals(List.of("games", "lobby", "quiet", "游戏室"), known.rooms());
    }

    @Test
    void aMoveTeachesTheRoomAndKeepsTheMemberWhoIsStillOnTheServer() {
        known.learn(new RoomEvent.Came("bob", "games"), "alice");
        known.learn(new RoomEvent.Went("carol", "quiet"), "alice");
        known.learn(new RoomEvent.Joined("dave"), "alice");
        known.learn(new RoomEvent.Banned("dave", 0), "alice");
        assertEquals(List.of("bob"), known.members());
        assertEquals(List.of("games", "quiet"), known.rooms());
    }
}
