package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
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
}
