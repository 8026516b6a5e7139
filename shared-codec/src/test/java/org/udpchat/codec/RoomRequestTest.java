package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.udpchat.codec.NativePacketsTest.assertNullPointer;

import org.junit.jupiter.api.Test;

/**
 * The invariants the requests' constructors enforce, each with its message; those of names and texts, which
 * events share, are in {@link FieldChecksTest}.
 */
class RoomRequestTest {

    @Test
    void whoRefusesNullRoom() {
        assertNullPointer("room == null", () -> new RoomRequest.Who(null));
    }

    @Test
    void whoOfAnEmptyRoomAsksAboutTheOwnRoom() {
        assertEquals("", new RoomRequest.Who("").room());
        assertNotEquals(new RoomRequest.Who(""), new RoomRequest.Who("lobby"));
    }

    @Test
    void requestsWithEqualFieldsAreEqual() {
        assertEquals(new RoomRequest.ListRooms(), new RoomRequest.ListRooms());
        assertEquals(new RoomRequest.Nick("rob"), new RoomRequest.Nick("rob"));
        assertNotEquals((Object) new RoomRequest.JoinRoom("lobby"), new RoomRequest.Who("lobby"));
        assertNotEquals(new RoomRequest.PrivateMessage("bob", "hi"), new RoomRequest.PrivateMessage("rob", "hi"));
    }
}
