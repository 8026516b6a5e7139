package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.noise.HandshakePattern;
import org.udpchat.codec.noise.HandshakeState;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;

/** The two sides of the native handshake, Noise NX: what each accepts, and what kills an attempt. */
class HandshakeTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TOKEN = 0x0102_0304_0506_0708L;

    private final NoiseKeyPair serverKey = NoiseKeyPair.generate(RANDOM);

    private HandshakeInitiator newInitiator() {
        return new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
    }

    private HandshakeResponder.Response respond(byte[] firstMessage, long token) throws NoiseException {
        return HandshakeResponder.respond(serverKey, firstMessage, token, NoiseKeyPair.generator(RANDOM));
    }

    @Test
    void aRoundTripGivesTheTokenTheServersKeyAndMatchingKeysBothWays() throws Exception {
        HandshakeInitiator initiator = newInitiator();
        HandshakeResponder.Response response = respond(initiator.firstMessage(), TOKEN);

        HandshakeInitiator.Outcome outcome = initiator.readReply(response.secondMessage());

        assertEquals(TOKEN, outcome.token());
        assertArrayEquals(serverKey.publicKey(), outcome.serverKey());
        assertEquals(NativeCodec.NOISE_FIRST_BYTES, initiator.firstMessage().length);
        assertEquals(NativeCodec.NOISE_SECOND_BYTES, response.secondMessage().length);
        SessionCipher client = new SessionCipher(SessionCipher.Side.CLIENT, outcome.keys(), 0);
        SessionCipher server = new SessionCipher(SessionCipher.Side.SERVER, response.keys(), 0);
        NativeClientPacket login = new NativeClientPacket.Login("bob");
        assertEquals(login, server.openClientPacket(ByteBuffer.wrap(client.seal(TOKEN, login, 0))));
        NativeServerPacket pong = new NativeServerPacket.Pong(TOKEN, 1);
        assertEquals(pong, client.openServerPacket(ByteBuffer.wrap(server.seal(TOKEN, pong, 0))));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, -1, Long.MIN_VALUE, Long.MAX_VALUE, TOKEN})
    void theTokenIsCarriedWhateverItsBits(long token) throws Exception {
        HandshakeInitiator initiator = newInitiator();
        assertEquals(
                token,
                initiator
                        .readReply(respond(initiator.firstMessage(), token).secondMessage())
                        .token());
    }

    @Test
    void theFirstMessageIsTheSameOnEveryRetryAndACopy() {
        HandshakeInitiator initiator = newInitiator();
        byte[] first = initiator.firstMessage();
        first[0] ^= 1;

        assertFalse(Arrays.equals(first, initiator.firstMessage()));
        assertArrayEquals(initiator.firstMessage(), initiator.firstMessage());
        assertFalse(
                Arrays.equals(initiator.firstMessage(), newInitiator().firstMessage()),
                "each attempt has its own ephemeral key");
    }

    @Test
    void theServerTellsNoTokenZero() {
        HandshakeInitiator initiator = newInitiator();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> respond(initiator.firstMessage(), 0));
        assertEquals("token 0 names no session", e.getMessage());
    }

    /** One bit of every byte (a different one each time), and every bit of the first and last bytes. */
    private static IntStream someBitOfEveryByte() {
        int bytes = NativeCodec.NOISE_SECOND_BYTES;
        return IntStream.concat(
                        IntStream.range(0, bytes).map(at -> at * 8 + at % 8),
                        IntStream.concat(IntStream.range(0, 8), IntStream.range((bytes - 1) * 8, bytes * 8)))
                .distinct();
    }

    @Test
    void aFlippedBitAnywhereInTheReplyIsRefusedAndKillsThatInitiator() throws Exception {
        for (int bit : someBitOfEveryByte().toArray()) {
            HandshakeInitiator initiator = newInitiator();
            byte[] reply = respond(initiator.firstMessage(), TOKEN).secondMessage();
            byte[] flipped = reply.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            // bits of the ephemeral key's last byte's top bit are ignored by X25519 (RFC 7748), but the key is
            // also hashed into the transcript, so even that flip fails the first tag
            assertThrows(NoiseException.class, () -> initiator.readReply(flipped), "bit " + bit);

            NoiseException dead = assertThrows(NoiseException.class, () -> initiator.readReply(reply), "bit " + bit);
            assertEquals(NoiseException.Reason.HANDSHAKE_FAILED, dead.reason(), "bit " + bit);
        }
    }

    @Test
    void aReplyToAnotherFirstMessageDoesNotOpen() throws Exception {
        HandshakeInitiator mine = newInitiator();
        HandshakeInitiator theirs = newInitiator();
        byte[] theirReply = respond(theirs.firstMessage(), TOKEN).secondMessage();

        assertThrows(NoiseException.class, () -> mine.readReply(theirReply));
        assertEquals(TOKEN, theirs.readReply(theirReply).token(), "it was a good reply, to someone else");
    }

    @Test
    void aReplyCutShortOrLengthenedIsRefused() throws Exception {
        for (int length : new int[] {0, 32, 80, 103, 105, 200}) {
            HandshakeInitiator initiator = newInitiator();
            byte[] reply = respond(initiator.firstMessage(), TOKEN).secondMessage();
            assertThrows(NoiseException.class, () -> initiator.readReply(Arrays.copyOf(reply, length)), "" + length);
        }
    }

    @Test
    void aServerOfAnotherProtocolIsNotBelieved() throws Exception {
        HandshakeInitiator initiator = newInitiator();
        HandshakeState other = responder("udp-chat native protocol 3".getBytes(StandardCharsets.US_ASCII));
        other.readMessage(initiator.firstMessage());
        byte[] reply = other.writeMessage(ByteBuffer.allocate(8).putLong(TOKEN).array());

        assertThrows(NoiseException.class, () -> initiator.readReply(reply), "the prologue binds the version");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 9, 16})
    void aPayloadThatIsNotATokenIsRefused(int length) throws Exception {
        HandshakeInitiator initiator = newInitiator();
        HandshakeState server = responder(HandshakeResponder.PROLOGUE);
        server.readMessage(initiator.firstMessage());
        byte[] payload = new byte[length];
        Arrays.fill(payload, (byte) 1);
        byte[] reply = server.writeMessage(payload);

        NoiseException e = assertThrows(NoiseException.class, () -> initiator.readReply(reply));

        assertEquals(NoiseException.Reason.UNEXPECTED_PAYLOAD, e.reason());
        assertEquals("the reply's payload is " + length + " bytes, not the 8 of a token", e.getMessage());
    }

    @Test
    void aReplyCarryingTokenZeroIsRefused() throws Exception {
        HandshakeInitiator initiator = newInitiator();
        HandshakeState server = responder(HandshakeResponder.PROLOGUE);
        server.readMessage(initiator.firstMessage());
        byte[] reply = server.writeMessage(new byte[8]);

        NoiseException e = assertThrows(NoiseException.class, () -> initiator.readReply(reply));

        assertEquals(NoiseException.Reason.UNEXPECTED_PAYLOAD, e.reason());
        assertEquals("the reply's token is 0", e.getMessage());
    }

    @Test
    void theServerRefusesAFirstMessageWithAPayloadOrOfAnotherLength() throws Exception {
        HandshakeState client = new HandshakeState(
                HandshakePattern.NX,
                HandshakeState.Role.INITIATOR,
                HandshakeResponder.PROLOGUE,
                null,
                NoiseKeyPair.generator(RANDOM));
        byte[] withPayload = client.writeMessage(new byte[] {42});

        NoiseException e = assertThrows(NoiseException.class, () -> respond(withPayload, TOKEN));
        assertEquals(NoiseException.Reason.UNEXPECTED_PAYLOAD, e.reason());
        assertEquals("the first message carries 1 bytes", e.getMessage());

        byte[] first = newInitiator().firstMessage();
        assertThrows(NoiseException.class, () -> respond(Arrays.copyOf(first, 31), TOKEN));
        assertThrows(NoiseException.class, () -> respond(new byte[0], TOKEN));
    }

    @Test
    void theServerRefusesAnEphemeralKeyOfSmallOrder() {
        // X25519 gives an all-zero secret for the point 0; Noise forbids using it
        assertThrows(NoiseException.class, () -> respond(new byte[32], TOKEN));
    }

    @Test
    void aRetriedInitGetsAReplyThatOpensWithFreshKeysEachTime() throws Exception {
        // The server keeps nothing of a handshake: an init sent twice gets two answers; either one works.
        HandshakeInitiator first = newInitiator();
        HandshakeResponder.Response one = respond(first.firstMessage(), TOKEN);
        HandshakeResponder.Response two = respond(first.firstMessage(), TOKEN + 1);

        assertFalse(Arrays.equals(one.secondMessage(), two.secondMessage()));
        assertEquals(TOKEN + 1, first.readReply(two.secondMessage()).token());
    }

    private HandshakeState responder(byte[] prologue) {
        return new HandshakeState(
                HandshakePattern.NX,
                HandshakeState.Role.RESPONDER,
                prologue,
                serverKey,
                NoiseKeyPair.generator(RANDOM));
    }
}
