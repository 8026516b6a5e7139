package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;

class SessionCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TOKEN = 0x0102_0304_0506_0708L;

    /** A client's and the server's ciphers from one real handshake. */
    record Pair(SessionCipher client, SessionCipher server, HandshakeInitiator.Outcome outcome) {}

    static Pair handshake(RekeyPolicy policy, long now) throws NoiseException {
        NoiseKeyPair serverKey = NoiseKeyPair.generate(RANDOM);
        HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
        HandshakeResponder.Response response =
                HandshakeResponder.respond(serverKey, initiator.firstMessage(), TOKEN, NoiseKeyPair.generator(RANDOM));
        HandshakeInitiator.Outcome outcome = initiator.readReply(response.secondMessage());
        assertEquals(TOKEN, outcome.token());
        assertArrayEquals(serverKey.publicKey(), outcome.serverKey());
        return new Pair(
                new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), policy, now),
                new SessionCipher(SessionCipher.Side.SERVER, response.keys(), policy, now),
                outcome);
    }

    @Test
    void whatOneSideSealsTheOtherOpensOnceAndEveryFlippedBitIsRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        NativeClientPacket chat = new NativeClientPacket.Chat(TOKEN, 1, 0, "hello, 世界");
        byte[] sealed = pair.client().seal(TOKEN, chat, 0);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(SealException.class, () -> pair.server().openClientPacket(ByteBuffer.wrap(flipped)));
        }
        assertEquals(chat, pair.server().openClientPacket(ByteBuffer.wrap(sealed)));
        SealException replay =
                assertThrows(SealException.class, () -> pair.server().openClientPacket(ByteBuffer.wrap(sealed)));
        assertEquals(SealException.Reason.REPLAYED, replay.reason());
        NativeServerPacket event = new NativeServerPacket.Event(TOKEN, 1, 1, new RoomEvent.Joined("bob"));
        assertEquals(
                event,
                pair.client().openServerPacket(ByteBuffer.wrap(pair.server().seal(TOKEN, event, 0))));
    }

    @Test
    void keysRotateByCountAndTheReceiverFollowsForgettingTheOldKey() throws Exception {
        Pair pair = handshake(new RekeyPolicy(3, 1_000_000), 0);
        byte[][] sealed = new byte[8][];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = pair.client().seal(TOKEN, new NativeClientPacket.Ack(TOKEN, i), 0);
        }
        assertEquals(2, pair.client().sendEpoch());
        pair.server().openClientPacket(ByteBuffer.wrap(sealed[0]));
        pair.server().openClientPacket(ByteBuffer.wrap(sealed[3])); // epoch 1
        assertEquals(1, pair.server().receiveEpoch());
        SealException late =
                assertThrows(SealException.class, () -> pair.server().openClientPacket(ByteBuffer.wrap(sealed[1])));
        assertEquals(SealException.Reason.OLD_KEY, late.reason());
        pair.server().openClientPacket(ByteBuffer.wrap(sealed[7])); // epoch 2
        pair.server().openClientPacket(ByteBuffer.wrap(sealed[6])); // reordered, same epoch
        assertEquals(2, pair.server().receiveEpoch());
    }

    @Test
    void keysRotateByTime() throws Exception {
        Pair pair = handshake(new RekeyPolicy(1_000, 60_000), 0);
        pair.server()
                .openClientPacket(
                        ByteBuffer.wrap(pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 59_999)));
        assertEquals(0, pair.client().sendEpoch());
        pair.server()
                .openClientPacket(
                        ByteBuffer.wrap(pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 60_000)));
        assertEquals(1, pair.client().sendEpoch());
        assertEquals(1, pair.server().receiveEpoch());
    }

    @Test
    void theLastEpochCannotBeLeft() throws Exception {
        Pair pair = handshake(new RekeyPolicy(1, 1_000_000), 0);
        SessionCipher nearTheEnd = new SessionCipher(
                SessionCipher.Side.CLIENT,
                handshake(new RekeyPolicy(1, 1_000_000), 0).outcome().keys(),
                new RekeyPolicy(1, 1_000_000),
                0,
                SessionCipher.LAST_EPOCH,
                0);
        nearTheEnd.seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        SealException exhausted = assertThrows(
                SealException.class, () -> nearTheEnd.seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0));
        assertEquals(SealException.Reason.EXHAUSTED, exhausted.reason());
        assertEquals(0, pair.client().sendEpoch());
    }

    // ---------------------------------------------------------------------------------------------
    // The wire form

    private static final long OTHER_TOKEN = 0x1112_1314_1516_1718L;

    private static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes);
    }

    @Test
    void aSealedDatagramIsItsHeaderInClearThenThePlainDatagramSealed() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        NativeClientPacket chat = new NativeClientPacket.Chat(TOKEN, 1, 0, "hi");
        byte[] plain = NativeCodec.encode(chat);

        byte[] first = pair.client().seal(TOKEN, chat, 0);
        byte[] second = pair.client().seal(TOKEN, chat, 0);

        assertEquals(plain.length + SealedDatagram.OVERHEAD, first.length);
        assertArrayEquals(
                HexFormat.of().parseHex("FFAC0209" + "0102030405060708" + "0000000000000000"),
                Arrays.copyOf(first, SealedDatagram.HEADER_BYTES));
        assertArrayEquals(
                HexFormat.of().parseHex("FFAC0209" + "0102030405060708" + "0000000000000001"),
                Arrays.copyOf(second, SealedDatagram.HEADER_BYTES),
                "each datagram takes the next counter");
        assertFalse(
                Collections.indexOfSubList(asList(first), asList(Arrays.copyOfRange(plain, 4, plain.length))) >= 0,
                "the plain datagram does not show");
        assertFalse(Arrays.equals(
                Arrays.copyOfRange(first, SealedDatagram.HEADER_BYTES, first.length),
                Arrays.copyOfRange(second, SealedDatagram.HEADER_BYTES, second.length)));
        assertTrue(SealedDatagram.isFromClient(wrap(first)));
        assertFalse(SealedDatagram.isFromServer(wrap(first)));
        assertEquals(TOKEN, SealedDatagram.token(wrap(first)));
        assertEquals(1, SealedDatagram.counter(wrap(second)));

        byte[] fromServer = pair.server().seal(TOKEN, new NativeServerPacket.Ack(TOKEN, 1), 0);
        assertEquals((byte) 0x89, fromServer[3]);
        assertTrue(SealedDatagram.isFromServer(wrap(fromServer)));
        assertFalse(SealedDatagram.isFromClient(wrap(fromServer)));
    }

    private static List<Byte> asList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }

    @Test
    void theSmallestSealedDatagramsAreTheSizesTheServerRulesCountOn() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        assertEquals(56, pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0).length);
        assertEquals(56, pair.client().seal(TOKEN, new NativeClientPacket.Ack(TOKEN, 0), 0).length);
        assertEquals(56, pair.client().seal(TOKEN, new NativeClientPacket.PathResponse(TOKEN, 1), 0).length);
        assertEquals(56, pair.server().seal(TOKEN, new NativeServerPacket.PathChallenge(TOKEN, 1), 0).length);
        assertEquals(49, pair.server().seal(TOKEN, new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED), 0).length);
        assertEquals(40, SealedDatagram.LEAST_BYTES);
    }

    @Test
    void sealingABufferConsumesItAndAppendsAtTheOutputsPosition() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] plain = NativeCodec.encode(new NativeClientPacket.Ping(TOKEN, 3));
        ByteBuffer in = ByteBuffer.allocate(plain.length + 4);
        in.put((byte) 1).put((byte) 2).put(plain).put((byte) 3).put((byte) 4);
        in.position(2).limit(2 + plain.length);
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES + 3);
        out.put((byte) 0x7E).put((byte) 0x7E);

        pair.client().seal(TOKEN, in, out, 0);

        assertFalse(in.hasRemaining(), "the plain datagram is consumed");
        assertEquals(2 + plain.length + SealedDatagram.OVERHEAD, out.position());
        assertEquals(0x7E, out.get(0));
        out.flip().position(2);
        assertEquals(new NativeClientPacket.Ping(TOKEN, 3), pair.server().openClientPacket(out));
    }

    @Test
    void theLargestPlainDatagramSealsToTheLargestSealedOneAndOneByteMoreIsRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] largest = new byte[Limits.MAX_NATIVE_DATAGRAM_BYTES];
        new SplittableRandom(1).nextBytes(largest);
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);

        pair.client().seal(TOKEN, wrap(largest), out, 0);

        assertEquals(Limits.MAX_SEALED_DATAGRAM_BYTES, out.position());
        out.flip();
        ByteBuffer opened = pair.server().open(out);
        byte[] plain = new byte[opened.remaining()];
        opened.get(plain);
        assertArrayEquals(largest, plain);
        assertTrue(opened.isReadOnly());

        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> pair.client()
                .seal(TOKEN, wrap(new byte[1165]), ByteBuffer.allocate(2000), 0));
        assertEquals("a plain datagram of 1165 bytes is over 1164", tooLong.getMessage());
        assertEquals(
                1,
                SealedDatagram.counter(wrap(pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0))),
                "a refused plain datagram takes no counter");
    }

    // ---------------------------------------------------------------------------------------------
    // Tampering: every bit of every field

    /** What each bit of a sealed datagram's header, flipped, makes of it. */
    private static SealException.Reason expectedForFlippedBit(int bit) {
        int at = bit / 8;
        if (at < 4) {
            return SealException.Reason.NOT_SEALED; // magic, version, type
        }
        if (at < 12) {
            return SealException.Reason.BAD_TAG; // the token is associated data
        }
        if (at < 20) {
            int counterBit = 63 - ((at - 12) * 8 + bit % 8);
            if (counterBit == 63) {
                return SealException.Reason.REPLAYED; // a negative counter is never fresh
            }
            if (counterBit >= SessionCipher.COUNTER_BITS) {
                long epoch = 1L << (counterBit - SessionCipher.COUNTER_BITS);
                return epoch <= SessionCipher.MOST_EPOCHS_AHEAD
                        ? SealException.Reason.BAD_TAG
                        : SealException.Reason.KEY_TOO_FAR_AHEAD;
            }
            return SealException.Reason.BAD_TAG;
        }
        return SealException.Reason.BAD_TAG; // the sealed plain datagram and the tag
    }

    @Test
    void everyFlippedBitOfAClientsDatagramIsRefusedForItsReasonAndChangesNothing() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        NativeClientPacket login =
                new NativeClientPacket.Login(TOKEN, new ResumptionSecret(1, 2, 3, 4), "bob", "lobby");
        byte[] sealed = pair.client().seal(TOKEN, login, 0);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            SealException e = assertThrows(
                    SealException.class, () -> pair.server().openClientPacket(wrap(flipped)), "bit " + bit);
            assertEquals(expectedForFlippedBit(bit), e.reason(), "bit " + bit + ": " + e.getMessage());
            assertEquals(0, pair.server().receiveEpoch(), "bit " + bit);
        }
        assertEquals(login, pair.server().openClientPacket(wrap(sealed)), "the original still opens");
    }

    @Test
    void everyFlippedBitOfTheServersDatagramIsRefusedForItsReasonAndChangesNothing() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        NativeServerPacket welcome =
                new NativeServerPacket.Welcome(TOKEN, new ResumptionSecret(5, 6, 7, 8), false, "bob", "lobby");
        byte[] sealed = pair.server().seal(TOKEN, welcome, 0);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] flipped = sealed.clone();
            flipped[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            SealException e = assertThrows(
                    SealException.class, () -> pair.client().openServerPacket(wrap(flipped)), "bit " + bit);
            assertEquals(expectedForFlippedBit(bit), e.reason(), "bit " + bit + ": " + e.getMessage());
        }
        assertEquals(welcome, pair.client().openServerPacket(wrap(sealed)));
    }

    @Test
    void aDatagramCutShortOrLengthenedIsRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] sealed = pair.client().seal(TOKEN, new NativeClientPacket.Chat(TOKEN, 1, 0, "hello"), 0);

        for (int length = 0; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            SealException e =
                    assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(cut)));
            assertEquals(
                    length < SealedDatagram.LEAST_BYTES
                            ? SealException.Reason.NOT_SEALED
                            : SealException.Reason.BAD_TAG,
                    e.reason(),
                    "cut to " + length);
        }
        for (int extra = 1; extra < 20; extra++) {
            byte[] longer = Arrays.copyOf(sealed, sealed.length + extra);
            SealException e =
                    assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(longer)));
            assertEquals(SealException.Reason.BAD_TAG, e.reason());
        }
        SealException huge = assertThrows(SealException.class, () -> pair.server()
                .openClientPacket(wrap(Arrays.copyOf(sealed, Limits.MAX_SEALED_DATAGRAM_BYTES + 1))));
        assertEquals(SealException.Reason.NOT_SEALED, huge.reason());
        assertEquals(
                new NativeClientPacket.Chat(TOKEN, 1, 0, "hello"), pair.server().openClientPacket(wrap(sealed)));
    }

    /**
     * Found by this test's first version: {@code openClientPacket} and {@code openServerPacket} read the routing
     * token before checking the framing, so a datagram under 12 bytes threw {@link IndexOutOfBoundsException}
     * instead of a {@link SealException}, which a receive loop does not expect.
     */
    @Test
    void aDatagramTooShortToHoldATokenIsNotSealedRatherThanAnIndexError() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        for (int length = 0; length < 12; length++) {
            byte[] bytes = Arrays.copyOf(HexFormat.of().parseHex("FFAC0209010203040506070809"), length);
            byte[] fromServer = Arrays.copyOf(HexFormat.of().parseHex("FFAC0289010203040506070809"), length);
            assertEquals(
                    SealException.Reason.NOT_SEALED,
                    assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(bytes)))
                            .reason(),
                    length + " bytes");
            assertEquals(
                    SealException.Reason.NOT_SEALED,
                    assertThrows(SealException.class, () -> pair.client().openServerPacket(wrap(fromServer)))
                            .reason(),
                    length + " bytes");
        }
    }

    @Test
    void aDatagramReflectedToItsSenderOrRetypedIsRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] fromServer = pair.server().seal(TOKEN, new NativeServerPacket.Pong(TOKEN, 0), 0);
        byte[] fromClient = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);

        assertEquals(
                SealException.Reason.NOT_SEALED,
                assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(fromServer)))
                        .reason());
        assertEquals(
                SealException.Reason.NOT_SEALED,
                assertThrows(SealException.class, () -> pair.client().openServerPacket(wrap(fromClient)))
                        .reason());
        byte[] retyped = fromServer.clone();
        retyped[3] = (byte) SealedDatagram.FROM_CLIENT;
        assertEquals(
                SealException.Reason.BAD_TAG,
                assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(retyped)))
                        .reason(),
                "each direction has its own key");
        assertEquals(new NativeClientPacket.Ping(TOKEN, 0), pair.server().openClientPacket(wrap(fromClient)));
        assertEquals(new NativeServerPacket.Pong(TOKEN, 0), pair.client().openServerPacket(wrap(fromServer)));
    }

    @Test
    void anotherSessionsDatagramDoesNotOpenEvenUnderTheSameToken() throws Exception {
        Pair mine = handshake(RekeyPolicy.DEFAULT, 0);
        Pair theirs = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] sealed = theirs.client().seal(TOKEN, new NativeClientPacket.Chat(TOKEN, 1, 0, "hi"), 0);

        SealException e = assertThrows(SealException.class, () -> mine.server().openClientPacket(wrap(sealed)));

        assertEquals(SealException.Reason.BAD_TAG, e.reason());
        assertEquals(
                new NativeClientPacket.Chat(TOKEN, 1, 0, "hi"), theirs.server().openClientPacket(wrap(sealed)));
    }

    // ---------------------------------------------------------------------------------------------
    // Replay and reorder

    @Test
    void reorderedDatagramsEachOpenOnceAndReplaysAreRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        List<byte[]> sealed = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            sealed.add(pair.client().seal(TOKEN, new NativeClientPacket.Chat(TOKEN, i, 0, "line " + i), 0));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sealed.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));

        for (int i : order) {
            NativeClientPacket.Chat chat =
                    (NativeClientPacket.Chat) pair.server().openClientPacket(wrap(sealed.get(i)));
            assertEquals(i + 1, chat.seq());
        }
        for (byte[] again : sealed) {
            SealException e =
                    assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(again)));
            assertEquals(SealException.Reason.REPLAYED, e.reason());
        }
    }

    @Test
    void aDatagramOlderThanTheWindowIsRefusedAsReplayedThoughNeverOpened() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] oldest = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        byte[] newest = null;
        for (int i = 0; i < ReplayWindow.SIZE; i++) {
            newest = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        }
        pair.server().openClientPacket(wrap(newest));

        SealException e = assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(oldest)));

        assertEquals(SealException.Reason.REPLAYED, e.reason());
    }

    @Test
    void aDatagramThatOpensButHoldsNoSessionDatagramIsMalformedInsideAndStillUsesItsCounter() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] hello = NativeCodec.encode(new ClearClientPacket.Hello(1, 64));
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
        pair.client().seal(TOKEN, wrap(hello), out, 0);
        byte[] sealed = Arrays.copyOf(out.array(), out.position());

        SealException e = assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(sealed)));

        assertEquals(SealException.Reason.MALFORMED_INSIDE, e.reason());
        assertEquals("unknown client packet type 0x01", e.getMessage());
        assertEquals(
                SealException.Reason.REPLAYED,
                assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(sealed)))
                        .reason());
    }

    @Test
    void theInnerTokenMustBeTheRoutingTokenButForLoginAndRefused() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);

        byte[] chat = pair.client().seal(OTHER_TOKEN, new NativeClientPacket.Chat(TOKEN, 1, 0, "hi"), 0);
        SealException e = assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(chat)));
        assertEquals(SealException.Reason.MALFORMED_INSIDE, e.reason());
        assertEquals("the sealed token is not the routing token", e.getMessage());

        byte[] pong = pair.server().seal(OTHER_TOKEN, new NativeServerPacket.Pong(TOKEN, 0), 0);
        assertEquals(
                SealException.Reason.MALFORMED_INSIDE,
                assertThrows(SealException.class, () -> pair.client().openServerPacket(wrap(pong)))
                        .reason());
        byte[] welcome = pair.server()
                .seal(
                        OTHER_TOKEN,
                        new NativeServerPacket.Welcome(TOKEN, new ResumptionSecret(1, 1, 1, 1), false, "bob", ""),
                        0);
        assertEquals(
                SealException.Reason.MALFORMED_INSIDE,
                assertThrows(SealException.class, () -> pair.client().openServerPacket(wrap(welcome)))
                        .reason());

        NativeClientPacket login = new NativeClientPacket.Login("bob");
        assertEquals(login, pair.server().openClientPacket(wrap(pair.client().seal(OTHER_TOKEN, login, 0))));
        NativeServerPacket refused = new NativeServerPacket.Refused(RefusalReason.NAME_TAKEN, 0);
        assertEquals(refused, pair.client().openServerPacket(wrap(pair.server().seal(OTHER_TOKEN, refused, 0))));
    }

    // ---------------------------------------------------------------------------------------------
    // Rotation

    @Test
    void keysRotateByCountInBothDirectionsAndEachReceiverFollows() throws Exception {
        Pair pair = handshake(new RekeyPolicy(5, Long.MAX_VALUE), 0);
        for (int i = 0; i < 40; i++) {
            byte[] up = pair.client().seal(TOKEN, new NativeClientPacket.Ack(TOKEN, i), 0);
            assertEquals(i / 5, pair.client().sendEpoch(), "datagram " + i + ": a key rotates when it is due and used");
            assertEquals((long) (i / 5) << SessionCipher.COUNTER_BITS | (i % 5), SealedDatagram.counter(wrap(up)));
            assertEquals(new NativeClientPacket.Ack(TOKEN, i), pair.server().openClientPacket(wrap(up)));
            assertEquals(i / 5, pair.server().receiveEpoch());

            byte[] down = pair.server().seal(TOKEN, new NativeServerPacket.Ack(TOKEN, i), 0);
            assertEquals(i / 5, pair.server().sendEpoch());
            assertEquals(new NativeServerPacket.Ack(TOKEN, i), pair.client().openServerPacket(wrap(down)));
            assertEquals(i / 5, pair.client().receiveEpoch());
        }
    }

    @Test
    void keysRotateByTimeOnAFakeClockInBothDirectionsOnceHoweverLongTheSilence() throws Exception {
        long hour = 3_600_000;
        long start = 1_000;
        Pair pair = handshake(new RekeyPolicy(1_000_000, hour), start);
        long[] times = {start + hour - 1, start + hour, start + 2 * hour - 1, start + 2 * hour, start + 50 * hour};
        int[] epochs = {0, 1, 1, 2, 3};
        for (int i = 0; i < times.length; i++) {
            byte[] up = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, i), times[i]);
            byte[] down = pair.server().seal(TOKEN, new NativeServerPacket.Pong(TOKEN, i), times[i]);
            assertEquals(epochs[i], pair.client().sendEpoch(), "at " + times[i]);
            assertEquals(epochs[i], pair.server().sendEpoch(), "at " + times[i]);
            assertEquals(new NativeClientPacket.Ping(TOKEN, i), pair.server().openClientPacket(wrap(up)));
            assertEquals(new NativeServerPacket.Pong(TOKEN, i), pair.client().openServerPacket(wrap(down)));
            assertEquals(epochs[i], pair.server().receiveEpoch());
            assertEquals(epochs[i], pair.client().receiveEpoch());
        }
        // a long silence rotated once, not once per hour missed; the new epoch's hour began at its first seal
        pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), start + 51 * hour - 1);
        assertEquals(3, pair.client().sendEpoch());
        pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), start + 51 * hour);
        assertEquals(4, pair.client().sendEpoch());
    }

    @Test
    void aClockThatGoesBackDoesNotRotate() throws Exception {
        Pair pair = handshake(new RekeyPolicy(1_000_000, 1_000), 10_000);
        pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), Long.MIN_VALUE / 2);
        assertEquals(0, pair.client().sendEpoch());
    }

    @Test
    void aLaterEpochsDatagramThatFailsToOpenLeavesTheKeyAsItWas() throws Exception {
        Pair pair = handshake(new RekeyPolicy(2, Long.MAX_VALUE), 0);
        byte[][] sealed = new byte[6][];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = pair.client().seal(TOKEN, new NativeClientPacket.Ack(TOKEN, i), 0);
        }
        pair.server().openClientPacket(wrap(sealed[0])); // epoch 0
        byte[] forged = sealed[4].clone(); // epoch 2, its last byte (the tag) altered
        forged[forged.length - 1] ^= 1;

        SealException e = assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(forged)));

        assertEquals(SealException.Reason.BAD_TAG, e.reason());
        assertEquals(0, pair.server().receiveEpoch());
        assertEquals(
                new NativeClientPacket.Ack(TOKEN, 1),
                pair.server().openClientPacket(wrap(sealed[1])),
                "epoch 0 still opens: its key was kept");
        assertEquals(
                new NativeClientPacket.Ack(TOKEN, 4),
                pair.server().openClientPacket(wrap(sealed[4])),
                "the genuine one opens, its counter untouched by the forgery");
        assertEquals(2, pair.server().receiveEpoch());
        assertEquals(new NativeClientPacket.Ack(TOKEN, 5), pair.server().openClientPacket(wrap(sealed[5])));
        assertEquals(
                SealException.Reason.OLD_KEY,
                assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(sealed[2])))
                        .reason(),
                "epoch 1 was skipped and its key is gone");
    }

    @Test
    void aForgedDatagramOfAFutureEpochChangesNothing() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] genuine = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        SplittableRandom random = new SplittableRandom(3);
        for (int epoch = 1; epoch <= SessionCipher.MOST_EPOCHS_AHEAD; epoch++) {
            byte[] forged = new byte[60];
            random.nextBytes(forged);
            ByteBuffer.wrap(forged)
                    .put(HexFormat.of().parseHex("FFAC0209"))
                    .putLong(TOKEN)
                    .putLong((long) epoch << SessionCipher.COUNTER_BITS);
            SealException e =
                    assertThrows(SealException.class, () -> pair.server().openClientPacket(wrap(forged)));
            assertEquals(SealException.Reason.BAD_TAG, e.reason());
            assertEquals(0, pair.server().receiveEpoch());
        }
        assertEquals(new NativeClientPacket.Ping(TOKEN, 0), pair.server().openClientPacket(wrap(genuine)));
    }

    @Test
    void aReceiverFollowsUpToFourRotationsAheadAndNoFurther() throws Exception {
        Pair near = handshake(new RekeyPolicy(1, Long.MAX_VALUE), 0);
        byte[] fourAhead = null;
        for (int i = 0; i <= SessionCipher.MOST_EPOCHS_AHEAD; i++) {
            fourAhead = near.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, i), 0);
        }
        assertEquals(SessionCipher.MOST_EPOCHS_AHEAD, near.client().sendEpoch());
        assertEquals(new NativeClientPacket.Ping(TOKEN, 4), near.server().openClientPacket(wrap(fourAhead)));
        assertEquals(SessionCipher.MOST_EPOCHS_AHEAD, near.server().receiveEpoch());

        Pair far = handshake(new RekeyPolicy(1, Long.MAX_VALUE), 0);
        byte[] fiveAhead = null;
        for (int i = 0; i <= SessionCipher.MOST_EPOCHS_AHEAD + 1; i++) {
            fiveAhead = far.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, i), 0);
        }
        byte[] tooFar = fiveAhead;
        SealException e = assertThrows(SealException.class, () -> far.server().openClientPacket(wrap(tooFar)));
        assertEquals(SealException.Reason.KEY_TOO_FAR_AHEAD, e.reason());
        assertEquals("sealed under key epoch 5, more than 4 ahead of 0", e.getMessage());
        assertEquals(0, far.server().receiveEpoch());
    }

    @Test
    void aDatagramOfAnEpochRotatedAwayFromIsAnOldKey() throws Exception {
        Pair pair = handshake(new RekeyPolicy(1, Long.MAX_VALUE), 0);
        byte[] first = pair.server().seal(TOKEN, new NativeServerPacket.Pong(TOKEN, 0), 0);
        byte[] second = pair.server().seal(TOKEN, new NativeServerPacket.Pong(TOKEN, 1), 0);
        pair.client().openServerPacket(wrap(second));

        SealException e = assertThrows(SealException.class, () -> pair.client().openServerPacket(wrap(first)));

        assertEquals(SealException.Reason.OLD_KEY, e.reason());
        assertEquals("sealed under key epoch 0, rotated away from (now 1)", e.getMessage());
    }

    @Test
    void theCounterNeverTakesAnEpochsLastValue() throws Exception {
        long inEpoch = (1L << SessionCipher.COUNTER_BITS) - 1;
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        SessionCipher nearTheEnd = new SessionCipher(
                SessionCipher.Side.CLIENT,
                handshake(RekeyPolicy.DEFAULT, 0).outcome().keys(),
                new RekeyPolicy(inEpoch, Long.MAX_VALUE),
                0,
                3,
                inEpoch - 1);

        byte[] last = nearTheEnd.seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        byte[] next = nearTheEnd.seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);

        assertEquals((3L << SessionCipher.COUNTER_BITS) + inEpoch - 1, SealedDatagram.counter(wrap(last)));
        assertEquals(4L << SessionCipher.COUNTER_BITS, SealedDatagram.counter(wrap(next)));
        assertEquals(4, nearTheEnd.sendEpoch());
        assertEquals(0, pair.client().sendEpoch());
    }

    @Test
    void theLastEpochSealsUntilItsPolicyEndsItAndThenNothingSeals() throws Exception {
        SessionCipher lastEpoch = new SessionCipher(
                SessionCipher.Side.SERVER,
                handshake(RekeyPolicy.DEFAULT, 0).outcome().keys(),
                new RekeyPolicy(3, Long.MAX_VALUE),
                0,
                SessionCipher.LAST_EPOCH,
                0);
        for (int i = 0; i < 3; i++) {
            byte[] sealed = lastEpoch.seal(TOKEN, new NativeServerPacket.Pong(TOKEN, i), 0);
            long counter = SealedDatagram.counter(wrap(sealed));
            assertTrue(counter > 0, "the counter stays positive in the last epoch: " + counter);
            assertEquals(SessionCipher.LAST_EPOCH, counter >>> SessionCipher.COUNTER_BITS);
        }
        for (int again = 0; again < 2; again++) {
            SealException e = assertThrows(
                    SealException.class, () -> lastEpoch.seal(TOKEN, new NativeServerPacket.Pong(TOKEN, 0), 0));
            assertEquals(SealException.Reason.EXHAUSTED, e.reason());
        }
        assertEquals(32_767, SessionCipher.LAST_EPOCH);
    }

    // ---------------------------------------------------------------------------------------------
    // The end of a session

    @Test
    void nothingSealsOrOpensAfterDestroy() throws Exception {
        Pair pair = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] pending = pair.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);

        pair.server().destroy();

        assertThrows(
                IllegalStateException.class, () -> pair.server().seal(TOKEN, new NativeServerPacket.Pong(TOKEN, 0), 0));
        assertThrows(IllegalStateException.class, () -> pair.server().openClientPacket(wrap(pending)));
        pair.server().destroy(); // twice is harmless
    }

    @Test
    void theCipherOfOneSessionIsNotThatOfAnother() throws Exception {
        Pair one = handshake(RekeyPolicy.DEFAULT, 0);
        Pair two = handshake(RekeyPolicy.DEFAULT, 0);
        byte[] a = one.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);
        byte[] b = two.client().seal(TOKEN, new NativeClientPacket.Ping(TOKEN, 0), 0);

        assertFalse(Arrays.equals(a, b), "same header, same plain datagram, other keys");
        assertNotNull(one.outcome().keys());
    }
}
