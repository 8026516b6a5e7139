package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativeCodecTest {

    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final String TOKEN_HEX = "01 02 03 04 05 06 07 08";
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final long[] TOKENS = {Long.MIN_VALUE, -1L, 1L, TOKEN, Long.MAX_VALUE};
    private static final Cookie COOKIE = new Cookie(0x0102_0304L, 0x1112_1314_1516_1718L, 0x2122_2324_2526_2728L);
    private static final String COOKIE_HEX = "01 02 03 04  11 12 13 14 15 16 17 18  21 22 23 24 25 26 27 28";
    private static final long NONCE = 0xA1A2_A3A4_A5A6_A7A8L; // the client's in HELLO and LOGIN, echoed back
    private static final String NONCE_HEX = "A1 A2 A3 A4 A5 A6 A7 A8";
    private static final String NO_NONCE_HEX = "00 00 00 00 00 00 00 00"; // handshake packets built without one
    private static final long[] NONCES = {Long.MIN_VALUE, -1L, 1L, NONCE, Long.MAX_VALUE};
    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧

    /** The longest chat text: the CHAT datagram takes exactly the native limit. */
    private static final int LONGEST_CHAT_TEXT_BYTES =
            Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES;

    // ---------------------------------------------------------------------------------------------
    // Round trips

    static Stream<NativeClientPacket> clientPackets() {
        List<NativeClientPacket> packets = new ArrayList<>();
        packets.add(new NativeClientPacket.Hello(NativeCodec.HELLO_BYTES));
        packets.add(new NativeClientPacket.Hello(200));
        packets.add(new NativeClientPacket.Hello(Limits.MAX_NATIVE_DATAGRAM_BYTES));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob"));
        packets.add(new NativeClientPacket.Login(new Cookie(0, 0, 0), 0, "小明"));
        packets.add(new NativeClientPacket.Login(new Cookie(MAX_U32, -1, Long.MIN_VALUE), 0, "😀bob"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "中".repeat(85))); // 255 bytes, the longest name
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob smith"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob", "lobby"));
        packets.add(new NativeClientPacket.Login(COOKIE, TOKEN, "小明", "大厅"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "😀bob", "😀"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob smith", "rust  dev"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob", Names.ADMINISTRATOR)); // the codec reserves nothing
        packets.add(new NativeClientPacket.Login(COOKIE, -1, "中".repeat(85), "中".repeat(85))); // longest name and room
        packets.add(new NativeClientPacket.Login(COOKIE, -1, Long.MIN_VALUE, "中".repeat(85), "中".repeat(85)));
        for (long nonce : NONCES) {
            packets.add(new NativeClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES));
            packets.add(new NativeClientPacket.Hello(nonce, 200));
            packets.add(new NativeClientPacket.Hello(nonce, Limits.MAX_NATIVE_DATAGRAM_BYTES));
            packets.add(new NativeClientPacket.Login(COOKIE, 0, nonce, "bob", ""));
            packets.add(new NativeClientPacket.Login(COOKIE, TOKEN, nonce, "小明", "大厅"));
            packets.add(
                    new NativeClientPacket.Login(new Cookie(MAX_U32, -1, Long.MIN_VALUE), nonce, nonce, "😀bob", ""));
        }
        for (long token : TOKENS) {
            packets.add(new NativeClientPacket.Login(COOKIE, token, "bob"));
            packets.add(new NativeClientPacket.Chat(token, 1, 0, "hi"));
            packets.add(new NativeClientPacket.Quit(token, MAX_U32, MAX_U32));
            packets.add(new NativeClientPacket.Ack(token, 0));
            packets.add(new NativeClientPacket.Ack(token, MAX_U32));
            packets.add(new NativeClientPacket.Ping(token, 0));
            packets.add(new NativeClientPacket.Ping(token, MAX_U32));
            packets.add(new NativeClientPacket.PathResponse(token, 0));
            packets.add(new NativeClientPacket.PathResponse(token, Long.MIN_VALUE));
            packets.add(new NativeClientPacket.PathResponse(token, -1));
            packets.add(new NativeClientPacket.Login(COOKIE, token, "bob", "lobby"));
            packets.add(new NativeClientPacket.Request(token, 1, 0, new RoomRequest.ListRooms()));
            packets.add(new NativeClientPacket.Request(token, MAX_U32, MAX_U32, new RoomRequest.Nick("bob")));
        }
        requests().forEach(request -> packets.add(new NativeClientPacket.Request(TOKEN, 2, 1, request)));
        packets.add(new NativeClientPacket.Chat(TOKEN, MAX_U32, MAX_U32, "你好，世界"));
        packets.add(new NativeClientPacket.Chat(TOKEN, 7, 3, "emoji 😀🎉 and a family " + FAMILY));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, "  runs   of   spaces  "));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, " "));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, "line\nbreak\ttab"));
        packets.add(new NativeClientPacket.Chat(TOKEN, 1, 0, longestAsciiText()));
        packets.add(new NativeClientPacket.Chat(TOKEN, 1, 0, longestChineseText()));
        packets.add(new NativeClientPacket.Quit(TOKEN, 1, 0));
        return packets.stream();
    }

    static Stream<NativeServerPacket> serverPackets() {
        List<NativeServerPacket> packets = new ArrayList<>();
        packets.add(new NativeServerPacket.Challenge(COOKIE));
        packets.add(new NativeServerPacket.Challenge(new Cookie(0, 0, 0)));
        packets.add(new NativeServerPacket.Challenge(new Cookie(MAX_U32, Long.MIN_VALUE, -1)));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "小明"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "x".repeat(255)));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "bob", "lobby"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "小明", "大厅"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "bob smith", "rust  dev"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, "x".repeat(255), "中".repeat(85)));
        for (RefusalReason reason : RefusalReason.values()) {
            packets.add(new NativeServerPacket.Refused(reason, 0));
            packets.add(new NativeServerPacket.Refused(reason, MAX_U32));
            packets.add(new NativeServerPacket.Refused(reason, MAX_U32, -1));
        }
        for (long nonce : NONCES) {
            packets.add(new NativeServerPacket.Challenge(COOKIE, nonce));
            packets.add(new NativeServerPacket.Challenge(new Cookie(MAX_U32, Long.MIN_VALUE, -1), nonce));
            packets.add(new NativeServerPacket.Welcome(TOKEN, nonce, "bob", ""));
            packets.add(new NativeServerPacket.Welcome(TOKEN, nonce, "小明", "大厅"));
            packets.add(new NativeServerPacket.Welcome(nonce, nonce, "x".repeat(255), "中".repeat(85)));
            packets.add(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64, nonce));
            packets.add(new NativeServerPacket.Refused(RefusalReason.SERVER_FULL, 0, nonce));
        }
        roomEvents().forEach(event -> packets.add(new NativeServerPacket.Event(TOKEN, 1, 0, event)));
        for (EndReason reason : EndReason.values()) {
            packets.add(new NativeServerPacket.Ended(TOKEN, reason));
        }
        for (long token : TOKENS) {
            packets.add(new NativeServerPacket.Welcome(token, "bob"));
            packets.add(new NativeServerPacket.Welcome(token, "bob", "lobby"));
            packets.add(new NativeServerPacket.Event(token, 1, 0, new RoomEvent.Joined("bob")));
            packets.add(new NativeServerPacket.Event(token, MAX_U32, MAX_U32, new RoomEvent.Said("bob", "hi")));
            packets.add(new NativeServerPacket.Ack(token, 0));
            packets.add(new NativeServerPacket.Ack(token, MAX_U32));
            packets.add(new NativeServerPacket.Pong(token, 0));
            packets.add(new NativeServerPacket.Pong(token, MAX_U32));
            packets.add(new NativeServerPacket.PathChallenge(token, 0));
            packets.add(new NativeServerPacket.PathChallenge(token, Long.MIN_VALUE));
            packets.add(new NativeServerPacket.PathChallenge(token, -1));
            packets.add(new NativeServerPacket.Ended(token, EndReason.KICKED));
        }
        return packets.stream();
    }

    /** One or more of every event kind, at the edges of its fields. */
    static Stream<RoomEvent> roomEvents() {
        List<RoomEvent> events = new ArrayList<>();
        events.add(new RoomEvent.Said("bob", "hi"));
        events.add(new RoomEvent.Said("小明", "你好 😀 " + FAMILY));
        events.add(new RoomEvent.Said("bob", "  runs   of   spaces  "));
        events.add(new RoomEvent.Said("中".repeat(85), "x")); // 255-byte name
        events.add(new RoomEvent.Said("bob", "x".repeat(longestSaidText("bob"))));
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
        events.add(new RoomEvent.YouAreIn("中".repeat(85), 0));
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
        events.add(new RoomEvent.MemberList("中".repeat(85), 1, List.of("中".repeat(85))));
        events.add(longestMemberList());
        events.add(new RoomEvent.PrivateFrom("bob", "hi"));
        events.add(new RoomEvent.PrivateFrom("小明", "你好 😀 " + FAMILY));
        events.add(new RoomEvent.PrivateFrom("bob", "x".repeat(longestSaidText("bob"))));
        events.add(new RoomEvent.PrivateTo("alice", "  runs   of   spaces  "));
        events.add(new RoomEvent.PrivateTo("中".repeat(85), "x"));
        events.add(new RoomEvent.Acted("bob", "waves"));
        events.add(new RoomEvent.Acted("小明", "挥手 😀"));
        events.add(new RoomEvent.Acted("bob", " "));
        events.add(new RoomEvent.Renamed("bob", "rob"));
        events.add(new RoomEvent.Renamed("小明", "中".repeat(85)));
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
        return events.stream();
    }

    /** One or more of every request kind, at the edges of its fields. */
    static Stream<RoomRequest> requests() {
        List<RoomRequest> requests = new ArrayList<>();
        requests.add(new RoomRequest.JoinRoom("lobby"));
        requests.add(new RoomRequest.JoinRoom("大厅"));
        requests.add(new RoomRequest.JoinRoom("rust  dev"));
        requests.add(new RoomRequest.JoinRoom("中".repeat(85))); // 255 bytes, the longest room
        requests.add(new RoomRequest.ListRooms());
        requests.add(new RoomRequest.Who(""));
        requests.add(new RoomRequest.Who("lobby"));
        requests.add(new RoomRequest.Who("聊天室"));
        requests.add(new RoomRequest.Who("中".repeat(85)));
        requests.add(new RoomRequest.PrivateMessage("alice", "hi"));
        requests.add(new RoomRequest.PrivateMessage("小明", "你好 😀 " + FAMILY));
        requests.add(new RoomRequest.PrivateMessage("bob", "  runs   of   spaces  "));
        requests.add(new RoomRequest.PrivateMessage("中".repeat(85), "x"));
        requests.add(new RoomRequest.PrivateMessage("bob", "x".repeat(longestPrivateMessageText("bob"))));
        requests.add(new RoomRequest.Action("waves"));
        requests.add(new RoomRequest.Action("挥手 😀 " + FAMILY));
        requests.add(new RoomRequest.Action(" "));
        requests.add(new RoomRequest.Action("x".repeat(LONGEST_CHAT_TEXT_BYTES - 1)));
        requests.add(new RoomRequest.Nick("rob"));
        requests.add(new RoomRequest.Nick("小红"));
        requests.add(new RoomRequest.Nick("😀bob"));
        requests.add(new RoomRequest.Nick("中".repeat(85)));
        return requests.stream();
    }

    /** A room list whose EVENT takes exactly the native limit: 20 + 1 + 4 + 4 × (1 + 255 + 4) + (1 + 130 + 4). */
    static RoomEvent.RoomList longestRoomList() {
        List<RoomEvent.RoomCount> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rooms.add(new RoomEvent.RoomCount(String.valueOf((char) ('a' + i)).repeat(255), i));
        }
        rooms.add(new RoomEvent.RoomCount("e".repeat(130), MAX_U32));
        return new RoomEvent.RoomList(MAX_U32, rooms);
    }

    /** A member list whose EVENT takes exactly the native limit: 20 + 1 + 6 + 4 + 4 × (1 + 255) + (1 + 144). */
    static RoomEvent.MemberList longestMemberList() {
        List<String> names = new ArrayList<>();
        for (char c = 'a'; c < 'e'; c++) {
            names.add(String.valueOf(c).repeat(255));
        }
        names.add("e".repeat(144));
        return new RoomEvent.MemberList("lobby", 5, names);
    }

    private static String longestAsciiText() {
        return "x".repeat(LONGEST_CHAT_TEXT_BYTES);
    }

    /** As {@link #longestAsciiText}, in 3-byte characters with one 4-byte emoji: 4 + 392 × 3 = 1180. */
    private static String longestChineseText() {
        String text = "😀" + "中".repeat((LONGEST_CHAT_TEXT_BYTES - 4) / 3);
        assertEquals(LONGEST_CHAT_TEXT_BYTES, Utf8.encodedLength(text));
        return text;
    }

    /** The most bytes of text a SAID event by {@code name} may carry: header, kind, length, name. */
    private static int longestSaidText(String name) {
        return Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES - 2 - Utf8.encodedLength(name);
    }

    /** The most bytes of text a PRIVATE_MESSAGE request to {@code name} may carry: header, kind, length, name. */
    private static int longestPrivateMessageText(String name) {
        return Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES - 2 - Utf8.encodedLength(name);
    }

    @ParameterizedTest
    @MethodSource("clientPackets")
    void clientPacketSurvivesRoundTrip(NativeClientPacket packet) throws MalformedPacketException {
        byte[] bytes = NativeCodec.encode(packet);
        ByteBuffer datagram = ByteBuffer.wrap(bytes);

        assertEquals(packet, NativeCodec.decodeClientPacket(datagram));
        assertFalse(datagram.hasRemaining(), "decoding consumes the datagram");
    }

    @ParameterizedTest
    @MethodSource("serverPackets")
    void serverPacketSurvivesRoundTrip(NativeServerPacket packet) throws MalformedPacketException {
        byte[] bytes = NativeCodec.encode(packet);
        ByteBuffer datagram = ByteBuffer.wrap(bytes);

        assertEquals(packet, NativeCodec.decodeServerPacket(datagram));
        assertFalse(datagram.hasRemaining(), "decoding consumes the datagram");
    }

    @ParameterizedTest
    @MethodSource({"clientPackets", "serverPackets"})
    void encodingFitsTheNativeLimit(Packet packet) {
        assertTrue(NativeCodec.encode(packet).length <= Limits.MAX_NATIVE_DATAGRAM_BYTES);
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestBodyLengthIsWhatEncodeRequestBodyWrites(RoomRequest request) {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        NativeCodec.encodeRequestBody(request, out);

        assertEquals(out.position(), NativeCodec.requestBodyLength(request));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestPacketIsTheSessionHeaderThenTheRequestBody(RoomRequest request) {
        ByteBuffer body = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        NativeCodec.encodeRequestBody(request, body);

        byte[] bytes = NativeCodec.encode(new NativeClientPacket.Request(TOKEN, 9, 4, request));

        assertArrayEquals(
                hex("FF AC 01 08 " + TOKEN_HEX + " 00 00 00 09  00 00 00 04"),
                Arrays.copyOf(bytes, NativeCodec.SESSION_HEADER_BYTES));
        assertArrayEquals(
                Arrays.copyOf(body.array(), body.position()),
                Arrays.copyOfRange(bytes, NativeCodec.SESSION_HEADER_BYTES, bytes.length));
    }

    @Test
    void loginAndWelcomeWithoutARoomAreTheOnesWithAnEmptyRoom() throws MalformedPacketException {
        assertEquals(
                new NativeClientPacket.Login(COOKIE, 0, "bob", ""), new NativeClientPacket.Login(COOKIE, 0, "bob"));
        assertEquals(new NativeServerPacket.Welcome(TOKEN, "bob", ""), new NativeServerPacket.Welcome(TOKEN, "bob"));
        assertEquals(
                "",
                ((NativeClientPacket.Login) NativeCodec.decodeClientPacket(
                                ByteBuffer.wrap(NativeCodec.encode(new NativeClientPacket.Login(COOKIE, 0, "bob")))))
                        .room());
    }

    @Test
    void longestListingsTakeExactlyTheNativeLimit() throws MalformedPacketException {
        assertEquals(1180, NativeCodec.MAX_EVENT_BODY_BYTES);
        for (RoomEvent listing : List.of(longestRoomList(), longestMemberList())) {
            assertEquals(NativeCodec.MAX_EVENT_BODY_BYTES, NativeCodec.eventBodyLength(listing), listing.toString());
            NativeServerPacket.Event event = new NativeServerPacket.Event(TOKEN, 1, 0, listing);

            byte[] bytes = NativeCodec.encode(event);

            assertEquals(Limits.MAX_NATIVE_DATAGRAM_BYTES, bytes.length);
            assertEquals(event, NativeCodec.decodeServerPacket(ByteBuffer.wrap(bytes)));
        }
    }

    @Test
    void longestRequestsTakeExactlyTheNativeLimit() throws MalformedPacketException {
        for (RoomRequest request : List.of(
                new RoomRequest.PrivateMessage("小明", "x".repeat(longestPrivateMessageText("小明"))),
                new RoomRequest.Action("y".repeat(LONGEST_CHAT_TEXT_BYTES - 1)))) {
            NativeClientPacket.Request packet = new NativeClientPacket.Request(TOKEN, 1, 0, request);

            byte[] bytes = NativeCodec.encode(packet);

            assertEquals(Limits.MAX_NATIVE_DATAGRAM_BYTES, bytes.length);
            assertEquals(packet, NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }
    }

    @Test
    void roomCountLengthIsLengthNameAndCount() {
        assertEquals(1 + 5 + 4, NativeCodec.roomCountLength(new RoomEvent.RoomCount("lobby", 0)));
        assertEquals(1 + 6 + 4, NativeCodec.roomCountLength(new RoomEvent.RoomCount("大厅", MAX_U32)));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 200, 1200})
    void helloTakesExactlyItsSize(int size) {
        assertEquals(size, NativeCodec.encode(new NativeClientPacket.Hello(size)).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 200, 1200})
    void helloWithANonceTakesExactlyItsSize(int size) {
        for (long nonce : NONCES) {
            assertEquals(size, NativeCodec.encode(new NativeClientPacket.Hello(nonce, size)).length);
        }
    }

    @Test
    void handshakePacketsWithoutANonceAreTheOnesWithNonceZero() throws MalformedPacketException {
        assertArrayEquals(
                NativeCodec.encode(new NativeClientPacket.Hello(0, 64)),
                NativeCodec.encode(new NativeClientPacket.Hello(64)));
        assertArrayEquals(
                NativeCodec.encode(new NativeClientPacket.Login(COOKIE, TOKEN, 0, "bob", "lobby")),
                NativeCodec.encode(new NativeClientPacket.Login(COOKIE, TOKEN, "bob", "lobby")));
        assertArrayEquals(
                NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE, 0)),
                NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE)));
        assertArrayEquals(
                NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, 0, "bob", "")),
                NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, "bob")));
        assertArrayEquals(
                NativeCodec.encode(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64, 0)),
                NativeCodec.encode(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64)));
        assertEquals(
                0,
                ((NativeServerPacket.Challenge) NativeCodec.decodeServerPacket(
                                ByteBuffer.wrap(NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE)))))
                        .nonce());
    }

    @Test
    void longestChatTakesExactlyTheNativeLimit() throws MalformedPacketException {
        for (String text : List.of(longestAsciiText(), longestChineseText())) {
            NativeClientPacket.Chat chat = new NativeClientPacket.Chat(TOKEN, 1, 0, text);

            byte[] bytes = NativeCodec.encode(chat);

            assertEquals(Limits.MAX_NATIVE_DATAGRAM_BYTES, bytes.length);
            assertEquals(chat, NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }
    }

    @Test
    void longestSaidEventTakesExactlyTheNativeLimit() {
        String name = "中".repeat(85);
        RoomEvent said = new RoomEvent.Said(name, "y".repeat(longestSaidText(name)));

        assertEquals(
                Limits.MAX_NATIVE_DATAGRAM_BYTES,
                NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, said)).length);
    }

    @Test
    void sequenceAndAckAboveTwoToThe31DecodeAsUnsigned() throws MalformedPacketException {
        byte[] bytes = NativeCodec.encode(new NativeClientPacket.Chat(TOKEN, 0x8000_0000L, MAX_U32, "hi"));

        NativeClientPacket.Chat chat = (NativeClientPacket.Chat) NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes));

        assertEquals(0x8000_0000L, chat.seq());
        assertEquals(MAX_U32, chat.ack());
    }

    @Test
    void encodeAppendsAtTheBufferPosition() {
        ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES + 2);
        buffer.put((byte) 0x7E).put((byte) 0x7E);

        NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, EndReason.CLOSED), buffer);

        assertEquals(15, buffer.position());
        assertArrayEquals(hex("7E 7E  FF AC 01 88 " + TOKEN_HEX + " 05"), Arrays.copyOf(buffer.array(), 15));
    }

    @Test
    void decodesOnlyTheRemainingBytesOfABuffer() throws MalformedPacketException {
        byte[] packet = NativeCodec.encode(new NativeClientPacket.Chat(TOKEN, 1, 0, "hi"));
        byte[] framed = new byte[packet.length + 5];
        System.arraycopy(packet, 0, framed, 3, packet.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 3, packet.length);

        assertEquals(new NativeClientPacket.Chat(TOKEN, 1, 0, "hi"), NativeCodec.decodeClientPacket(buffer));
        assertEquals(3 + packet.length, buffer.position());
    }

    @Test
    void decodesHelloInTheMiddleOfABufferBySizeOfItsOwnBytes() throws MalformedPacketException {
        byte[] hello = NativeCodec.encode(new NativeClientPacket.Hello(64));
        byte[] framed = new byte[100];
        System.arraycopy(hello, 0, framed, 10, hello.length);

        assertEquals(new NativeClientPacket.Hello(64), NativeCodec.decodeClientPacket(ByteBuffer.wrap(framed, 10, 64)));
    }

    @Test
    void decodesHelloNonceFromItsOwnBytesInTheMiddleOfABuffer() throws MalformedPacketException {
        byte[] hello = NativeCodec.encode(new NativeClientPacket.Hello(NONCE, 64));
        byte[] framed = new byte[100];
        Arrays.fill(framed, (byte) 0x7E);
        System.arraycopy(hello, 0, framed, 10, hello.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 10, 64);

        assertEquals(new NativeClientPacket.Hello(NONCE, 64), NativeCodec.decodeClientPacket(buffer));
        assertEquals(74, buffer.position());
    }

    @Test
    void refusesToEncodeAClassicPacket() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NativeCodec.encode(new ClientPacket.Login("bob")));

        assertEquals("not a native packet: Login[name=bob]", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Golden bytes

    @Nested
    class GoldenBytes {

        @Test
        void encodesHelloAsPreambleAndZerosTo64Bytes() {
            byte[] expected = new byte[64];
            System.arraycopy(hex("FF AC 01 01"), 0, expected, 0, 4);

            assertArrayEquals(expected, NativeCodec.encode(new NativeClientPacket.Hello(64)));
        }

        @Test
        void encodesHelloWithANonceAsPreambleNonceAndZerosTo64Bytes() {
            byte[] expected = new byte[64];
            System.arraycopy(hex("FF AC 01 01  " + NONCE_HEX), 0, expected, 0, 12);

            byte[] bytes = NativeCodec.encode(new NativeClientPacket.Hello(NONCE, 64));

            assertArrayEquals(expected, bytes);
            assertEquals(64, bytes.length);
        }

        @Test
        void encodesHelloWithNonceMinusOneBigEndian() {
            byte[] bytes = NativeCodec.encode(new NativeClientPacket.Hello(-1, 200));

            assertArrayEquals(hex("FF AC 01 01  FF FF FF FF FF FF FF FF  00"), Arrays.copyOf(bytes, 13));
            assertArrayEquals(new byte[200 - 12], Arrays.copyOfRange(bytes, 12, 200));
        }

        @Test
        void encodesLoginWithANonceAndARoom() {
            // 小明 in 大厅
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  " + TOKEN_HEX + "  " + NONCE_HEX
                            + "  E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, TOKEN, NONCE, "小明", "大厅")));
        }

        @Test
        void encodesLoginWithANonceAfterThePreviousToken() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  00 00 00 00 00 00 00 00  80 00 00 00 00 00 00 00  62 6F 62"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, 0, Long.MIN_VALUE, "bob", "")));
        }

        @Test
        void encodesLogin() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  FF FF FF FF FF FF FF FE  " + NO_NONCE_HEX + "  62 6F 62"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, -2, "bob")));
        }

        @Test
        void encodesLoginWithoutPreviousTokenAsEightZeros() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  00 00 00 00 00 00 00 00  " + NO_NONCE_HEX
                            + "  E5 B0 8F E6 98 8E"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, 0, "小明")));
        }

        @Test
        void encodesChat() {
            // 你 U+4F60, 好 U+597D, 😀 U+1F600
            assertArrayEquals(
                    hex("FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00"
                            + "  68 69 20 20 E4 BD A0 E5 A5 BD F0 9F 98 80"),
                    NativeCodec.encode(new NativeClientPacket.Chat(TOKEN, 1, 0, "hi  你好😀")));
        }

        @Test
        void encodesQuit() {
            assertArrayEquals(
                    hex("FF AC 01 04 " + TOKEN_HEX + " FF FF FF FF  00 00 01 00"),
                    NativeCodec.encode(new NativeClientPacket.Quit(TOKEN, MAX_U32, 256)));
        }

        @Test
        void encodesClientAckWithSeqZero() {
            assertArrayEquals(
                    hex("FF AC 01 05 " + TOKEN_HEX + " 00 00 00 00  00 00 00 2A"),
                    NativeCodec.encode(new NativeClientPacket.Ack(TOKEN, 42)));
        }

        @Test
        void encodesPing() {
            assertArrayEquals(
                    hex("FF AC 01 06  80 00 00 00 00 00 00 00  00 00 00 00  FF FF FF FF"),
                    NativeCodec.encode(new NativeClientPacket.Ping(Long.MIN_VALUE, MAX_U32)));
        }

        @Test
        void encodesPathResponse() {
            assertArrayEquals(
                    hex("FF AC 01 07 " + TOKEN_HEX + " 0A 0B 0C 0D 0E 0F 10 11"),
                    NativeCodec.encode(new NativeClientPacket.PathResponse(TOKEN, 0x0A0B_0C0D_0E0F_1011L)));
        }

        @Test
        void encodesTheJavadocExampleEvent() {
            assertArrayEquals(
                    hex("FF AC 01 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 7, 3, new RoomEvent.Joined("bob"))));
        }

        @Test
        void encodesChallengeIn32Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE));

            assertArrayEquals(hex("FF AC 01 81 " + COOKIE_HEX + "  " + NO_NONCE_HEX), bytes);
            assertEquals(NativeCodec.CHALLENGE_BYTES, bytes.length);
            assertEquals(32, bytes.length);
        }

        @Test
        void encodesChallengeWithANonceIn32Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE, NONCE));

            assertArrayEquals(hex("FF AC 01 81 " + COOKIE_HEX + "  " + NONCE_HEX), bytes);
            assertEquals(NativeCodec.CHALLENGE_BYTES, bytes.length);
        }

        @Test
        void encodesWelcomeWithANonce() {
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " " + NONCE_HEX + " 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, NONCE, "bob", "")));
        }

        @Test
        void encodesWelcomeWithANonceAndARoom() {
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " FF FF FF FF FF FF FF FF  62 6F 62  00  6C 6F 62 62 79"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, -1, "bob", "lobby")));
        }

        @Test
        void encodesRefusedWithANonceIn17Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64, NONCE));

            assertArrayEquals(hex("FF AC 01 83  07  00 00 00 40  " + NONCE_HEX), bytes);
            assertEquals(17, bytes.length);
        }

        @Test
        void encodesWelcome() {
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, "bob")));
        }

        @Test
        void encodesRefusedWithReasonCodeAndLimit() {
            assertArrayEquals(
                    hex("FF AC 01 83  07  00 00 00 40  " + NO_NONCE_HEX),
                    NativeCodec.encode(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64)));
        }

        @Test
        void encodesServerAck() {
            assertArrayEquals(
                    hex("FF AC 01 85 " + TOKEN_HEX + " 00 00 00 00  00 00 00 09"),
                    NativeCodec.encode(new NativeServerPacket.Ack(TOKEN, 9)));
        }

        @Test
        void encodesPong() {
            assertArrayEquals(
                    hex("FF AC 01 86  FF FF FF FF FF FF FF FF  00 00 00 00  00 00 00 00"),
                    NativeCodec.encode(new NativeServerPacket.Pong(-1, 0)));
        }

        @Test
        void encodesPathChallengeIn20Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.PathChallenge(TOKEN, -1));

            assertArrayEquals(hex("FF AC 01 87 " + TOKEN_HEX + " FF FF FF FF FF FF FF FF"), bytes);
            assertEquals(NativeCodec.SESSION_HEADER_BYTES, bytes.length);
        }

        @Test
        void encodesEndedIn13Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED));

            assertArrayEquals(hex("FF AC 01 88 " + TOKEN_HEX + " 03"), bytes);
            assertEquals(13, bytes.length);
        }

        @Test
        void encodesSaidWithNameLengthThenTextToTheEnd() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01  06 E5 B0 8F E6 98 8E  68 69"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Said("小明", "hi"))));
        }

        @Test
        void encodesKickedWithAnEmptyReason() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  05  03 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 2, 0, new RoomEvent.Kicked("bob", ""))));
        }

        @Test
        void encodesNotRelayedProblemsFromOne() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0A 03"),
                    NativeCodec.encode(new NativeServerPacket.Event(
                            TOKEN, 1, 0, new RoomEvent.NotRelayed(ChatText.Problem.INVISIBLE_OR_CONTROL))));
        }

        @Test
        void encodesEveryEventKindWithItsNumber() {
            int[] kinds = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
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
                new RoomEvent.Unmuted()
            };
            assertEquals(kinds.length, events.length);
            for (int i = 0; i < events.length; i++) {
                byte[] bytes = NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, events[i]));
                assertEquals(kinds[i], bytes[NativeCodec.SESSION_HEADER_BYTES], events[i].toString());
            }
        }

        @Test
        void encodesRefusalAndEndReasonsWithTheirCodes() {
            for (RefusalReason reason : RefusalReason.values()) {
                byte[] bytes = NativeCodec.encode(new NativeServerPacket.Refused(reason, 0));
                assertEquals(reason.code(), bytes[4], reason.name());
            }
            for (EndReason reason : EndReason.values()) {
                byte[] bytes = NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, reason));
                assertEquals(reason.code(), bytes[12], reason.name());
            }
        }

        @Test
        void decodesHandWrittenHello() throws MalformedPacketException {
            byte[] bytes = new byte[100];
            System.arraycopy(hex("FF AC 01 01"), 0, bytes, 0, 4);

            assertEquals(new NativeClientPacket.Hello(100), NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }

        @Test
        void decodesHandWrittenLogin() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, TOKEN, "bob"),
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62"));
        }

        @Test
        void decodesHandWrittenHelloWithANonce() throws MalformedPacketException {
            byte[] bytes = new byte[100];
            System.arraycopy(hex("FF AC 01 01  " + NONCE_HEX), 0, bytes, 0, 12);

            assertEquals(
                    new NativeClientPacket.Hello(NONCE, 100), NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }

        @Test
        void decodesHandWrittenLoginWithANonceAndARoom() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, TOKEN, NONCE, "bob", "lobby"),
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " " + NONCE_HEX
                            + " 62 6F 62  00  6C 6F 62 62 79"));
        }

        @Test
        void decodesHandWrittenChat() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Chat(TOKEN, 1, 0, "hi  你好😀"),
                    decodeClient("FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00"
                            + "  68 69 20 20 E4 BD A0 E5 A5 BD F0 9F 98 80"));
        }

        @Test
        void decodesHandWrittenClientAck() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Ack(TOKEN, MAX_U32),
                    decodeClient("FF AC 01 05 " + TOKEN_HEX + " 00 00 00 00  FF FF FF FF"));
        }

        @Test
        void decodesTheJavadocExampleEvent() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 7, 3, new RoomEvent.Joined("bob")),
                    decodeServer("FF AC 01 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62"));
        }

        @Test
        void decodesHandWrittenChallenge() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Challenge(COOKIE),
                    decodeServer("FF AC 01 81 " + COOKIE_HEX + " " + NO_NONCE_HEX));
        }

        @Test
        void decodesHandWrittenChallengeWithANonce() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Challenge(COOKIE, NONCE),
                    decodeServer("FF AC 01 81 " + COOKIE_HEX + " " + NONCE_HEX));
        }

        @Test
        void decodesHandWrittenWelcomeWithANonce() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Welcome(TOKEN, NONCE, "小明", "大厅"),
                    decodeServer("FF AC 01 82 " + TOKEN_HEX + " " + NONCE_HEX
                            + " E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85"));
        }

        @Test
        void decodesHandWrittenRefusedWithANonce() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Refused(RefusalReason.SERVER_FULL, MAX_U32, Long.MIN_VALUE),
                    decodeServer("FF AC 01 83  0D  FF FF FF FF  80 00 00 00 00 00 00 00"));
        }

        @Test
        void decodesHandWrittenPathChallenge() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.PathChallenge(TOKEN, 0x1122_3344_5566_7788L),
                    decodeServer("FF AC 01 87 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88"));
        }

        @Test
        void decodesHandWrittenEnded() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Ended(TOKEN, EndReason.DROPPED),
                    decodeServer("FF AC 01 88 " + TOKEN_HEX + " 04"));
        }

        @Test
        void decodesHandWrittenRefused() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Refused(RefusalReason.NAME_TOO_LONG, 32),
                    decodeServer("FF AC 01 83 02 00 00 00 20 " + NO_NONCE_HEX));
        }

        @Test
        void decodesHandWrittenKickedWithAReason() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 5, 0, new RoomEvent.Kicked("bob", "spam")),
                    decodeServer(
                            "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 05  00 00 00 00  05 03 62 6F 62  73 70 61 6D"));
        }

        @Test
        void encodesLoginWithARoomAfterANul() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  00 00 00 00 00 00 00 00  " + NO_NONCE_HEX
                            + "  62 6F 62  00  6C 6F 62 62 79"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, 0, "bob", "lobby")));
        }

        @Test
        void encodesLoginWithAnEmptyRoomAsNoRoomAtAll() {
            byte[] expected =
                    hex("FF AC 01 02 " + COOKIE_HEX + "  FF FF FF FF FF FF FF FE  " + NO_NONCE_HEX + "  62 6F 62");

            assertArrayEquals(expected, NativeCodec.encode(new NativeClientPacket.Login(COOKIE, -2, "bob", "")));
            assertArrayEquals(expected, NativeCodec.encode(new NativeClientPacket.Login(COOKIE, -2, "bob")));
        }

        @Test
        void encodesWelcomeWithARoomAfterANul() {
            // 小明 in 大厅 (U+5927 U+5385)
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, "小明", "大厅")));
        }

        @Test
        void encodesWelcomeWithAnEmptyRoomAsNoRoomAtAll() {
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, "bob", "")));
        }

        @Test
        void encodesPrivateMessageRequestWithNameLengthThenTextToTheEnd() {
            assertArrayEquals(
                    hex("FF AC 01 08 " + TOKEN_HEX + " 00 00 00 05  00 00 00 02  04  05 61 6C 69 63 65"
                            + "  68 69 20 E4 BD A0 E5 A5 BD"),
                    NativeCodec.encode(new NativeClientPacket.Request(
                            TOKEN, 5, 2, new RoomRequest.PrivateMessage("alice", "hi 你好"))));
        }

        @Test
        void encodesEveryRequestKindWithItsNumberAndFields() throws MalformedPacketException {
            String header = "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";
            assertRequest(header + "01  6C 6F 62 62 79", new RoomRequest.JoinRoom("lobby"));
            assertRequest(header + "02", new RoomRequest.ListRooms());
            assertRequest(header + "03", new RoomRequest.Who(""));
            assertRequest(header + "03  E5 A4 A7 E5 8E 85", new RoomRequest.Who("大厅"));
            assertRequest(header + "04  03 62 6F 62  68 69", new RoomRequest.PrivateMessage("bob", "hi"));
            assertRequest(header + "05  77 61 76 65 73", new RoomRequest.Action("waves"));
            assertRequest(header + "06  E5 B0 8F E7 BA A2", new RoomRequest.Nick("小红"));
        }

        private void assertRequest(String hexBytes, RoomRequest request) throws MalformedPacketException {
            NativeClientPacket.Request packet = new NativeClientPacket.Request(TOKEN, 1, 0, request);

            assertArrayEquals(hex(hexBytes), NativeCodec.encode(packet), request.toString());
            assertEquals(packet, decodeClient(hexBytes), request.toString());
        }

        @Test
        void encodesYouAreInWithRoomThenMemberCount() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 03  00 00 00 01  0B  05 6C 6F 62 62 79  00 00 01 00"),
                    NativeCodec.encode(
                            new NativeServerPacket.Event(TOKEN, 3, 1, new RoomEvent.YouAreIn("lobby", 256))));
        }

        @Test
        void encodesRoomListWithTotalThenEachRoomAndItsCount() {
            RoomEvent list = new RoomEvent.RoomList(
                    3, List.of(new RoomEvent.RoomCount("lobby", 2), new RoomEvent.RoomCount("大厅", MAX_U32)));

            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C  00 00 00 03"
                            + "  05 6C 6F 62 62 79  00 00 00 02  06 E5 A4 A7 E5 8E 85  FF FF FF FF"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, list)));
        }

        @Test
        void encodesAnEmptyRoomListAsItsTotalAlone() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C  00 00 00 00"),
                    NativeCodec.encode(
                            new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.RoomList(0, List.of()))));
        }

        @Test
        void encodesMemberListWithRoomAndTotalThenEachName() {
            RoomEvent list = new RoomEvent.MemberList("lobby", 5, List.of("bob", "小明"));

            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D  05 6C 6F 62 62 79  00 00 00 05"
                            + "  03 62 6F 62  06 E5 B0 8F E6 98 8E"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, list)));
        }

        @Test
        void encodesAnEmptyMemberListAsRoomAndTotalAlone() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D  05 6C 6F 62 62 79  00 00 00 00"),
                    NativeCodec.encode(new NativeServerPacket.Event(
                            TOKEN, 1, 0, new RoomEvent.MemberList("lobby", 0, List.of()))));
        }

        @Test
        void encodesPrivateMessagesAndActionsWithNameLengthThenTextToTheEnd() {
            String header = "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";
            assertArrayEquals(
                    hex(header + "0E  03 62 6F 62  68 69"),
                    NativeCodec.encode(
                            new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateFrom("bob", "hi"))));
            assertArrayEquals(
                    hex(header + "0F  06 E5 B0 8F E6 98 8E  E4 BD A0 E5 A5 BD"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateTo("小明", "你好"))));
            assertArrayEquals(
                    hex(header + "10  03 62 6F 62  77 61 76 65 73"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Acted("bob", "waves"))));
        }

        @Test
        void encodesRenamedAsTwoNamesEachWithItsLength() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  11  03 62 6F 62  03 72 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Renamed("bob", "rob"))));
        }

        @Test
        void encodesFailedWithCodeLimitThenSubjectToTheEnd() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  12  04  00 00 00 40  6C 6F 62 62 79"),
                    NativeCodec.encode(new NativeServerPacket.Event(
                            TOKEN, 1, 0, new RoomEvent.Failed(Failure.ROOM_FULL, 64, "lobby"))));
        }

        @Test
        void encodesFailedWithAnEmptySubject() {
            byte[] bytes = NativeCodec.encode(
                    new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Failed(Failure.MUTED, 300, "")));

            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  12  09  00 00 01 2C"), bytes);
            assertEquals(26, bytes.length);
        }

        @Test
        void encodesMutedWithItsMinutesAndUnmutedAsItsKindAlone() {
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  13  00 00 00 0A"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Muted(10))));
            assertArrayEquals(
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  14"),
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Unmuted())));
        }

        @Test
        void encodesFailuresWithTheirCodes() {
            for (Failure failure : Failure.values()) {
                byte[] bytes = NativeCodec.encode(
                        new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Failed(failure, 0, "")));
                assertEquals(failure.code(), bytes[NativeCodec.SESSION_HEADER_BYTES + 1], failure.name());
            }
        }

        @Test
        void decodesHandWrittenLoginWithARoom() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, TOKEN, "小明", "大厅"),
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " " + NO_NONCE_HEX
                            + " E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85"));
        }

        @Test
        void decodesHandWrittenWelcomeWithARoom() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Welcome(TOKEN, "bob", "lobby"),
                    decodeServer("FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62  00  6C 6F 62 62 79"));
        }

        @Test
        void decodesHandWrittenWhoOfTheOwnRoom() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Request(TOKEN, 7, MAX_U32, new RoomRequest.Who("")),
                    decodeClient("FF AC 01 08 " + TOKEN_HEX + " 00 00 00 07  FF FF FF FF  03"));
        }

        @Test
        void decodesHandWrittenRoomList() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(
                            TOKEN,
                            2,
                            0,
                            new RoomEvent.RoomList(
                                    9,
                                    List.of(new RoomEvent.RoomCount("大厅", 12), new RoomEvent.RoomCount("lobby", 0)))),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  0C  00 00 00 09"
                            + "  06 E5 A4 A7 E5 8E 85  00 00 00 0C  05 6C 6F 62 62 79  00 00 00 00"));
        }

        @Test
        void decodesHandWrittenMemberList() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 2, 0, new RoomEvent.MemberList("大厅", 2, List.of("小明", "bob"))),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  0D  06 E5 A4 A7 E5 8E 85"
                            + "  00 00 00 02  06 E5 B0 8F E6 98 8E  03 62 6F 62"));
        }

        @Test
        void decodesHandWrittenFailed() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 4, 0, new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "小明")),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 04  00 00 00 00  12  07  00 00 00 00"
                            + "  E5 B0 8F E6 98 8E"));
        }

        @Test
        void decodesHandWrittenRenamed() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 4, 0, new RoomEvent.Renamed("bob", "小明")),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 04  00 00 00 00  11  03 62 6F 62"
                            + "  06 E5 B0 8F E6 98 8E"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The event body, encoded once for every recipient

    @Nested
    class EventBody {

        @ParameterizedTest
        @MethodSource("org.udpchat.codec.NativeCodecTest#roomEvents")
        void headerThenBodyMakeTheSameBytesAsTheWholeEvent(RoomEvent event) {
            ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

            NativeCodec.writeEventHeader(TOKEN, MAX_U32, 12, out);
            NativeCodec.encodeEventBody(event, out);

            assertArrayEquals(
                    NativeCodec.encode(new NativeServerPacket.Event(TOKEN, MAX_U32, 12, event)),
                    Arrays.copyOf(out.array(), out.position()));
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.codec.NativeCodecTest#roomEvents")
        void eventBodyLengthIsWhatEncodeEventBodyWrites(RoomEvent event) {
            ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

            NativeCodec.encodeEventBody(event, out);

            assertEquals(out.position(), NativeCodec.eventBodyLength(event));
        }

        @Test
        void oneBodyServesManyHeaders() throws MalformedPacketException {
            RoomEvent said = new RoomEvent.Said("小明", "你好");
            ByteBuffer body = ByteBuffer.allocate(NativeCodec.eventBodyLength(said));
            NativeCodec.encodeEventBody(said, body);
            body.flip();

            for (long token : TOKENS) {
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
                    hex("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 07  00 00 00 03"), Arrays.copyOf(out.array(), 20));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Telling native from classic

    @Nested
    class NativeOrClassic {

        static Stream<Packet> classicPackets() {
            return Stream.of(
                    new ClientPacket.Login("bob"),
                    new ClientPacket.Login("小明"),
                    new ClientPacket.Chat("bob", "hi"),
                    new ClientPacket.Chat("小明", "你好，世界 😀"),
                    new ClientPacket.Quit("bob"),
                    new ServerPacket.Ok(),
                    new ServerPacket.Exit(),
                    new ServerPacket.Line("hello"),
                    ServerPacket.Line.chat("小明", "你好"),
                    ServerPacket.Line.chat(Names.ADMINISTRATOR, "服务器将在 5 分钟后关闭"));
        }

        @ParameterizedTest
        @MethodSource({
            "org.udpchat.codec.NativeCodecTest#clientPackets",
            "org.udpchat.codec.NativeCodecTest#serverPackets"
        })
        void everyNativeDatagramIsNative(Packet packet) {
            assertTrue(NativeCodec.isNative(ByteBuffer.wrap(NativeCodec.encode(packet))));
        }

        @ParameterizedTest
        @MethodSource("classicPackets")
        void noClassicDatagramIsNative(Packet packet) {
            assertFalse(NativeCodec.isNative(ByteBuffer.wrap(ClassicCodec.encode(packet))));
        }

        @Test
        void anEmptyDatagramIsNotNative() {
            assertFalse(NativeCodec.isNative(ByteBuffer.allocate(0)));
        }

        @Test
        void isNativeLooksAtTheRemainingBytesWithoutConsumingThem() {
            ByteBuffer buffer = ByteBuffer.wrap(hex("4C 20 FF AC 01 01"));
            buffer.position(2);

            assertTrue(NativeCodec.isNative(buffer));
            assertEquals(2, buffer.position());
            buffer.position(0);
            assertFalse(NativeCodec.isNative(buffer));
            buffer.position(6);
            assertFalse(NativeCodec.isNative(buffer), "nothing remains");
        }

        @ParameterizedTest
        @MethodSource({
            "org.udpchat.codec.NativeCodecTest#clientPackets",
            "org.udpchat.codec.NativeCodecTest#serverPackets"
        })
        void theClassicCodecRejectsEveryNativeDatagramAsNotUtf8AtByteZero(Packet packet) {
            byte[] bytes = NativeCodec.encode(packet);
            // Native datagrams over the classic 1024 bytes are refused for their size before their bytes.
            boolean oversized = bytes.length > Limits.MAX_DATAGRAM_BYTES;

            MalformedPacketException asClient = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));
            MalformedPacketException asServer = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeServerPacket(bytes, 0, bytes.length));

            for (MalformedPacketException e : List.of(asClient, asServer)) {
                if (oversized) {
                    assertEquals(MalformedPacketException.Reason.OVERSIZED, e.reason());
                } else {
                    assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason());
                    assertEquals("not valid UTF-8 at byte 0", e.getMessage());
                }
            }
        }

        @ParameterizedTest
        @MethodSource("classicPackets")
        void theNativeCodecRejectsEveryClassicDatagram(Packet packet) {
            byte[] bytes = ClassicCodec.encode(packet);

            for (boolean asClient : new boolean[] {true, false}) {
                MalformedPacketException e = assertThrows(
                        MalformedPacketException.class,
                        () -> decode(asClient, bytes),
                        asClient ? "as client" : "as server");
                assertEquals(MalformedPacketException.Reason.UNKNOWN_TYPE, e.reason());
                assertEquals("not a native datagram: no FF AC preamble", e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One test per rejection, message included

    @Nested
    class Rejections {

        @Test
        void rejectsEmptyDatagram() {
            assertClientRejected("", MalformedPacketException.Reason.EMPTY, "empty datagram");
            assertServerRejected("", MalformedPacketException.Reason.EMPTY, "empty datagram");
        }

        @Test
        void rejectsDatagramOfOneByteOverTheNativeLimit() {
            byte[] hello = new byte[1201];
            System.arraycopy(hex("FF AC 01 01"), 0, hello, 0, 4);

            for (boolean asClient : new boolean[] {true, false}) {
                MalformedPacketException e =
                        assertThrows(MalformedPacketException.class, () -> decode(asClient, hello));
                assertEquals(MalformedPacketException.Reason.OVERSIZED, e.reason());
                assertEquals("datagram of 1201 bytes is over the 1200-byte limit", e.getMessage());
            }
        }

        @Test
        void rejectsBadMagic() {
            assertClientRejected(
                    "FF AD 01 01" + " 00".repeat(60),
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "not a native datagram: no FF AC preamble");
            assertServerRejected(
                    "FE AC 01 81 " + COOKIE_HEX + " " + NO_NONCE_HEX,
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "not a native datagram: no FF AC preamble");
        }

        @Test
        void rejectsDatagramShorterThanThePreambleThatDoesNotStartWithIt() {
            assertClientRejected(
                    "FF", MalformedPacketException.Reason.UNKNOWN_TYPE, "not a native datagram: no FF AC preamble");
        }

        @Test
        void rejectsPreambleCutShortAsBadLength() {
            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decodeClient("FF AC 01"));

            assertEquals(MalformedPacketException.Reason.BAD_LENGTH, e.reason());
            assertFalse(e.getMessage().contains("no FF AC preamble"), e.getMessage());
        }

        @Test
        void rejectsUnsupportedVersion() {
            assertClientRejected(
                    "FF AC 02 01" + " 00".repeat(60),
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version 2, but this side speaks 1");
            assertServerRejected(
                    "FF AC 00 81 " + COOKIE_HEX + " " + NO_NONCE_HEX,
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version 0, but this side speaks 1");
            assertServerRejected(
                    "FF AC FF 81 " + COOKIE_HEX + " " + NO_NONCE_HEX,
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version 255, but this side speaks 1");
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.codec.NativeCodecTest#serverPackets")
        void rejectsEveryServerPacketSentToTheServer(NativeServerPacket packet) {
            byte[] bytes = NativeCodec.encode(packet);

            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(true, bytes));

            assertEquals(MalformedPacketException.Reason.UNKNOWN_TYPE, e.reason());
            assertEquals(String.format("unknown client packet type 0x%02X", bytes[3] & 0xFF), e.getMessage());
        }

        @ParameterizedTest
        @MethodSource("org.udpchat.codec.NativeCodecTest#clientPackets")
        void rejectsEveryClientPacketSentToTheClient(NativeClientPacket packet) {
            byte[] bytes = NativeCodec.encode(packet);

            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(false, bytes));

            assertEquals(MalformedPacketException.Reason.UNKNOWN_TYPE, e.reason());
            assertEquals(String.format("unknown server packet type 0x%02X", bytes[3] & 0xFF), e.getMessage());
        }

        @ParameterizedTest
        @ValueSource(ints = {0x00, 0x09, 0x7F, 0x80, 0x89, 0xFF})
        void rejectsUnknownTypes(int type) {
            String datagram = String.format("FF AC 01 %02X ", type) + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69";

            assertClientRejected(
                    datagram,
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    String.format("unknown client packet type 0x%02X", type));
            assertServerRejected(
                    datagram,
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    String.format("unknown server packet type 0x%02X", type));
        }

        @Test
        void rejectsHelloOf63Bytes() {
            byte[] hello = new byte[63];
            System.arraycopy(hex("FF AC 01 01"), 0, hello, 0, 4);

            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(true, hello));

            assertEquals(MalformedPacketException.Reason.BAD_LENGTH, e.reason());
            assertEquals("HELLO of 63 bytes is under the 64-byte minimum that pays for the reply", e.getMessage());
        }

        @Test
        void rejectsBarePreambleOfHello() {
            assertClientRejected(
                    "FF AC 01 01",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "HELLO of 4 bytes is under the 64-byte minimum that pays for the reply");
        }

        @Test
        void rejectsLoginCutShortInTheCookie() {
            assertClientRejected(
                    "FF AC 01 02  01 02 03 04  11 12",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x02 cut short: 10 bytes, needs 16 at least");
        }

        @Test
        void rejectsLoginCutShortInThePreviousToken() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x02 cut short: 27 bytes, needs 32 at least");
        }

        @Test
        void rejectsLoginCutShortInTheNonce() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " A1 A2 A3",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x02 cut short: 35 bytes, needs 40 at least");
        }

        @Test
        void rejectsLoginWithoutItsNonceAsCutShort() {
            // Without the nonce, the cookie and previous token alone no longer make a nameless LOGIN.
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x02 cut short: 32 bytes, needs 40 at least");
        }

        @Test
        void rejectsChatCutShortInTheToken() {
            assertClientRejected(
                    "FF AC 01 03 01 02 03",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x03 cut short: 7 bytes, needs 12 at least");
        }

        @Test
        void rejectsChatCutShortInTheAck() {
            assertClientRejected(
                    "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x03 cut short: 18 bytes, needs 20 at least");
        }

        @Test
        void rejectsEventCutShortBeforeItsKind() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 20 bytes, needs 21 at least");
        }

        @Test
        void rejectsEventWhoseNameLengthRunsPastTheEnd() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 04 62 6F 62",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 25 bytes, needs 26 at least");
        }

        @Test
        void rejectsRefusedCutShortInTheLimit() {
            assertServerRejected(
                    "FF AC 01 83 06 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x83 cut short: 7 bytes, needs 9 at least");
        }

        @Test
        void rejectsRefusedCutShortInTheNonce() {
            assertServerRejected(
                    "FF AC 01 83 06 00 00 00 00  A1 A2 A3",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x83 cut short: 12 bytes, needs 17 at least");
            assertServerRejected(
                    "FF AC 01 83 06 00 00 00 00  A1 A2 A3 A4 A5 A6 A7",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x83 cut short: 16 bytes, needs 17 at least");
        }

        @Test
        void rejectsRefusedWithoutItsNonceAsCutShort() {
            assertServerRejected(
                    "FF AC 01 83 06 00 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x83 cut short: 9 bytes, needs 17 at least");
        }

        @Test
        void rejectsChallengeCutShortInTheCookie() {
            assertServerRejected(
                    "FF AC 01 81  01 02 03 04  11 12",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x81 cut short: 10 bytes, needs 16 at least");
        }

        @Test
        void rejectsChallengeCutShortInTheNonce() {
            assertServerRejected(
                    "FF AC 01 81 " + COOKIE_HEX + " A1 A2 A3",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x81 cut short: 27 bytes, needs 32 at least");
            assertServerRejected(
                    "FF AC 01 81 " + COOKIE_HEX + " A1 A2 A3 A4 A5 A6 A7",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x81 cut short: 31 bytes, needs 32 at least");
        }

        @Test
        void rejectsChallengeWithoutItsNonceAsCutShort() {
            assertServerRejected(
                    "FF AC 01 81 " + COOKIE_HEX,
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x81 cut short: 24 bytes, needs 32 at least");
        }

        @Test
        void rejectsWelcomeCutShortInTheNonce() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " A1 A2 A3",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x82 cut short: 15 bytes, needs 20 at least");
        }

        @Test
        void rejectsEndedCutShortBeforeTheReason() {
            assertServerRejected(
                    "FF AC 01 88 " + TOKEN_HEX,
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x88 cut short: 12 bytes, needs 13 at least");
        }

        @Test
        void rejectsClientAckWithATrailingByte() {
            assertClientRejected(
                    "FF AC 01 05 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "ACK of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsQuitWithATrailingByte() {
            assertClientRejected(
                    "FF AC 01 04 " + TOKEN_HEX + " 00 00 00 01  00 00 00 01  51",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "QUIT of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsPingWithATrailingByte() {
            assertClientRejected(
                    "FF AC 01 06 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "PING of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsPathResponseWithATrailingByte() {
            assertClientRejected(
                    "FF AC 01 07 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "PATH_RESPONSE of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsChallengeWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 81 " + COOKIE_HEX + " " + NO_NONCE_HEX + " 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "CHALLENGE of 33 bytes is longer than its 32-byte layout");
        }

        @Test
        void rejectsRefusedWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 83 06 00 00 00 00 " + NO_NONCE_HEX + " 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "REFUSED of 18 bytes is longer than its 17-byte layout");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "FF", "A1 A2 A3 A4 A5 A6 A7 A8"})
        void rejectsChallengeWithTrailingBytesAfterANonZeroNonce(String trailing) {
            String datagram = "FF AC 01 81 " + COOKIE_HEX + " " + NONCE_HEX + " " + trailing;

            assertServerRejected(
                    datagram,
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "CHALLENGE of " + hex(datagram).length + " bytes is longer than its 32-byte layout");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "FF", "A1 A2 A3 A4 A5 A6 A7 A8"})
        void rejectsRefusedWithTrailingBytesAfterANonZeroNonce(String trailing) {
            String datagram = "FF AC 01 83 07 00 00 00 40 " + NONCE_HEX + " " + trailing;

            assertServerRejected(
                    datagram,
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "REFUSED of " + hex(datagram).length + " bytes is longer than its 17-byte layout");
        }

        @Test
        void rejectsServerAckWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 85 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "ACK of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsPongWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 86 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "PONG of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsPathChallengeWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 87 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "PATH_CHALLENGE of 21 bytes is longer than its 20-byte layout");
        }

        @Test
        void rejectsEndedWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 88 " + TOKEN_HEX + " 01 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "ENDED of 14 bytes is longer than its 13-byte layout");
        }

        @Test
        void rejectsJoinedEventWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 03 62 6F 62  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 26 bytes is longer than its 25-byte layout");
        }

        @Test
        void rejectsClosingEventWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  08 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 22 bytes is longer than its 21-byte layout");
        }

        @Test
        void rejectsNotRelayedEventWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0A 01 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 23 bytes is longer than its 22-byte layout");
        }

        @Test
        void rejectsTokenZeroInEverySessionPacket() {
            String zero = "00 00 00 00 00 00 00 00";
            for (String client : List.of(
                    "FF AC 01 03 " + zero + " 00 00 00 01  00 00 00 00  68 69",
                    "FF AC 01 04 " + zero + " 00 00 00 01  00 00 00 00",
                    "FF AC 01 05 " + zero + " 00 00 00 00  00 00 00 00",
                    "FF AC 01 06 " + zero + " 00 00 00 00  00 00 00 00",
                    "FF AC 01 07 " + zero + " 11 22 33 44 55 66 77 88",
                    "FF AC 01 08 " + zero + " 00 00 00 01  00 00 00 00  02")) {
                assertClientRejected(client, MalformedPacketException.Reason.BAD_FIELD, "token is 0");
            }
            for (String server : List.of(
                    "FF AC 01 82 " + zero + " " + NO_NONCE_HEX + " 62 6F 62",
                    "FF AC 01 84 " + zero + " 00 00 00 01  00 00 00 00  08",
                    "FF AC 01 85 " + zero + " 00 00 00 00  00 00 00 00",
                    "FF AC 01 86 " + zero + " 00 00 00 00  00 00 00 00",
                    "FF AC 01 87 " + zero + " 11 22 33 44 55 66 77 88",
                    "FF AC 01 88 " + zero + " 01")) {
                assertServerRejected(server, MalformedPacketException.Reason.BAD_FIELD, "token is 0");
            }
        }

        @Test
        void rejectsChatWithSeqZero() {
            assertClientRejected(
                    "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  68 69",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "seq is 0");
        }

        @Test
        void rejectsQuitWithSeqZero() {
            assertClientRejected(
                    "FF AC 01 04 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "seq is 0");
        }

        @Test
        void rejectsEventWithSeqZero() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  08",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "seq is 0");
        }

        @Test
        void rejectsClientAckWithASeq() {
            assertClientRejected(
                    "FF AC 01 05 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "ACK has a seq");
        }

        @Test
        void rejectsPingWithASeq() {
            assertClientRejected(
                    "FF AC 01 06 " + TOKEN_HEX + " FF FF FF FF  00 00 00 00",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "PING has a seq");
        }

        @Test
        void rejectsServerAckWithASeq() {
            assertServerRejected(
                    "FF AC 01 85 " + TOKEN_HEX + " 80 00 00 00  00 00 00 00",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "ACK has a seq");
        }

        @Test
        void rejectsPongWithASeq() {
            assertServerRejected(
                    "FF AC 01 86 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "PONG has a seq");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 14, 0xFF})
        void rejectsUnknownRefusalReason(int code) {
            assertServerRejected(
                    String.format("FF AC 01 83 %02X 00 00 00 00 %s", code, NO_NONCE_HEX),
                    MalformedPacketException.Reason.BAD_FIELD,
                    "unknown refusal reason " + code);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 6, 0xFF})
        void rejectsUnknownEndReason(int code) {
            assertServerRejected(
                    String.format("FF AC 01 88 %s %02X", TOKEN_HEX, code),
                    MalformedPacketException.Reason.BAD_FIELD,
                    "unknown end reason " + code);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 4, 0xFF})
        void rejectsUnknownNotRelayedProblem(int code) {
            assertServerRejected(
                    String.format("FF AC 01 84 %s 00 00 00 01  00 00 00 00  0A %02X", TOKEN_HEX, code),
                    MalformedPacketException.Reason.BAD_FIELD,
                    "unknown text problem " + code);
        }

        @Test
        void rejectsLoginWithEmptyName() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20 62 6F 62", "62 6F 62 20", "62 6F 62 0A", "09", "E3 80 80 62"})
        void rejectsLoginWithSurroundingWhitespace(String name) {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + " " + name,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsLoginWithNameOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + " 78".repeat(256),
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsWelcomeWithEmptyName() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsWelcomeWithSurroundingWhitespace() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62 20",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01 00 68 69", "02 00", "03 00", "04 00", "05 00", "06 00", "05 00 72 65"})
        void rejectsEventWithNameLengthZero(String body) {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 " + body,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "a field has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsEventWithNameInSurroundingWhitespace() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 04 62 6F 62 20",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "a field has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsChatWithoutText() {
            assertClientRejected(
                    "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    "CHAT has no text");
        }

        @Test
        void rejectsSaidWithoutText() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01 03 62 6F 62",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    "SAID has no text");
        }

        @Test
        void rejectsAnnouncedWithoutText() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  07",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    "ANNOUNCED has no text");
        }

        @Test
        void rejectsNameThatIsNotUtf8() {
            assertNotUtf8(
                    true, "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 C0 AF");
            assertNotUtf8(false, "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 ED A0 80");
            assertNotUtf8(false, "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 02 62 80");
        }

        @Test
        void rejectsTextThatIsNotUtf8() {
            assertNotUtf8(true, "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69 FF");
            assertNotUtf8(false, "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01 01 62  E4 BD");
            assertNotUtf8(false, "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  07 F4 90 80 80");
            assertNotUtf8(false, "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  05 01 62  80");
            assertNotUtf8(false, "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  09 C3");
        }

        @Test
        void countsTheBadUtf8ByteFromTheStartOfTheDatagram() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 41");
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " " + NONCE_HEX + "  62 C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 41");
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NONCE_HEX + "  62 C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 21");
            assertClientRejected(
                    "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69 FF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 22");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 21, 0x7F, 0xFF})
        void rejectsUnknownEventKind(int kind) {
            assertServerRejected(
                    String.format("FF AC 01 84 %s 00 00 00 01  00 00 00 00  %02X 03 62 6F 62", TOKEN_HEX, kind),
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown event kind " + kind);
        }

        // Requests

        @Test
        void rejectsRequestCutShortBeforeItsKind() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x08 cut short: 20 bytes, needs 21 at least");
        }

        @Test
        void rejectsRequestWithSeqZero() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  02",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "seq is 0");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 7, 0x7F, 0xFF})
        void rejectsUnknownRequestKind(int kind) {
            assertClientRejected(
                    String.format("FF AC 01 08 %s 00 00 00 01  00 00 00 00  %02X 62 6F 62", TOKEN_HEX, kind),
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown request kind " + kind);
        }

        @Test
        void rejectsListRoomsWithATrailingByte() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "LIST_ROOMS of 22 bytes is longer than its 21-byte layout");
        }

        @Test
        void rejectsJoinRoomWithoutARoom() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "JOIN_ROOM has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20 6C 6F 62 62 79", "6C 6F 62 62 79 20", "6C 6F 62 62 79 0A", "E3 80 80 62", "09"})
        void rejectsJoinRoomWithSurroundingWhitespace(String room) {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01 " + room,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "JOIN_ROOM has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"6C 6F 00 62 62 79", "6C 6F 62 62 79 00", "00"})
        void rejectsJoinRoomWithANul(String room) {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01 " + room,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "JOIN_ROOM has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsJoinRoomOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  01" + " 78".repeat(256),
                    MalformedPacketException.Reason.MISSING_NAME,
                    "JOIN_ROOM has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsNickWithoutAName() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  06",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "NICK has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"62 00 62", "62 6F 62 00", "20 62 6F 62", "62 6F 62 E3 80 80"})
        void rejectsNickWithANulOrSurroundingWhitespace(String name) {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  06 " + name,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "NICK has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsNickOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  06" + " E4 B8 AD".repeat(85) + " 78",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "NICK has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20 62", "62 20", "00", "62 00 62", "0A"})
        void rejectsWhoWithAnUnusableRoom(String room) {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  03 " + room,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WHO has no usable room: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsWhoWithARoomOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  03" + " 78".repeat(256),
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WHO has no usable room: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsPrivateMessageWithoutText() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  04 03 62 6F 62",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    "PRIVATE_MESSAGE has no text");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00 68 69", "03 62 00 62 68 69", "04 62 6F 62 20 68 69", "04 20 62 6F 62 68 69"})
        void rejectsPrivateMessageToAnUnusableName(String body) {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  04 " + body,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "a field has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsPrivateMessageWhoseNameLengthRunsPastTheEnd() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  04 05 62 6F 62",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x08 cut short: 25 bytes, needs 27 at least");
        }

        @Test
        void rejectsPrivateMessageCutShortBeforeItsNameLength() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  04",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x08 cut short: 21 bytes, needs 22 at least");
        }

        @Test
        void rejectsActionWithoutText() {
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  05",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    "ACTION has no text");
        }

        // Rooms in LOGIN and WELCOME

        @Test
        void rejectsLoginWithANulFollowedByNothing() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 6F 62 00",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsLoginWithARoomButNoName() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  00 6C 6F 62 62 79",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsLoginWithANameInSurroundingWhitespaceBeforeItsRoom() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX
                            + "  62 6F 62 20  00 6C 6F 62 62 79",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20 6C 6F 62 62 79", "6C 6F 62 62 79 20", "6C 6F 62 62 79 0A", "E3 80 80", "00"})
        void rejectsLoginWithARoomInSurroundingWhitespaceOrANul(String room) {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 6F 62 00 " + room,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsLoginWithASecondNul() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX
                            + "  62 6F 62 00 6C 6F 00 62 62 79",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsLoginWithARoomOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 6F 62 00"
                            + " 78".repeat(256),
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsWelcomeWithANulFollowedByNothing() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62 00",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsWelcomeWithARoomInSurroundingWhitespace() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62 00 20 6C 6F 62 62 79",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable room after its NUL: empty, over 255 bytes, with a NUL or with surrounding"
                            + " whitespace");
        }

        @Test
        void rejectsWelcomeWithARoomButNoName() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 00 6C 6F 62 62 79",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        // The new events

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "02 03 62 00 62",
                    "01 04 62 6F 62 00  68 69",
                    "0B 05 6C 6F 00 62 79  00 00 00 01",
                    "0C 00 00 00 01  03 64 00 76  00 00 00 01",
                    "0D 05 6C 6F 62 62 79  00 00 00 01  03 62 00 62",
                    "0E 03 62 00 62  68 69",
                    "11 03 62 6F 62  03 72 00 62"
                })
        void rejectsEventWithANulInAName(String body) {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 " + body,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "a field has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "0B 00  00 00 00 01",
                    "0C 00 00 00 01  00  00 00 00 01",
                    "0D 00  00 00 00 00",
                    "0D 05 6C 6F 62 62 79  00 00 00 01  00",
                    "0E 00 68 69",
                    "0F 00 68 69",
                    "10 00 68 69",
                    "11 00  03 72 6F 62",
                    "11 03 62 6F 62  00"
                })
        void rejectsNewEventWithNameLengthZero(String body) {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 " + body,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "a field has no usable name: empty, over 255 bytes, with a NUL or with surrounding whitespace");
        }

        @Test
        void rejectsYouAreInCutShortInItsMemberCount() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0B 05 6C 6F 62 62 79  00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 29 bytes, needs 31 at least");
        }

        @Test
        void rejectsYouAreInWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0B 05 6C 6F 62 62 79  00 00 00 01  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 32 bytes is longer than its 31-byte layout");
        }

        @Test
        void rejectsRoomListCutShortInItsTotal() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 23 bytes, needs 25 at least");
        }

        @Test
        void rejectsRoomListCutShortInTheCountOfAnEntry() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00 00 01  05 6C 6F 62 62 79  00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 33 bytes, needs 35 at least");
        }

        @Test
        void rejectsRoomListEntryWithoutItsCount() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00 00 01  05 6C 6F 62 62 79",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 31 bytes, needs 35 at least");
        }

        @Test
        void rejectsRoomListWhoseRoomLengthRunsPastTheEnd() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00 00 01  09 6C 6F 62 62 79",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 31 bytes, needs 35 at least");
        }

        @Test
        void rejectsRoomListThatListsMoreRoomsThanItsTotal() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00 00 01"
                            + "  05 6C 6F 62 62 79  00 00 00 02  03 64 65 76  00 00 00 01",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "2 rooms listed of 1");
        }

        @Test
        void rejectsRoomListOfNoRoomsInAllThatListsOne() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX
                            + " 00 00 00 01  00 00 00 00  0C 00 00 00 00  05 6C 6F 62 62 79  00 00 00 02",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "1 rooms listed of 0");
        }

        @Test
        void rejectsMemberListCutShortInItsTotal() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79  00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 30 bytes, needs 31 at least");
        }

        @Test
        void rejectsMemberListWhoseNameLengthRunsPastTheEnd() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79  00 00 00 02"
                            + "  05 62 6F 62",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 35 bytes, needs 37 at least");
        }

        @Test
        void rejectsMemberListThatListsMoreNamesThanItsTotal() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79  00 00 00 01"
                            + "  03 62 6F 62  05 61 6C 69 63 65",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "2 names listed of 1");
        }

        @Test
        void rejectsMemberListOfNoMembersInAllThatListsOne() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79  00 00 00 00"
                            + "  03 62 6F 62",
                    MalformedPacketException.Reason.BAD_FIELD,
                    "1 names listed of 0");
        }

        @ParameterizedTest
        @CsvSource({"0E, PRIVATE_FROM", "0F, PRIVATE_TO", "10, ACTED"})
        void rejectsPrivateMessageOrActionEventWithoutText(String kind, String what) {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  " + kind + " 03 62 6F 62",
                    MalformedPacketException.Reason.MISSING_TEXT,
                    what + " has no text");
        }

        @ParameterizedTest
        @ValueSource(strings = {"00", "68 69", "03 62 6F 62"})
        void rejectsRenamedWithTrailingBytes(String trailing) {
            String datagram =
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  11 03 62 6F 62  03 72 6F 62  " + trailing;

            assertServerRejected(
                    datagram,
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of " + hex(datagram).length + " bytes is longer than its 29-byte layout");
        }

        @Test
        void rejectsRenamedWithoutItsNewName() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  11 03 62 6F 62",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 25 bytes, needs 26 at least");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 10, 0x7F, 0xFF})
        void rejectsUnknownFailure(int code) {
            assertServerRejected(
                    String.format("FF AC 01 84 %s 00 00 00 01  00 00 00 00  12 %02X 00 00 00 00", TOKEN_HEX, code),
                    MalformedPacketException.Reason.BAD_FIELD,
                    "unknown failure " + code);
        }

        @Test
        void rejectsFailedCutShortBeforeItsCode() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  12",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 21 bytes, needs 22 at least");
        }

        @Test
        void rejectsFailedCutShortInItsLimit() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  12 04 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 24 bytes, needs 26 at least");
        }

        @Test
        void rejectsMutedCutShortInItsMinutes() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  13 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "type 0x84 cut short: 23 bytes, needs 25 at least");
        }

        @Test
        void rejectsMutedWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  13 00 00 00 0A  00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 26 bytes is longer than its 25-byte layout");
        }

        @Test
        void rejectsUnmutedWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  14 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "event of 22 bytes is longer than its 21-byte layout");
        }

        @Test
        void rejectsRoomsAndRequestFieldsThatAreNotUtf8() {
            String request = "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";
            String event = "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";
            assertNotUtf8(
                    true,
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX
                            + "  62 6F 62 00 6C C0 AF");
            assertNotUtf8(false, "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " 62 6F 62 00 ED A0 80");
            assertNotUtf8(true, request + "01 6C 6F FF");
            assertNotUtf8(true, request + "03 E4 BD");
            assertNotUtf8(true, request + "04 02 62 80  68 69");
            assertNotUtf8(true, request + "04 03 62 6F 62  68 69 C3");
            assertNotUtf8(true, request + "05 F4 90 80 80");
            assertNotUtf8(true, request + "06 62 C0 AF");
            assertNotUtf8(false, event + "0B 02 62 80  00 00 00 01");
            assertNotUtf8(false, event + "0C 00 00 00 01  02 62 80  00 00 00 01");
            assertNotUtf8(false, event + "0D 05 6C 6F 62 62 79  00 00 00 01  02 62 80");
            assertNotUtf8(false, event + "0E 03 62 6F 62  E4 BD");
            assertNotUtf8(false, event + "10 03 62 6F 62  FF");
            assertNotUtf8(false, event + "11 03 62 6F 62  02 62 80");
            assertNotUtf8(false, event + "12 01 00 00 00 00  62 C0 AF");
        }

        @Test
        void countsTheBadUtf8ByteOfNewFieldsFromTheStartOfTheDatagram() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 6F 62 00 6C C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 45");
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " " + NONCE_HEX + "  62 6F 62 00 6C C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 25");
            assertClientRejected(
                    "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  05 68 FF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 22");
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79  00 00 00 01"
                            + "  03 62 FF 62",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 33");
        }

        private void assertNotUtf8(boolean asClient, String datagram) {
            MalformedPacketException e =
                    assertThrows(MalformedPacketException.class, () -> decode(asClient, hex(datagram)), datagram);

            assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason(), datagram);
            assertTrue(e.getMessage().startsWith("not valid UTF-8 at byte "), e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding edge cases

    @Nested
    class DecodingEdgeCases {

        @Test
        void helloPaddingNeedNotBeZero() throws MalformedPacketException {
            // The decoder reads a hello's nonce and counts its bytes: its padding carries nothing.
            byte[] bytes = new byte[64];
            Arrays.fill(bytes, (byte) 0x55);
            System.arraycopy(hex("FF AC 01 01  00 00 00 00 00 00 00 00"), 0, bytes, 0, 12);

            assertEquals(new NativeClientPacket.Hello(64), NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }

        @ParameterizedTest
        @CsvSource({"64, 00", "64, 01", "64, 55", "64, FF", "65, AC", "200, 80", "1200, FF"})
        void helloOf64BytesOrMoreIsFineWhateverItsPaddingHolds(int size, String fill) throws MalformedPacketException {
            byte[] bytes = new byte[size];
            Arrays.fill(bytes, (byte) Integer.parseInt(fill, 16));
            System.arraycopy(hex("FF AC 01 01  " + NONCE_HEX), 0, bytes, 0, 12);
            ByteBuffer datagram = ByteBuffer.wrap(bytes);

            assertEquals(new NativeClientPacket.Hello(NONCE, size), NativeCodec.decodeClientPacket(datagram));
            assertFalse(datagram.hasRemaining(), "decoding consumes the padding");
        }

        @Test
        void helloPaddingMayLookLikeAnyPacket() throws MalformedPacketException {
            // Random padding, even a whole CHALLENGE inside it, is only paid for, never read.
            SplittableRandom random = new SplittableRandom(64);
            for (int c = 0; c < 100; c++) {
                int size = NativeCodec.HELLO_BYTES
                        + random.nextInt(Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.HELLO_BYTES + 1);
                byte[] bytes = new byte[size];
                for (int i = 12; i < size; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                byte[] inside = NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE, -1));
                System.arraycopy(inside, 0, bytes, 12, inside.length);
                long nonce = random.nextLong();
                ByteBuffer.wrap(bytes).put(hex("FF AC 01 01")).putLong(nonce);

                assertEquals(
                        new NativeClientPacket.Hello(nonce, size),
                        NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)),
                        "case " + c);
            }
        }

        @Test
        void loginNameMayHoldInnerSpaces() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, 0, "bob  smith"),
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX
                            + "  62 6F 62 20 20 73 6D 69 74 68"));
        }

        @Test
        void chatTextKeepsItsSurroundingSpaces() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Chat(TOKEN, 1, 0, " hi "),
                    decodeClient("FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  20 68 69 20"));
        }

        @Test
        void kickReasonsMayBeEmpty() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.YouWereKicked("")),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  09"));
        }

        @Test
        void whoWithNothingAfterItsKindAsksAboutTheOwnRoom() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Who("")),
                    decodeClient("FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  03"));
        }

        @Test
        void loginWithoutANulHasAnEmptyRoom() throws MalformedPacketException {
            NativeClientPacket.Login login = (NativeClientPacket.Login) decodeClient(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + "  62 6F 62");

            assertEquals("bob", login.name());
            assertEquals("", login.room());
        }

        @Test
        void loginRoomMayHoldInnerSpaces() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, 0, "bob", "rust  dev"),
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX
                            + "  62 6F 62 00" + "  72 75 73 74 20 20 64 65 76"));
        }

        @Test
        void requestsLeaveTheNameRulesToTheServer() throws MalformedPacketException {
            // 管理员 is reserved as a person's name and allowed as a room's: the codec decides neither.
            String header = "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";
            assertEquals(
                    new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Nick(Names.ADMINISTRATOR)),
                    decodeClient(header + "06 E7 AE A1 E7 90 86 E5 91 98"));
            assertEquals(
                    new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.JoinRoom("a".repeat(33))),
                    decodeClient(header + "01" + " 61".repeat(33)));
        }

        @Test
        void listingsMaySayMoreThanTheyList() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(
                            TOKEN, 1, 0, new RoomEvent.RoomList(100, List.of(new RoomEvent.RoomCount("lobby", 3)))),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0C 00 00 00 64"
                            + "  05 6C 6F 62 62 79  00 00 00 03"));
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.MemberList("lobby", 7, List.of())),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79"
                            + "  00 00 00 07"));
        }

        @Test
        void listingsMayListExactlyTheirTotal() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(
                            TOKEN, 1, 0, new RoomEvent.MemberList("lobby", 2, List.of("bob", "bob"))),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  0D 05 6C 6F 62 62 79"
                            + "  00 00 00 02  03 62 6F 62  03 62 6F 62"));
        }

        @Test
        void failedSubjectMayBeEmpty() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Failed(Failure.TOO_MANY_ROOMS, 50, "")),
                    decodeServer("FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  12 05 00 00 00 32"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Seeded mutation: the decoders reject with MalformedPacketException or decode canonically

    @Nested
    class Mutations {

        private static final long[] SEEDS = {1L, 42L, 0x5EED_CAFEL, -7_777_777_777L};
        private static final int CASES_PER_SEED = 2_000;

        @Test
        void mutatedDatagramsAreRejectedOrDecodeToTheSameBytes() {
            List<byte[]> originals = new ArrayList<>();
            Stream.concat(clientPackets(), serverPackets()).forEach(p -> originals.add(NativeCodec.encode(p)));
            int accepted = 0;
            int rejected = 0;
            for (long seed : SEEDS) {
                SplittableRandom random = new SplittableRandom(seed);
                for (int c = 0; c < CASES_PER_SEED; c++) {
                    byte[] bytes = mutate(originals.get(random.nextInt(originals.size())), random);
                    String replay = "seed " + seed + ", case " + c + ": "
                            + HexFormat.of().formatHex(bytes);
                    for (boolean asClient : new boolean[] {true, false}) {
                        Packet packet;
                        try {
                            packet = decode(asClient, bytes);
                        } catch (MalformedPacketException expected) {
                            rejected++;
                            continue;
                        } catch (RuntimeException e) {
                            fail(replay + " threw " + e, e);
                            return;
                        }
                        accepted++;
                        if (packet instanceof NativeClientPacket.Hello hello) {
                            assertEquals(bytes.length, hello.size(), replay);
                            // Preamble and nonce encode back; only the padding, which carries nothing, may differ.
                            assertArrayEquals(
                                    Arrays.copyOf(bytes, NativeCodec.PREAMBLE_BYTES + 8),
                                    Arrays.copyOf(NativeCodec.encode(packet), NativeCodec.PREAMBLE_BYTES + 8),
                                    replay);
                        } else {
                            assertArrayEquals(bytes, NativeCodec.encode(packet), replay);
                        }
                    }
                }
            }
            // Both outcomes must occur often, or the mutants test nothing.
            assertTrue(accepted > SEEDS.length * CASES_PER_SEED / 20, "accepted " + accepted);
            assertTrue(rejected > SEEDS.length * CASES_PER_SEED, "rejected " + rejected);
        }

        private byte[] mutate(byte[] original, SplittableRandom random) {
            byte[] bytes = original;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                switch (random.nextInt(4)) {
                    case 0: // flip a byte past the preamble's magic, so most mutants reach the field checks
                        if (bytes.length > 2) {
                            bytes = bytes.clone();
                            bytes[2 + random.nextInt(bytes.length - 2)] = (byte) random.nextInt(256);
                        }
                        break;
                    case 1: // cut
                        bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                        break;
                    case 2: // append
                        int end = bytes.length;
                        bytes = Arrays.copyOf(bytes, end + 1 + random.nextInt(4));
                        for (int i = end; i < bytes.length; i++) {
                            bytes[i] = (byte) random.nextInt(256);
                        }
                        break;
                    default: // set a small field to an edge value
                        if (bytes.length > 4) {
                            bytes = bytes.clone();
                            int[] edges = {0x00, 0x01, 0x7F, 0x80, 0xFF};
                            bytes[4 + random.nextInt(bytes.length - 4)] = (byte) edges[random.nextInt(edges.length)];
                        }
                        break;
                }
            }
            return bytes;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static Packet decode(boolean asClient, byte[] bytes) throws MalformedPacketException {
        ByteBuffer datagram = ByteBuffer.wrap(bytes);
        return asClient ? NativeCodec.decodeClientPacket(datagram) : NativeCodec.decodeServerPacket(datagram);
    }

    private static NativeClientPacket decodeClient(String hexBytes) throws MalformedPacketException {
        return NativeCodec.decodeClientPacket(ByteBuffer.wrap(hex(hexBytes)));
    }

    private static NativeServerPacket decodeServer(String hexBytes) throws MalformedPacketException {
        return NativeCodec.decodeServerPacket(ByteBuffer.wrap(hex(hexBytes)));
    }

    private static void assertClientRejected(String hexBytes, MalformedPacketException.Reason reason, String message) {
        assertRejected(true, hexBytes, reason, message);
    }

    private static void assertServerRejected(String hexBytes, MalformedPacketException.Reason reason, String message) {
        assertRejected(false, hexBytes, reason, message);
    }

    private static void assertRejected(
            boolean asClient, String hexBytes, MalformedPacketException.Reason reason, String message) {
        MalformedPacketException e =
                assertThrows(MalformedPacketException.class, () -> decode(asClient, hex(hexBytes)), hexBytes);

        assertEquals(reason, e.reason(), hexBytes);
        assertEquals(message, e.getMessage(), hexBytes);
    }

    /** Bytes written as hex pairs, with any spaces between them for reading. */
    static byte[] hex(String pairs) {
        return HexFormat.of().parseHex(pairs.replace(" ", ""));
    }
}
