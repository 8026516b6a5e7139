package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ResumptionSecret;

/** A member's place in its room moves on by what it acknowledged, never by what it was merely sent. */
class RoomPositionsTest {

    private final RoomPositions positions = new RoomPositions();
    private final ChatRoom lobby =
            new ChatRoom("lobby", "lobby", AddressKey.of(InetAddress.getLoopbackAddress()), 1, 0);
    private final Member alice = member("alice", 1);

    private Member member(String name, int port) {
        Member member = Member.ofSession(
                name,
                name,
                new InetSocketAddress("127.0.0.1", port),
                0,
                new Session(port, null, ResumptionSecret.NONE));
        member.enter(lobby);
        return member;
    }

    /** The room's event {@code sequence} is delivered here, and told to alice as her next event. */
    private void deliver(long sequence) {
        alice.session().take(new byte[] {1}, 0);
        positions.delivered("lobby", sequence);
    }

    @Test
    void aPositionMovesOnlyOnceTheMemberAcknowledgedWhatItWasToldUpToThere() {
        deliver(4);
        positions.listed(alice, 0);
        assertEquals(List.of(alice), positions.onTick(), "entered after event 4: known at once");
        assertEquals(4, positions.positionOf(alice));

        alice.session().onAck(1, 0); // what it owed before it entered
        deliver(5);
        deliver(6);
        assertEquals(List.of(), positions.onTick(), "5 and 6 sent, not acknowledged: a checkpoint only");
        assertEquals(4, positions.positionOf(alice));

        alice.session().onAck(2, 0); // event 5 only: not yet the checkpoint (event 6 at number 3)
        assertEquals(List.of(), positions.onTick());
        alice.session().onAck(3, 0);
        assertEquals(List.of(alice), positions.onTick());
        assertEquals(6, positions.positionOf(alice));
    }

    @Test
    void aMemberThatOwesNothingIsAtTheRoomsLastEvent() {
        deliver(1);
        positions.listed(alice, 0);
        alice.session().onAck(1, 0);
        positions.onTick();
        positions.delivered("lobby", 2); // an event not for alice (one of her own, told to the others)
        assertEquals(List.of(alice), positions.onTick());
        assertEquals(2, positions.positionOf(alice));
    }

    @Test
    void aPositionNotKnownAtEntryIsTheEventBeforeTheRoomsFirstHere() {
        positions.listed(alice, 0);
        assertEquals(RoomPositions.UNKNOWN, positions.positionOf(alice));
        assertEquals(List.of(), positions.onTick());
        deliver(9);
        assertEquals(List.of(alice), positions.onTick(), "known now: kept");
        assertEquals(8, positions.positionOf(alice));
    }

    @Test
    void aResumedMembersPositionWaitsForItsCatchUp() {
        deliver(7);
        positions.resumedAt(alice, 3, 1_000);
        alice.session().onAck(1, 0);
        positions.onTick();
        assertEquals(3, positions.positionOf(alice), "not moved while the catch-up is under way");
        positions.caughtUp(alice, "lobby", 3);
        positions.onTick();
        assertEquals(7, positions.positionOf(alice));
    }

    @Test
    void aRoomRenumberedByASplitBrainsMergeMovesPositionsToTheMergedNumbers() {
        deliver(1);
        positions.listed(alice, 0);
        alice.session().onAck(1, 0);
        for (long sequence = 2; sequence <= 100; sequence++) {
            positions.delivered("lobby", sequence); // not for alice: she owes nothing
        }
        positions.onTick();
        assertEquals(100, positions.positionOf(alice), "this side's numbers, before the merge");

        positions.renumbered("lobby"); // the merged log's last is 40: this side's numbers are no longer the room's
        assertEquals(RoomPositions.UNKNOWN, positions.positionOf(alice), "not known in the merged numbers yet");
        positions.delivered("lobby", 41);
        positions.delivered("lobby", 42);
        positions.onTick();
        assertEquals(
                42,
                positions.positionOf(alice),
                "a position left at 100 would hide events 43 to 100 from a catch-up after this node's death");
    }
}
