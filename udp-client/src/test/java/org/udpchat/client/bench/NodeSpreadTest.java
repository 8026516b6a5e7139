package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How the load program deals its members over a cluster's nodes. */
class NodeSpreadTest {

    @Test
    void dealsMembersAndSoSendersRoundRobin() {
        NodeSpread spread = NodeSpread.evenly(10, 3);

        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, spread.nodeOfEach());
        assertArrayEquals(new int[] {4, 3, 3}, spread.membersPerNode());
        assertEquals(2, spread.nodeOf(5));
    }

    @Test
    void putsEveryRoomOnEveryNodeAndTheFirstMembersOneInEachRoomOnEachNode() {
        NodeSpread spread = NodeSpread.acrossRooms(14, 3, 2);

        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1}, spread.nodeOfEach());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}, spread.roomOfEach());
        assertThrows(IllegalArgumentException.class, () -> NodeSpread.acrossRooms(5, 3, 2));
    }

    @Test
    void oneNodeHasEveryMember() {
        assertArrayEquals(new int[] {0, 0, 0}, NodeSpread.evenly(3, 1).nodeOfEach());
    }

    @Test
    void refusesANodeWithoutMembers() {
        assertThrows(IllegalArgumentException.class, () -> NodeSpread.evenly(2, 3));
        assertThrows(IllegalArgumentException.class, () -> NodeSpread.evenly(2, 0));
    }
}
