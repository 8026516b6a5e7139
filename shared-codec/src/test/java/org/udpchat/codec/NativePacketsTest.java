package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.security.SecureRandom;
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
import org.udpchat.codec.secure.SealedDatagram;

/** The invariants the native packet records' constructors enforce, each with its message. */
class NativePacketsTest {

    private static final long TOKEN = 0x0102_0304_0506_0708L;
    private static final long MAX_U32 = 0xFFFF_FFFFL;
    private static final Cookie COOKIE = new Cookie(1, 2, 3);
    private static final String NAME_OF_255_BYTES = "中".repeat(85);
    private static final String NAME_OF_256_BYTES = "x" + NAME_OF_255_BYTES;

    // ---------------------------------------------------------------------------------------------
    // The handshake in clear: Hello, Init, Challenge, Reply, Upgrade, Unknown

    @ParameterizedTest
    @ValueSource(ints = {64, 65, 1163, 1164})
    void helloAcceptsSizesFrom64To1164(int size) {
        assertEquals(size, new ClearClientPacket.Hello(-1, size).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 12, 63})
    void helloRefusesSizeUnder64(int size) {
        assertIllegal("hello size " + size + " is not in 64..1164", () -> new ClearClientPacket.Hello(-1, size));
    }

    @ParameterizedTest
    @ValueSource(ints = {1165, 1200, 65_507, Integer.MAX_VALUE})
    void helloRefusesSizeOver1164(int size) {
        assertIllegal(
                "hello size " + size + " is not in 64..1164", () -> new ClearClientPacket.Hello(Long.MIN_VALUE, size));
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129, 1163, 1164})
    void initAcceptsSizesFrom128To1164(int size) {
        assertEquals(size, new ClearClientPacket.Init(COOKIE, 1, new byte[32], size).size());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, 0, 64, 127, 1165, Integer.MAX_VALUE})
    void initRefusesSizeOutside128To1164(int size) {
        assertIllegal(
                "init size " + size + " is not in 128..1164",
                () -> new ClearClientPacket.Init(COOKIE, 1, new byte[32], size));
    }

    @Test
    void initRefusesAMissingCookieOrAFirstMessageOfAnotherLength() {
        assertNullPointer("cookie == null", () -> new ClearClientPacket.Init(null, 1, new byte[32]));
        assertNullPointer("handshake == null", () -> new ClearClientPacket.Init(COOKIE, 1, null));
        assertIllegal(
                "the first handshake message is 32 bytes, not 31",
                () -> new ClearClientPacket.Init(COOKIE, 1, new byte[31]));
        assertIllegal(
                "the first handshake message is 32 bytes, not 33",
                () -> new ClearClientPacket.Init(COOKIE, 1, new byte[33]));
        assertIllegal(
                "the first handshake message is 32 bytes, not 0",
                () -> new ClearClientPacket.Init(COOKIE, 1, new byte[0]));
    }

    @Test
    void replyRefusesASecondMessageOfAnotherLength() {
        assertNullPointer("handshake == null", () -> new ClearServerPacket.Reply(1, null));
        assertIllegal(
                "the second handshake message is 104 bytes, not 103",
                () -> new ClearServerPacket.Reply(1, new byte[103]));
        assertIllegal(
                "the second handshake message is 104 bytes, not 105",
                () -> new ClearServerPacket.Reply(1, new byte[105]));
    }

    @Test
    void initAndReplyKeepTheirOwnCopyOfTheNoiseMessage() {
        byte[] first = new byte[32];
        ClearClientPacket.Init init = new ClearClientPacket.Init(COOKIE, 1, first);
        first[0] = 1;
        assertEquals(0, init.handshake()[0], "changing the array given changes nothing");
        init.handshake()[1] = 1;
        assertEquals(0, init.handshake()[1], "changing the array returned changes nothing");

        byte[] second = new byte[104];
        ClearServerPacket.Reply reply = new ClearServerPacket.Reply(1, second);
        second[0] = 1;
        assertEquals(0, reply.handshake()[0]);
        reply.handshake()[1] = 1;
        assertEquals(0, reply.handshake()[1]);
    }

    @Test
    void initAndReplyAreEqualByTheirBytesAndPrintThem() {
        byte[] key = new byte[32];
        key[31] = (byte) 0xAB;
        assertEquals(new ClearClientPacket.Init(COOKIE, 7, key), new ClearClientPacket.Init(COOKIE, 7, key.clone()));
        assertEquals(
                new ClearClientPacket.Init(COOKIE, 7, key).hashCode(),
                new ClearClientPacket.Init(COOKIE, 7, key.clone()).hashCode());
        assertNotEquals(
                new ClearClientPacket.Init(COOKIE, 7, key), new ClearClientPacket.Init(COOKIE, 7, new byte[32]));
        assertNotEquals(new ClearClientPacket.Init(COOKIE, 7, key), new ClearClientPacket.Init(COOKIE, 7, key, 129));
        assertNotEquals(new ClearClientPacket.Init(COOKIE, 7, key), new ClearClientPacket.Init(COOKIE, 8, key));
        assertTrue(new ClearClientPacket.Init(COOKIE, 7, key).toString().contains("ab, size=128"));

        byte[] message = new byte[104];
        message[0] = (byte) 0xCD;
        assertEquals(new ClearServerPacket.Reply(7, message), new ClearServerPacket.Reply(7, message.clone()));
        assertEquals(
                new ClearServerPacket.Reply(7, message).hashCode(),
                new ClearServerPacket.Reply(7, message.clone()).hashCode());
        assertNotEquals(new ClearServerPacket.Reply(7, message), new ClearServerPacket.Reply(7, new byte[104]));
        assertNotEquals(new ClearServerPacket.Reply(7, message), new ClearServerPacket.Reply(8, message));
        assertTrue(new ClearServerPacket.Reply(7, message).toString().contains("handshake=cd00"));
    }

    @Test
    void challengeRefusesNullCookie() {
        assertNullPointer("cookie == null", () -> new ClearServerPacket.Challenge(null, 0));
    }

    @Test
    void handshakePacketsTakeAnyNonce() {
        for (long nonce : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(nonce, new ClearClientPacket.Hello(nonce, 64).nonce());
            assertEquals(nonce, new ClearClientPacket.Init(COOKIE, nonce, new byte[32]).nonce());
            assertEquals(nonce, new ClearServerPacket.Challenge(COOKIE, nonce).nonce());
            assertEquals(nonce, new ClearServerPacket.Reply(nonce, new byte[104]).nonce());
            assertEquals(nonce, new ClearServerPacket.Upgrade(1, 2, nonce).nonce());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 256, Integer.MAX_VALUE})
    void upgradeRefusesAFramingThatIsNoVersionByte(int framing) {
        assertIllegal(
                "framing version " + framing + " is not a version byte",
                () -> new ClearServerPacket.Upgrade(framing, 2, 0));
    }

    @Test
    void upgradeTakesAnyVersionByteAndAnyUnsigned32Version() {
        assertEquals(1, new ClearServerPacket.Upgrade(1, 0, 0).framing());
        assertEquals(255, new ClearServerPacket.Upgrade(255, MAX_U32, 0).framing());
        assertIllegal("serverVersion -1 is not in 0..2^32-1", () -> new ClearServerPacket.Upgrade(1, -1, 0));
        assertIllegal(
                "serverVersion 4294967296 is not in 0..2^32-1",
                () -> new ClearServerPacket.Upgrade(1, 0x1_0000_0000L, 0));
    }

    @Test
    void unknownRefusesTokenZero() {
        assertIllegal("token == 0: no session has that token", () -> new ClearServerPacket.Unknown(0));
        assertEquals(-1, new ClearServerPacket.Unknown(-1).token());
    }

    // ---------------------------------------------------------------------------------------------
    // Resumption secrets

    @Test
    void aSecretMatchesOnlyItselfAndNoneMatchesNothing() {
        ResumptionSecret secret = new ResumptionSecret(1, 2, 3, 4);
        assertTrue(secret.matches(new ResumptionSecret(1, 2, 3, 4)));
        assertFalse(secret.matches(new ResumptionSecret(1, 2, 3, 5)));
        assertFalse(secret.matches(new ResumptionSecret(0, 2, 3, 4)));
        assertFalse(secret.matches(new ResumptionSecret(1, 2 ^ Long.MIN_VALUE, 3, 4)));
        assertFalse(secret.matches(new ResumptionSecret(1, 2, 2, 4)));
        assertFalse(secret.matches(ResumptionSecret.NONE));
        assertFalse(ResumptionSecret.NONE.matches(ResumptionSecret.NONE), "NONE proves nothing, not even NONE");
    }

    @Test
    void aSecretDifferingInAnyOneBitDoesNotMatch() {
        ResumptionSecret secret = new ResumptionSecret(0x1234, -1, Long.MIN_VALUE, 42);
        long[] words = {secret.first(), secret.second(), secret.third(), secret.fourth()};
        for (int bit = 0; bit < 256; bit++) {
            long[] flipped = words.clone();
            flipped[bit / 64] ^= 1L << (bit % 64);
            assertFalse(
                    secret.matches(new ResumptionSecret(flipped[0], flipped[1], flipped[2], flipped[3])), "bit " + bit);
        }
    }

    @Test
    void aRandomSecretIsNeverNoneAndNeverPrinted() {
        SecureRandom random = new SecureRandom();
        Set<ResumptionSecret> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ResumptionSecret secret = ResumptionSecret.random(random);
            assertFalse(secret.isNone());
            assertTrue(secret.matches(secret));
            assertTrue(seen.add(secret));
            assertEquals("ResumptionSecret[…]", secret.toString());
        }
        assertEquals("ResumptionSecret[none]", ResumptionSecret.NONE.toString());
        assertEquals(32, ResumptionSecret.BYTES);
    }

    @Test
    void aSecretIsNotPrintedInsideTheRecordsThatCarryIt() {
        ResumptionSecret secret = new ResumptionSecret(0x1111_2222_3333_4444L, 5, 6, 7);
        String login = new NativeClientPacket.Login(TOKEN, secret, "bob", "").toString();
        String welcome = new NativeServerPacket.Welcome(TOKEN, secret, false, "bob", "").toString();
        for (String printed : List.of(login, welcome)) {
            assertFalse(printed.contains("1111"), printed);
            assertFalse(printed.contains(Long.toString(0x1111_2222_3333_4444L)), printed);
            assertTrue(printed.contains("ResumptionSecret[…]"), printed);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Login and Welcome: resumption, native names

    private static final ResumptionSecret SECRET = new ResumptionSecret(1, 2, 3, 4);

    @Test
    void aPreviousTokenAndItsProofComeTogether() {
        String message = "a previous token goes with its resumption secret, and none without";
        assertIllegal(message, () -> new NativeClientPacket.Login(TOKEN, ResumptionSecret.NONE, "bob", ""));
        assertIllegal(message, () -> new NativeClientPacket.Login(0, SECRET, "bob", ""));
        assertNullPointer("proof == null", () -> new NativeClientPacket.Login(TOKEN, null, "bob", ""));
        assertEquals(SECRET, new NativeClientPacket.Login(TOKEN, SECRET, "bob", "").proof());
        assertEquals(ResumptionSecret.NONE, new NativeClientPacket.Login("bob").proof());
        assertEquals(0, new NativeClientPacket.Login("bob", "lobby").previousToken());
    }

    @Test
    void loginHasNoTokenOfItsOwnAndNeitherHasRefused() {
        // The sealed datagram around them is routed by the handshake's token.
        assertEquals(0, new NativeClientPacket.Login(TOKEN, SECRET, "bob", "").token());
        assertEquals(0, new NativeServerPacket.Refused(RefusalReason.BANNED, 0).token());
    }

    @Test
    void loginWithTheLongestNameAndRoomAndAProofFits() {
        // 4 + 8 + 32 + 255 + 1 + 255 = 555 bytes
        assertDoesNotThrow(() -> new NativeClientPacket.Login(-1, SECRET, NAME_OF_255_BYTES, NAME_OF_255_BYTES));
    }

    @Test
    void loginRefusesNullName() {
        assertNullPointer("name == null", () -> new NativeClientPacket.Login(null));
    }

    @Test
    void loginRefusesEmptyName() {
        assertIllegal("name is empty", () -> new NativeClientPacket.Login(""));
        assertIllegal("name is empty", () -> new NativeClientPacket.Login(TOKEN, SECRET, "", ""));
    }

    @Test
    void loginRefusesNameWithSurroundingWhitespace() {
        assertIllegal("name has surrounding whitespace: ' bob'", () -> new NativeClientPacket.Login(" bob"));
        assertIllegal("name has surrounding whitespace: 'bob\\u000A'", () -> new NativeClientPacket.Login("bob\n"));
    }

    @Test
    void loginAcceptsNameOf255Bytes() {
        assertEquals(255, Utf8.encodedLength(NAME_OF_255_BYTES));
        assertDoesNotThrow(() -> new NativeClientPacket.Login(NAME_OF_255_BYTES));
    }

    @Test
    void loginRefusesNameOver255Bytes() {
        assertIllegal("name takes over 255 bytes", () -> new NativeClientPacket.Login(NAME_OF_256_BYTES));
        assertIllegal("name takes over 255 bytes", () -> new NativeClientPacket.Login("x".repeat(256)));
    }

    @Test
    void loginRefusesNameWithALoneSurrogate() {
        assertIllegal("name has an unpaired surrogate at index 3", () -> new NativeClientPacket.Login("bob\uD800"));
        assertIllegal("name has an unpaired surrogate at index 0", () -> new NativeClientPacket.Login("\uDE00bob"));
    }

    @Test
    void loginTakesAnyPreviousTokenWithItsProof() {
        for (long previous : new long[] {Long.MIN_VALUE, -1, 1, Long.MAX_VALUE}) {
            assertEquals(previous, new NativeClientPacket.Login(previous, SECRET, "bob", "").previousToken());
        }
    }

    @Test
    void loginRefusesNameWithANul() {
        assertIllegal(
                "name holds a NUL, which ends a name on the wire", () -> new NativeClientPacket.Login("bob\0lobby"));
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> new NativeClientPacket.Login("\0"));
    }

    @Test
    void loginWithoutARoomHasAnEmptyRoom() {
        assertEquals("", new NativeClientPacket.Login("bob").room());
        assertEquals(new NativeClientPacket.Login("bob", ""), new NativeClientPacket.Login("bob"));
    }

    @Test
    void loginAcceptsRoomsUpTo255Bytes() {
        for (String room : List.of("lobby", "大厅", "rust  dev", NAME_OF_255_BYTES)) {
            assertEquals(room, new NativeClientPacket.Login("bob", room).room());
        }
    }

    @Test
    void loginRefusesNullRoom() {
        assertNullPointer("room == null", () -> new NativeClientPacket.Login("bob", null));
    }

    @Test
    void loginRefusesRoomWithSurroundingWhitespace() {
        assertIllegal("name has surrounding whitespace: ' lobby'", () -> new NativeClientPacket.Login("bob", " lobby"));
        assertIllegal(
                "name has surrounding whitespace: 'lobby\u3000'",
                () -> new NativeClientPacket.Login("bob", "lobby\u3000"));
    }

    @Test
    void loginRefusesRoomWithANul() {
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeClientPacket.Login("bob", "lob\0by"));
    }

    @Test
    void loginRefusesRoomOver255Bytes() {
        assertIllegal("name takes over 255 bytes", () -> new NativeClientPacket.Login("bob", NAME_OF_256_BYTES));
    }

    @Test
    void loginRefusesRoomWithALoneSurrogate() {
        assertIllegal(
                "name has an unpaired surrogate at index 0", () -> new NativeClientPacket.Login("bob", "\uD800lobby"));
    }

    @Test
    void welcomeRefusesTokenZero() {
        assertIllegal(
                "token == 0: no session has that token",
                () -> new NativeServerPacket.Welcome(0, SECRET, false, "bob", ""));
    }

    @Test
    void welcomeGivesAResumptionSecretAlways() {
        assertNullPointer("resumption == null", () -> new NativeServerPacket.Welcome(TOKEN, null, false, "bob", ""));
        assertIllegal(
                "a welcome gives a resumption secret",
                () -> new NativeServerPacket.Welcome(TOKEN, ResumptionSecret.NONE, false, "bob", ""));
        assertEquals(SECRET, new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "").resumption());
    }

    @Test
    void welcomeRefusesTheNamesLoginRefuses() {
        assertNullPointer("name == null", () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, null, ""));
        assertIllegal("name is empty", () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "", ""));
        assertIllegal(
                "name has surrounding whitespace: 'bob '",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob ", ""));
        assertIllegal(
                "name takes over 255 bytes",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, NAME_OF_256_BYTES, ""));
        assertIllegal(
                "name has an unpaired surrogate at index 1",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "b\uDC00b", ""));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "b\0b", ""));
    }

    @Test
    void welcomeRefusesTheRoomsLoginRefuses() {
        assertNullPointer("room == null", () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", null));
        assertIllegal(
                "name has surrounding whitespace: 'lobby '",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "lobby "));
        assertIllegal(
                "name holds a NUL, which ends a name on the wire",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "lob\0by"));
        assertIllegal(
                "name takes over 255 bytes",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", NAME_OF_256_BYTES));
        assertIllegal(
                "name has an unpaired surrogate at index 5",
                () -> new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "lobby\uDC00"));
    }

    @Test
    void welcomeKeepsItsRoom() {
        assertEquals("", new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "").room());
        assertEquals(
                NAME_OF_255_BYTES,
                new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", NAME_OF_255_BYTES).room());
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
    void chatAcceptsDatagramOfExactly1164Bytes() {
        assertDoesNotThrow(() -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1144)));
    }

    @Test
    void chatRefusesDatagramOfOneByteOver1164() {
        assertIllegal(
                "chat takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1145)));
    }

    @Test
    void chatMeasuresItsTextInUtf8() {
        // 1142 ASCII + one 3-byte character = 1145 bytes of text, 1165 in all
        assertIllegal(
                "chat takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1142) + "中"));
        // 381 × 3 = 1143 + 20 = 1163: short in bytes, though it would be over 1024 in a classic line
        assertDoesNotThrow(() -> new NativeClientPacket.Chat(TOKEN, 1, 0, "中".repeat(381)));
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
    void requestAcceptsDatagramOfExactly1164Bytes() {
        // header 20, kind 1, length 1, name 3: 1139 bytes of private text remain; header 20, kind 1: 1143 of action
        assertDoesNotThrow(() ->
                new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.PrivateMessage("bob", "x".repeat(1139))));
        assertDoesNotThrow(() -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1143))));
    }

    @Test
    void requestRefusesDatagramOfOneByteOver1164() {
        assertIllegal(
                "request takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Request(
                        TOKEN, 1, 0, new RoomRequest.PrivateMessage("bob", "x".repeat(1140))));
        assertIllegal(
                "request takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1144))));
    }

    @Test
    void lineIdTakesNineBytesOfTheLimit() {
        // header 20, mark and id 9: 1135 bytes of chat text fit, 1136 do not; an action 1134 and 1135
        assertDoesNotThrow(() -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1135), 1));
        assertIllegal(
                "chat takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Chat(TOKEN, 1, 0, "x".repeat(1136), 1));
        assertDoesNotThrow(
                () -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1134), 1)));
        assertIllegal(
                "request takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Request(TOKEN, 1, 0, new RoomRequest.Action("x".repeat(1135), 1)));
    }

    @Test
    void requestMeasuresNameAndTextOfAPrivateMessageInUtf8() {
        // 20 + kind 1 + length 1 + name 255 = 277: 887 bytes of text fit, 888 do not
        assertDoesNotThrow(() -> new NativeClientPacket.Request(
                TOKEN, 1, 0, new RoomRequest.PrivateMessage(NAME_OF_255_BYTES, "x".repeat(887))));
        assertIllegal(
                "request takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeClientPacket.Request(
                        TOKEN, 1, 0, new RoomRequest.PrivateMessage(NAME_OF_255_BYTES, "x".repeat(886) + "é")));
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
    void eventAcceptsDatagramOfExactly1164Bytes() {
        // header 20, kind 1, length 1, name 3: 1139 bytes of text remain
        assertDoesNotThrow(
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Said("bob", "x".repeat(1139))));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Announced("x".repeat(1143))));
    }

    @Test
    void eventRefusesDatagramOfOneByteOver1164() {
        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Said("bob", "x".repeat(1140))));
        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Announced("x".repeat(1144))));
        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.YouWereKicked("x".repeat(1144))));
    }

    @Test
    void eventMeasuresNameAndReasonOfAKickInUtf8() {
        // 20 + kind 1 + length 1 + name 255 = 277: 887 bytes of reason fit, 888 do not
        assertDoesNotThrow(() ->
                new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Kicked(NAME_OF_255_BYTES, "x".repeat(887))));
        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(
                        TOKEN, 1, 0, new RoomEvent.Kicked(NAME_OF_255_BYTES, "x".repeat(886) + "é")));
    }

    @Test
    void eventAcceptsListingsOfExactly1164Bytes() {
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, EventCodecTest.longestRoomList()));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, EventCodecTest.longestMemberList()));
    }

    @Test
    void eventRefusesRoomListOfOneByteOver1164() {
        List<RoomEvent.RoomCount> rooms =
                new ArrayList<>(EventCodecTest.longestRoomList().rooms());
        rooms.set(rooms.size() - 1, new RoomEvent.RoomCount("e".repeat(95), MAX_U32)); // was 94 bytes

        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.RoomList(MAX_U32, rooms)));
    }

    @Test
    void eventRefusesMemberListOfOneByteOver1164() {
        List<String> names = new ArrayList<>(EventCodecTest.longestMemberList().names());
        names.set(names.size() - 1, names.get(names.size() - 1) + "e");

        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.MemberList("lobby", 5, names)));
    }

    @Test
    void eventMeasuresAFailuresSubjectInUtf8() {
        // 20 + kind 1 + failure 1 + limit 4 = 26: 1138 bytes of subject fit
        assertDoesNotThrow(() -> new NativeServerPacket.Event(
                TOKEN, 1, 0, new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "x".repeat(1138))));
        assertIllegal(
                "event takes 1165 bytes, over the 1164-byte limit",
                () -> new NativeServerPacket.Event(
                        TOKEN, 1, 0, new RoomEvent.Failed(Failure.NO_SUCH_ROOM, 0, "x".repeat(1137) + "é")));
    }

    @Test
    void eventRefusesPrivateMessageOrActionOfOneByteOver1164() {
        // header 20, kind 1, length 1, name 3: 1139 bytes of text fit
        String fits = "x".repeat(1139);
        String over = fits + "x";
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateFrom("bob", fits)));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.PrivateTo("bob", fits)));
        assertDoesNotThrow(() -> new NativeServerPacket.Event(TOKEN, 1, 0, new RoomEvent.Acted("bob", fits)));
        String message = "event takes 1165 bytes, over the 1164-byte limit";
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
                arguments(RefusalReason.NAMES_UNAVAILABLE, 20),
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
                arguments(Failure.NAMES_UNAVAILABLE, 13),
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
                arguments(RefusalReason.NAME_MIXED_SCRIPTS, RefusalReason.Remedy.ANOTHER_NAME),
                arguments(RefusalReason.NAMES_UNAVAILABLE, RefusalReason.Remedy.WAITING));
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
        assertEquals("alice", new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0, "alice").subject());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0, "alice"));
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
        assertEquals(2, NativeCodec.VERSION);
        assertEquals(4, NativeCodec.PREAMBLE_BYTES);
        assertEquals(20, NativeCodec.SESSION_HEADER_BYTES);
        assertEquals(64, NativeCodec.HELLO_BYTES);
        assertEquals(32, NativeCodec.CHALLENGE_BYTES);
        assertEquals(128, NativeCodec.INIT_BYTES);
        assertEquals(32, NativeCodec.NOISE_FIRST_BYTES);
        assertEquals(104, NativeCodec.NOISE_SECOND_BYTES);
        assertEquals(116, NativeCodec.REPLY_BYTES);
        assertEquals(19, NativeCodec.UPGRADE_REASON);
        assertEquals(1144, EventCodec.MAX_BODY_BYTES);
        assertEquals(20, Cookie.BYTES);
        assertEquals(1164, Limits.MAX_NATIVE_DATAGRAM_BYTES);
        assertEquals(1200, Limits.MAX_SEALED_DATAGRAM_BYTES);
        assertEquals(255, Limits.MAX_NATIVE_NAME_BYTES);
    }

    @Test
    void aHelloIsLargerThanTheChallengeItEarnsAndAnInitThanTheReply() {
        assertTrue(NativeCodec.HELLO_BYTES > NativeCodec.CHALLENGE_BYTES);
        assertTrue(NativeCodec.INIT_BYTES > NativeCodec.REPLY_BYTES);
    }

    @Test
    void theSealedLimitFitsEveryIpv6PathAndThePlainLimitLeavesRoomForTheSeal() {
        // 1280 bytes of IPv6 MTU, less 40 of IPv6 header and 8 of UDP header
        assertTrue(Limits.MAX_SEALED_DATAGRAM_BYTES <= 1232);
        assertEquals(Limits.MAX_SEALED_DATAGRAM_BYTES, Limits.MAX_NATIVE_DATAGRAM_BYTES + SealedDatagram.OVERHEAD);
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
