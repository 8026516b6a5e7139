package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.udpchat.codec.NativePacketsTest.assertIllegal;
import static org.udpchat.codec.NativePacketsTest.assertNullPointer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The invariants the room events' constructors enforce, each with its message; those of names, texts and
 * reasons, which requests share, are in {@link FieldChecksTest}.
 */
class RoomEventTest {

    @Test
    void kickReasonsMayBeEmpty() {
        assertEquals("", new RoomEvent.Kicked("bob", "").reason());
        assertEquals("", new RoomEvent.YouWereKicked("").reason());
    }

    @Test
    void notRelayedRefusesNullProblem() {
        assertNullPointer("problem == null", () -> new RoomEvent.NotRelayed(null));
    }

    // ---------------------------------------------------------------------------------------------
    // Counts: u32 fields

    static Stream<Arguments> countedEvents() {
        return Stream.of(
                Arguments.of(
                        "YouAreIn members", "members", (LongFunction<Object>) n -> new RoomEvent.YouAreIn("lobby", n)),
                Arguments.of("RoomCount members", "members", (LongFunction<Object>)
                        n -> new RoomEvent.RoomCount("lobby", n)),
                Arguments.of(
                        "RoomList total", "total", (LongFunction<Object>) n -> new RoomEvent.RoomList(n, List.of())),
                Arguments.of("MemberList total", "total", (LongFunction<Object>)
                        n -> new RoomEvent.MemberList("lobby", n, List.of())),
                Arguments.of("Failed limit", "limit", (LongFunction<Object>)
                        n -> new RoomEvent.Failed(Failure.ROOM_FULL, n, "lobby")),
                Arguments.of("Muted minutes", "minutes", (LongFunction<Object>) RoomEvent.Muted::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countedEvents")
    void countRefusesValuesOutside0To2To32Minus1(String kind, String field, LongFunction<Object> event) {
        for (long value : new long[] {Long.MIN_VALUE, -1, 0x1_0000_0000L, Long.MAX_VALUE}) {
            assertIllegal(field + " " + value + " is not in 0..2^32-1", () -> event.apply(value));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countedEvents")
    void countAcceptsValuesFrom0To2To32Minus1(String kind, String field, LongFunction<Object> event) {
        for (long value : new long[] {0, 1, 0x8000_0000L, 0xFFFF_FFFFL}) {
            assertEquals(event.apply(value), event.apply(value));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Listings

    @Test
    void roomListRefusesMoreRoomsThanItsTotal() {
        List<RoomEvent.RoomCount> two = List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("dev", 1));

        assertIllegal("2 rooms listed of 1", () -> new RoomEvent.RoomList(1, two));
        assertIllegal("2 rooms listed of 0", () -> new RoomEvent.RoomList(0, two));
    }

    @Test
    void roomListAcceptsAsManyRoomsAsItsTotalOrFewer() {
        List<RoomEvent.RoomCount> two = List.of(new RoomEvent.RoomCount("lobby", 3), new RoomEvent.RoomCount("dev", 1));

        assertEquals(two, new RoomEvent.RoomList(2, two).rooms());
        assertEquals(two, new RoomEvent.RoomList(0xFFFF_FFFFL, two).rooms());
        assertEquals(List.of(), new RoomEvent.RoomList(0, List.of()).rooms());
    }

    @Test
    void roomListRefusesNullRoomsOrANullRoom() {
        assertThrows(NullPointerException.class, () -> new RoomEvent.RoomList(1, null));
        assertThrows(
                NullPointerException.class,
                () -> new RoomEvent.RoomList(2, Arrays.asList(new RoomEvent.RoomCount("lobby", 1), null)));
    }

    @Test
    void roomListKeepsACopyThatCannotChange() {
        List<RoomEvent.RoomCount> rooms = new ArrayList<>(List.of(new RoomEvent.RoomCount("lobby", 1)));
        RoomEvent.RoomList list = new RoomEvent.RoomList(5, rooms);

        rooms.add(new RoomEvent.RoomCount("dev", 2));

        assertEquals(List.of(new RoomEvent.RoomCount("lobby", 1)), list.rooms());
        assertThrows(UnsupportedOperationException.class, () -> list.rooms().add(new RoomEvent.RoomCount("x", 0)));
    }

    @Test
    void roomCountRefusesTheRoomsANameRefuses() {
        assertNullPointer("name == null", () -> new RoomEvent.RoomCount(null, 0));
        assertIllegal("name is empty", () -> new RoomEvent.RoomCount("", 0));
        assertIllegal("name has surrounding whitespace: 'lobby '", () -> new RoomEvent.RoomCount("lobby ", 0));
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> new RoomEvent.RoomCount("lob\0by", 0));
        assertIllegal("name takes over 255 bytes", () -> new RoomEvent.RoomCount("x".repeat(256), 0));
    }

    @Test
    void memberListRefusesMoreNamesThanItsTotal() {
        assertIllegal("2 names listed of 1", () -> new RoomEvent.MemberList("lobby", 1, List.of("bob", "alice")));
        assertIllegal("1 names listed of 0", () -> new RoomEvent.MemberList("lobby", 0, List.of("bob")));
    }

    @Test
    void memberListAcceptsAsManyNamesAsItsTotalOrFewer() {
        assertEquals(List.of("bob", "小明"), new RoomEvent.MemberList("大厅", 2, List.of("bob", "小明")).names());
        assertEquals(List.of("bob"), new RoomEvent.MemberList("lobby", 1000, List.of("bob")).names());
        assertEquals(List.of(), new RoomEvent.MemberList("lobby", 0, List.of()).names());
    }

    @Test
    void memberListRefusesNullNamesOrANullName() {
        assertThrows(NullPointerException.class, () -> new RoomEvent.MemberList("lobby", 1, null));
        assertThrows(
                NullPointerException.class, () -> new RoomEvent.MemberList("lobby", 2, Arrays.asList("bob", null)));
    }

    @Test
    void memberListRefusesTheNamesAnEventRefuses() {
        assertIllegal("name is empty", () -> new RoomEvent.MemberList("lobby", 2, List.of("bob", "")));
        assertIllegal(
                "name has surrounding whitespace: 'bob '", () -> new RoomEvent.MemberList("lobby", 1, List.of("bob ")));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new RoomEvent.MemberList("lobby", 1, List.of("b\0b")));
        assertIllegal(
                "name takes over 255 bytes", () -> new RoomEvent.MemberList("lobby", 1, List.of("x".repeat(256))));
        assertIllegal(
                "name has an unpaired surrogate at index 1",
                () -> new RoomEvent.MemberList("lobby", 1, List.of("b\uD83Db")));
    }

    @Test
    void memberListKeepsACopyThatCannotChange() {
        List<String> names = new ArrayList<>(List.of("bob"));
        RoomEvent.MemberList list = new RoomEvent.MemberList("lobby", 5, names);

        names.add("alice");

        assertEquals(List.of("bob"), list.names());
        assertThrows(UnsupportedOperationException.class, () -> list.names().add("carol"));
    }

    @Test
    void listingsOfEqualEntriesAreEqual() {
        assertEquals(
                new RoomEvent.RoomList(3, new ArrayList<>(List.of(new RoomEvent.RoomCount("lobby", 1)))),
                new RoomEvent.RoomList(3, List.of(new RoomEvent.RoomCount("lobby", 1))));
        assertEquals(
                new RoomEvent.MemberList("lobby", 3, new ArrayList<>(List.of("bob"))),
                new RoomEvent.MemberList("lobby", 3, List.of("bob")));
        assertNotEquals(
                new RoomEvent.MemberList("lobby", 3, List.of("bob")),
                new RoomEvent.MemberList("lobby", 4, List.of("bob")));
    }

    // ---------------------------------------------------------------------------------------------
    // Failed, Muted, Unmuted

    @Test
    void failedRefusesNullFailure() {
        assertNullPointer("failure == null", () -> new RoomEvent.Failed(null, 0, ""));
    }

    @Test
    void failedRefusesNullSubject() {
        assertThrows(NullPointerException.class, () -> new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, null));
    }

    @Test
    void failedAcceptsAnEmptySubjectOrAnyWellFormedOne() {
        assertEquals("", new RoomEvent.Failed(Failure.MUTED, 0, "").subject());
        assertEquals(" not a room ", new RoomEvent.Failed(Failure.BAD_ROOM_NAME, 32, " not a room ").subject());
        assertEquals("x".repeat(300), new RoomEvent.Failed(Failure.BAD_NAME, 32, "x".repeat(300)).subject());
    }

    @Test
    void failedRefusesSubjectWithALoneSurrogate() {
        assertIllegal(
                "subject has an unpaired surrogate at index 3",
                () -> new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "bob\uDC00"));
    }

    @Test
    void mutedAndUnmutedAreTheirFields() {
        assertEquals(0, new RoomEvent.Muted(0).minutes());
        assertEquals(new RoomEvent.Muted(10), new RoomEvent.Muted(10));
        assertNotEquals(new RoomEvent.Muted(10), new RoomEvent.Muted(11));
        assertEquals(new RoomEvent.Unmuted(), new RoomEvent.Unmuted());
    }

    @Test
    void eventsWithEqualFieldsAreEqual() {
        assertEquals(new RoomEvent.Closing(), new RoomEvent.Closing());
        assertEquals(new RoomEvent.Said("bob", "hi"), new RoomEvent.Said("bob", "hi"));
        assertNotEquals((Object) new RoomEvent.Joined("bob"), new RoomEvent.Left("bob"));
        assertNotEquals((Object) new RoomEvent.Kicked("bob", ""), new RoomEvent.Kicked("bob", " "));
        assertNotEquals((Object) new RoomEvent.PrivateFrom("bob", "hi"), new RoomEvent.PrivateTo("bob", "hi"));
        assertNotEquals((Object) new RoomEvent.Said("bob", "hi"), new RoomEvent.Acted("bob", "hi"));
        assertNotEquals(new RoomEvent.Renamed("bob", "rob"), new RoomEvent.Renamed("rob", "bob"));
        assertNotEquals(
                new RoomEvent.Failed(Failure.ROOM_FULL, 64, "lobby"),
                new RoomEvent.Failed(Failure.ROOM_FULL, 65, "lobby"));
    }
}
