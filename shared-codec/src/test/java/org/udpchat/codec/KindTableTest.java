package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.udpchat.codec.KindTable.row;

import org.junit.jupiter.api.Test;

/** A family's table refuses, when it is built, a record without a row and two rows for one code or record. */
class KindTableTest {

    private static final KindTable.Row<RoomRequest, RoomRequest.ListRooms> LIST_ROOMS =
            row(2, RoomRequest.ListRooms.class, (r, out) -> {}, in -> new RoomRequest.ListRooms());

    @Test
    void refusesAFamilyWithARecordButNoRow() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new KindTable<>(RoomRequest.class, kind -> "", LIST_ROOMS));

        assertEquals("no row for [JoinRoom, Who, PrivateMessage, Action, Nick]", e.getMessage());
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
