package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.codec.KindTable.row;

import org.junit.jupiter.api.Test;

/**
 * A family's table refuses, when it is built, a record without a row (but its unlisted record, if it has
 * one) and two rows for one code or record.
 */
class KindTableTest {

    private static final KindTable.Row<RoomRequest, RoomRequest.ListRooms> LIST_ROOMS =
            row(2, RoomRequest.ListRooms.class, (r, out) -> {}, in -> new RoomRequest.ListRooms());

    @Test
    void refusesAFamilyWithARecordButNoRow() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new KindTable<>(RoomRequest.class, kind -> "", LIST_ROOMS));

        assertEquals("no row for [JoinRoom, Who, PrivateMessage, Action, Nick]", e.getMessage());
    }

    private static final KindTable.Unlisted<RoomEvent, RoomEvent.Unrecognized> UNRECOGNIZED = new KindTable.Unlisted<>(
            RoomEvent.Unrecognized.class, RoomEvent.Unrecognized::kind, RoomEvent.Unrecognized::new);

    private static final KindTable.Row<RoomEvent, RoomEvent.Unmuted> UNMUTED =
            row(20, RoomEvent.Unmuted.class, (e, out) -> {}, in -> new RoomEvent.Unmuted());

    @Test
    void theUnlistedRecordNeedsNoRowButEveryOtherRecordDoes() {
        KindTable.Row<RoomEvent, RoomEvent.Closing> closing =
                row(8, RoomEvent.Closing.class, (e, out) -> {}, in -> new RoomEvent.Closing());

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new KindTable<>(RoomEvent.class, kind -> "", UNRECOGNIZED, closing));

        assertTrue(e.getMessage().startsWith("no row for [Said, Joined, Left, TimedOut, Kicked, Dropped, Announced,"));
        assertFalse(e.getMessage().contains("Closing"), e.getMessage());
        assertFalse(e.getMessage().contains("Unrecognized"), e.getMessage());
    }

    @Test
    void withoutAnUnlistedRecordEveryRecordNeedsARow() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new KindTable<>(RoomEvent.class, kind -> "", UNMUTED));

        assertTrue(
                e.getMessage().endsWith(", Banned, YouWereBanned, History, Missed, TakesLineIds, Unrecognized]"),
                e.getMessage());
    }

    @Test
    void refusesTwoRowsForOneCode() {
        KindTable.Row<RoomRequest, RoomRequest.Nick> nickAsTwo =
                row(2, RoomRequest.Nick.class, (r, out) -> {}, in -> new RoomRequest.Nick("bob"));

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new KindTable<>(RoomRequest.class, kind -> "", LIST_ROOMS, nickAsTwo));

        assertEquals("two rows for code 2", e.getMessage());
    }

    @Test
    void refusesTwoRowsForOneRecord() {
        KindTable.Row<RoomRequest, RoomRequest.ListRooms> listRoomsAgain =
                row(7, RoomRequest.ListRooms.class, (r, out) -> {}, in -> new RoomRequest.ListRooms());

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> new KindTable<>(RoomRequest.class, kind -> "", LIST_ROOMS, listRoomsAgain));

        assertEquals("two rows for ListRooms", e.getMessage());
    }
}
