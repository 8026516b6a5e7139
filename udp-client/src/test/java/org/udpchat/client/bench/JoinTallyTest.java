package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Whether every member of a storm heard of everyone who joined after it, from what each heard. */
class JoinTallyTest {

    @Test
    void eachMemberExpectsEveryoneWelcomedAfterIt() {
        // members 0..3 welcomed in the order 2, 0, 3, 1
        JoinTally tally = new JoinTally(new long[] {2, 0, 3, 1}, new int[] {1, 3, 0, 2});

        assertEquals(2, tally.expected(0));
        assertEquals(0, tally.expected(1));
        assertEquals(3, tally.expected(2));
        assertEquals(1, tally.expected(3));
        assertEquals(0, tally.shortMembers());
        assertEquals(0, tally.largestShortfall());
        assertEquals(0, tally.surplus());
        assertEquals(3, tally.mostHeard());
    }

    @Test
    void aLostNoticeShowsAsAShortfallOfTheJoinsItCounted() {
        // a coalesced notice of 2 missed by the first two members
        JoinTally tally = new JoinTally(new long[] {2, 1, 1, 0}, new int[] {0, 1, 2, 3});

        assertEquals(2, tally.shortMembers());
        assertEquals(1, tally.largestShortfall());
        assertEquals(2, tally.mostHeard());
    }

    @Test
    void aCoalescedNoticeToThoseItNamesIsSurplusNotLoss() {
        // 1 hears of 2 and 3 one by one; then 1, 2 and 3 together are told "3 joined" (of 1, 2, 3)
        JoinTally tally = new JoinTally(new long[] {3, 3, 3, 3}, new int[] {0, 1, 2, 3});

        assertEquals(0, tally.shortMembers());
        assertEquals(1 + 2 + 3, tally.surplus());
    }

    @Test
    void welcomesReadOutOfTheRelaysOrderShowAsAShortfallOfAsManyPlaces() {
        // the relay admitted 0, 1, 2 in that order, but the welcome of 1 was read first
        JoinTally tally = new JoinTally(new long[] {2, 1, 0}, new int[] {1, 0, 2});

        assertEquals(1, tally.shortMembers());
        assertEquals(1, tally.largestShortfall());
        assertEquals(2, tally.mostHeard(), "the first admitted still heard of everyone");
    }

    @Test
    void countsAndPlacesMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> new JoinTally(new long[2], new int[3]));
    }
}
