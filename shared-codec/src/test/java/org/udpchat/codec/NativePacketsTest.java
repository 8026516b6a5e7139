package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The invariants the native packet records' constructors enforce, each with its message. */
class NativePacketsTest {

    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final Cookie COOKIE = new Cookie(1, 2, 3);
    private static final String NAME_OF_255_BYTES = "中".repeat(85);
    private static final String NAME_OF_256_BYTES = "x" + NAME_OF_255_BYTES;

    // ---------------------------------------------------------------------------------------------
    // Hello

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 1199, 1200})
    void helloAcceptsSizesFrom64To1200(int size) {
        assertEquals(size, new NativeClientPacket.Hello(size).size());
        assertEquals(size, new NativeClientPacket.Hello(-1, size).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 4, 24, 63})
    void helloRefusesSizeUnder64(int size) {
        assertIllegal("size " + size + " is not in 64..1200", () -> new NativeClientPacket.Hello(size));
        assertIllegal("size " + size + " is not in 64..1200", () -> new NativeClientPacket.Hello(-1, size));
    }

    @ParameterizedTest
    @ValueSource(ints = {1201, 65_507, Integer.MAX_VALUE})
    void helloRefusesSizeOver1200(int size) {
        assertIllegal("size " + size + " is not in 64..1200", () -> new NativeClientPacket.Hello(size));
        assertIllegal("size " + size + " is not in 64..1200", () -> new NativeClientPacket.Hello(Long.MIN_VALUE, size));
    }

    @Test
    void helloAndLoginHaveNoToken() {
        assertEquals(0, new NativeClientPacket.Hello(64).token());
        assertEquals(0, new NativeClientPacket.Login(COOKIE, TOKEN, "bob").token());
        assertEquals(0, new NativeClientPacket.Hello(TOKEN, 64).token());
        assertEquals(0, new NativeClientPacket.Login(COOKIE, TOKEN, TOKEN, "bob", "").token());
    }

    // ---------------------------------------------------------------------------------------------
    // The handshake's nonce

    @Test
    void handshakePacketsTakeAnyNonce() {
        for (long nonce : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(nonce, new NativeClientPacket.Hello(nonce, 64).nonce());
            assertEquals(nonce, new NativeClientPacket.Login(COOKIE, TOKEN, nonce, "bob", "lobby").nonce());
            assertEquals(nonce, new NativeServerPacket.Challenge(COOKIE, nonce).nonce());
            assertEquals(nonce, new NativeServerPacket.Welcome(TOKEN, nonce, "bob", "lobby").nonce());
            assertEquals(nonce, new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64, nonce).nonce());
        }
    }

    @Test
    void handshakePacketsWithoutANonceHaveNonceZero() {
        assertEquals(new NativeClientPacket.Hello(0, 200), new NativeClientPacket.Hello(200));
        assertEquals(
                new NativeClientPacket.Login(COOKIE, 7, 0, "bob", ""), new NativeClientPacket.Login(COOKIE, 7, "bob"));
        assertEquals(
                new NativeClientPacket.Login(COOKIE, 7, 0, "bob", "lobby"),
                new NativeClientPacket.Login(COOKIE, 7, "bob", "lobby"));
        assertEquals(new NativeServerPacket.Challenge(COOKIE, 0), new NativeServerPacket.Challenge(COOKIE));
        assertEquals(
                new NativeServerPacket.Welcome(TOKEN, 0, "bob", "lobby"),
                new NativeServerPacket.Welcome(TOKEN, "bob", "lobby"));
        assertEquals(new NativeServerPacket.Welcome(TOKEN, 0, "bob", ""), new NativeServerPacket.Welcome(TOKEN, "bob"));
        assertEquals(
                new NativeServerPacket.Refused(RefusalReason.BANNED, 0, 0),
                new NativeServerPacket.Refused(RefusalReason.BANNED, 0));
    }

    @Test
    void theNonceTellsHandshakePacketsApart() {
        assertNotEquals(new NativeClientPacket.Hello(1, 64), new NativeClientPacket.Hello(64));
        assertNotEquals(
                new NativeClientPacket.Login(COOKIE, 7, 1, "bob", ""), new NativeClientPacket.Login(COOKIE, 7, "bob"));
        assertNotEquals(new NativeServerPacket.Challenge(COOKIE, 1), new NativeServerPacket.Challenge(COOKIE));
        assertNotEquals(
                new NativeServerPacket.Welcome(TOKEN, 1, "bob", ""), new NativeServerPacket.Welcome(TOKEN, "bob"));
        assertNotEquals(
                new NativeServerPacket.Refused(RefusalReason.BANNED, 0, 1),
                new NativeServerPacket.Refused(RefusalReason.BANNED, 0));
    }

    @Test
    void handshakePacketsWithANonceKeepTheirOtherChecks() {
        assertNullPointer("cookie == null", () -> new NativeClientPacket.Login(null, 0, -1, "bob", ""));
        assertIllegal("name is empty", () -> new NativeClientPacket.Login(COOKIE, 0, -1, "", ""));
        assertIllegal(
                "name takes over 255 bytes",
                () -> new NativeClientPacket.Login(COOKIE, 0, -1, "bob", NAME_OF_256_BYTES));
        assertNullPointer("cookie == null", () -> new NativeServerPacket.Challenge(null, -1));
        assertIllegal("token == 0: no session has that token", () -> new NativeServerPacket.Welcome(0, -1, "bob", ""));
        assertIllegal("name is empty", () -> new NativeServerPacket.Welcome(TOKEN, -1, "", ""));
        assertNullPointer("reason == null", () -> new NativeServerPacket.Refused(null, 0, -1));
        assertIllegal(
                "limit -1 is not in 0..2^32-1", () -> new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, -1, -1));
    }

    @Test
    void loginWithTheLongestNameAndRoomAndANonceFits() {
        // 4 + 20 + 8 + 8 + 255 + 1 + 255 = 551: far under the limit, however the nonce is set
        assertDoesNotThrow(
                () -> new NativeClientPacket.Login(COOKIE, -1, Long.MIN_VALUE, NAME_OF_255_BYTES, NAME_OF_255_BYTES));
    }

    // ---------------------------------------------------------------------------------------------
    // Login and Welcome: native names

    @Test
    void loginRefusesNullCookie() {
        assertNullPointer("cookie == null", () -> new NativeClientPacket.Login(null, 0, "bob"));
    }

    @Test
    void loginRefusesNullName() {
        assertNullPointer("name == null", () -> new NativeClientPacket.Login(COOKIE, 0, null));
    }

    @Test
    void loginRefusesEmptyName() {
        assertIllegal("name is empty", () -> new NativeClientPacket.Login(COOKIE, 0, ""));
    }

    @Test
    void loginRefusesNameWithSurroundingWhitespace() {
        assertIllegal("name has surrounding whitespace: ' bob'", () -> new NativeClientPacket.Login(COOKIE, 0, " bob"));
        assertIllegal(
                "name has surrounding whitespace: 'bob\\u000A'",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob\n"));
    }

    @Test
    void loginAcceptsNameOf255Bytes() {
        assertEquals(255, Utf8.encodedLength(NAME_OF_255_BYTES));
        assertDoesNotThrow(() -> new NativeClientPacket.Login(COOKIE, 0, NAME_OF_255_BYTES));
    }

    @Test
    void loginRefusesNameOver255Bytes() {
        assertIllegal("name takes over 255 bytes", () -> new NativeClientPacket.Login(COOKIE, 0, NAME_OF_256_BYTES));
        assertIllegal("name takes over 255 bytes", () -> new NativeClientPacket.Login(COOKIE, 0, "x".repeat(256)));
    }

    @Test
    void loginRefusesNameWithALoneSurrogate() {
        assertIllegal(
                "name has an unpaired surrogate at index 3",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob\uD800"));
        assertIllegal(
                "name has an unpaired surrogate at index 0",
                () -> new NativeClientPacket.Login(COOKIE, 0, "\uDE00bob"));
    }

    @Test
    void loginTakesAnyPreviousToken() {
        for (long previous : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(previous, new NativeClientPacket.Login(COOKIE, previous, "bob").previousToken());
        }
    }

    @Test
    void loginRefusesNameWithANul() {
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob\0lobby"));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire", () -> new NativeClientPacket.Login(COOKIE, 0, "\0"));
    }

    @Test
    void loginWithoutARoomHasAnEmptyRoom() {
        assertEquals("", new NativeClientPacket.Login(COOKIE, 0, "bob").room());
        assertEquals(
                new NativeClientPacket.Login(COOKIE, 7, "bob", ""), new NativeClientPacket.Login(COOKIE, 7, "bob"));
    }

    @Test
    void loginAcceptsRoomsUpTo255Bytes() {
        for (String room : new String[] {"lobby", "大厅", "rust  dev", "😀", Names.ADMINISTRATOR, NAME_OF_255_BYTES}) {
            assertEquals(room, new NativeClientPacket.Login(COOKIE, 0, "bob", room).room());
        }
    }

    @Test
    void loginRefusesNullRoom() {
        assertNullPointer("room == null", () -> new NativeClientPacket.Login(COOKIE, 0, "bob", null));
    }

    @Test
    void loginRefusesRoomWithSurroundingWhitespace() {
        assertIllegal(
                "name has surrounding whitespace: ' lobby'",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob", " lobby"));
        assertIllegal(
                "name has surrounding whitespace: 'lobby\u3000'",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob", "lobby\u3000"));
    }

    @Test
    void loginRefusesRoomWithANul() {
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob", "lob\0by"));
    }

    @Test
    void loginRefusesRoomOver255Bytes() {
        assertIllegal(
                "name takes over 255 bytes", () -> new NativeClientPacket.Login(COOKIE, 0, "bob", NAME_OF_256_BYTES));
    }

    @Test
    void loginRefusesRoomWithALoneSurrogate() {
        assertIllegal(
                "name has an unpaired surrogate at index 0",
                () -> new NativeClientPacket.Login(COOKIE, 0, "bob", "\uD800lobby"));
    }

    @Test
    void welcomeRefusesTokenZero() {
        assertIllegal("token == 0: no session has that token", () -> new NativeServerPacket.Welcome(0, "bob"));
    }

    @Test
    void welcomeRefusesTheNamesLoginRefuses() {
        assertNullPointer("name == null", () -> new NativeServerPacket.Welcome(TOKEN, null));
        assertIllegal("name is empty", () -> new NativeServerPacket.Welcome(TOKEN, ""));
        assertIllegal("name has surrounding whitespace: 'bob '", () -> new NativeServerPacket.Welcome(TOKEN, "bob "));
        assertIllegal("name takes over 255 bytes", () -> new NativeServerPacket.Welcome(TOKEN, NAME_OF_256_BYTES));
        assertIllegal(
                "name has an unpaired surrogate at index 1", () -> new NativeServerPacket.Welcome(TOKEN, "b\uDC00b"));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire", () -> new NativeServerPacket.Welcome(TOKEN, "b\0b"));
    }

    @Test
    void welcomeRefusesTheRoomsLoginRefuses() {
        assertNullPointer("room == null", () -> new NativeServerPacket.Welcome(TOKEN, "bob", null));
        assertIllegal(
                "name has surrounding whitespace: 'lobby '",
                () -> new NativeServerPacket.Welcome(TOKEN, "bob", "lobby "));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeServerPacket.Welcome(TOKEN, "bob", "lob\0by"));
        assertIllegal(
                "name takes over 255 bytes", () -> new NativeServerPacket.Welcome(TOKEN, "bob", NAME_OF_256_BYTES));
        assertIllegal(
                "name has an unpaired surrogate at index 5",
                () -> new NativeServerPacket.Welcome(TOKEN, "bob", "lobby\uDC00"));
    }

    @Test
    void welcomeWithoutARoomHasAnEmptyRoom() {
        assertEquals("", new NativeServerPacket.Welcome(TOKEN, "bob").room());
        assertEquals(new NativeServerPacket.Welcome(TOKEN, "bob", ""), new NativeServerPacket.Welcome(TOKEN, "bob"));
        assertEquals(NAME_OF_255_BYTES, new NativeServerPacket.Welcome(TOKEN, "bob", NAME_OF_255_BYTES).room());
    }

    // ---------------------------------------------------------------------------------------------
    // Session header fields: token, seq, ack

    @Test
    void sessionPacketsRefuseTokenZero() {
        String message = "token == 0: no session has that token";
        assertIllegal(message, () -> new NativeClientPacket.Chat(0, 1, 0, "hi"));
        assertIllegal(message, () -> new NativeClientPacket.Quit(0, 1, 0));
        assertIllegal(message, () -> new NativeClientPacket.Ack(0, 0));
        assertIllegal(message, () -> new NativeClientPacket.Ping(0, 0));
        assertIllegal(message, () -> new NativeClientPacket.PathResponse(0, 5));
        assertIllegal(message, () -> new NativeClientPacket.Request(0, 1, 0, new RoomRequest.ListRooms()));
        assertIllegal(message, () -> new NativeServerPacket.Event(0, 1, 0, new RoomEvent.Closing()));
        assertIllegal(message, () -> new NativeServerPacket.Ack(0, 0));
        assertIllegal(message, () -> new NativeServerPacket.Pong(0, 0));
        assertIllegal(message, () -> new NativeServerPacket.PathChallenge(0, 5));
        assertIllegal(message, () -> new NativeServerPacket.Ended(0, EndReason.QUIT));
    }

    @Test
    void sessionPacketsTakeEveryNonZeroToken() {
        for (long token : new long[] {Long.MIN_VALUE, -1, 1, Long.MAX_VALUE}) {
            assertEquals(token, new NativeClientPacket.Chat(token, 1, 0, "hi").token());
            assertEquals(token, new NativeServerPacket.Ended(token, EndReason.QUIT).token());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 0x1_0000_0000L, Long.MAX_VALUE})
    void reliablePacketsRefuseSeqOutside1To2To32Minus1(long seq) {
        String message = "seq " + seq + " is not in 1..2^32-1";
        assertIllegal(message, () -> new NativeClientPacket.Chat(TOKEN, seq, 0, "hi"));
        assertIllegal(message, () -> new NativeClientPacket.Quit(TOKEN, seq, 0));
        assertIllegal(message, () -> new NativeClientPacket.Request(TOKEN, seq, 0, new RoomRequest.ListRooms()));
        assertIllegal(message, () -> new NativeServerPacket.Event(TOKEN, seq, 0, new RoomEvent.Closing()));
    }

    @Test
    void reliablePacketsAcceptSeqFrom1To2To32Minus1() {
        for (long seq : new long[] {1, 0x8000_0000L, MAX_U32}) {
            assertEquals(seq, new NativeClientPacket.Chat(TOKEN, seq, 0, "hi").seq());
            assertEquals(seq, new NativeClientPacket.Quit(TOKEN, seq, 0).seq());
            assertEquals(seq, new NativeClientPacket.Request(TOKEN, seq, 0, new RoomRequest.ListRooms()).seq());
            assertEquals(seq, new NativeServerPacket.Event(TOKEN, seq, 0, new RoomEvent.Closing()).seq());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0x1_0000_0000L, Long.MAX_VALUE})
    void everyPacketRefusesAckOutside0To2To32Minus1(long ack) {
        String message = "ack " + ack + " is not in 0..2^32-1";
        assertIllegal(message, () -> new NativeClientPacket.Chat(TOKEN, 1, ack, "hi"));
        assertIllegal(message, () -> new NativeClientPacket.Quit(TOKEN, 1, ack));
        assertIllegal(message, () -> new NativeClientPacket.Ack(TOKEN, ack));
        assertIllegal(message, () -> new NativeClientPacket.Ping(TOKEN, ack));
        assertIllegal(message, () -> new NativeClientPacket.Request(TOKEN, 1, ack, new RoomRequest.ListRooms()));
        assertIllegal(message, () -> new NativeServerPacket.Event(TOKEN, 1, ack, new RoomEvent.Closing()));
        assertIllegal(message, () -> new NativeServerPacket.Ack(TOKEN, ack));
        assertIllegal(message, () -> new NativeServerPacket.Pong(TOKEN, ack));
    }

    @Test
    void everyPacketAcceptsAckFrom0To2To32Minus1() {
        for (long ack : new long[] {0, 1, MAX_U32}) {
            assertEquals(ack, new NativeClientPacket.Ack(TOKEN, ack).ack());
            assertEquals(ack, new NativeServerPacket.Pong(TOKEN, ack).ack());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Chat

    @Test
    void chatRefusesNullText() {
        assertNullPointer("text == null", () -> new NativeClientPacket.Chat(TOKEN, 1, 0, null));
    }

    @Test
    void chatRefusesEmptyText() {
        assertIllegal("text is empty", () -> new NativeClientPacket.Chat(TOKEN, 1, 0, ""));
    }

    @Test
    void chatRefusesTextWithALoneSurrogate() {
        assertIllegal(
                "text has an unpaired surrogate at index 1",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "a\uD800b"));
        assertIllegal(
                "text has an unpaired surrogate at index 2",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "😀\uDC00"));
    }

    @Test
    void chatKeepsItsTextExactly() {
        assertEquals("  hi  ", new NativeClientPacket.Chat(TOKEN, 1, 0, "  hi  ").text());
    }

    @Test
    void chatAcceptsDatagramOfExactly1200Bytes() {
        assertDoesNotThrow(() -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1180)));
    }

    @Test
    void chatRefusesDatagramOfOneByteOver1200() {
        assertIllegal(
                "chat takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1181)));
    }

    @Test
    void chatMeasuresItsTextInUtf8() {
        // 1178 ASCII + one 3-byte character = 1181 bytes of text, 1201 in all
        assertIllegal(
                "chat takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1178) + "中"));
        // 393 × 3 = 1179 + 20 = 1199: short in bytes, though it would be over 1024 in a classic line
        assertDoesNotThrow(() -> new NativeClientPacket.Chat(TOKEN, 1, 0, "中".repeat(393)));
    }

    // ---------------------------------------------------------------------------------------------
    // RoomRequest

    @Test
    void requestRefusesNullRequest() {
        assertNullPointer("request == null", () -> new NativeClientPacket.Request(TOKEN, 1, 0, null));
    }

    @Test
    void requestPacketHasTheSessionToken() {
        assertEquals(TOKEN, new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.ListRooms()).token());
    }

    @Test
    void requestAcceptsDatagramOfExactly1200Bytes() {
        // header 20, kind 1, length 1, name 3: 1175 bytes of private text remain; header 20, kind 1: 1179 of action
        assertDoesNotThrow(() ->
                new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.PrivateMessage("bob", "x".repeat(1175))));
        assertDoesNotThrow(() -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1179))));
    }

    @Test
    void requestRefusesDatagramOfOneByteOver1200() {
        assertIllegal(
                "request takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeClientPacket.Request(
                        TOKEN, 1, 0, new RoomRequest.PrivateMessage("bob", "x".repeat(1176))));
        assertIllegal(
                "request takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1180))));
    }

    @Test
    void requestMeasuresNameAndTextOfAPrivateMessageInUtf8() {
        // 20 + kind 1 + length 1 + name 255 = 277: 923 bytes of text fit, 924 do not
        assertDoesNotThrow(() -> new NativeClientPacket.Request(
                TOKEN, 1, 0, new RoomRequest.PrivateMessage(NAME_OF_255_BYTES, "x".repeat(923))));
        assertIllegal(
                "request takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeClientPacket.Request(
                        TOKEN, 1, 0, new RoomRequest.PrivateMessage(NAME_OF_255_BYTES, "x".repeat(922) + "é")));
    }

    // ---------------------------------------------------------------------------------------------
    // Cookie, Challenge, Refused, Event, Ended

    @Test
    void cookieRefusesTimeSlotOutside0To2To32Minus1() {
        assertIllegal("timeSlot -1 is not in 0..2^32-1", () -> new Cookie(-1, 0, 0));
        assertIllegal("timeSlot 4294967296 is not in 0..2^32-1", () -> new Cookie(0x1_0000_0000L, 0, 0));
        assertEquals(MAX_U32, new Cookie(MAX_U32, 0, 0).timeSlot());
    }

    @Test
    void challengeRefusesNullCookie() {
        assertNullPointer("cookie == null", () -> new NativeServerPacket.Challenge(null));
    }

    @Test
    void refusedRefusesNullReason() {
        assertNullPointer("reason == null", () -> new NativeServerPacket.Refused(null, 0));
    }

    @Test
    void refusedRefusesLimitOutside0To2To32Minus1() {
        assertIllegal(
                "limit -1 is not in 0..2^32-1", () -> new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, -1));
        assertIllegal(
                "limit 4294967296 is not in 0..2^32-1",
                () -> new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 0x1_0000_0000L));
    }

    @Test
    void eventRefusesNullEvent() {
        assertNullPointer("event == null", () -> new NativeServerPacket.Event(TOKEN, 1, 0, null));
    }

    @Test
    void eventAcceptsDatagramOfExactly1200Bytes() {
        // header 20, kind 1, length 1, name 3: 1175 bytes of text remain
        assertDoesNotThrow(
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Said("bob", "x".repeat(1175))));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Announced("x".repeat(1179))));
    }

    @Test
    void eventRefusesDatagramOfOneByteOver1200() {
        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Said("bob", "x".repeat(1176))));
        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Announced("x".repeat(1180))));
        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.YouWereKicked("x".repeat(1180))));
    }

    @Test
    void eventMeasuresNameAndReasonOfAKickInUtf8() {
        // 20 + kind 1 + length 1 + name 255 = 277: 923 bytes of reason fit, 924 do not
        assertDoesNotThrow(() ->
                new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Kicked(NAME_OF_255_BYTES, "x".repeat(923))));
        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(
                        TOKEN, 1, 0, new RoomEvent.Kicked(NAME_OF_255_BYTES, "x".repeat(922) + "é")));
    }

    @Test
    void eventAcceptsListingsOfExactly1200Bytes() {
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, EventCodecTest.longestRoomList()));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, EventCodecTest.longestMemberList()));
    }

    @Test
    void eventRefusesRoomListOfOneByteOver1200() {
        List<RoomEvent.RoomCount> rooms =
                new ArrayList<>(EventCodecTest.longestRoomList().rooms());
        rooms.set(rooms.size() - 1, new RoomEvent.RoomCount("e".repeat(131), MAX_U32)); // was 130 bytes

        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.RoomList(MAX_U32, rooms)));
    }

    @Test
    void eventRefusesMemberListOfOneByteOver1200() {
        List<String> names = new ArrayList<>(EventCodecTest.longestMemberList().names());
        names.set(names.size() - 1, names.get(names.size() - 1) + "e");

        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.MemberList("lobby", 5, names)));
    }

    @Test
    void eventMeasuresAFailuresSubjectInUtf8() {
        // 20 + kind 1 + failure 1 + limit 4 = 26: 1174 bytes of subject fit
        assertDoesNotThrow(() -> new NativeServerPacket.Event(
                TOKEN, 1, 0, new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "x".repeat(1174))));
        assertIllegal(
                "event takes 1201 bytes, over the 1200-byte limit",
                () -> new NativeServerPacket.Event(
                        TOKEN, 1, 0, new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "x".repeat(1173) + "é")));
    }

    @Test
    void eventRefusesPrivateMessageOrActionOfOneByteOver1200() {
        // header 20, kind 1, length 1, name 3: 1175 bytes of text fit
        String fits = "x".repeat(1175);
        String over = fits + "x";
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateFrom("bob", fits)));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateTo("bob", fits)));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Acted("bob", fits)));
        String message = "event takes 1201 bytes, over the 1200-byte limit";
        assertIllegal(message, () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateFrom("bob", over)));
        assertIllegal(message, () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateTo("bob", over)));
        assertIllegal(message, () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Acted("bob", over)));
    }

    @Test
    void endedRefusesNullReason() {
        assertNullPointer("reason == null", () -> new NativeServerPacket.Ended(TOKEN, null));
    }

    @Test
    void pathPacketsTakeAnyNonce() {
        for (long nonce : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(nonce, new NativeClientPacket.PathResponse(TOKEN, nonce).nonce());
            assertEquals(nonce, new NativeServerPacket.PathChallenge(TOKEN, nonce).nonce());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Reasons and sizes

    /** Every refusal reason, failure and end reason with its wire code: PROTOCOL.md's numbers. */
    static Stream<Arguments> wireCodes() {
        return Stream.of(
                arguments(RefusalReason.NAME_EMPTY, 1),
                arguments(RefusalReason.NAME_TOO_LONG, 2),
                arguments(RefusalReason.NAME_WHITESPACE, 3),
                arguments(RefusalReason.NAME_INVISIBLE_OR_CONTROL, 4),
                arguments(RefusalReason.NAME_RESERVED, 5),
                arguments(RefusalReason.NAME_TAKEN, 6),
                arguments(RefusalReason.ROOM_FULL, 7),
                arguments(RefusalReason.ADDRESS_HAS_NAME, 8),
                arguments(RefusalReason.NOT_ALLOWED, 9),
                arguments(RefusalReason.BANNED, 10),
                arguments(RefusalReason.BAD_ROOM_NAME, 11),
                arguments(RefusalReason.TOO_MANY_ROOMS, 12),
                arguments(RefusalReason.SERVER_FULL, 13),
                arguments(RefusalReason.TOO_MANY_FROM_ADDRESS, 14),
                arguments(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, 15),
                arguments(RefusalReason.REJOIN_PAUSED, 16),
                arguments(RefusalReason.NAME_LOOKS_LIKE, 17),
                arguments(RefusalReason.NAME_MIXED_SCRIPTS, 18),
                arguments(Failure.NO_SUCH_MEMBER, 1),
                arguments(Failure.NO_SUCH_ROOM, 2),
                arguments(Failure.BAD_ROOM_NAME, 3),
                arguments(Failure.ROOM_FULL, 4),
                arguments(Failure.TOO_MANY_ROOMS, 5),
                arguments(Failure.ALREADY_IN_ROOM, 6),
                arguments(Failure.NAME_TAKEN, 7),
                arguments(Failure.BAD_NAME, 8),
                arguments(Failure.MUTED, 9),
                arguments(Failure.TOO_MANY_ROOMS_FROM_ADDRESS, 10),
                arguments(Failure.NAME_LOOKS_LIKE, 11),
                arguments(Failure.NAME_MIXED_SCRIPTS, 12),
                arguments(EndReason.QUIT, 1),
                arguments(EndReason.KICKED, 2),
                arguments(EndReason.EXPIRED, 3),
                arguments(EndReason.DROPPED, 4),
                arguments(EndReason.CLOSED, 5));
    }

    @ParameterizedTest
    @MethodSource
    void wireCodes(Enum<?> value, int code) {
        assertEquals(code, codeOf(value));
    }

    @Test
    void everyReasonHasItsRowOfWireCodes() {
        Set<Object> listed = wireCodes().map(row -> row.get()[0]).collect(Collectors.toSet());
        Set<Object> all = new HashSet<>();
        all.addAll(Arrays.asList(RefusalReason.values()));
        all.addAll(Arrays.asList(Failure.values()));
        all.addAll(Arrays.asList(EndReason.values()));

        assertEquals(all, listed);
    }

    private static int codeOf(Enum<?> value) {
        if (value instanceof RefusalReason reason) {
            return reason.code();
        } else if (value instanceof Failure failure) {
            return failure.code();
        } else if (value instanceof EndReason reason) {
            return reason.code();
        }
        throw new AssertionError(value);
    }

    /** What a client may do about each refusal: ask under another name, wait, or neither. */
    static Stream<Arguments> remedies() {
        return Stream.of(
                arguments(RefusalReason.NAME_EMPTY, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_TOO_LONG, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_WHITESPACE, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_INVISIBLE_OR_CONTROL, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_RESERVED, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_TAKEN, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.ROOM_FULL, RefusalReason.Remedy.WAITING),
                arguments(RefusalReason.ADDRESS_HAS_NAME, RefusalReason.Remedy.NONE),
                arguments(RefusalReason.NOT_ALLOWED, RefusalReason.Remedy.NONE),
                arguments(RefusalReason.BANNED, RefusalReason.Remedy.NONE),
                arguments(RefusalReason.BAD_ROOM_NAME, RefusalReason.Remedy.NONE),
                arguments(RefusalReason.TOO_MANY_ROOMS, RefusalReason.Remedy.WAITING),
                arguments(RefusalReason.SERVER_FULL, RefusalReason.Remedy.WAITING),
                arguments(RefusalReason.TOO_MANY_FROM_ADDRESS, RefusalReason.Remedy.WAITING),
                arguments(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, RefusalReason.Remedy.NONE),
                arguments(RefusalReason.REJOIN_PAUSED, RefusalReason.Remedy.WAITING),
                arguments(RefusalReason.NAME_LOOKS_LIKE, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAME_MIXED_SCRIPTS, RefusalReason.Remedy.ANOTHER_NAME));
    }

    @ParameterizedTest
    @MethodSource
    void remedies(RefusalReason reason, RefusalReason.Remedy remedy) {
        assertEquals(remedy, reason.remedy());
    }

    @Test
    void everyRefusalHasItsRowOfRemedies() {
        assertEquals(
                Set.of(RefusalReason.values()),
                remedies().map(row -> row.get()[0]).collect(Collectors.toSet()));
    }

    @Test
    void onlyALookalikeRefusalNamesWhoItLooksLike() {
        assertEquals("alice", new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0, 1, "alice").subject());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0, 1, "alice"));
        assertEquals("only a NAME_LOOKS_LIKE refusal has a subject, not NAME_TAKEN", e.getMessage());
    }

    @Test
    void everyNameProblemHasARefusalReason() {
        assertEquals(RefusalReason.NAME_EMPTY, RefusalReason.of(Names.Problem.EMPTY));
        assertEquals(RefusalReason.NAME_TOO_LONG, RefusalReason.of(Names.Problem.TOO_LONG));
        assertEquals(RefusalReason.NAME_WHITESPACE, RefusalReason.of(Names.Problem.WHITESPACE));
        assertEquals(RefusalReason.NAME_INVISIBLE_OR_CONTROL, RefusalReason.of(Names.Problem.INVISIBLE_OR_CONTROL));
        assertEquals(RefusalReason.NAME_RESERVED, RefusalReason.of(Names.Problem.RESERVED));
    }

    @Test
    void sizesAreTheDocumentedOnes() {
        assertEquals(1, NativeCodec.VERSION);
        assertEquals(4, NativeCodec.PREAMBLE_BYTES);
        assertEquals(20, NativeCodec.SESSION_HEADER_BYTES);
        assertEquals(64, NativeCodec.HELLO_BYTES);
        assertEquals(32, NativeCodec.CHALLENGE_BYTES);
        assertEquals(1180, EventCodec.MAX_BODY_BYTES);
        assertEquals(20, Cookie.BYTES);
        assertEquals(1200, Limits.MAX_NATIVE_DATAGRAM_BYTES);
        assertEquals(255, Limits.MAX_NATIVE_NAME_BYTES);
    }

    @Test
    void aHelloIsLargerThanTheChallengeItEarns() {
        assertTrue(NativeCodec.HELLO_BYTES > NativeCodec.CHALLENGE_BYTES);
    }

    @Test
    void theNativeLimitFitsEveryIpv6Path() {
        // 1280 bytes of IPv6 MTU, less 40 of IPv6 header and 8 of UDP header
        assertTrue(Limits.MAX_NATIVE_DATAGRAM_BYTES <= 1232);
    }

    // ---------------------------------------------------------------------------------------------

    static void assertIllegal(String message, Executable construction) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, construction).getMessage());
    }

    static void assertNullPointer(String message, Executable construction) {
        assertEquals(
                message, assertThrows(NullPointerException.class, construction).getMessage());
    }
}
