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
import static org.udpchat.codec.NativeBytes.TOKEN;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.decode;
import static org.udpchat.codec.NativeBytes.hex;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    static Stream<NativeClientPacket> clientPackets() {
        List<NativeClientPacket> packets = new ArrayList<>();
        packets.add(new NativeClientPacket.Hello(NativeCodec.HELLO_BYTES));
        packets.add(new NativeClientPacket.Hello(200));
        packets.add(new NativeClientPacket.Hello(Limits.MAX_NATIVE_DATAGRAM_BYTES));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob"));
        packets.add(new NativeClientPacket.Login(new Cookie(0, 0, 0), 0, "小明"));
        packets.add(new NativeClientPacket.Login(new Cookie(MAX_U32, -1, Long.MIN_VALUE), 0, "😀bob"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, LONGEST_NAME));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob smith"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob", "lobby"));
        packets.add(new NativeClientPacket.Login(COOKIE, TOKEN, "小明", "大厅"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "😀bob", "😀"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob smith", "rust  dev"));
        packets.add(new NativeClientPacket.Login(COOKIE, 0, "bob", Names.ADMINISTRATOR)); // the codec reserves nothing
        packets.add(new NativeClientPacket.Login(COOKIE, -1, LONGEST_NAME, LONGEST_NAME)); // longest name and room
        packets.add(new NativeClientPacket.Login(COOKIE, -1, Long.MIN_VALUE, LONGEST_NAME, LONGEST_NAME));
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
        RequestCodecTest.requests()
                .forEach(request -> packets.add(new NativeClientPacket.Request(TOKEN, 2, 1, request)));
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
        packets.add(new NativeServerPacket.Welcome(TOKEN, "x".repeat(255), LONGEST_NAME));
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
            packets.add(new NativeServerPacket.Welcome(nonce, nonce, "x".repeat(255), LONGEST_NAME));
            packets.add(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64, nonce));
            packets.add(new NativeServerPacket.Refused(RefusalReason.SERVER_FULL, 0, nonce));
        }
        EventCodecTest.roomEvents().forEach(event -> packets.add(new NativeServerPacket.Event(TOKEN, 1, 0, event)));
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
    @MethodSource({"clientPackets", "serverPackets"})
    void packetSurvivesRoundTrip(Packet packet) throws MalformedPacketException {
        byte[] bytes = NativeCodec.encode(packet);
        ByteBuffer datagram = ByteBuffer.wrap(bytes);

        assertEquals(
                packet,
                packet instanceof NativeClientPacket
                        ? NativeCodec.decodeClientPacket(datagram)
                        : NativeCodec.decodeServerPacket(datagram));
        assertFalse(datagram.hasRemaining(), "decoding consumes the datagram");
    }

    @Test
    void theSamplesHoldEveryPacketTypeEventKindAndRequestKind() {
        // A new kind needs its samples, or the round trips test nothing of its row.
        assertEquals(permitted(NativeClientPacket.class), typesOf(clientPackets()));
        assertEquals(permitted(NativeServerPacket.class), typesOf(serverPackets()));
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
    @MethodSource({"clientPackets", "serverPackets"})
    void encodingFitsTheNativeLimit(Packet packet) {
        assertTrue(NativeCodec.encode(packet).length <= Limits.MAX_NATIVE_DATAGRAM_BYTES);
    }

    @ParameterizedTest
    @MethodSource({"clientPackets", "serverPackets"})
    void theArrayIsExactlyWhatTheBufferGets(Packet packet) {
        // The array's length is counted before it is written: the counting and the writing must agree.
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);

        NativeCodec.encode(packet, out);

        assertArrayEquals(Arrays.copyOf(out.array(), out.position()), NativeCodec.encode(packet));
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

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 200, 1200})
    void helloTakesExactlyItsSize(int size) {
        assertEquals(size, NativeCodec.encode(new NativeClientPacket.Hello(size)).length);
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
