package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClassicCodecTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧

    // ---------------------------------------------------------------------------------------------
    // Round trips

    static Stream<ClientPacket> clientPackets() {
        return Stream.of(
                new ClientPacket.Login("bob"),
                new ClientPacket.Login("小明"),
                new ClientPacket.Login("😀bob"),
                new ClientPacket.Login("bob smith"),
                new ClientPacket.Chat("bob", "hi"),
                new ClientPacket.Chat("bob", "hi  there"),
                new ClientPacket.Chat("bob", "  leading and trailing  "),
                new ClientPacket.Chat("bob", " "),
                new ClientPacket.Chat("小明", "你好，世界"),
                new ClientPacket.Chat("😀", "emoji 😀🎉 and a family " + FAMILY),
                new ClientPacket.Chat("bob", "C bob nested"),
                new ClientPacket.Chat("bob", longestText("bob")),
                new ClientPacket.Chat("bob", longestChineseText("bob")),
                new ClientPacket.Quit("bob"),
                new ClientPacket.Quit("小明"),
                new ClientPacket.Quit("👍"));
    }

    static Stream<ServerPacket> serverPackets() {
        return Stream.of(
                new ServerPacket.Ok(),
                new ServerPacket.Exit(),
                new ServerPacket.Line("hello"),
                new ServerPacket.Line("OK "),
                new ServerPacket.Line(" OK"),
                new ServerPacket.Line("exit"),
                new ServerPacket.Line("EXIT!"),
                new ServerPacket.Line("L bob"),
                ServerPacket.Line.chat("小明", "你好"),
                ServerPacket.Line.chat("bob", "runs   of   spaces  "),
                ServerPacket.Line.chat(Names.ADMINISTRATOR, "服务器将在 5 分钟后关闭 😀"),
                ServerPacket.Line.chat("bob", longestText("bob")));
    }

    /** The longest text {@code name} may say: the chat request and its line both take exactly 1024 bytes. */
    private static String longestText(String name) {
        return "x".repeat(ChatText.maxBytes(name));
    }

    /** As {@link #longestText}, mostly 3-byte characters with a 4-byte emoji, to exercise every width. */
    private static String longestChineseText(String name) {
        int room = ChatText.maxBytes(name) - 4; // one emoji
        return "😀" + "中".repeat(room / 3) + "x".repeat(room % 3);
    }

    @ParameterizedTest
    @MethodSource("clientPackets")
    void clientPacketSurvivesByteArrayRoundTrip(ClientPacket packet) throws MalformedPacketException {
        byte[] bytes = ClassicCodec.encode(packet);

        assertEquals(packet, ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("clientPackets")
    void clientPacketSurvivesByteBufferRoundTrip(ClientPacket packet) throws MalformedPacketException {
        ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
        ClassicCodec.encode(packet, buffer);
        buffer.flip();

        assertEquals(packet, ClassicCodec.decodeClientPacket(buffer));
        assertFalse(buffer.hasRemaining(), "decoding consumes the datagram");
    }

    @ParameterizedTest
    @MethodSource("serverPackets")
    void serverPacketSurvivesByteArrayRoundTrip(ServerPacket packet) throws MalformedPacketException {
        byte[] bytes = ClassicCodec.encode(packet);

        assertEquals(packet, ClassicCodec.decodeServerPacket(bytes, 0, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("serverPackets")
    void serverPacketSurvivesByteBufferRoundTrip(ServerPacket packet) throws MalformedPacketException {
        ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
        ClassicCodec.encode(packet, buffer);
        buffer.flip();

        assertEquals(packet, ClassicCodec.decodeServerPacket(buffer));
        assertFalse(buffer.hasRemaining(), "decoding consumes the datagram");
    }

    @ParameterizedTest
    @MethodSource({"clientPackets", "serverPackets"})
    void encodesToTheSameBytesAsTheJdk(Packet packet) {
        // The classic clients build each datagram with str.encode('utf-8'); for well-formed text the
        // JDK's encoder is the reference.
        assertArrayEquals(expectedText(packet).getBytes(StandardCharsets.UTF_8), ClassicCodec.encode(packet));
    }

    private static String expectedText(Packet packet) {
        if (packet instanceof ClientPacket.Login login) {
            return "L " + login.name();
        } else if (packet instanceof ClientPacket.Chat chat) {
            return "C " + chat.name() + " " + chat.text();
        } else if (packet instanceof ClientPacket.Quit quit) {
            return "Q " + quit.name();
        } else if (packet instanceof ServerPacket.Ok) {
            return "OK";
        } else if (packet instanceof ServerPacket.Exit) {
            return "EXIT";
        } else if (packet instanceof ServerPacket.Line line) {
            return line.text();
        }
        throw new AssertionError(packet);
    }

    @Test
    void longestChatRequestTakesExactlyTheDatagramLimit() throws MalformedPacketException {
        ClientPacket.Chat chat = new ClientPacket.Chat("bob", longestText("bob"));

        byte[] bytes = ClassicCodec.encode(chat);

        assertEquals(Limits.MAX_DATAGRAM_BYTES, bytes.length);
        assertEquals(chat, ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));
    }

    @Test
    void longestChatLineTakesExactlyTheDatagramLimit() throws MalformedPacketException {
        ServerPacket.Line line = ServerPacket.Line.chat("小明", longestChineseText("小明"));

        byte[] bytes = ClassicCodec.encode(line);

        assertEquals(Limits.MAX_DATAGRAM_BYTES, bytes.length);
        assertEquals(line, ClassicCodec.decodeServerPacket(bytes, 0, bytes.length));
    }

    @Test
    void encodeAppendsAtTheBufferPosition() {
        ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES + 2);
        buffer.put((byte) 0x7E).put((byte) 0x7E);

        ClassicCodec.encode(new ClientPacket.Quit("bob"), buffer);

        assertEquals(7, buffer.position());
        assertArrayEquals(bytes(0x7E, 0x7E, 0x51, 0x20, 0x62, 0x6F, 0x62), Arrays.copyOf(buffer.array(), 7));
    }

    @Test
    void decodesOnlyTheGivenSliceOfAnArray() throws MalformedPacketException {
        byte[] bytes = "xxL bobyy".getBytes(StandardCharsets.US_ASCII);

        assertEquals(new ClientPacket.Login("bob"), ClassicCodec.decodeClientPacket(bytes, 2, 5));
    }

    @Test
    void decodesOnlyTheRemainingBytesOfABuffer() throws MalformedPacketException {
        ByteBuffer buffer = ByteBuffer.wrap("xxOKyy".getBytes(StandardCharsets.US_ASCII));
        buffer.position(2).limit(4);

        assertEquals(new ServerPacket.Ok(), ClassicCodec.decodeServerPacket(buffer));
        assertEquals(4, buffer.position());
    }

    static Stream<Supplier<Packet>> packetsWithUnpairedSurrogates() {
        return Stream.of(
                () -> new ClientPacket.Login("bob\uD800"),
                () -> new ClientPacket.Chat("bob", "a\uD800b"),
                () -> new ClientPacket.Chat("b\uDC00b", "hi"),
                () -> new ClientPacket.Quit("\uD83D"),
                () -> new ServerPacket.Line("a\uDC00\uD800b"));
    }

    @ParameterizedTest
    @MethodSource("packetsWithUnpairedSurrogates")
    void packetWithUnpairedSurrogateIsRefusedOrRoundTrips(Supplier<Packet> construction)
            throws MalformedPacketException {
        Packet packet;
        try {
            packet = construction.get();
        } catch (IllegalArgumentException refused) {
            return; // refusing such a packet is one acceptable fix
        }
        byte[] bytes = ClassicCodec.encode(packet);

        Packet decoded = packet instanceof ClientPacket
                ? ClassicCodec.decodeClientPacket(bytes, 0, bytes.length)
                : ClassicCodec.decodeServerPacket(bytes, 0, bytes.length);

        assertEquals(packet, decoded, "built, but does not survive a round trip");
    }

    // ---------------------------------------------------------------------------------------------
    // Golden bytes

    @Nested
    class GoldenBytes {

        @Test
        void encodesLogin() {
            assertArrayEquals(bytes(0x4C, 0x20, 0x62, 0x6F, 0x62), ClassicCodec.encode(new ClientPacket.Login("bob")));
        }

        @Test
        void encodesChatKeepingBothSpacesOfTheText() {
            assertArrayEquals(
                    bytes(0x43, 0x20, 0x62, 0x6F, 0x62, 0x20, 0x68, 0x69, 0x20, 0x20, 0x74, 0x68, 0x65, 0x72, 0x65),
                    ClassicCodec.encode(new ClientPacket.Chat("bob", "hi  there")));
        }

        @Test
        void encodesQuit() {
            assertArrayEquals(bytes(0x51, 0x20, 0x62, 0x6F, 0x62), ClassicCodec.encode(new ClientPacket.Quit("bob")));
        }

        @Test
        void encodesOk() {
            assertArrayEquals(bytes(0x4F, 0x4B), ClassicCodec.encode(new ServerPacket.Ok()));
        }

        @Test
        void encodesExit() {
            assertArrayEquals(bytes(0x45, 0x58, 0x49, 0x54), ClassicCodec.encode(new ServerPacket.Exit()));
        }

        @Test
        void encodesChineseChatLine() {
            // 小 U+5C0F, 明 U+660E, 你 U+4F60, 好 U+597D
            assertArrayEquals(
                    bytes(
                            0xE5, 0xB0, 0x8F, 0xE6, 0x98, 0x8E, // 小明
                            0x20, 0x3A, 0x20, // " : "
                            0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD), // 你好
                    ClassicCodec.encode(ServerPacket.Line.chat("小明", "你好")));
        }

        @Test
        void encodesChineseLogin() {
            assertArrayEquals(
                    bytes(0x4C, 0x20, 0xE5, 0xB0, 0x8F, 0xE6, 0x98, 0x8E),
                    ClassicCodec.encode(new ClientPacket.Login("小明")));
        }

        @Test
        void encodesEmojiAsFourBytes() {
            // 😀 U+1F600
            assertArrayEquals(
                    bytes(0x43, 0x20, 0x62, 0x6F, 0x62, 0x20, 0xF0, 0x9F, 0x98, 0x80),
                    ClassicCodec.encode(new ClientPacket.Chat("bob", "😀")));
        }

        @Test
        void decodesHandWrittenLogin() throws MalformedPacketException {
            assertEquals(new ClientPacket.Login("bob"), decodeClient(0x4C, 0x20, 0x62, 0x6F, 0x62));
        }

        @Test
        void decodesHandWrittenChat() throws MalformedPacketException {
            assertEquals(
                    new ClientPacket.Chat("bob", "hi  there"),
                    decodeClient(
                            0x43, 0x20, 0x62, 0x6F, 0x62, 0x20, 0x68, 0x69, 0x20, 0x20, 0x74, 0x68, 0x65, 0x72, 0x65));
        }

        @Test
        void decodesHandWrittenChineseChat() throws MalformedPacketException {
            assertEquals(
                    new ClientPacket.Chat("小明", "你好"),
                    decodeClient(
                            0x43, 0x20, 0xE5, 0xB0, 0x8F, 0xE6, 0x98, 0x8E, 0x20, 0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD));
        }

        @Test
        void decodesHandWrittenQuit() throws MalformedPacketException {
            assertEquals(new ClientPacket.Quit("bob"), decodeClient(0x51, 0x20, 0x62, 0x6F, 0x62));
        }

        @Test
        void decodesHandWrittenOk() throws MalformedPacketException {
            assertEquals(new ServerPacket.Ok(), decodeServer(0x4F, 0x4B));
        }

        @Test
        void decodesHandWrittenExit() throws MalformedPacketException {
            assertEquals(new ServerPacket.Exit(), decodeServer(0x45, 0x58, 0x49, 0x54));
        }

        @Test
        void decodesHandWrittenChineseChatLine() throws MalformedPacketException {
            assertEquals(
                    new ServerPacket.Line("小明 : 你好"),
                    decodeServer(
                            0xE5, 0xB0, 0x8F, 0xE6, 0x98, 0x8E, 0x20, 0x3A, 0x20, 0xE4, 0xBD, 0xA0, 0xE5, 0xA5, 0xBD));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One test per rejection reason, message included

    @Nested
    class Rejections {

        @Test
        void rejectsEmptyClientDatagram() {
            assertRejectedAsClient(MalformedPacketException.Reason.EMPTY, "empty datagram");
        }

        @Test
        void rejectsEmptyServerDatagram() {
            MalformedPacketException e = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeServerPacket(new byte[0], 0, 0));

            assertEquals(MalformedPacketException.Reason.EMPTY, e.reason());
            assertEquals("empty datagram", e.getMessage());
        }

        @Test
        void rejectsClientDatagramOfOneByteOverTheLimit() {
            byte[] bytes = ("C bob " + "x".repeat(1019)).getBytes(StandardCharsets.UTF_8);
            assertEquals(1025, bytes.length);

            MalformedPacketException e = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));

            assertEquals(MalformedPacketException.Reason.OVERSIZED, e.reason());
            assertEquals("datagram of 1025 bytes is over the 1024-byte limit", e.getMessage());
        }

        @Test
        void rejectsServerDatagramOfOneByteOverTheLimit() {
            ByteBuffer buffer = ByteBuffer.wrap("y".repeat(1025).getBytes(StandardCharsets.UTF_8));

            MalformedPacketException e =
                    assertThrows(MalformedPacketException.class, () -> ClassicCodec.decodeServerPacket(buffer));

            assertEquals(MalformedPacketException.Reason.OVERSIZED, e.reason());
            assertEquals("datagram of 1025 bytes is over the 1024-byte limit", e.getMessage());
        }

        @Test
        void acceptsDatagramOfExactlyTheLimit() throws MalformedPacketException {
            byte[] bytes = "y".repeat(1024).getBytes(StandardCharsets.UTF_8);

            assertEquals(
                    new ServerPacket.Line("y".repeat(1024)), ClassicCodec.decodeServerPacket(bytes, 0, bytes.length));
        }

        static Stream<Arguments> notUtf8() {
            return Stream.of(
                    Arguments.of("lone continuation byte", bytes(0x4C, 0x20, 0x62, 0x80), 3),
                    Arguments.of("truncated 3-byte sequence at the end", bytes(0x4C, 0x20, 0xE4, 0xBD), 2),
                    Arguments.of("truncated 2-byte sequence before ASCII", bytes(0x4C, 0x20, 0xC3, 0x41), 2),
                    Arguments.of("truncated 4-byte sequence", bytes(0x43, 0x20, 0x62, 0x20, 0xF0, 0x9F, 0x98), 4),
                    Arguments.of("overlong '/' C0 AF", bytes(0x4C, 0x20, 0xC0, 0xAF), 2),
                    Arguments.of("overlong C1 BF", bytes(0x4C, 0x20, 0xC1, 0xBF), 2),
                    Arguments.of("overlong 3-byte E0 80 AF", bytes(0x4C, 0x20, 0xE0, 0x80, 0xAF), 2),
                    Arguments.of("overlong 4-byte F0 80 80 AF", bytes(0x4C, 0x20, 0xF0, 0x80, 0x80, 0xAF), 2),
                    Arguments.of("encoded surrogate ED A0 80", bytes(0x4C, 0x20, 0x61, 0xED, 0xA0, 0x80), 3),
                    Arguments.of("encoded low surrogate ED BF BF", bytes(0x4C, 0x20, 0xED, 0xBF, 0xBF), 2),
                    Arguments.of("above U+10FFFF F4 90 80 80", bytes(0x4C, 0x20, 0xF4, 0x90, 0x80, 0x80), 2),
                    Arguments.of("lead byte F5", bytes(0x4C, 0x20, 0xF5, 0x80, 0x80, 0x80), 2),
                    Arguments.of("byte FF", bytes(0x4C, 0x20, 0x62, 0x6F, 0x62, 0xFF), 5),
                    Arguments.of("byte FE first", bytes(0xFE), 0));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("notUtf8")
        void rejectsClientDatagramThatIsNotUtf8(String description, byte[] bytes, int badOffset) {
            MalformedPacketException e = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));

            assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason());
            assertEquals("not valid UTF-8 at byte " + badOffset, e.getMessage());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("notUtf8")
        void rejectsServerDatagramThatIsNotUtf8(String description, byte[] bytes, int badOffset) {
            MalformedPacketException e = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeServerPacket(ByteBuffer.wrap(bytes)));

            assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason());
            assertEquals("not valid UTF-8 at byte " + badOffset, e.getMessage());
        }

        @Test
        void countsTheBadByteFromTheStartOfTheDatagramNotOfTheArray() {
            byte[] bytes = bytes(0x7E, 0x7E, 0x4C, 0x20, 0x62, 0x80);

            MalformedPacketException e =
                    assertThrows(MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(bytes, 2, 4));

            assertEquals("not valid UTF-8 at byte 3", e.getMessage());
        }

        @Test
        void rejectsUnknownTag() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type 'X': expected L, C or Q",
                    "X bob");
        }

        @Test
        void rejectsTagThatOnlyStartsWithAKnownOne() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type 'LOL': expected L, C or Q",
                    "LOL");
        }

        @Test
        void rejectsLowerCaseTag() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type 'l': expected L, C or Q",
                    "l bob");
        }

        @Test
        void rejectsDatagramStartingWithASpaceAsEmptyTag() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type '': expected L, C or Q",
                    " L bob");
        }

        @Test
        void rejectsTagGluedToTheNameByATab() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type 'L\\u0009bob': expected L, C or Q",
                    "L\tbob");
        }

        @Test
        void quotesControlCharactersOfAnUnknownTag() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    "unknown packet type '\\u001B[2J': expected L, C or Q",
                    "\u001B[2J");
        }

        @Test
        void rejectsServerRepliesSentToTheServer() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.UNKNOWN_TYPE, "unknown packet type 'OK': expected L, C or Q", "OK");
        }

        @Test
        void rejectsLoginWithoutName() {
            assertRejectedAsClient(MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'L <name>'", "L");
        }

        @Test
        void rejectsLoginWhoseNameIsOnlySpaces() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'L <name>'", "L    ");
        }

        @Test
        void rejectsLoginWhoseNameIsOnlyWhitespace() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'L <name>'", "L \t\u3000");
        }

        @Test
        void rejectsQuitWithoutName() {
            assertRejectedAsClient(MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'Q <name>'", "Q");
        }

        @Test
        void rejectsQuitWhoseNameIsOnlySpaces() {
            assertRejectedAsClient(MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'Q <name>'", "Q  ");
        }

        @Test
        void rejectsChatWithoutName() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'C <name> <text>'", "C");
        }

        @Test
        void rejectsChatWithEmptyNameBeforeTheText() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_NAME, "no name: expected 'C <name> <text>'", "C  text");
        }

        @Test
        void rejectsChatWithoutText() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_TEXT, "no text: expected 'C <name> <text>'", "C bob");
        }

        @Test
        void rejectsChatWithEmptyTextAfterTheSecondSpace() {
            assertRejectedAsClient(
                    MalformedPacketException.Reason.MISSING_TEXT, "no text: expected 'C <name> <text>'", "C bob ");
        }

        private void assertRejectedAsClient(MalformedPacketException.Reason reason, String message) {
            assertRejectedAsClient(reason, message, "");
        }

        private void assertRejectedAsClient(MalformedPacketException.Reason reason, String message, String datagram) {
            byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);

            MalformedPacketException fromArray = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));
            MalformedPacketException fromBuffer = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));

            assertEquals(reason, fromArray.reason());
            assertEquals(message, fromArray.getMessage());
            assertEquals(reason, fromBuffer.reason());
            assertEquals(message, fromBuffer.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding edge cases

    @Nested
    class DecodingEdgeCases {

        @Test
        void trimsSpacesAroundLoginName() throws MalformedPacketException {
            assertEquals(new ClientPacket.Login("bob"), decodeClient("L   bob  "));
        }

        @Test
        void trimsSpacesAroundQuitName() throws MalformedPacketException {
            assertEquals(new ClientPacket.Quit("bob"), decodeClient("Q  bob \t"));
        }

        @Test
        void keepsSpacesInsideLoginName() throws MalformedPacketException {
            // Whether such a name may join is Names.check's call, not the decoder's.
            assertEquals(new ClientPacket.Login("bob  smith"), decodeClient("L bob  smith "));
        }

        @Test
        void keepsChatTextExactlyIncludingLeadingAndTrailingSpaces() throws MalformedPacketException {
            assertEquals(new ClientPacket.Chat("bob", " hi "), decodeClient("C bob  hi "));
        }

        @Test
        void chatTextMayBeASingleSpace() throws MalformedPacketException {
            assertEquals(new ClientPacket.Chat("bob", " "), decodeClient("C bob  "));
        }

        @Test
        void chatTextRunsToTheEndOfTheDatagram() throws MalformedPacketException {
            assertEquals(new ClientPacket.Chat("bob", "a b  c\td"), decodeClient("C bob a b  c\td"));
        }

        @Test
        void chatNameEndsAtTheFirstSpaceOnly() throws MalformedPacketException {
            assertEquals(new ClientPacket.Chat("bob\tx", "y"), decodeClient("C bob\tx y"));
        }

        @Test
        void decodesExactOkAsOk() throws MalformedPacketException {
            assertEquals(new ServerPacket.Ok(), decodeServer("OK"));
        }

        @Test
        void decodesExactExitAsExit() throws MalformedPacketException {
            assertEquals(new ServerPacket.Exit(), decodeServer("EXIT"));
        }

        @Test
        void decodesOkWithTrailingSpaceAsLine() throws MalformedPacketException {
            assertEquals(new ServerPacket.Line("OK "), decodeServer("OK "));
        }

        @Test
        void decodesLowerCaseExitAsLine() throws MalformedPacketException {
            assertEquals(new ServerPacket.Line("exit"), decodeServer("exit"));
        }

        @Test
        void decodesOkFollowedByNewlineAsLine() throws MalformedPacketException {
            assertEquals(new ServerPacket.Line("OK\n"), decodeServer("OK\n"));
        }

        @Test
        void decodesClassicNoticeWrappedInNewlinesAsLine() throws MalformedPacketException {
            assertEquals(new ServerPacket.Line("\nbob 加入了聊天室\n"), decodeServer("\nbob 加入了聊天室\n"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static ClientPacket decodeClient(String datagram) throws MalformedPacketException {
        byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
        return ClassicCodec.decodeClientPacket(bytes, 0, bytes.length);
    }

    private static ClientPacket decodeClient(int... bytes) throws MalformedPacketException {
        byte[] datagram = bytes(bytes);
        return ClassicCodec.decodeClientPacket(datagram, 0, datagram.length);
    }

    private static ServerPacket decodeServer(String datagram) throws MalformedPacketException {
        return ClassicCodec.decodeServerPacket(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
    }

    private static ServerPacket decodeServer(int... bytes) throws MalformedPacketException {
        byte[] datagram = bytes(bytes);
        return ClassicCodec.decodeServerPacket(datagram, 0, datagram.length);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
