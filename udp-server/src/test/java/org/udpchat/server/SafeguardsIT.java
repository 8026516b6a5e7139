package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.RoomEvent;

/**
 * The safeguards over real sockets on loopback: a member that never acknowledges, and members that flood,
 * while the others go on talking. Nothing here is timed; each test checks what arrived, and in what order.
 */
@Timeout(60)
class SafeguardsIT {

    /** Lines the classic speaker says in the slow member's test: more than the slow member's backlog holds. */
    private static final int LINES = 1_100;

    @RegisterExtension
    final ServerUnderTest underTest =
            new ServerUnderTest(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));

    @Test
    void aMemberThatNeverAcknowledgesHoldsNobodyUpAndIsDroppedPastItsBacklog() throws Exception {
        underTest.restart(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0)
                .withSafeguards(Safeguards.DEFAULTS
                        .withFlood(FloodControl.OFF)
                        .withBacklog(new Backlog(
                                1_000,
                                Backlog.DEFAULTS.maxBytes(),
                                Backlog.DEFAULTS.stallTimeout(),
                                Backlog.DEFAULTS.rejoinPause()))));
        underTest.nativePeer().join("slow"); // reads nothing and acknowledges nothing, ever
        NativePeer bob = underTest.nativePeer().join("bob");
        Peer carol = underTest.classicPeer().join("carol");
        bob.expectEvents(new RoomEvent.Joined("carol"));

        List<RoomEvent> said = new ArrayList<>();
        List<RoomEvent> notices = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            carol.send("C carol line " + i);
            if (i % 50 == 0) { // bob keeps up in turns of fifty, which his socket's buffer holds
                while (said.size() < i) {
                    RoomEvent event = bob.nextEvent();
                    (event instanceof RoomEvent.Said ? said : notices).add(event);
                }
            }
        }
        List<RoomEvent> expected = new ArrayList<>();
        for (int i = 1; i <= LINES; i++) {
            expected.add(new RoomEvent.Said("carol", "line " + i));
        }
        assertEquals(expected, said, "every line, in order, to the member that keeps up");
        assertEquals(List.of(new RoomEvent.Dropped("slow")), notices);
        assertEquals(List.of("bob", "carol"), underTest.names());
    }

    @Test
    void aClassicFloodersLinesPastTheBurstAreRefusedWhileTheOthersTalkOn() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        NativePeer bob = underTest.nativePeer().join("bob");
        Peer flooder = underTest.classicPeer().join("flooder");
        alice.expectEvents(new RoomEvent.Joined("bob"), new RoomEvent.Joined("flooder"));
        bob.expectEvents(new RoomEvent.Joined("flooder"));

        for (int i = 1; i <= 30; i++) {
            flooder.send("C flooder spam " + i);
        }
        bob.chat("still here"); // after the thirty, on the server's one socket

        List<RoomEvent> heard = new ArrayList<>();
        RoomEvent event;
        do {
            event = alice.nextEvent();
            heard.add(event);
        } while (!event.equals(new RoomEvent.Said("bob", "still here")));
        List<RoomEvent> expected = new ArrayList<>();
        for (int i = 1; i <= FloodControl.DEFAULTS.burst(); i++) {
            expected.add(new RoomEvent.Said("flooder", "spam " + i));
        }
        expected.add(new RoomEvent.Said("bob", "still here"));
        assertEquals(expected, heard, "the burst, then bob: the rest was refused");
        assertTrue(underTest.server().stats().dropped(DropReason.FLOODED) >= 30 - FloodControl.DEFAULTS.burst());
    }

    @Test
    void aNativeFloodersLinesWaitWhileTheOthersTalkOn() throws Exception {
        NativePeer alice = underTest.nativePeer().join("alice");
        NativePeer bob = underTest.nativePeer().join("bob");
        NativePeer flooder = underTest.nativePeer().join("flooder");
        alice.expectEvents(new RoomEvent.Joined("bob"), new RoomEvent.Joined("flooder"));
        bob.expectEvents(new RoomEvent.Joined("flooder"));

        for (int i = 1; i <= 30; i++) {
            flooder.chat("spam " + i);
        }
        for (int i = 1; i <= FloodControl.DEFAULTS.burst(); i++) {
            assertEquals(new RoomEvent.Said("flooder", "spam " + i), flooder.nextEvent());
        }
        assertEquals(new RoomEvent.SlowedDown(FloodControl.DEFAULTS.linesPerSecond()), flooder.nextEvent());
        bob.chat("still here");

        List<RoomEvent> heard = new ArrayList<>();
        RoomEvent event;
        do {
            event = alice.nextEvent();
            if (event instanceof RoomEvent.Said said && said.name().equals("flooder")) {
                heard.add(event);
            }
        } while (!event.equals(new RoomEvent.Said("bob", "still here")));
        assertTrue(
                heard.size() < 30,
                "bob's line did not wait for the flooder's: " + heard.size() + " of its lines came before it");
    }
}
