package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.RoomEvent;

/** A line the cluster could not sequence reached nobody: its speaker is told so, and nobody else. */
class ClusterLineNotSequencedTest {

    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 41001);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 41002);
    private static final InetSocketAddress CAROL = new InetSocketAddress("127.0.0.1", 41003);

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);

    @Test
    void aNativeSpeakerIsToldByANoticeOfTheServer() {
        fixture.joinNative(ALICE, "alice");
        fixture.joinNative(BOB, "bob");
        fixture.forget();

        fixture.relay().onClusterLineNotSequenced("lobby", "alice");

        assertEquals(
                List.of(new RoomEvent.Announced("您在房间 lobby 说的上一句话没能送出（服务器之间出了问题），请再说一遍")),
                fixture.outbox().eventsTo(ALICE));
        assertEquals(List.of(), fixture.outbox().eventsTo(BOB), "nobody but the speaker");
    }

    @Test
    void aClassicSpeakerIsToldInOneLineFromTheAdministrator() {
        fixture.joinClassic(CAROL, "carol");
        fixture.forget();

        fixture.relay().onClusterLineNotSequenced("lobby", "Carol");

        assertEquals(
                List.of("管理员 : 您在房间 lobby 说的上一句话没能送出（服务器之间出了问题），请再说一遍"),
                fixture.outbox().textsTo(CAROL));
    }

    @Test
    void aSpeakerGoneOrInAnotherRoomIsNotTold() {
        fixture.joinClassic(CAROL, "carol");
        fixture.forget();

        fixture.relay().onClusterLineNotSequenced("games", "carol");
        fixture.relay().onClusterLineNotSequenced("lobby", "dave");

        assertEquals(List.of(), fixture.outbox().textsTo(CAROL));
    }
}
