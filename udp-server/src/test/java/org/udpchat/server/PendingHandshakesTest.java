package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SessionCipher;

class PendingHandshakesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 5000);

    private final PendingHandshakes pending = new PendingHandshakes();
    private final SessionCipher keys = serverKeys();

    private static ClearClientPacket.Init init(long nonce, int noiseByte) {
        byte[] first = new byte[NativeCodec.NOISE_FIRST_BYTES];
        java.util.Arrays.fill(first, (byte) noiseByte);
        return new ClearClientPacket.Init(new Cookie(1, 2, 3), nonce, first);
    }

    private static ClearServerPacket.Reply reply(long nonce) {
        return new ClearServerPacket.Reply(nonce, new byte[NativeCodec.NOISE_SECOND_BYTES]);
    }

    private void add(long token, InetSocketAddress address, long nonce, long nowMillis) {
        pending.add(token, address, keys, init(nonce, 9), reply(nonce), nowMillis);
    }

    private static SessionCipher serverKeys() {
        try {
            HandshakeInitiator initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
            HandshakeResponder.Response response = HandshakeResponder.respond(
                    NoiseKeyPair.generate(RANDOM), initiator.firstMessage(), 1, NoiseKeyPair.generator(RANDOM));
            return new SessionCipher(SessionCipher.Side.SERVER, response.keys(), 0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void holdsAHandshakeForItsLifetimeThenForgetsIt() {
        add(7, CLIENT, 70, 1_000);

        assertNotNull(pending.get(7, 1_000 + PendingHandshakes.LIFETIME_MILLIS - 1));
        assertNull(pending.get(7, 1_000 + PendingHandshakes.LIFETIME_MILLIS));
        assertEquals(0, pending.size());
    }

    @Test
    void holdsNoMoreThanItsBoundUntilTheOldestExpire() {
        for (long token = 1; token <= PendingHandshakes.MAX_PENDING; token++) {
            assertTrue(pending.hasRoom(0));
            add(token, CLIENT, token, 0); // one cipher for all: only the count is tested here
        }

        assertFalse(pending.hasRoom(PendingHandshakes.LIFETIME_MILLIS - 1));
        assertTrue(pending.hasRoom(PendingHandshakes.LIFETIME_MILLIS));
        assertEquals(0, pending.size());
    }

    @Test
    void aHandshakeTakenByASessionIsNoLongerPending() {
        add(7, CLIENT, 70, 0);
        PendingHandshakes.Pending handshake = pending.get(7, 0);

        pending.taken(handshake);

        assertNull(pending.get(7, 0));
        assertFalse(pending.contains(7));
    }

    @Test
    void theSameInitFromTheSameAddressFindsItsHandshakeUntilItIsTakenOrExpires() {
        add(7, CLIENT, 70, 0);

        assertEquals(reply(70), pending.answered(CLIENT, init(70, 9), 0).reply());
        assertNull(pending.answered(CLIENT, init(71, 9), 0), "another nonce");
        assertNull(pending.answered(CLIENT, init(70, 8), 0), "another Noise message");
        assertNull(pending.answered(new InetSocketAddress("192.0.2.1", 5001), init(70, 9), 0), "another port");
        assertNull(pending.answered(CLIENT, init(70, 9), PendingHandshakes.LIFETIME_MILLIS), "expired");

        add(8, CLIENT, 80, PendingHandshakes.LIFETIME_MILLIS);
        pending.taken(pending.get(8, PendingHandshakes.LIFETIME_MILLIS));
        assertNull(pending.answered(CLIENT, init(80, 9), PendingHandshakes.LIFETIME_MILLIS), "taken by a session");
    }
}
