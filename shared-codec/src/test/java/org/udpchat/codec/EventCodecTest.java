package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.udpchat.codec.NativeBytes.FAMILY;
import static org.udpchat.codec.NativeBytes.LONGEST_NAME;
import static org.udpchat.codec.NativeBytes.MAX_U32;
import static org.udpchat.codec.NativeBytes.TOKEN;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.hex;
import static org.udpchat.codec.NativeBytes.longestTextAfter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Event bodies: each kind's layout, encoded once for every recipient of an EVENT. */
class EventCodecTest {

    /** One or more of every event kind, at the edges of its fields. */
    static Stream<RoomEvent> roomEvents() {
        List<RoomEvent> events = new ArrayList<>();
        events.add(new RoomEvent.Said("bob", "hi"));
        events.add(new RoomEvent.Said("小明", "你好 😀 " + FAMILY));
        events.add(new RoomEvent.Said("bob", "  runs   of   spaces  "));
        events.add(new RoomEvent.Said(LONGEST_NAME, "x"));
        events.add(new RoomEvent.Said("bob", "x".repeat(longestTextAfter("bob"))));
        events.add(new RoomEvent.Joined("bob"));
        events.add(new RoomEvent.Joined("😀"));
        events.add(new RoomEvent.Left("小明"));
        events.add(new RoomEvent.TimedOut("bob smith"));
        events.add(new RoomEvent.Kicked("bob", ""));
        events.add(new RoomEvent.Kicked("bob", "spamming 广告 😀"));
        events.add(new RoomEvent.Kicked("bob", " "));
        events.add(new RoomEvent.Dropped("bob"));
        events.add(new RoomEvent.Announced("服务器将在 5 分钟后关闭 😀"));
        events.add(new RoomEvent.Announced(" "));
        events.add(new RoomEvent.Closing());
        events.add(new RoomEvent.YouWereKicked(""));
        events.add(new RoomEvent.YouWereKicked("be nice"));
        for (ChatText.Problem problem : ChatText.Problem.values()) {
            events.add(new RoomEvent.NotRelayed(problem));
        }
        events.add(new RoomEvent.YouAreIn("lobby", 1));
        events.add(new RoomEvent.YouAreIn("大厅", MAX_U32));
        events.add(new RoomEvent.YouAreIn(LONGEST_NAME, 0));
        events.add(new RoomEvent.RoomList(0, List.of()));
        events.add(new RoomEvent.RoomList(MAX_U32, List.of()));
        events.add(new RoomEvent.RoomList(
                3,
                List.of(
                        new RoomEvent.RoomCount("lobby", 2),
                        new RoomEvent.RoomCount("大厅", 0),
                        new RoomEvent.RoomCount("😀", MAX_U32))));
        events.add(new RoomEvent.RoomList(1, List.of(new RoomEvent.RoomCount("rust  dev", 1))));
        events.add(longestRoomList());
        events.add(new RoomEvent.MemberList("lobby", 0, List.of()));
        events.add(new RoomEvent.MemberList("lobby", MAX_U32, List.of()));
        events.add(new RoomEvent.MemberList("大厅", 3, List.of("bob", "小明", "😀")));
        events.add(new RoomEvent.MemberList("lobby", 100, List.of("bob smith")));
        events.add(new RoomEvent.MemberList(LONGEST_NAME, 1, List.of(LONGEST_NAME)));
        events.add(longestMemberList());
        events.add(new RoomEvent.PrivateFrom("bob", "hi"));
        events.add(new RoomEvent.PrivateFrom("小明", "你好 😀 " + FAMILY));
        events.add(new RoomEvent.PrivateFrom("bob", "x".repeat(longestTextAfter("bob"))));
        events.add(new RoomEvent.PrivateTo("alice", "  runs   of   spaces  "));
        events.add(new RoomEvent.PrivateTo(LONGEST_NAME, "x"));
        events.add(new RoomEvent.Acted("bob", "waves"));
        events.add(new RoomEvent.Acted("小明", "挥手 😀"));
        events.add(new RoomEvent.Acted("bob", " "));
        events.add(new RoomEvent.Renamed("bob", "rob"));
        events.add(new RoomEvent.Renamed("小明", LONGEST_NAME));
        events.add(new RoomEvent.Renamed("😀", "bob smith"));
        for (Failure failure : Failure.values()) {
            events.add(new RoomEvent.Failed(failure, 0, ""));
        }
        events.add(new RoomEvent.Failed(Failure.ROOM_FULL, 64, "lobby"));
        events.add(new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, "小明"));
        events.add(new RoomEvent.Failed(Failure.BAD_ROOM_NAME, 32, " not a room name "));
        events.add(new RoomEvent.Failed(Failure.MUTED, MAX_U32, ""));
        events.add(new RoomEvent.Muted(0));
        events.add(new RoomEvent.Muted(10));
        events.add(new RoomEvent.Muted(MAX_U32));
        events.add(new RoomEvent.Unmuted());
        events.add(new RoomEvent.ManyJoined(0, List.of()));
        events.add(new RoomEvent.ManyJoined(MAX_U32, List.of()));
        events.add(new RoomEvent.ManyJoined(12, List.of("alice", "bob", "carol")));
        events.add(new RoomEvent.ManyJoined(3, List.of("小明", "😀", "bob smith")));
        events.add(new RoomEvent.ManyJoined(1, List.of(LONGEST_NAME)));
        events.add(longestManyJoined());
        events.add(new RoomEvent.ManyLeft(0, List.of()));
        events.add(new RoomEvent.ManyLeft(MAX_U32, List.of("bob")));
        events.add(new RoomEvent.ManyLeft(2, List.of("小明", "bob")));
        events.add(longestManyLeft());
        events.add(new RoomEvent.SlowedDown(0));
        events.add(new RoomEvent.SlowedDown(2));
        events.add(new RoomEvent.SlowedDown(MAX_U32));
        events.add(new RoomEvent.Went("alice", "games"));
        events.add(new RoomEvent.Went(LONGEST_NAME, LONGEST_NAME));
        events.add(new RoomEvent.Came("小明", "lobby"));
        events.add(new RoomEvent.Came(LONGEST_NAME, "😀"));
        events.add(new RoomEvent.AnnouncedToRoom("games", "tea at five"));
        events.add(new RoomEvent.AnnouncedToRoom("游戏", "  spaced  "));
        events.add(new RoomEvent.Banned("bob", 0));
        events.add(new RoomEvent.Banned("小明", 5));
        events.add(new RoomEvent.Banned(LONGEST_NAME, MAX_U32));
        events.add(new RoomEvent.YouWereBanned(0));
        events.add(new RoomEvent.YouWereBanned(1));
        events.add(new RoomEvent.YouWereBanned(MAX_U32));
        events.add(new RoomEvent.History(1, 0, new RoomEvent.Said("bob", "hi")));
        events.add(new RoomEvent.History(MAX_U32, Long.MAX_VALUE, new RoomEvent.Acted("小明", "挥手 😀")));
        events.add(new RoomEvent.History(0, 1_764_590_520_000L, new RoomEvent.PrivateFrom("bob", "  runs  ")));
        events.add(new RoomEvent.History(7, 1, new RoomEvent.Announced("服务器将在 5 分钟后关闭")));
        events.add(new RoomEvent.History(7, 1, new RoomEvent.AnnouncedToRoom("games", "tea")));
        events.add(new RoomEvent.History(2, 3, new RoomEvent.Closing()));
        events.add(new RoomEvent.History(2, 3, new RoomEvent.Unrecognized(99)));
        // the longest chat bob can say to a room, whose classic line "bob : ..." fills 1024 bytes
        events.add(new RoomEvent.History(3, 4, new RoomEvent.Said("bob", "x".repeat(1018))));
        events.add(new RoomEvent.Missed(0, ""));
        events.add(new RoomEvent.Missed(37, "lobby"));
        events.add(new RoomEvent.Missed(MAX_U32, LONGEST_NAME));
        events.add(new RoomEvent.TakesLineIds());
        events.add(new RoomEvent.Unrecognized(32));
        events.add(new RoomEvent.Unrecognized(0x80));
        events.add(new RoomEvent.Unrecognized(255));
        return events.stream();
    }

    /** A room list whose EVENT takes exactly the native limit: 20 + 1 + 4 + 4 × (1 + 255 + 4) + (1 + 94 + 4). */
    static RoomEvent.RoomList longestRoomList() {
        List<RoomEvent.RoomCount> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rooms.add(new RoomEvent.RoomCount(String.valueOf((char) ('a' + i)).repeat(255), i));
        }
        rooms.add(new RoomEvent.RoomCount("e".repeat(94), MAX_U32));
        return new RoomEvent.RoomList(MAX_U32, rooms);
    }

    /** A member list whose EVENT takes exactly the native limit: 20 + 1 + 6 + 4 + 4 × (1 + 255) + (1 + 108). */
    static RoomEvent.MemberList longestMemberList() {
        List<String> names = new ArrayList<>();
        for (char c = 'a'; c < 'e'; c++) {
            names.add(String.valueOf(c).repeat(255));
        }
        names.add("e".repeat(108));
        return new RoomEvent.MemberList("lobby", 5, names);
    }

    /** Names whose MANY_JOINED or MANY_LEFT takes exactly the native limit: 20 + 1 + 4 + 4 × (1 + 255) + (1 + 114). */
    private static List<String> longestArrivals() {
        List<String> names = new ArrayList<>();
        for (char c = 'a'; c < 'e'; c++) {
            names.add(String.valueOf(c).repeat(255));
        }
        names.add("e".repeat(114));
        return names;
    }

    static RoomEvent.ManyJoined longestManyJoined() {
        return new RoomEvent.ManyJoined(MAX_U32, longestArrivals());
    }

    static RoomEvent.ManyLeft longestManyLeft() {
        return new RoomEvent.ManyLeft(5, longestArrivals());
    }

    @ParameterizedTest
    @MethodSource("roomEvents")
    void lengthIsWhatEncodeWrites(RoomEvent event) {
        // The length runs the kind's writer against a counting writer: the two must agree.
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        EventCodec.encode(event, out);

        assertEquals(out.position(), EventCodec.length(event));
        assertArrayEquals(Arrays.copyOf(out.array(), out.position()), EventCodec.encode(event));
    }

    @ParameterizedTest
    @MethodSource("roomEvents")
    void headerThenBodyMakeTheSameBytesAsTheWholeEvent(RoomEvent event) {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        NativeCodec.writeEventHeader(TOKEN, MAX_U32, 12, out);
        EventCodec.encode(event, out);

        assertArrayEquals(
                NativeCodec.encode(new NativeServerPacket.Event(TOKEN, MAX_U32, 12, event)),
                Arrays.copyOf(out.array(), out.position()));
    }

    @ParameterizedTest
    @MethodSource("roomEvents")
    void decodeReadsBackWhatEncodeWrote(RoomEvent event) throws MalformedPacketException {
        assertEquals(event, EventCodec.decode(EventCodec.encode(event)));
    }

    @Test
    void decodeRefusesAnEmptyBody() {
        MalformedPacketException refused =
                assertThrows(MalformedPacketException.class, () -> EventCodec.decode(new byte[0]));
        assertEquals(MalformedPacketException.Reason.BAD_LENGTH, refused.reason(), refused.getMessage());
    }

    @Test
    void oneBodyServesManyHeaders() throws MalformedPacketException {
        RoomEvent said = new RoomEvent.Said("小明", "你好");
        ByteBuffer body = ByteBuffer.wrap(EventCodec.encode(said));

        for (long token : new long[] {Long.MIN_VALUE, -1L, 1L, TOKEN, Long.MAX_VALUE}) {
            ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
            NativeCodec.writeEventHeader(token, 9, 4, out);
            out.put(body.duplicate());
            out.flip();

            assertEquals(new NativeServerPacket.Event(token, 9, 4, said), NativeCodec.decodeServerPacket(out));
        }
    }

    @Test
    void eventHeaderTakesTheSessionHeaderBytes() {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        NativeCodec.writeEventHeader(TOKEN, 7, 3, out);

        assertEquals(NativeCodec.SESSION_HEADER_BYTES, out.position());
        assertArrayEquals(
                hex("FF AC 02 84 " + TOKEN_HEX + " 00 00 00 07  00 00 00 03"), Arrays.copyOf(out.array(), 20));
    }

    @Test
    void longestListingsTakeExactlyTheNativeLimit() throws MalformedPacketException {
        assertEquals(1144, EventCodec.MAX_BODY_BYTES);
        for (RoomEvent listing :
                List.of(longestRoomList(), longestMemberList(), longestManyJoined(), longestManyLeft())) {
            assertEquals(EventCodec.MAX_BODY_BYTES, EventCodec.length(listing), listing.toString());
            NativeServerPacket.Event event = new NativeServerPacket.Event(TOKEN, 1, 0, listing);

            byte[] bytes = NativeCodec.encode(event);

            assertEquals(Limits.MAX_NATIVE_DATAGRAM_BYTES, bytes.length);
            assertEquals(event, NativeCodec.decodeServerPacket(ByteBuffer.wrap(bytes)));
        }
    }

    @Test
    void longestSaidEventTakesExactlyTheNativeLimit() {
        RoomEvent said = new RoomEvent.Said(LONGEST_NAME, "y".repeat(longestTextAfter(LONGEST_NAME)));

        assertEquals(
                Limits.MAX_NATIVE_DATAGRAM_BYTES,
                NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, said)).length);
    }

    @Test
    void roomsThatFitAreAsManyAsOneEventCarries() {
        List<RoomEvent.RoomCount> longest = longestRoomList().rooms();
        List<RoomEvent.RoomCount> more = new ArrayList<>(longest);
        more.add(new RoomEvent.RoomCount("f", 1));

        assertEquals(longest, EventCodec.roomsThatFit(more));
        assertEquals(longest, EventCodec.roomsThatFit(longest));
        assertEquals(longest.subList(0, 4), EventCodec.roomsThatFit(withLongerLast(longest)));
        assertEquals(List.of(), EventCodec.roomsThatFit(List.of()));
    }

    @Test
    void namesThatFitAreAsManyAsOneEventCarries() {
        List<String> longest = longestMemberList().names();
        List<String> more = new ArrayList<>(longest);
        more.add("f");

        assertEquals(longest, EventCodec.namesThatFit("lobby", more));
        assertEquals(longest.subList(0, 4), EventCodec.namesThatFit("lobby1", longest), "a longer room takes room");
        assertEquals(List.of(), EventCodec.namesThatFit("lobby", List.of()));
    }

    @Test
    void arrivalsThatFitAreAsManyAsOneManyJoinedOrManyLeftCarries() {
        List<String> longest = longestArrivals();
        List<String> more = new ArrayList<>(longest);
        more.add("f");
        List<String> longer = new ArrayList<>(longest);
        longer.set(4, longer.get(4) + "e");

        assertEquals(longest, EventCodec.arrivalsThatFit(more));
        assertEquals(longest, EventCodec.arrivalsThatFit(longest));
        assertEquals(longest.subList(0, 4), EventCodec.arrivalsThatFit(longer), "one byte over: the last one goes");
        assertEquals(List.of(), EventCodec.arrivalsThatFit(List.of()));
        assertEquals(List.of("alice", "bob"), EventCodec.arrivalsThatFit(List.of("alice", "bob")));
    }

    @Test
    void arrivalsThatFitFitEitherKind() {
        List<String> fitting = EventCodec.arrivalsThatFit(longestArrivals());

        assertEquals(EventCodec.MAX_BODY_BYTES, EventCodec.length(new RoomEvent.ManyJoined(MAX_U32, fitting)));
        assertEquals(EventCodec.MAX_BODY_BYTES, EventCodec.length(new RoomEvent.ManyLeft(MAX_U32, fitting)));
    }

    /** {@code rooms} with one byte more in the last room's name. */
    private static List<RoomEvent.RoomCount> withLongerLast(List<RoomEvent.RoomCount> rooms) {
        List<RoomEvent.RoomCount> longer = new ArrayList<>(rooms);
        RoomEvent.RoomCount last = longer.remove(longer.size() - 1);
        longer.add(new RoomEvent.RoomCount(last.room() + "e", last.members()));
        return longer;
    }

    @Test
    void anUnrecognizedEventIsItsKindAlone() {
        assertArrayEquals(hex("63"), EventCodec.encode(new RoomEvent.Unrecognized(99)));
        assertEquals(1, EventCodec.length(new RoomEvent.Unrecognized(255)));
    }

    @Test
    void knowsTheKindsWithARowAndNoOther() {
        for (int kind = 0; kind < 256; kind++) {
            assertEquals(kind >= 1 && kind <= 31, EventCodec.knows(kind), "kind " + kind);
        }
    }

    @Test
    void encodesEveryEventKindWithItsNumber() {
        int[] kinds = {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 99
        };
        RoomEvent[] events = {
            new RoomEvent.Said("a", "b"),
            new RoomEvent.Joined("a"),
            new RoomEvent.Left("a"),
            new RoomEvent.TimedOut("a"),
            new RoomEvent.Kicked("a", ""),
            new RoomEvent.Dropped("a"),
            new RoomEvent.Announced("b"),
            new RoomEvent.Closing(),
            new RoomEvent.YouWereKicked(""),
            new RoomEvent.NotRelayed(ChatText.Problem.EMPTY),
            new RoomEvent.YouAreIn("r", 0),
            new RoomEvent.RoomList(0, List.of()),
            new RoomEvent.MemberList("r", 0, List.of()),
            new RoomEvent.PrivateFrom("a", "b"),
            new RoomEvent.PrivateTo("a", "b"),
            new RoomEvent.Acted("a", "b"),
            new RoomEvent.Renamed("a", "c"),
            new RoomEvent.Failed(Failure.NO_SUCH_MEMBER, 0, ""),
            new RoomEvent.Muted(0),
            new RoomEvent.Unmuted(),
            new RoomEvent.ManyJoined(0, List.of()),
            new RoomEvent.ManyLeft(0, List.of()),
            new RoomEvent.SlowedDown(0),
            new RoomEvent.Went("a", "r"),
            new RoomEvent.Came("a", "r"),
            new RoomEvent.AnnouncedToRoom("r", "b"),
            new RoomEvent.Banned("a", 0),
            new RoomEvent.YouWereBanned(0),
            new RoomEvent.History(1, 0, new RoomEvent.Said("a", "b")),
            new RoomEvent.Missed(0, ""),
            new RoomEvent.TakesLineIds(),
            new RoomEvent.Unrecognized(99)
        };
        assertEquals(kinds.length, events.length);
        for (int i = 0; i < events.length; i++) {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, events[i]));
            assertEquals(kinds[i], bytes[NativeCodec.SESSION_HEADER_BYTES], events[i].toString());
        }
    }
}
