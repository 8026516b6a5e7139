package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
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
    void aFullTableGivesUpTheOldestOfTheGroupHoldingTheMostToMakeRoom() {
        InetSocketAddress flooder = new InetSocketAddress("2001:db8:1:2::1", 5000);
        add(1, CLIENT, 1, 0);
        for (long token = 2; token <= PendingHandshakes.MAX_PENDING; token++) {
            // every address of one /64, one group
            InetSocketAddress from = new InetSocketAddress("2001:db8:1:2::" + Long.toHexString(token), 5000);
            assertNull(pending.add(token, from, keys, init(token, 9), reply(token), token));
        }
        assertEquals(PendingHandshakes.MAX_PENDING, pending.size());

        PendingHandshakes.Pending givenUp =
                pending.add(9_999, CLIENT, keys, init(9_999, 9), reply(9_999), PendingHandshakes.MAX_PENDING + 1);

        assertEquals(2, givenUp.token(), "not the client's older one: the flooding /64's oldest");
        assertEquals(PendingHandshakes.MAX_PENDING, pending.size());
        assertNull(pending.get(2, PendingHandshakes.MAX_PENDING + 1));
        assertNull(pending.answered(givenUp.address(), init(2, 9), PendingHandshakes.MAX_PENDING + 1));
        assertNotNull(pending.get(1, PendingHandshakes.MAX_PENDING + 1));
        assertEquals(2, pending.heldBy(CLIENT));
        assertEquals(PendingHandshakes.MAX_PENDING - 2, pending.heldBy(flooder));
    }

    /**
     * Hundreds of flooding groups, IPv4 addresses and IPv6 /64s, keep the table full at the server's whole
     * handshake rate; a newcomer's one handshake stays until its login could come, and the table never
     * holds more than its bound.
     */
    @Test
    void aNewcomersOnlyHandshakeOutlastsAFloodFromHundredsOfGroups() {
        List<InetSocketAddress> flooders = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flooders.add(
                    i % 2 == 0
                            ? new InetSocketAddress("10.0." + (i >> 8) + "." + (i & 0xFF), 4000 + i)
                            : new InetSocketAddress("2001:db8:" + Integer.toHexString(i) + "::" + (i % 5 + 1), 4000));
        }
        InetSocketAddress newcomer = new InetSocketAddress("198.51.100.7", 6000);
        long millisEach = 1_000 / HandshakeBudget.PER_SECOND; // the server's whole rate
        long token = 0;
        long newcomersToken = 0;
        long newcomerCame = 15_000; // the table has been full for seconds by then
        int givenUp = 0;
        for (long now = 0; now < newcomerCame + PendingHandshakes.LIFETIME_MILLIS; now += millisEach) {
            token++;
            if (newcomersToken == 0 && now >= newcomerCame) {
                newcomersToken = token;
                assertNull(pending.answered(newcomer, init(token, 1), now));
                pending.add(token, newcomer, keys, init(token, 1), reply(token), now);
            } else {
                InetSocketAddress from = flooders.get((int) (token % flooders.size()));
                PendingHandshakes.Pending lost = pending.add(token, from, keys, init(token, 9), reply(token), now);
                if (lost != null) {
                    givenUp++;
                    assertNotEquals(newcomer, lost.address());
                }
            }
            assertTrue(pending.size() <= PendingHandshakes.MAX_PENDING, pending.size() + " pending at " + now);
            if (newcomersToken != 0) {
                assertNotNull(pending.get(newcomersToken, now), "the newcomer's handshake at " + now);
            }
        }
        assertTrue(givenUp > 1_000, "the table was full and made room " + givenUp + " times");
        assertEquals(1, pending.heldBy(newcomer));
    }

    @Test
    void expiryAndLoginsLeaveEachGroupsCountRight() {
        add(1, CLIENT, 1, 0);
        add(2, CLIENT, 2, 5);
        add(3, new InetSocketAddress("192.0.2.2", 5000), 3, 5);

        pending.taken(pending.get(2, 5));
        assertEquals(1, pending.heldBy(CLIENT));
        pending.get(3, PendingHandshakes.LIFETIME_MILLIS); // expires the first only
        assertEquals(0, pending.heldBy(CLIENT));
        assertEquals(1, pending.heldBy(new InetSocketAddress("192.0.2.2", 1)), "the same address, any port");
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
