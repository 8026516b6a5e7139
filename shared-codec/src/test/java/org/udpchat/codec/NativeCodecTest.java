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
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NativeCodecTest {

    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final String TOKEN_HEX = "01 02 03 04 05 06 07 08";
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final long[] TOKENS = {Long.MIN_VALUE, -1L, 1L, TOKEN, Long.MAX_VALUE};
    private static final Cookie COOKIE = new Cookie(0x0102_0304L, 0x1112_1314_1516_1718L, 0x2122_2324_2526_2728L);
    private static final String COOKIE_HEX = "01 02 03 04  11 12 13 14 15 16 17 18  21 22 23 24 25 26 27 28";
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
        }
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
        for (RefusalReason reason : RefusalReason.values()) {
            packets.add(new NativeServerPacket.Refused(reason, 0));
            packets.add(new NativeServerPacket.Refused(reason, MAX_U32));
        }
        roomEvents().forEach(event -> packets.add(new NativeServerPacket.Event(TOKEN, 1, 0, event)));
        for (EndReason reason : EndReason.values()) {
            packets.add(new NativeServerPacket.Ended(TOKEN, reason));
        }
        for (long token : TOKENS) {
            packets.add(new NativeServerPacket.Welcome(token, "bob"));
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
        return events.stream();
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
    @ValueSource(ints = {64, 65, 200, 1200})
    void helloTakesExactlyItsSize(int size) {
        assertEquals(size, NativeCodec.encode(new NativeClientPacket.Hello(size)).length);
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
        void encodesLogin() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  FF FF FF FF FF FF FF FE  62 6F 62"),
                    NativeCodec.encode(new NativeClientPacket.Login(COOKIE, -2, "bob")));
        }

        @Test
        void encodesLoginWithoutPreviousTokenAsEightZeros() {
            assertArrayEquals(
                    hex("FF AC 01 02 " + COOKIE_HEX + "  00 00 00 00 00 00 00 00  E5 B0 8F E6 98 8E"),
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
        void encodesChallengeIn24Bytes() {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Challenge(COOKIE));

            assertArrayEquals(hex("FF AC 01 81 " + COOKIE_HEX), bytes);
            assertEquals(NativeCodec.CHALLENGE_BYTES, bytes.length);
            assertEquals(24, bytes.length);
        }

        @Test
        void encodesWelcome() {
            assertArrayEquals(
                    hex("FF AC 01 82 " + TOKEN_HEX + " 62 6F 62"),
                    NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, "bob")));
        }

        @Test
        void encodesRefusedWithReasonCodeAndLimit() {
            assertArrayEquals(
                    hex("FF AC 01 83  07  00 00 00 40"),
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
            int[] kinds = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
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
                new RoomEvent.NotRelayed(ChatText.Problem.EMPTY)
            };
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
                    decodeClient("FF AC 01 02 " + COOKIE_HEX + " " + TOKEN_HEX + " 62 6F 62"));
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
            assertEquals(new NativeServerPacket.Challenge(COOKIE), decodeServer("FF AC 01 81 " + COOKIE_HEX));
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
                    decodeServer("FF AC 01 83 02 00 00 00 20"));
        }

        @Test
        void decodesHandWrittenKickedWithAReason() throws MalformedPacketException {
            assertEquals(
                    new NativeServerPacket.Event(TOKEN, 5, 0, new RoomEvent.Kicked("bob", "spam")),
                    decodeServer(
                            "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 05  00 00 00 00  05 03 62 6F 62  73 70 61 6D"));
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
                    "FE AC 01 81 " + COOKIE_HEX,
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
                    "FF AC 00 81 " + COOKIE_HEX,
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version 0, but this side speaks 1");
            assertServerRejected(
                    "FF AC FF 81 " + COOKIE_HEX,
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
        @ValueSource(ints = {0x00, 0x08, 0x7F, 0x80, 0x89, 0xFF})
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
                    "FF AC 01 81 " + COOKIE_HEX + " 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "CHALLENGE of 25 bytes is longer than its 24-byte layout");
        }

        @Test
        void rejectsRefusedWithATrailingByte() {
            assertServerRejected(
                    "FF AC 01 83 06 00 00 00 00 00",
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "REFUSED of 10 bytes is longer than its 9-byte layout");
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
                    "FF AC 01 07 " + zero + " 11 22 33 44 55 66 77 88")) {
                assertClientRejected(client, MalformedPacketException.Reason.BAD_FIELD, "token is 0");
            }
            for (String server : List.of(
                    "FF AC 01 82 " + zero + " 62 6F 62",
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
        @ValueSource(ints = {0, 10, 0xFF})
        void rejectsUnknownRefusalReason(int code) {
            assertServerRejected(
                    String.format("FF AC 01 83 %02X 00 00 00 00", code),
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
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"20 62 6F 62", "62 6F 62 20", "62 6F 62 0A", "09", "E3 80 80 62"})
        void rejectsLoginWithSurroundingWhitespace(String name) {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + name,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes or with surrounding whitespace");
        }

        @Test
        void rejectsLoginWithNameOver255Bytes() {
            assertClientRejected(
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00" + " 78".repeat(256),
                    MalformedPacketException.Reason.MISSING_NAME,
                    "LOGIN has no usable name: empty, over 255 bytes or with surrounding whitespace");
        }

        @Test
        void rejectsWelcomeWithEmptyName() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable name: empty, over 255 bytes or with surrounding whitespace");
        }

        @Test
        void rejectsWelcomeWithSurroundingWhitespace() {
            assertServerRejected(
                    "FF AC 01 82 " + TOKEN_HEX + " 62 6F 62 20",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "WELCOME has no usable name: empty, over 255 bytes or with surrounding whitespace");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01 00 68 69", "02 00", "03 00", "04 00", "05 00", "06 00", "05 00 72 65"})
        void rejectsEventWithNameLengthZero(String body) {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 " + body,
                    MalformedPacketException.Reason.MISSING_NAME,
                    "an event has no usable name: empty or with surrounding whitespace");
        }

        @Test
        void rejectsEventWithNameInSurroundingWhitespace() {
            assertServerRejected(
                    "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  02 04 62 6F 62 20",
                    MalformedPacketException.Reason.MISSING_NAME,
                    "an event has no usable name: empty or with surrounding whitespace");
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
            assertNotUtf8(true, "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00  62 C0 AF");
            assertNotUtf8(false, "FF AC 01 82 " + TOKEN_HEX + " 62 ED A0 80");
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
                    "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00  62 C0 AF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 33");
            assertClientRejected(
                    "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69 FF",
                    MalformedPacketException.Reason.NOT_UTF8,
                    "not valid UTF-8 at byte 22");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 11, 0x7F, 0xFF})
        void rejectsUnknownEventKind(int kind) {
            assertServerRejected(
                    String.format("FF AC 01 84 %s 00 00 00 01  00 00 00 00  %02X 03 62 6F 62", TOKEN_HEX, kind),
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown event kind " + kind);
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
            // The decoder only counts a hello's bytes: its padding carries nothing.
            byte[] bytes = new byte[64];
            Arrays.fill(bytes, (byte) 0x55);
            System.arraycopy(hex("FF AC 01 01"), 0, bytes, 0, 4);

            assertEquals(new NativeClientPacket.Hello(64), NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }

        @Test
        void loginNameMayHoldInnerSpaces() throws MalformedPacketException {
            assertEquals(
                    new NativeClientPacket.Login(COOKIE, 0, "bob  smith"),
                    decodeClient(
                            "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00  62 6F 62 20 20 73 6D 69 74 68"));
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
