package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.RoomEvent;

/**
 * A node that was cut off from the cluster (a split brain) and merged back tells each of its rooms, as a notice
 * to the room (through the room's stream: on a cluster, every node's members hear it), that what was said
 * meanwhile may not have reached everyone.
 */
class ClusterRoomRejoinedTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 41003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);

    @Test
    void theRoomIsToldInBothProtocols() {
        fixture.joinNative(ALICE, "alice");
        fixture.joinClassic(CAROL, "carol");
        fixture.forget();

        fixture.relay().onClusterRoomRejoined("lobby");

        List<RoomEvent> toAlice = fixture.outbox().eventsTo(ALICE);
        assertEquals(1, toAlice.size(), toAlice.toString());
        RoomEvent.AnnouncedToRoom notice = (RoomEvent.AnnouncedToRoom) toAlice.get(0);
        assertEquals("lobby", notice.room());
        assertTrue(notice.text().contains("恢复"), notice.text());
        List<String> toCarol = fixture.outbox().textsTo(CAROL);
        assertEquals(1, toCarol.size(), toCarol.toString());
        assertTrue(toCarol.get(0).contains(notice.text()), toCarol.get(0));
    }

    @Test
    void aRoomNoLongerHereIsNobodyToTell() {
        fixture.joinNative(ALICE, "alice");
        fixture.forget();

        fixture.relay().onClusterRoomRejoined("games");

        assertEquals(List.of(), fixture.outbox().eventsTo(ALICE));
    }
}
