package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.udpchat.codec.NativeBytes.COOKIE;
import static org.udpchat.codec.NativeBytes.FAMILY;
import static org.udpchat.codec.NativeBytes.LONGEST_NAME;
import static org.udpchat.codec.NativeBytes.MAX_U32;
import static org.udpchat.codec.NativeBytes.NONCE;
import static org.udpchat.codec.NativeBytes.NONCE_HEX;
import static org.udpchat.codec.NativeBytes.SECRET;
import static org.udpchat.codec.NativeBytes.TOKEN;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.hex;
import static org.udpchat.codec.NativeBytes.noiseFirst;
import static org.udpchat.codec.NativeBytes.noiseSecond;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The native datagrams: preamble, session header, and each client and server packet type. */
class NativeCodecTest {

    private static final long[] TOKENS = {Long.MIN_VALUE, -1L, 1L, TOKEN, Long.MAX_VALUE};
    private static final long[] NONCES = {Long.MIN_VALUE, -1L, 1L, NONCE, Long.MAX_VALUE};

    /** The longest chat text: the CHAT datagram takes exactly the native limit. */
    static final int LONGEST_CHAT_TEXT_BYTES = Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES;

    // ---------------------------------------------------------------------------------------------
    // Round trips

    static Stream<ClearClientPacket> clearClientPackets() {
        List<ClearClientPacket> packets = new ArrayList<>();
        for (long nonce : NONCES) {
            packets.add(new ClearClientPacket.Hello(nonce, NativeCodec.HELLO_BYTES));
            packets.add(new ClearClientPacket.Hello(nonce, 200));
            packets.add(new ClearClientPacket.Hello(nonce, Limits.MAX_NATIVE_DATAGRAM_BYTES));
            packets.add(new ClearClientPacket.Init(COOKIE, nonce, noiseFirst()));
            packets.add(new ClearClientPacket.Init(new Cookie(MAX_U32, -1, Long.MIN_VALUE), nonce, new byte[32], 129));
            packets.add(new ClearClientPacket.Init(new Cookie(0, 0, 0), nonce, noiseFirst(), 1000));
            packets.add(new ClearClientPacket.Init(COOKIE, nonce, noiseFirst(), Limits.MAX_NATIVE_DATAGRAM_BYTES));
        }
        return packets.stream();
    }

    static Stream<ClearServerPacket> clearServerPackets() {
        List<ClearServerPacket> packets = new ArrayList<>();
        for (long nonce : NONCES) {
            packets.add(new ClearServerPacket.Challenge(COOKIE, nonce));
            packets.add(new ClearServerPacket.Challenge(new Cookie(0, 0, 0), nonce));
            packets.add(new ClearServerPacket.Challenge(new Cookie(MAX_U32, Long.MIN_VALUE, -1), nonce));
            packets.add(new ClearServerPacket.Reply(nonce, noiseSecond()));
            packets.add(new ClearServerPacket.Reply(nonce, new byte[NativeCodec.NOISE_SECOND_BYTES]));
            packets.add(new ClearServerPacket.Upgrade(1, NativeCodec.VERSION, nonce));
            packets.add(new ClearServerPacket.Upgrade(NativeCodec.VERSION, 3, nonce));
            packets.add(new ClearServerPacket.Upgrade(255, MAX_U32, nonce));
            packets.add(new ClearServerPacket.Upgrade(7, 0, nonce));
        }
        for (long token : TOKENS) {
            packets.add(new ClearServerPacket.Unknown(token));
        }
        return packets.stream();
    }

