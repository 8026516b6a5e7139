package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.udpchat.codec.MalformedPacketException.Reason.EMPTY;
import static org.udpchat.codec.MalformedPacketException.Reason.MISSING_NAME;
import static org.udpchat.codec.MalformedPacketException.Reason.MISSING_TEXT;
import static org.udpchat.codec.MalformedPacketException.Reason.OVERSIZED;
import static org.udpchat.codec.MalformedPacketException.Reason.UNKNOWN_TYPE;
import static org.udpchat.codec.NativeBytes.hex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
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
    @MethodSource({"clientPackets", "serverPackets"})
    void packetSurvivesRoundTripsThroughAnArrayAndABuffer(Packet packet) throws MalformedPacketException {
        boolean fromClient = packet instanceof ClientPacket;
        byte[] bytes = ClassicCodec.encode(packet);
        ByteBuffer buffer = ByteBuffer.allocate(Limits.MAX_DATAGRAM_BYTES);
        ClassicCodec.encode(packet, buffer);
        buffer.flip();

        assertEquals(
                packet,
                fromClient
                        ? ClassicCodec.decodeClientPacket(bytes, 0, bytes.length)
                        : ClassicCodec.decodeServerPacket(bytes, 0, bytes.length));
        assertEquals(
                packet, fromClient ? ClassicCodec.decodeClientPacket(buffer) : ClassicCodec.decodeServerPacket(buffer));
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

    @ParameterizedTest
    @MethodSource("taggedAsChat")
    void tellsAChatByItsFirstTwoBytesWithoutMovingTheBuffer(String datagram, boolean isChat) {
        ByteBuffer buffer = ByteBuffer.wrap(("xx" + datagram).getBytes(StandardCharsets.UTF_8));
        buffer.position(2);

        assertEquals(isChat, ClassicCodec.isTaggedChat(buffer));
        assertEquals(2, buffer.position());
    }

    static Stream<Arguments> taggedAsChat() {
        return Stream.of(
                arguments("C bob hi", true),
                arguments("C ", true),
                arguments("C", false),
                arguments("", false),
                arguments("L bob", false),
                arguments("Q bob", false),
                arguments("c bob hi", false),
                arguments("Cbob hi", false),
                arguments(" C bob hi", false));
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

        /** Each row's packet encodes to exactly its bytes, and its bytes decode to it. */
        static Stream<Arguments> packets() {
            return Stream.of(
                    arguments("L bob", "4C 20 62 6F 62", new ClientPacket.Login("bob")),
                    arguments(
                            "C: both spaces of the text kept",
                            "43 20 62 6F 62 20 68 69 20 20 74 68 65 72 65",
                            new ClientPacket.Chat("bob", "hi  there")),
                    arguments("Q bob", "51 20 62 6F 62", new ClientPacket.Quit("bob")),
                    arguments("OK", "4F 4B", new ServerPacket.Ok()),
                    arguments("EXIT", "45 58 49 54", new ServerPacket.Exit()),
                    arguments(
                            "a Chinese chat line: 小 U+5C0F, 明 U+660E, \" : \", 你 U+4F60, 好 U+597D",
                            "E5 B0 8F E6 98 8E  20 3A 20  E4 BD A0 E5 A5 BD",
                            ServerPacket.Line.chat("小明", "你好")),
                    arguments("L 小明", "4C 20 E5 B0 8F E6 98 8E", new ClientPacket.Login("小明")),
                    arguments(
                            "C 小明 你好",
                            "43 20 E5 B0 8F E6 98 8E 20 E4 BD A0 E5 A5 BD",
                            new ClientPacket.Chat("小明", "你好")),
                    arguments(
                            "C: an emoji in four bytes, 😀 U+1F600",
                            "43 20 62 6F 62 20 F0 9F 98 80",
                            new ClientPacket.Chat("bob", "😀")));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource
        void packets(String description, String hexBytes, Packet packet) throws MalformedPacketException {
            byte[] bytes = hex(hexBytes);

            assertArrayEquals(bytes, ClassicCodec.encode(packet), "encoding");
            assertEquals(
                    packet,
                    packet instanceof ClientPacket
                            ? ClassicCodec.decodeClientPacket(bytes, 0, bytes.length)
                            : ClassicCodec.decodeServerPacket(bytes, 0, bytes.length),
                    "decoding");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One row per rejection, message included

    @Nested
    class Rejections {

        @Test
        void rejectsEmptyServerDatagram() {
            MalformedPacketException e = assertThrows(
                    MalformedPacketException.class, () -> ClassicCodec.decodeServerPacket(new byte[0], 0, 0));

            assertEquals(MalformedPacketException.Reason.EMPTY, e.reason());
            assertEquals("empty datagram", e.getMessage());
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

        /** Datagrams the server refuses, as the text they hold: each with its exact reason and message. */
        static Stream<Arguments> clientDatagrams() {
            return Stream.of(
                    arguments("", EMPTY, "empty datagram", "empty"),
                    arguments(
                            "C bob " + "x".repeat(1019),
                            OVERSIZED,
                            "datagram of 1025 bytes is over the 1024-byte limit",
                            "one byte over the limit"),
                    arguments("X bob", UNKNOWN_TYPE, "unknown packet type 'X': expected L, C or Q", "an unknown tag"),
                    arguments(
                            "LOL",
                            UNKNOWN_TYPE,
                            "unknown packet type 'LOL': expected L, C or Q",
                            "a tag that only starts with a known one"),
                    arguments("l bob", UNKNOWN_TYPE, "unknown packet type 'l': expected L, C or Q", "a lower-case tag"),
                    arguments(
                            " L bob",
                            UNKNOWN_TYPE,
                            "unknown packet type '': expected L, C or Q",
                            "a space first: an empty tag"),
                    arguments(
                            "L\tbob",
                            UNKNOWN_TYPE,
                            "unknown packet type 'L\\u0009bob': expected L, C or Q",
                            "a tag glued to the name by a tab"),
                    arguments(
                            "\u001B[2J",
                            UNKNOWN_TYPE,
                            "unknown packet type '\\u001B[2J': expected L, C or Q",
                            "an unknown tag's control characters, quoted"),
                    arguments(
                            "OK",
                            UNKNOWN_TYPE,
                            "unknown packet type 'OK': expected L, C or Q",
                            "a server reply sent to the server"),
                    arguments("L", MISSING_NAME, "no name: expected 'L <name>'", "L without a name"),
                    arguments("L    ", MISSING_NAME, "no name: expected 'L <name>'", "L with a name of spaces"),
                    arguments(
                            "L \t\u3000", MISSING_NAME, "no name: expected 'L <name>'", "L with a name of whitespace"),
                    arguments("Q", MISSING_NAME, "no name: expected 'Q <name>'", "Q without a name"),
                    arguments("Q  ", MISSING_NAME, "no name: expected 'Q <name>'", "Q with a name of spaces"),
                    arguments("C", MISSING_NAME, "no name: expected 'C <name> <text>'", "C without a name"),
                    arguments(
                            "C  text",
                            MISSING_NAME,
                            "no name: expected 'C <name> <text>'",
                            "C with an empty name before the text"),
                    arguments("C bob", MISSING_TEXT, "no text: expected 'C <name> <text>'", "C without a text"),
                    arguments(
                            "C bob ",
                            MISSING_TEXT,
                            "no text: expected 'C <name> <text>'",
                            "C with an empty text after the second space"));
        }

        @ParameterizedTest(name = "{3}")
        @MethodSource
        void clientDatagrams(
                String datagram, MalformedPacketException.Reason reason, String message, String description) {
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

        /** Datagrams that decode to a packet, though not the one that encodes to them. */
        static Stream<Arguments> clientDatagrams() {
            return Stream.of(
                    arguments("L   bob  ", new ClientPacket.Login("bob"), "spaces around L's name are trimmed"),
                    arguments("Q  bob \t", new ClientPacket.Quit("bob"), "whitespace around Q's name is trimmed"),
                    // Whether such a name may join is Names.check's call, not the decoder's.
                    arguments("L bob  smith ", new ClientPacket.Login("bob  smith"), "spaces inside L's name are kept"),
                    arguments(
                            "C bob  hi ",
                            new ClientPacket.Chat("bob", " hi "),
                            "a chat text is kept exactly, spaces too"),
                    arguments("C bob  ", new ClientPacket.Chat("bob", " "), "a chat text may be a single space"),
                    arguments(
                            "C bob a b  c\td",
                            new ClientPacket.Chat("bob", "a b  c\td"),
                            "a chat text runs to the end of the datagram"),
                    arguments(
                            "C bob\tx y", new ClientPacket.Chat("bob\tx", "y"), "a chat's name ends at a space only"));
        }

        static Stream<Arguments> serverDatagrams() {
            return Stream.of(
                    arguments("OK", new ServerPacket.Ok(), "exactly OK is OK"),
                    arguments("EXIT", new ServerPacket.Exit(), "exactly EXIT is EXIT"),
                    arguments("OK ", new ServerPacket.Line("OK "), "OK with a trailing space is a line"),
                    arguments("exit", new ServerPacket.Line("exit"), "a lower-case exit is a line"),
                    arguments("OK\n", new ServerPacket.Line("OK\n"), "OK and a newline is a line"),
                    arguments(
                            "\nbob 加入了聊天室\n",
                            new ServerPacket.Line("\nbob 加入了聊天室\n"),
                            "a classic notice wrapped in newlines is a line"));
        }

        @ParameterizedTest(name = "{2}")
        @MethodSource
        void clientDatagrams(String datagram, ClientPacket packet, String description) throws MalformedPacketException {
            byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);

            assertEquals(packet, ClassicCodec.decodeClientPacket(bytes, 0, bytes.length));
        }

        @ParameterizedTest(name = "{2}")
        @MethodSource
        void serverDatagrams(String datagram, ServerPacket packet, String description) throws MalformedPacketException {
            assertEquals(
                    packet,
                    ClassicCodec.decodeServerPacket(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8))));
        }
    }

    // ---------------------------------------------------------------------------------------------

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * A chat is read field by field from its bytes; it must come out as the whole text decoded and split at
     * its spaces would, rejections (and the offset they name) included.
     */
    @Test
    void aChatReadFromItsBytesIsItsWholeTextSplitAtSpaces() {
        long seed = 0x5EEDC4A7L;
        SplittableRandom random = new SplittableRandom(seed);
        // ASCII, spaces, a 2- and a 3-byte character, a lone continuation byte, a lead byte cut short, 0xFF
        byte[][] pieces = {
            {'a'},
            {'b'},
            {' '},
            {' '},
            {(byte) 0xC3, (byte) 0xA9},
            {(byte) 0xE4, (byte) 0xBD, (byte) 0xA0},
            {(byte) 0x80},
            {(byte) 0xE4},
            {(byte) 0xFF}
        };
        for (int n = 0; n < 20_000; n++) {
            ByteBuffer datagram = ByteBuffer.allocate(64).put((byte) 'C').put((byte) ' ');
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                byte[] piece = pieces[random.nextInt(random.nextInt(10) < 8 ? 6 : pieces.length)];
                datagram.put(piece);
            }
            datagram.flip();
            byte[] bytes = Arrays.copyOf(datagram.array(), datagram.limit());
            String replay =
                    "seed " + seed + ", case " + n + ": " + HexFormat.of().formatHex(bytes);

            assertEquals(splitWhole(bytes), decodedChat(datagram), replay);
            assertFalse(datagram.hasRemaining(), replay);
        }
    }

    private static String decodedChat(ByteBuffer datagram) {
        try {
            ClientPacket.Chat chat = (ClientPacket.Chat) ClassicCodec.decodeClientPacket(datagram);
            return chat.name() + "|" + chat.text();
        } catch (MalformedPacketException e) {
            datagram.position(datagram.limit());
            return e.reason() + ": " + e.getMessage();
        }
    }

    /** How a chat was decoded before it was read from its bytes: the whole text, then split. */
    private static String splitWhole(byte[] bytes) {
        String text;
        try {
            text = Utf8.decode(ByteBuffer.wrap(bytes));
        } catch (MalformedPacketException e) {
            return e.reason() + ": " + e.getMessage();
        }
        String rest = text.substring(2);
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        String said = space < 0 ? "" : rest.substring(space + 1);
        if (name.isEmpty()) {
            return MISSING_NAME + ": no name: expected 'C <name> <text>'";
        }
        if (said.isEmpty()) {
            return MISSING_TEXT + ": no text: expected 'C <name> <text>'";
        }
        return name + "|" + said;
    }
}
