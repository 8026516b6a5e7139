package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                Arguments.of("Muted minutes", "minutes", (LongFunction<Object>) RoomEvent.Muted::new),
                Arguments.of("ManyJoined total", "total", (LongFunction<Object>)
                        n -> new RoomEvent.ManyJoined(n, List.of())),
                Arguments.of(
                        "ManyLeft total", "total", (LongFunction<Object>) n -> new RoomEvent.ManyLeft(n, List.of())),
                Arguments.of("SlowedDown lines per second", "linesPerSecond", (LongFunction<Object>)
                        RoomEvent.SlowedDown::new),
                Arguments.of("Banned minutes", "minutes", (LongFunction<Object>) n -> new RoomEvent.Banned("bob", n)),
                Arguments.of("YouWereBanned minutes", "minutes", (LongFunction<Object>) RoomEvent.YouWereBanned::new));
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

    /** Makes an event that lists {@code names} of {@code total}. */
    interface NameListing {
        RoomEvent make(long total, List<String> names);
    }

    /** The events that name some of a total: a /who's answer, and many arrivals or departures at once. */
    static Stream<Arguments> nameListings() {
        return Stream.of(
                Arguments.of(
                        "MemberList", (NameListing) (total, names) -> new RoomEvent.MemberList("lobby", total, names)),
                Arguments.of("ManyJoined", (NameListing) RoomEvent.ManyJoined::new),
                Arguments.of("ManyLeft", (NameListing) RoomEvent.ManyLeft::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameListings")
    void aNameListingRefusesMoreNamesThanItsTotal(String kind, NameListing listing) {
        assertIllegal("2 names listed of 1", () -> listing.make(1, List.of("bob", "alice")));
        assertIllegal("1 names listed of 0", () -> listing.make(0, List.of("bob")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameListings")
    void aNameListingAcceptsAsManyNamesAsItsTotalOrFewer(String kind, NameListing listing) {
        assertEquals(listing.make(2, List.of("bob", "小明")), listing.make(2, Arrays.asList("bob", "小明")));
        assertEquals(listing.make(0xFFFF_FFFFL, List.of("bob")), listing.make(0xFFFF_FFFFL, List.of("bob")));
        assertNotEquals(listing.make(3, List.of("bob")), listing.make(4, List.of("bob")));
        assertEquals(listing.make(0, List.of()), listing.make(0, new ArrayList<>()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameListings")
    void aNameListingRefusesNullNamesOrANullName(String kind, NameListing listing) {
        assertThrows(NullPointerException.class, () -> listing.make(1, null));
        assertThrows(NullPointerException.class, () -> listing.make(2, Arrays.asList("bob", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameListings")
    void aNameListingRefusesTheNamesAnEventRefuses(String kind, NameListing listing) {
        assertIllegal("name is empty", () -> listing.make(2, List.of("bob", "")));
        assertIllegal("name has surrounding whitespace: ' bob'", () -> listing.make(1, List.of(" bob")));
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> listing.make(1, List.of("b\0b")));
        assertIllegal("name takes over 255 bytes", () -> listing.make(1, List.of("中".repeat(86))));
        assertIllegal("name has an unpaired surrogate at index 0", () -> listing.make(1, List.of("\uDC00b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameListings")
    void aNameListingKeepsACopyOfItsNames(String kind, NameListing listing) {
        List<String> names = new ArrayList<>(List.of("bob"));
        RoomEvent event = listing.make(5, names);

        names.add("alice");

        assertEquals(listing.make(5, List.of("bob")), event);
    }

    @Test
    void manyJoinedIsNotManyLeft() {
        assertNotEquals(
                (Object) new RoomEvent.ManyJoined(2, List.of("bob")), new RoomEvent.ManyLeft(2, List.of("bob")));
        assertEquals(List.of("bob"), new RoomEvent.ManyLeft(2, List.of("bob")).names());
        assertEquals(2, new RoomEvent.ManyJoined(2, List.of("bob")).total());
        assertThrows(
                UnsupportedOperationException.class,
                () -> new RoomEvent.ManyJoined(2, List.of("bob")).names().add("x"));
    }

    // ---------------------------------------------------------------------------------------------
    // History and Missed

    @Test
    void historyRefusesAHistoryInside() {
        RoomEvent.History inner = new RoomEvent.History(1, 0, new RoomEvent.Said("bob", "hi"));
        assertIllegal("a history event holds a history event", () -> new RoomEvent.History(2, 0, inner));
    }

    @Test
    void historyRefusesATimeBefore1970AndALineOutOfRange() {
        RoomEvent said = new RoomEvent.Said("bob", "hi");
        assertIllegal("atMillis -1 is before 1970", () -> new RoomEvent.History(1, -1, said));
        assertIllegal("line -1 is not in 0..2^32-1", () -> new RoomEvent.History(-1, 0, said));
        assertIllegal("line 4294967296 is not in 0..2^32-1", () -> new RoomEvent.History(1L << 32, 0, said));
        assertThrows(NullPointerException.class, () -> new RoomEvent.History(1, 0, null));
    }

    @Test
    void encodingAHistoryOfABodyIsEncodingTheRecord() {
        RoomEvent said = new RoomEvent.Said("bob", "hi");
        assertArrayEquals(
                EventCodec.encode(new RoomEvent.History(7, 1_764_590_520_000L, said)),
                EventCodec.history(7, 1_764_590_520_000L, EventCodec.encode(said)));
    }

    @Test
    void aHistoryOfABodyRefusesAHistoryInsideAndWhatWouldNotFit() {
        byte[] history = EventCodec.encode(new RoomEvent.History(1, 0, new RoomEvent.Said("bob", "hi")));
        assertIllegal("a history holds one event, and not another history", () -> EventCodec.history(2, 0, history));
        byte[] tooLong = new byte[EventCodec.MAX_BODY_BYTES - EventCodec.HISTORY_PREFIX_BYTES + 1];
        tooLong[0] = 1;
        assertIllegal("a history of 1132 bytes would take over 1144 bytes", () -> EventCodec.history(1, 0, tooLong));
    }

    @Test
    void missedRefusesARoomThatIsNoName() {
        assertIllegal("name has surrounding whitespace: ' lobby'", () -> new RoomEvent.Missed(1, " lobby"));
        assertIllegal("lines -1 is not in 0..2^32-1", () -> new RoomEvent.Missed(-1, "lobby"));
        assertEquals("", new RoomEvent.Missed(3, "").room()); // private messages
    }

    // ---------------------------------------------------------------------------------------------
    // Unrecognized

    @Test
    void unrecognizedRefusesEveryKindThisSideKnows() {
        for (int kind = 1; kind <= 31; kind++) {
            int known = kind;
            assertIllegal(
                    "kind " + kind + " is known here: it has its own record", () -> new RoomEvent.Unrecognized(known));
        }
    }

    @Test
    void unrecognizedRefusesZeroAndWhatIsNoByte() {
        for (int kind : new int[] {0, -1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertIllegal("kind " + kind + " is not in 1..255", () -> new RoomEvent.Unrecognized(kind));
        }
    }

    @Test
    void unrecognizedTakesEveryOtherKind() {
        for (int kind = 32; kind <= 255; kind++) {
            assertEquals(kind, new RoomEvent.Unrecognized(kind).kind());
        }
        assertNotEquals(new RoomEvent.Unrecognized(32), new RoomEvent.Unrecognized(33));
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
