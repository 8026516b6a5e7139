package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.server.cluster.ClusterSessions;
import org.udpchat.server.cluster.NodePositions;

/**
 * What a node writes of its members' places ({@link RoomPositions#snapshot}), and what a node resuming one of
 * them takes from it ({@link ClusterSharedSessions#placedBy}): the value's place in the same room, else the
 * session's own.
 */
class NodePositionsPlacementTest {

    private static final ResumptionSecret SECRET = new ResumptionSecret(1, 2, 3, 4);
    private final ClusterSessions.Resumable amy =
            new ClusterSessions.Resumable(201, "amy", "Tea", SECRET, UUID.randomUUID(), 201, 4, 1_000);

    @Test
    void aResumedSessionTakesThePlaceItsNodesValueHoldsInTheSameRoom() {
        NodePositions value = new NodePositions(Map.of(201L, new NodePositions.Place("tea", 9, 1_000)));

        assertEquals(
                new ClusterSessions.Resumable(201, "amy", "Tea", SECRET, amy.node(), 201, 9, 1_000),
                ClusterSharedSessions.placedBy(amy, value));
    }

    @Test
    void aValueOfAnotherRoomOrWithoutTheSessionLeavesTheSessionsOwnPlace() {
        NodePositions otherRoom = new NodePositions(Map.of(201L, new NodePositions.Place("games", 9, 500)));

        assertEquals(amy, ClusterSharedSessions.placedBy(amy, otherRoom), "the member changed room since");
        assertEquals(amy, ClusterSharedSessions.placedBy(amy, NodePositions.NONE), "its node wrote none");
    }

    @Test
    void aPositionNotKnownInTheValueIsTakenAsNotKnown() {
        // a renumbered room (split brain): the value is later than the session's place in the old numbers
        NodePositions value = new NodePositions(Map.of(201L, new NodePositions.Place("tea", -1, 1_000)));

        assertEquals(-1, ClusterSharedSessions.placedBy(amy, value).roomPosition());
    }

    @Test
    void aSnapshotHoldsEveryMembersPlaceByItsSessionsToken() {
        RoomPositions positions = new RoomPositions();
        ChatRoom tea = new ChatRoom("Tea", "tea", AddressKey.of(InetAddress.getLoopbackAddress()), 1, 0);
        Member carol = Member.ofSession(
                "carol", "carol", new InetSocketAddress("127.0.0.1", 7), 0, new Session(7, null, SECRET));
        carol.enter(tea);
        Member dan =
                Member.ofSession("dan", "dan", new InetSocketAddress("127.0.0.1", 8), 0, new Session(8, null, SECRET));
        dan.enter(tea);
        positions.listed(carol, 3_000); // before the room's first event here: not known
        positions.delivered("tea", 12);
        positions.resumedAt(dan, 5, 2_000);

        NodePositions snapshot = positions.snapshot();

        assertEquals(Optional.of(new NodePositions.Place("tea", 11, 3_000)), snapshot.of(7));
        assertEquals(Optional.of(new NodePositions.Place("tea", 5, 2_000)), snapshot.of(8));
        assertEquals(2, snapshot.size());
    }
}
