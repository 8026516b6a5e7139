package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.udpchat.server.HandshakeRate.Standing;

class HandshakeRateTest {

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(literal, e);
        }
    }

    /** Takes as many of {@code tries} as the group's standing allows; how many that was. */
    private static int taken(HandshakeRate rate, InetAddress address, int tries, long nowMillis) {
        int taken = 0;
        for (int i = 0; i < tries; i++) {
            if (rate.standing(address, nowMillis) != Standing.SPENT) {
                rate.take(address, nowMillis);
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

        assertEquals(Standing.SPENT, rate.standing(ip("192.0.2.1"), 333));
        assertEquals(Standing.RECENT, rate.standing(ip("192.0.2.1"), 334));
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

        assertEquals(Standing.QUIET, rate.standing(ip("192.0.2.1"), 0), "never seen");
        assertEquals(0, rate.trackedAddresses(), "looking remembers nothing");
        assertEquals(20, taken(rate, ip("192.0.2.1"), 20, 0));
        assertEquals(Standing.SPENT, rate.standing(ip("192.0.2.1"), 0));
        assertEquals(Standing.SPENT, rate.standing(ip("192.0.2.1"), 49));
        assertEquals(Standing.RECENT, rate.standing(ip("192.0.2.1"), 50));
        assertEquals(Standing.QUIET, rate.standing(ip("192.0.2.2"), 0));
    }

    @Test
    void aGroupIsRecentForTheQuietSpellAfterItsLastHandshakeThenQuietAgain() {
        HandshakeRate rate = new HandshakeRate(20);
        rate.take(ip("2001:db8:1:2::1"), 1_000);
        rate.take(ip("2001:db8:1:2::1"), 3_000);

        assertEquals(
                Standing.RECENT, rate.standing(ip("2001:db8:1:2::7"), 3_000 + HandshakeRate.QUIET_AFTER_MILLIS - 1));
        assertEquals(Standing.QUIET, rate.standing(ip("2001:db8:1:2::7"), 3_000 + HandshakeRate.QUIET_AFTER_MILLIS));
        assertEquals(Standing.QUIET, rate.standing(ip("2001:db8:1:3::1"), 3_000), "another /64");
    }

    @Test
    void zeroMeansNoLimitOfAGroupsOwnButStillTellsRecentFromQuiet() {
        HandshakeRate rate = new HandshakeRate(0);

        assertEquals(10_000, taken(rate, ip("192.0.2.1"), 10_000, 0));
        assertEquals(Standing.RECENT, rate.standing(ip("192.0.2.1"), 0));
        assertEquals(1, rate.trackedAddresses());
    }

    @Test
    void takingFromASpentGroupIsAMistakeThatSaysSo() {
        HandshakeRate rate = new HandshakeRate(1);
        rate.take(ip("192.0.2.1"), 0);

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> rate.take(ip("192.0.2.1"), 0));
        assertEquals("192.0.2.1 has no handshake left: look at its standing first", thrown.getMessage());
    }

    @Test
    void remembersABoundedNumberOfAddresses() {
        HandshakeRate rate = new HandshakeRate(1);

        for (int i = 0; i < HandshakeRate.TRACKED_ADDRESSES + 100; i++) {
            rate.take(ip("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF)), 0);
        }

        assertEquals(HandshakeRate.TRACKED_ADDRESSES, rate.trackedAddresses());
        assertEquals(Standing.QUIET, rate.standing(ip("10.0.0.0"), 0), "the first forgotten: quiet again");
    }

    @Test
    void refusesANegativeRate() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> new HandshakeRate(-1));
        assertEquals("handshakes per second -1 is negative", thrown.getMessage());
    }
}