    static Stream<NativeClientPacket> clientPackets() {
        List<NativeClientPacket> packets = new ArrayList<>();
        packets.add(new NativeClientPacket.Login("bob"));
        packets.add(new NativeClientPacket.Login("小明"));
        packets.add(new NativeClientPacket.Login("😀bob"));
        packets.add(new NativeClientPacket.Login(LONGEST_NAME));
        packets.add(new NativeClientPacket.Login("bob smith"));
        packets.add(new NativeClientPacket.Login("bob", "lobby"));
        packets.add(new NativeClientPacket.Login(TOKEN, SECRET, "小明", "大厅"));
        packets.add(new NativeClientPacket.Login("😀bob", "😀"));
        packets.add(new NativeClientPacket.Login("bob smith", "rust  dev"));
        packets.add(new NativeClientPacket.Login("bob", Names.ADMINISTRATOR)); // the codec reserves nothing
        packets.add(new NativeClientPacket.Login(-1, SECRET, LONGEST_NAME, LONGEST_NAME)); // longest name and room
        packets.add(new NativeClientPacket.Login(
                Long.MIN_VALUE, new ResumptionSecret(-1, -1, -1, -1), LONGEST_NAME, LONGEST_NAME));
        packets.add(new NativeClientPacket.Login(1, new ResumptionSecret(1, 0, 0, 0), "bob", ""));
        for (long token : TOKENS) {
            packets.add(new NativeClientPacket.Login(token, SECRET, "bob", ""));
            packets.add(new NativeClientPacket.Chat(token, 1, 0, "hi"));
            packets.add(new NativeClientPacket.Quit(token, MAX_U32, MAX_U32));
            packets.add(new NativeClientPacket.Ack(token, 0));
            packets.add(new NativeClientPacket.Ack(token, MAX_U32));
            packets.add(new NativeClientPacket.Ping(token, 0));
            packets.add(new NativeClientPacket.Ping(token, MAX_U32));
            packets.add(new NativeClientPacket.PathResponse(token, 0));
            packets.add(new NativeClientPacket.PathResponse(token, Long.MIN_VALUE));
            packets.add(new NativeClientPacket.PathResponse(token, -1));
            packets.add(new NativeClientPacket.Login(token, SECRET, "bob", "lobby"));
            packets.add(new NativeClientPacket.Request(token, 1, 0, new RoomRequest.ListRooms()));
            packets.add(new NativeClientPacket.Request(token, MAX_U32, MAX_U32, new RoomRequest.Nick("bob")));
        }
        RequestCodecTest.requests()
                .forEach(request -> packets.add(new NativeClientPacket.Request(TOKEN, 2, 1, request)));
        packets.add(new NativeClientPacket.Chat(TOKEN, MAX_U32, MAX_U32, "你好，世界"));
        packets.add(new NativeClientPacket.Chat(TOKEN, 7, 3, "emoji 😀🎉 and a family " + FAMILY));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, "  runs   of   spaces  "));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, " "));
        packets.add(new NativeClientPacket.Chat(TOKEN, 2, 1, "line\nbreak\ttab"));
        packets.add(new NativeClientPacket.Chat(TOKEN, 1, 0, longestAsciiText()));
        packets.add(new NativeClientPacket.Chat(TOKEN, 1, 0, longestChineseText()));
        packets.add(new NativeClientPacket.Chat(TOKEN, 3, 2, "hi", 1));
        packets.add(new NativeClientPacket.Chat(TOKEN, 3, 2, "hi", Long.MIN_VALUE));
        packets.add(new NativeClientPacket.Chat(TOKEN, 1, 0, longestAsciiText().substring(LineId.BYTES), -1));
        packets.add(new NativeClientPacket.Request(TOKEN, 4, 2, new RoomRequest.Action("waves", 7)));
        packets.add(new NativeClientPacket.Quit(TOKEN, 1, 0));
        return packets.stream();
    }

    static Stream<NativeServerPacket> serverPackets() {
        List<NativeServerPacket> packets = new ArrayList<>();
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "小明", ""));
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "x".repeat(255), ""));
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "lobby"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "小明", "大厅"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob smith", "rust  dev"));
        packets.add(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "x".repeat(255), LONGEST_NAME));
        packets.add(new NativeServerPacket.Welcome(TOKEN, new ResumptionSecret(0, 0, 0, -1), false, "bob", ""));
        packets.add(
                new NativeServerPacket.Welcome(TOKEN, new ResumptionSecret(Long.MIN_VALUE, 0, 0, 0), false, "bob", ""));
        for (RefusalReason reason : RefusalReason.values()) {
            packets.add(new NativeServerPacket.Refused(reason, 0));
            packets.add(new NativeServerPacket.Refused(reason, MAX_U32));
        }
        packets.add(new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0, "alice"));
        packets.add(new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 3, LONGEST_NAME));
        EventCodecTest.roomEvents().forEach(event -> packets.add(new NativeServerPacket.Event(TOKEN, 1, 0, event)));
        for (EndReason reason : EndReason.values()) {
            packets.add(new NativeServerPacket.Ended(TOKEN, reason));
        }
        for (long token : TOKENS) {
            packets.add(new NativeServerPacket.Welcome(token, SECRET, false, "bob", ""));
            packets.add(new NativeServerPacket.Welcome(token, SECRET, false, "bob", "lobby"));
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

    private static String longestAsciiText() {
        return "x".repeat(LONGEST_CHAT_TEXT_BYTES);
    }

    /** As {@link #longestAsciiText}, in 3-byte characters with one 4-byte emoji: 4 + 392 × 3 = 1180. */
    private static String longestChineseText() {
        String text = "😀" + "中".repeat((LONGEST_CHAT_TEXT_BYTES - 4) / 3);
        assertEquals(LONGEST_CHAT_TEXT_BYTES, Utf8.encodedLength(text));
        return text;
    }

    @ParameterizedTest
    @MethodSource({"clearClientPackets", "clientPackets", "clearServerPackets", "serverPackets"})
    void packetSurvivesRoundTrip(Packet packet) throws MalformedPacketException {
        byte[] bytes = NativeCodec.encode(packet);
        ByteBuffer datagram = ByteBuffer.wrap(bytes);

        assertEquals(packet, decodeFrom(packet, datagram));
        assertFalse(datagram.hasRemaining(), "decoding consumes the datagram");
    }

    /** Decodes with the decoder for {@code packet}'s family, from the buffer itself (so its position tells). */
    static Packet decodeFrom(Packet packet, ByteBuffer datagram) throws MalformedPacketException {
        if (packet instanceof ClearClientPacket) {
            return NativeCodec.decodeClientHandshake(datagram);
        }
        if (packet instanceof ClearServerPacket) {
            return NativeCodec.decodeServerHandshake(datagram);
        }
        return packet instanceof NativeClientPacket
                ? NativeCodec.decodeClientPacket(datagram)
                : NativeCodec.decodeServerPacket(datagram);
    }

    @Test
    void theSamplesHoldEveryPacketTypeEventKindAndRequestKind() {
        // A new kind needs its samples, or the round trips test nothing of its row.
        assertEquals(permitted(NativeClientPacket.class), typesOf(clientPackets()));
        assertEquals(permitted(NativeServerPacket.class), typesOf(serverPackets()));
        assertEquals(permitted(ClearClientPacket.class), typesOf(clearClientPackets()));
        assertEquals(permitted(ClearServerPacket.class), typesOf(clearServerPackets()));
        assertEquals(permitted(RoomEvent.class), typesOf(EventCodecTest.roomEvents()));
        assertEquals(permitted(RoomRequest.class), typesOf(RequestCodecTest.requests()));
    }

    private static Set<Class<?>> permitted(Class<?> family) {
        return Set.of(family.getPermittedSubclasses());
    }

    private static Set<Class<?>> typesOf(Stream<?> samples) {
        return samples.map(Object::getClass).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @MethodSource({"clearClientPackets", "clientPackets", "clearServerPackets", "serverPackets"})
    void encodingFitsTheNativeLimit(Packet packet) {
        assertTrue(NativeCodec.encode(packet).length <= Limits.MAX_NATIVE_DATAGRAM_BYTES);
    }

    @ParameterizedTest
    @MethodSource({"clearClientPackets", "clientPackets", "clearServerPackets", "serverPackets"})
    void theArrayIsExactlyWhatTheBufferGets(Packet packet) {
        // The array's length is counted before it is written: the counting and the writing must agree.
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        NativeCodec.encode(packet, out);

        assertArrayEquals(Arrays.copyOf(out.array(), out.position()), NativeCodec.encode(packet));
    }

    @Test
    void loginAndWelcomeWithoutARoomAreTheOnesWithAnEmptyRoom() throws MalformedPacketException {
        assertEquals(new NativeClientPacket.Login("bob", ""), new NativeClientPacket.Login("bob"));
        assertEquals(
                new NativeClientPacket.Login(0, ResumptionSecret.NONE, "bob", ""), new NativeClientPacket.Login("bob"));
        assertEquals(
                "",
                ((NativeClientPacket.Login) NativeCodec.decodeClientPacket(
                                ByteBuffer.wrap(NativeCodec.encode(new NativeClientPacket.Login("bob")))))
                        .room());
        assertEquals(
                "",
                ((NativeServerPacket.Welcome) NativeCodec.decodeServerPacket(ByteBuffer.wrap(
                                NativeCodec.encode(new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "")))))
                        .room());
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 200, 1164})
    void helloTakesExactlyItsSize(int size) {
        for (long nonce : NONCES) {
            assertEquals(size, NativeCodec.encode(new ClearClientPacket.Hello(nonce, size)).length);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129, 500, 1164})
    void initTakesExactlyItsSize(int size) {
        for (long nonce : NONCES) {
            assertEquals(
                    size, NativeCodec.encode(new ClearClientPacket.Init(COOKIE, nonce, noiseFirst(), size)).length);
        }
    }

    @Test
    void theSmallestInitIsTheOneWithoutASize() {
        assertEquals(
                new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst(), NativeCodec.INIT_BYTES),
                new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst()));
    }

    @Test
    void theLargestHelloAndInitAreTheLargestPlainDatagram() throws MalformedPacketException {
        int most = Limits.MAX_NATIVE_DATAGRAM_BYTES;
        assertEquals(1164, most);
        assertEquals(
                new ClearClientPacket.Hello(NONCE, most),
                NativeCodec.decodeClientHandshake(
                        ByteBuffer.wrap(NativeCodec.encode(new ClearClientPacket.Hello(NONCE, most)))));
        assertEquals(
                new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst(), most),
                NativeCodec.decodeClientHandshake(ByteBuffer.wrap(
                        NativeCodec.encode(new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst(), most)))));
    }

    @Test
    void anUpgradeDecodesInWhateverVersionItIsFramed() throws MalformedPacketException {
        for (int framing = 1; framing < 256; framing++) {
            ClearServerPacket.Upgrade upgrade = new ClearServerPacket.Upgrade(framing, NativeCodec.VERSION, NONCE);
            byte[] bytes = NativeCodec.encode(upgrade);

            assertEquals(framing, bytes[2] & 0xFF);
            assertEquals(upgrade, NativeCodec.decodeServerHandshake(ByteBuffer.wrap(bytes)));
        }
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
        assertArrayEquals(hex("7E 7E  FF AC 02 88 " + TOKEN_HEX + " 05"), Arrays.copyOf(buffer.array(), 15));
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
    void decodesHelloNonceFromItsOwnBytesInTheMiddleOfABuffer() throws MalformedPacketException {
        byte[] hello = NativeCodec.encode(new ClearClientPacket.Hello(NONCE, 64));
        byte[] framed = new byte[100];
        Arrays.fill(framed, (byte) 0x7E);
        System.arraycopy(hello, 0, framed, 10, hello.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 10, 64);

        assertEquals(new ClearClientPacket.Hello(NONCE, 64), NativeCodec.decodeClientHandshake(buffer));
        assertEquals(74, buffer.position());
    }

    @Test
    void decodesInitFromItsOwnBytesInTheMiddleOfABuffer() throws MalformedPacketException {
        byte[] init = NativeCodec.encode(new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst()));
        byte[] framed = new byte[200];
        Arrays.fill(framed, (byte) 0x7E);
        System.arraycopy(init, 0, framed, 10, init.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 10, init.length);

        assertEquals(
                new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst()), NativeCodec.decodeClientHandshake(buffer));
        assertEquals(10 + init.length, buffer.position());
    }

    @Test
    void refusesToEncodeAClassicPacket() {
        for (ClientPacket classic : List.of(new ClientPacket.Login("bob"))) {
            IllegalArgumentException toBuffer = assertThrows(
                    IllegalArgumentException.class, () -> NativeCodec.encode(classic, ByteBuffer.allocate(1200)));
            IllegalArgumentException toArray =
                    assertThrows(IllegalArgumentException.class, () -> NativeCodec.encode(classic));

            assertEquals("not a native packet: Login[name=bob]", toBuffer.getMessage());
            assertEquals("not a native packet: Login[name=bob]", toArray.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A hello of another version, and the UPGRADE that answers it

    @Nested
    class OutdatedHellos {

        private byte[] hello(int version, int type, int size) {
            byte[] bytes = new byte[size];
            if (size >= 12) {
                ByteBuffer.wrap(bytes)
                        .put(hex("FF AC"))
                        .put((byte) version)
                        .put((byte) type)
                        .putLong(NONCE);
            }
            return bytes;
        }

        @ParameterizedTest
        @CsvSource({"1, 64", "1, 100", "1, 1164", "3, 64", "255, 500"})
        void aHelloOfAnotherVersionIsFoundWithItsVersionNonceAndSize(int version, int size) {
            ByteBuffer datagram = ByteBuffer.wrap(hello(version, 0x01, size));

            assertEquals(
                    Optional.of(new NativeCodec.OutdatedHello(version, NONCE, size)),
                    NativeCodec.readOutdatedHello(datagram));
            assertEquals(0, datagram.position(), "the datagram is not consumed");
        }

        @Test
        void aVersion1HelloIsAnsweredByExactlyVersion1sRefusedForReason19() {
            NativeCodec.OutdatedHello hello = NativeCodec.readOutdatedHello(ByteBuffer.wrap(hello(1, 0x01, 64)))
                    .orElseThrow();

            byte[] upgrade = NativeCodec.encode(
                    new ClearServerPacket.Upgrade(hello.version(), NativeCodec.VERSION, hello.nonce()));

            assertArrayEquals(hex("FF AC 01 83 13 00 00 00 02 " + NONCE_HEX), upgrade);
            assertTrue(upgrade.length <= hello.size(), "no larger than the hello it answers");
        }

        @Test
        void aHelloIsReadFromTheBuffersPositionOn() {
            byte[] framed = new byte[80];
            System.arraycopy(hello(1, 0x01, 64), 0, framed, 10, 64);
            ByteBuffer datagram = ByteBuffer.wrap(framed, 10, 64);

            assertEquals(
                    Optional.of(new NativeCodec.OutdatedHello(1, NONCE, 64)), NativeCodec.readOutdatedHello(datagram));
            assertEquals(10, datagram.position());
        }

        static Stream<Arguments> notOutdatedHellos() {
            return Stream.of(
                    Arguments.of("this version's own hello", 2, 0x01, 64),
                    Arguments.of("version 0", 0, 0x01, 64),
                    Arguments.of("63 bytes: the upgrade would not be smaller", 1, 0x01, 63),
                    Arguments.of("12 bytes", 1, 0x01, 12),
                    Arguments.of("over the native limit", 1, 0x01, 1165),
                    Arguments.of("a version 1 LOGIN", 1, 0x02, 64),
                    Arguments.of("a version 1 CHAT", 1, 0x03, 64),
                    Arguments.of("a server's type", 1, 0x81, 64));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("notOutdatedHellos")
        void anythingElseIsNotAnOutdatedHello(String description, int version, int type, int size) {
            assertEquals(Optional.empty(), NativeCodec.readOutdatedHello(ByteBuffer.wrap(hello(version, type, size))));
        }

        @Test
        void aDatagramWithoutTheMagicIsNotAnOutdatedHello() {
            byte[] bytes = hello(1, 0x01, 64);
            bytes[1] = (byte) 0xAD;
            assertEquals(Optional.empty(), NativeCodec.readOutdatedHello(ByteBuffer.wrap(bytes)));
            bytes = hello(1, 0x01, 64);
            bytes[0] = (byte) 0xFE;
            assertEquals(Optional.empty(), NativeCodec.readOutdatedHello(ByteBuffer.wrap(bytes)));
            assertEquals(Optional.empty(), NativeCodec.readOutdatedHello(ByteBuffer.allocate(0)));
        }

        @Test
        void everyClassicDatagramIsNotAnOutdatedHello() {
            NativeOrClassic.classicPackets()
                    .forEach(packet -> assertEquals(
                            Optional.empty(),
                            NativeCodec.readOutdatedHello(ByteBuffer.wrap(ClassicCodec.encode(packet)))));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Telling native from classic

    @Nested
    class InitByItsPreamble {

        /**
         * What travels in clear. A session's plain datagrams travel only sealed (a plain LOGIN shares INIT's
         * type byte, and in clear the handshake decoder reads it as an INIT too).
         */
        @ParameterizedTest
        @MethodSource({
            "org.udpchat.codec.NativeCodecTest#clearClientPackets",
            "org.udpchat.codec.NativeCodecTest#clearServerPackets",
            "org.udpchat.codec.NativeCodecTest#serverPackets"
        })
        void tellsAnInitFromEveryOtherPacket(Packet packet) {
            ByteBuffer datagram = ByteBuffer.wrap(NativeCodec.encode(packet));

            assertEquals(packet instanceof ClearClientPacket.Init, NativeCodec.isInit(datagram));
            assertEquals(0, datagram.position(), "nothing is read");
        }

        @Test
        void readsOnlyThePreambleFromTheBuffersPositionOn() {
            assertTrue(NativeCodec.isInit(ByteBuffer.wrap(hex("00 FF AC 02 02"), 1, 4)));
            assertFalse(NativeCodec.isInit(ByteBuffer.wrap(hex("FF AC 01 02 00 00"))), "version 1's");
            assertFalse(NativeCodec.isInit(ByteBuffer.wrap(hex("FF AC 02"))), "too short");
            assertFalse(NativeCodec.isInit(ByteBuffer.wrap(hex("FF AC 02 09 00 00"))), "a sealed datagram");
        }
    }

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
            "org.udpchat.codec.NativeCodecTest#clearClientPackets",
            "org.udpchat.codec.NativeCodecTest#clientPackets",
            "org.udpchat.codec.NativeCodecTest#clearServerPackets",
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
            ByteBuffer buffer = ByteBuffer.wrap(hex("4C 20 FF AC 02 01"));
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
            "org.udpchat.codec.NativeCodecTest#clearClientPackets",
            "org.udpchat.codec.NativeCodecTest#clientPackets",
            "org.udpchat.codec.NativeCodecTest#clearServerPackets",
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

            for (Decoder decoder : Decoder.values()) {
                MalformedPacketException e =
                        assertThrows(MalformedPacketException.class, () -> decoder.decode(bytes), decoder.name());
                assertEquals(MalformedPacketException.Reason.UNKNOWN_TYPE, e.reason());
                assertEquals("not a native datagram: no FF AC preamble", e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding edge cases

    @Nested
    class DecodingEdgeCases {

        @ParameterizedTest
        @CsvSource({"64, 00", "64, 01", "64, 55", "64, FF", "65, AC", "200, 80", "1164, FF"})
        void helloOf64BytesOrMoreIsFineWhateverItsPaddingHolds(int size, String fill) throws MalformedPacketException {
            byte[] bytes = new byte[size];
            Arrays.fill(bytes, (byte) Integer.parseInt(fill, 16));
            System.arraycopy(hex("FF AC 02 01  " + NONCE_HEX), 0, bytes, 0, 12);
            ByteBuffer datagram = ByteBuffer.wrap(bytes);

            assertEquals(new ClearClientPacket.Hello(NONCE, size), NativeCodec.decodeClientHandshake(datagram));
            assertFalse(datagram.hasRemaining(), "decoding consumes the padding");
        }

        @ParameterizedTest
        @CsvSource({"128, 00", "128, FF", "129, 55", "1164, AC"})
        void initOf128BytesOrMoreIsFineWhateverItsPaddingHolds(int size, String fill) throws MalformedPacketException {
            byte[] bytes = new byte[size];
            Arrays.fill(bytes, (byte) Integer.parseInt(fill, 16));
            byte[] fields =
                    hex("FF AC 02 02  " + NativeBytes.COOKIE_HEX + "  " + NONCE_HEX + NativeBytes.NOISE_FIRST_HEX);
            System.arraycopy(fields, 0, bytes, 0, fields.length);
            ByteBuffer datagram = ByteBuffer.wrap(bytes);

            assertEquals(
                    new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst(), size),
                    NativeCodec.decodeClientHandshake(datagram));
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
                byte[] inside = NativeCodec.encode(new ClearServerPacket.Challenge(COOKIE, -1));
                System.arraycopy(inside, 0, bytes, 12, inside.length);
                long nonce = random.nextLong();
                ByteBuffer.wrap(bytes).put(hex("FF AC 02 01")).putLong(nonce);

                assertEquals(
                        new ClearClientPacket.Hello(nonce, size),
                        NativeCodec.decodeClientHandshake(ByteBuffer.wrap(bytes)),
                        "case " + c);
            }
        }
    }

    /** The four decoders: the server's two (clear handshake, plain inside a seal) and the client's two. */
    enum Decoder {
        CLIENT_HANDSHAKE,
        CLIENT_PLAIN,
        SERVER_HANDSHAKE,
        SERVER_PLAIN;

        Packet decode(byte[] bytes) throws MalformedPacketException {
            ByteBuffer datagram = ByteBuffer.wrap(bytes);
            switch (this) {
                case CLIENT_HANDSHAKE:
                    return NativeCodec.decodeClientHandshake(datagram);
                case CLIENT_PLAIN:
                    return NativeCodec.decodeClientPacket(datagram);
                case SERVER_HANDSHAKE:
                    return NativeCodec.decodeServerHandshake(datagram);
                default:
                    return NativeCodec.decodeServerPacket(datagram);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Seeded mutation: the decoders reject with MalformedPacketException or decode canonically, but for an
    // event of a kind this side does not know, whose fields are skipped

    @Nested
    class Mutations {

        private static final long[] SEEDS = {1L, 42L, 0x5EED_CAFEL, -7_777_777_777L};
        private static final int CASES_PER_SEED = 2_000;

        @Test
        void mutatedDatagramsAreRejectedOrDecodeToTheSameBytesOrToAnUnknownKind() {
            List<byte[]> originals = new ArrayList<>();
            Stream.of(clearClientPackets(), clientPackets(), clearServerPackets(), serverPackets())
                    .flatMap(family -> family)
                    .forEach(p -> originals.add(NativeCodec.encode(p)));
            int accepted = 0;
            int rejected = 0;
            for (long seed : SEEDS) {
                SplittableRandom random = new SplittableRandom(seed);
                for (int c = 0; c < CASES_PER_SEED; c++) {
                    byte[] bytes = mutate(originals.get(random.nextInt(originals.size())), random);
                    String replay = "seed " + seed + ", case " + c + ": "
                            + HexFormat.of().formatHex(bytes);
                    for (Decoder decoder : Decoder.values()) {
                        Packet packet;
                        try {
                            packet = decoder.decode(bytes);
                        } catch (MalformedPacketException expected) {
                            rejected++;
                            continue;
                        } catch (RuntimeException e) {
                            fail(replay + " threw " + e, e);
                            return;
                        }
                        accepted++;
                        if (packet instanceof ClearClientPacket.Hello hello) {
                            assertEquals(bytes.length, hello.size(), replay);
                            // Preamble and nonce encode back; only the padding, which carries nothing, may differ.
                            assertArrayEquals(
                                    Arrays.copyOf(bytes, NativeCodec.PREAMBLE_BYTES + 8),
                                    Arrays.copyOf(NativeCodec.encode(packet), NativeCodec.PREAMBLE_BYTES + 8),
                                    replay);
                        } else if (packet instanceof ClearClientPacket.Init init) {
                            assertEquals(bytes.length, init.size(), replay);
                            int fields = NativeCodec.PREAMBLE_BYTES + Cookie.BYTES + 8 + NativeCodec.NOISE_FIRST_BYTES;
                            assertArrayEquals(
                                    Arrays.copyOf(bytes, fields),
                                    Arrays.copyOf(NativeCodec.encode(packet), fields),
                                    replay);
                        } else if (packet instanceof NativeServerPacket.Event event
                                && event.event() instanceof RoomEvent.Unrecognized) {
                            // Header and kind encode back; the fields, which this side cannot read, were skipped.
                            assertArrayEquals(
                                    Arrays.copyOf(bytes, NativeCodec.SESSION_HEADER_BYTES + 1),
                                    NativeCodec.encode(packet),
                                    replay);
                        } else if (packet instanceof NativeServerPacket.Event event
                                && event.event() instanceof RoomEvent.History history
                                && history.event() instanceof RoomEvent.Unrecognized) {
                            // As above, inside a history: all up to the kind it holds encodes back.
                            int kept = NativeCodec.SESSION_HEADER_BYTES + EventCodec.HISTORY_PREFIX_BYTES + 1;
                            assertArrayEquals(Arrays.copyOf(bytes, kept), NativeCodec.encode(packet), replay);
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
}
