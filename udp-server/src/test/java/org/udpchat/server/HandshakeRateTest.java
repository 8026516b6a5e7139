package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class HandshakeRateTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    private static int taken(HandshakeRate rate, InetAddress address, int tries, long nowMillis) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (rate.tryTake(address, nowMillis)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void anAddressHasASecondsWorthAtOnceThenOneEachFractionOfASecond() {
        HandshakeRate rate = new HandshakeRate(20);

        assertEquals(20, taken(rate, ip("192.0.2.1"), 30, 0));
        assertEquals(0, taken(rate, ip("192.0.2.1"), 5, 49));
        assertEquals(1, taken(rate, ip("192.0.2.1"), 5, 50));
        assertEquals(20, taken(rate, ip("192.0.2.1"), 30, 60_000), "a full bucket, no more");
    }

    @Test
    void aRateThatDoesNotDivideASecondRefillsEvenly() {
        HandshakeRate rate = new HandshakeRate(3);
        assertEquals(3, taken(rate, ip("192.0.2.1"), 5, 0));

        assertFalse(rate.tryTake(ip("192.0.2.1"), 333));
        assertTrue(rate.tryTake(ip("192.0.2.1"), 334));
    }

    @Test
    void countsAnIpv6SlashSixtyFourAsOneAddressAndIpv4AddressesOneByOne() {
        HandshakeRate rate = new HandshakeRate(2);

        assertEquals(1, taken(rate, ip("2001:db8:1:2::1"), 1, 0));
        assertEquals(1, taken(rate, ip("2001:db8:1:2:ffff::9"), 5, 0), "the same /64");
        assertEquals(2, taken(rate, ip("2001:db8:1:3::1"), 5, 0), "another /64");
        assertEquals(2, taken(rate, ip("192.0.2.1"), 5, 0));
        assertEquals(2, taken(rate, ip("192.0.2.2"), 5, 0));
    }

    @Test
    void anAddressIsSpentOnlyOnceItTookItsBucketAndUntilItRefills() {
        HandshakeRate rate = new HandshakeRate(20);

        assertFalse(rate.isSpent(ip("192.0.2.1"), 0), "never seen");
        assertEquals(0, rate.trackedAddresses(), "looking remembers nothing");
        assertEquals(20, taken(rate, ip("192.0.2.1"), 20, 0));
        assertTrue(rate.isSpent(ip("192.0.2.1"), 0));
        assertTrue(rate.isSpent(ip("192.0.2.1"), 49));
        assertFalse(rate.isSpent(ip("192.0.2.1"), 50));
        assertFalse(rate.isSpent(ip("192.0.2.2"), 0));
        assertFalse(new HandshakeRate(0).isSpent(ip("192.0.2.1"), 0));
    }

    @Test
    void zeroMeansNoLimit() {
        HandshakeRate rate = new HandshakeRate(0);

        assertEquals(10_000, taken(rate, ip("192.0.2.1"), 10_000, 0));
        assertEquals(0, rate.trackedAddresses());
    }

    @Test
    void remembersABoundedNumberOfAddresses() {
        HandshakeRate rate = new HandshakeRate(1);

        for (int i = 0; i < HandshakeRate.TRACKED_ADDRESSES + 100; i++) {
            rate.tryTake(ip("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF)), 0);
        }

        assertEquals(HandshakeRate.TRACKED_ADDRESSES, rate.trackedAddresses());
    }

    @Test
    void refusesANegativeRate() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeRate(-1));
    }
}
