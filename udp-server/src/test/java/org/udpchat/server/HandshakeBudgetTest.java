package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.server.HandshakeRateTest.ip;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.server.HandshakeBudget.Verdict;

class HandshakeBudgetTest {

    private static final int PER_ADDRESS = ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP;

    /** The {@code count} groups from {@code first} on, half IPv4 addresses and half IPv6 /64s. */
    private static List<InetAddress> groups(int first, int count) {
        List<InetAddress> groups = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            groups.add(
                    i % 2 == 0
                            ? ip("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF))
                            : ip("2001:db8:" + Integer.toHexString(i >> 16) + ":" + Integer.toHexString(i & 0xFFFF)
                                    + "::" + Integer.toHexString(i % 7 + 1))); // any address of its /64
        }
        return groups;
    }

    private static int takeAll(HandshakeBudget budget, List<InetAddress> groups, long nowMillis) {
        int taken = 0;
        for (InetAddress group : groups) {
            if (budget.tryTake(group, nowMillis) == Verdict.TAKEN) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void allAddressesTogetherGetNoMoreThanTheBurstAndThenTheServersRate() {
        HandshakeBudget budget = new HandshakeBudget(PER_ADDRESS);
        List<InetAddress> flooders = groups(0, 500); // 500 × 20 a second would be 10,000 a second
        long taken = 0;

        for (long now = 0; now <= 10_000; now += 10) {
            for (int burst = 0; burst < 2; burst++) {
                taken += takeAll(budget, flooders, now);
            }
            long bound = HandshakeBudget.BURST + now * HandshakeBudget.PER_SECOND / 1_000;
            assertTrue(taken <= bound, taken + " handshakes by " + now + " ms, over " + bound);
        }
        assertEquals(HandshakeBudget.BURST + 10 * HandshakeBudget.PER_SECOND, taken, "and the budget is all used");
    }

    @Test
    void aServerBudgetOfItsOwnBoundsAllAddressesToItAndZeroLiftsIt() {
        HandshakeBudget small = new HandshakeBudget(0, 40);
        HandshakeBudget lifted = new HandshakeBudget(0, 0);
        List<InetAddress> crowd = groups(0, 300);

        assertEquals(40, takeAll(small, crowd, 0), "a second's worth at once");
        assertEquals(4, takeAll(small, crowd, 100), "then 40 a second");
        assertEquals(300, takeAll(lifted, crowd, 0), "no limit at all");
        assertEquals(300, takeAll(lifted, crowd, 0));
    }

    @Test
    void anAddressWithinTheServersRateIsStillHeldToItsOwn() {
        HandshakeBudget budget = new HandshakeBudget(PER_ADDRESS);

        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(Verdict.TAKEN, budget.tryTake(ip("192.0.2.1"), 0));
        }

        assertEquals(Verdict.ADDRESS_SPENT, budget.check(ip("192.0.2.1"), 0));
        assertEquals(Verdict.ADDRESS_SPENT, budget.tryTake(ip("192.0.2.1"), 0));
        assertEquals(Verdict.TAKEN, budget.tryTake(ip("192.0.2.2"), 0));
    }

    @Test
    void groupsThatShookHandsLatelyLeaveTheReserveToQuietOnes() {
        HandshakeBudget budget = new HandshakeBudget(0); // no rate of a group's own: one group can try for all
        InetAddress flooder = ip("2001:db8::1");

        int taken = 0;
        while (budget.tryTake(flooder, 0) == Verdict.TAKEN) {
            taken++;
        }

        assertEquals(HandshakeBudget.BURST - HandshakeBudget.RESERVE, taken);
        assertEquals(Verdict.SERVER_SPENT, budget.check(ip("2001:db8::2"), 0), "the same /64, just as recent");
        assertEquals(HandshakeBudget.RESERVE, takeAll(budget, groups(0, HandshakeBudget.RESERVE + 50), 0));
        assertEquals(Verdict.SERVER_SPENT, budget.tryTake(ip("192.0.2.1"), 0), "nothing left for anyone");
        long oneRefilled = (1_000 + HandshakeBudget.PER_SECOND - 1) / HandshakeBudget.PER_SECOND;
        assertEquals(Verdict.TAKEN, budget.tryTake(ip("192.0.2.1"), oneRefilled));
        assertEquals(
                Verdict.SERVER_SPENT,
                budget.tryTake(flooder, HandshakeBudget.RESERVE * 1_000L / HandshakeBudget.PER_SECOND),
                "the refill goes to the reserve first");
        assertEquals(
                Verdict.TAKEN,
                budget.tryTake(flooder, HandshakeBudget.RESERVE * 1_000L / HandshakeBudget.PER_SECOND + 5));
    }

    @Test
    void aGroupIsQuietAgainOnlyAfterTheQuietSpell() {
        HandshakeBudget budget = new HandshakeBudget(0);
        InetAddress once = ip("192.0.2.66");
        InetAddress busy = ip("2001:db8::1"); // keeps the budget down to the reserve
        long spell = HandshakeRate.QUIET_AFTER_MILLIS;
        assertEquals(Verdict.TAKEN, budget.tryTake(once, 0));

        while (budget.tryTake(busy, spell - 1) == Verdict.TAKEN) {
            // down to the reserve again
        }
        assertEquals(Verdict.SERVER_SPENT, budget.check(once, spell - 1), "still recent: the reserve is not its");
        assertEquals(Verdict.TAKEN, budget.check(ip("192.0.2.67"), spell - 1), "a quiet one's");
        assertEquals(Verdict.TAKEN, budget.check(once, spell), "quiet again");
    }

    /**
     * The class comment's guarantee, against the strongest flood it allows: 200 groups flood at their own
     * rate all the time, holding the budget down to the reserve, and the attacker keeps {@code quiet} groups
     * (half IPv4 addresses, half IPv6 /64s) unused for more than the quiet spell, to spend, each once, just
     * before each of the newcomer's INITs, as many as it takes to leave nothing. How long until the newcomer,
     * sending an INIT every 500 ms, is taken.
     */
    private static long newcomerWaitsMillis(int quiet) {
        HandshakeBudget budget = new HandshakeBudget(PER_ADDRESS);
        List<InetAddress> flooders = groups(0, 200);
        List<InetAddress> spare = groups(1_000, quiet);
        InetAddress newcomer = ip("198.51.100.7");
        long start = HandshakeRate.QUIET_AFTER_MILLIS + 1_000; // the flood is well under way
        int spent = 0;
        long now = 0;
        for (; now < start + 10_000; now += 10) {
            takeAll(budget, flooders, now);
            if (now >= start && (now - start) % 500 == 0) {
                while (budget.left(now) > 0 && spent < spare.size()) {
                    assertEquals(Verdict.TAKEN, budget.tryTake(spare.get(spent++), now), "a quiet group takes");
                }
                if (budget.tryTake(newcomer, now) == Verdict.TAKEN) {
                    return now - start;
                }
            }
        }
        return now - start;
    }

    @Test
    void aNewcomerIsTakenWithinTwoSecondsWhileFewerThanAThousandGroupsFlood() {
        // fewer than PER_SECOND × 2 s quiet groups: the comment promises within 2 s; 200 more flood all along
        int quiet = HandshakeBudget.PER_SECOND * 2 - 1;
        assertTrue(newcomerWaitsMillis(quiet) <= 2_000, "waited " + newcomerWaitsMillis(quiet) + " ms");
        assertEquals(0, newcomerWaitsMillis(0), "with no quiet group spent on it, at its first INIT");
    }

    @Test
    void aNewcomerIsTakenWithinFiveSecondsWhileFewerThan2500GroupsFlood() {
        int quiet = HandshakeBudget.PER_SECOND * 5 - 1;
        assertTrue(newcomerWaitsMillis(quiet) <= 5_000, "waited " + newcomerWaitsMillis(quiet) + " ms");
    }

    @Test
    void theGuaranteeIsNotFarFromWhatAnAttackerCanDo() {
        // each INIT turned away costs the attacker the reserve's quiet groups: five reserves keep it out 2 s
        assertEquals(2_500, newcomerWaitsMillis(HandshakeBudget.RESERVE * 5));
        assertEquals(2_000, newcomerWaitsMillis(HandshakeBudget.RESERVE * 5 - 1));
    }

    @Test
    void checkingRemembersNothingAndTakesNothing() {
        HandshakeBudget budget = new HandshakeBudget(PER_ADDRESS);

        for (int i = 0; i < 1_000; i++) {
            assertEquals(Verdict.TAKEN, budget.check(ip("192.0.2.1"), 0));
        }

        assertEquals(0, budget.trackedAddresses());
        assertEquals(HandshakeBudget.BURST, budget.left(0));
    }
}
