package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.HandshakeResponder;
import org.udpchat.codec.secure.SessionCipher;

class PendingHandshakesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 5000);

    private final PendingHandshakes pending = new PendingHandshakes();
    private final SessionCipher keys = serverKeys();

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
        pending.add(7, CLIENT, keys, 1_000);

        assertNotNull(pending.get(7, 1_000 + PendingHandshakes.LIFETIME_MILLIS - 1));
        assertNull(pending.get(7, 1_000 + PendingHandshakes.LIFETIME_MILLIS));
        assertEquals(0, pending.size());
    }

    @Test
    void holdsNoMoreThanItsBoundUntilTheOldestExpire() {
        for (long token = 1; token <= PendingHandshakes.MAX_PENDING; token++) {
            assertTrue(pending.hasRoom(0));
            pending.add(token, CLIENT, keys, 0); // one cipher for all: only the count is tested here
        }

        assertFalse(pending.hasRoom(PendingHandshakes.LIFETIME_MILLIS - 1));
        assertTrue(pending.hasRoom(PendingHandshakes.LIFETIME_MILLIS));
        assertEquals(0, pending.size());
    }

    @Test
    void aHandshakeTakenByASessionIsNoLongerPending() {
        pending.add(7, CLIENT, keys, 0);
        PendingHandshakes.Pending handshake = pending.get(7, 0);

        pending.taken(handshake);

        assertNull(pending.get(7, 0));
        assertFalse(pending.contains(7));
    }
}
