package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.RoomEvent;

/** Room events a node lost for good are never silent: its members in the room are told how many. */
class ClusterRoomMissedTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 41003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);

    @Test
    void theRoomsMembersAreToldHowManyEventsTheyMissed() {
        fixture.joinNative(ALICE, "alice");
        fixture.joinClassic(CAROL, "carol");
        fixture.forget();

        fixture.relay().onClusterRoomMissed("lobby", 3);

        assertEquals(List.of(new RoomEvent.Missed(3, "lobby")), fixture.outbox().eventsTo(ALICE));
        assertEquals(List.of("房间 lobby 有 3 行消息未能送达本服务器"), fixture.outbox().textsTo(CAROL), "a line, as joins are");
    }

    @Test
    void aRoomNoLongerHereIsNobodyToTell() {
        fixture.joinNative(ALICE, "alice");
        fixture.forget();

        fixture.relay().onClusterRoomMissed("games", 3);

        assertEquals(List.of(), fixture.outbox().eventsTo(ALICE));
    }
}
