package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.secure.HandshakeInitiator;
import org.udpchat.codec.secure.SessionCipher;

/**
 * Attack finding F2 of issue 14, on the relay with a fake clock and real key agreement: hundreds of address
 * groups, each echoing valid cookies and sending INITs faster than its own rate, and one newcomer who must
 * get in, while the server's work and memory stay bounded.
 */
class HandshakeFloodTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where an INIT's nonce is, after the preamble and the cookie. */
    private static final int NONCE_OFFSET = NativeCodec.PREAMBLE_BYTES + Cookie.BYTES;

    private static final long STEP_MILLIS = 10;

    /** Each flooder sends an INIT this often: 50 a second, over its own 20. */
    private static final long FLOOD_EVERY_MILLIS = 20;

    /** A fresh cookie this often: well within a cookie's life (10 to 20 s). */
    private static final long COOKIE_EVERY_MILLIS = 5_000;

    private final RelayFixture fixture = new RelayFixture(RelayFixture.DEFAULTS);

    /** One flooding address: its INIT, written once per cookie, with a new nonce each time. */
    private final class Flooder {
        private final InetSocketAddress address;
        private final byte[] key = NoiseKeyPair.generate(RANDOM).publicKey();
        private byte[] init;
        private long nonce = RANDOM.nextLong();

        Flooder(InetSocketAddress address) {
            this.address = address;
        }

        void fetchCookie() {
            init = NativeCodec.encode(new ClearClientPacket.Init(fixture.cookieFor(address), 0, key));
        }

        void flood() {
            ByteBuffer.wrap(init).putLong(NONCE_OFFSET, nonce++);
            fixture.receive(address, init);
        }
    }

    /** 300 flooding addresses: 150 IPv4 addresses, and two addresses in each of 75 IPv6 /64s. */
    private List<Flooder> flooders() {
        List<Flooder> flooders = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            flooders.add(new Flooder(new InetSocketAddress("203.0." + (113 + i / 200) + "." + (i % 200 + 1), 4000)));
        }
        for (int i = 0; i < 75; i++) {
            String prefix = "2001:db8:" + Integer.toHexString(0x100 + i) + ":1::";
            flooders.add(new Flooder(new InetSocketAddress(prefix + "a", 4000)));
            flooders.add(new Flooder(new InetSocketAddress(prefix + "b", 4001)));
        }
        return flooders;
    }

    @Test
    void aNewcomerGetsInWhileHundredsOfAddressGroupsFloodAndWorkAndMemoryStayBounded() throws NoiseException {
        List<Flooder> flooders = flooders();
        InetSocketAddress newcomer = new InetSocketAddress("198.51.100.7", 6000);
        long newcomerComes = 8_000; // the table has been full for a second by then
        long end = 10_000;
        long start = fixture.clock().millis();
        long handshakesBefore = fixture.relay().stats().handshakes();
        HandshakeInitiator initiator = null;
        ClearClientPacket.Init newcomersInit = null;
        long firstInit = -1;
        long replied = -1;
        ClearServerPacket.Reply reply = null;
        int mostPending = 0;

        for (long elapsed = 0; elapsed < end; elapsed += STEP_MILLIS) {
            for (int i = 0; i < flooders.size(); i++) {
                Flooder flooder = flooders.get(i);
                if ((elapsed + i * STEP_MILLIS) % COOKIE_EVERY_MILLIS == 0 || elapsed == 0) { // each at its own time
                    flooder.fetchCookie();
                }
                if ((elapsed / STEP_MILLIS + i) % (FLOOD_EVERY_MILLIS / STEP_MILLIS) == 0) {
                    flooder.flood();
                }
            }
            if (elapsed >= newcomerComes && reply == null && (elapsed - newcomerComes) % 500 == 0) {
                if (newcomersInit == null) { // as the client: a hello, and its init, sent again every 500 ms
                    initiator = new HandshakeInitiator(NoiseKeyPair.generator(RANDOM));
                    newcomersInit =
                            new ClearClientPacket.Init(fixture.cookieFor(newcomer), 7, initiator.firstMessage());
                    firstInit = elapsed;
                }
                fixture.receive(newcomer, newcomersInit);
                for (Packet packet : fixture.outbox().packetsTo(newcomer)) {
                    if (packet instanceof ClearServerPacket.Reply answer) {
                        reply = answer;
                        replied = elapsed;
                    }
                }
            }
            fixture.forget();

            long handshakes = fixture.relay().stats().handshakes() - handshakesBefore;
            long bound = HandshakeBudget.BURST + (elapsed * HandshakeBudget.PER_SECOND) / 1_000;
            assertTrue(handshakes <= bound, handshakes + " key agreements by " + elapsed + " ms: over " + bound);
            mostPending = Math.max(mostPending, fixture.relay().pendingHandshakes());
            assertTrue(mostPending <= PendingHandshakes.MAX_PENDING, mostPending + " pending");
            fixture.tick(STEP_MILLIS);
        }

        assertEquals(PendingHandshakes.MAX_PENDING, mostPending, "the flood filled the table");
        assertTrue(fixture.dropped(DropReason.HANDSHAKES_FULL) > 0, "and room was made in it");
        assertTrue(fixture.dropped(DropReason.HANDSHAKE_RATE_LIMITED) > 100_000, "most inits were turned away");
        assertTrue(reply != null, "the newcomer had no reply in " + (end - newcomerComes) + " ms");
        assertTrue(replied - firstInit <= 2_000, "the newcomer waited " + (replied - firstInit) + " ms");

        // its handshake outlived the flood's 2 s more, and its login is welcomed
        HandshakeInitiator.Outcome outcome = initiator.readReply(reply.handshake());
        SessionCipher cipher = new SessionCipher(
                SessionCipher.Side.CLIENT, outcome.keys(), fixture.clock().millis());
        fixture.outbox().keys().register(outcome.token(), cipher);
        fixture.receive(newcomer, fixture.seal(outcome.token(), new NativeClientPacket.Login("newcomer")));
        assertInstanceOf(NativeServerPacket.Welcome.class, fixture.outbox().last(newcomer));
        assertTrue(fixture.clock().millis() - start >= end);
    }

    @Test
    void onceTheServersBudgetIsDownToTheReserveARecentAddressIsRefusedBeforeItsCookieIsComputedAndAQuietOneIsNot() {
        List<Flooder> flooders = flooders().subList(0, 40); // 40 × 20 at once: more than the budget's 500
        for (Flooder flooder : flooders) {
            flooder.fetchCookie();
        }
        long before = fixture.relay().stats().handshakes();
        for (int i = 0; i < ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP; i++) {
            for (Flooder flooder : flooders) {
                flooder.flood();
            }
        }
        assertEquals(
                HandshakeBudget.BURST - HandshakeBudget.RESERVE,
                fixture.relay().stats().handshakes() - before,
                "the flood's first from each group were quiet, the rest stopped at the reserve");
        InetSocketAddress recent = flooders.get(0).address;
        long slot = fixture.clock().millis() / CookieJar.SLOT_MILLIS;
        fixture.forget();

        fixture.sendInit(recent, new Cookie(slot, 1, 2)); // a bad cookie: its HMAC would say so, at a cost

        assertEquals(0, fixture.dropped(DropReason.BAD_COOKIE), "the cookie was not looked at");
        fixture.assertNothingSentTo(recent);
        fixture.shakeHands(new InetSocketAddress("2001:db8:77::1", 7000)); // a quiet /64: from the reserve
    }
}
