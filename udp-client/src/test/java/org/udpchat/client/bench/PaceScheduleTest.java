package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fixed-rate schedule: chats evenly spaced, dealt to the senders in turn, no drift. */
class PaceScheduleTest {

    @Test
    void fiftyMembersAndFiveSendersAt100000DeliveriesAreFourHundredChatsASecondEach() {
        PaceSchedule schedule = new PaceSchedule(0, 100_000, 50, 5);

        assertEquals(2000.0, schedule.chatsPerSecond());
        assertEquals(500_000, schedule.dueNanos(1)); // 2,000 chats a second: one every 500 µs
        assertEquals(2_000_000, schedule.dueNanos(4)); // a sender's next turn comes after 2.5 ms: 400 a second
    }

    @Test
    void aThousandMembersAt100000DeliveriesAreAHundredChatsASecond() {
        PaceSchedule schedule = new PaceSchedule(0, 100_000, 1000, 10);

        assertEquals(100.0, schedule.chatsPerSecond());
        assertEquals(10_000_000, schedule.dueNanos(1));
    }

    @Test
    void sendersTakeTurns() {
        PaceSchedule schedule = new PaceSchedule(0, 1000, 10, 3);

        assertEquals(0, schedule.sender(0));
        assertEquals(1, schedule.sender(1));
        assertEquals(2, schedule.sender(2));
        assertEquals(0, schedule.sender(3));
    }

    @Test
    void dueTimesDoNotDriftOverAMillionChats() {
        PaceSchedule schedule = new PaceSchedule(1_000, 70_000, 3, 1); // an interval of 42,857.14… ns

        assertEquals(1_000 + 42_857_142_857L, schedule.dueNanos(1_000_000));
    }

    @Test
    void aWindowBeginsWithTheFirstChatDueAtOrAfterItsStart() {
        PaceSchedule schedule = new PaceSchedule(100, 100_000, 50, 5); // one every 500,000 ns from 100

        assertEquals(0, schedule.firstDueAtOrAfter(0));
        assertEquals(0, schedule.firstDueAtOrAfter(100));
        assertEquals(1, schedule.firstDueAtOrAfter(101));
        assertEquals(1, schedule.firstDueAtOrAfter(500_100));
        assertEquals(2, schedule.firstDueAtOrAfter(500_101));
        assertEquals(10_000, schedule.firstDueAtOrAfter(5_000_000_100L));
    }

    @Test
    void refusesMoreSendersThanMembersAndNoRate() {
        assertThrows(IllegalArgumentException.class, () -> new PaceSchedule(0, 1000, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> new PaceSchedule(0, 1000, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new PaceSchedule(0, 0, 5, 1));
    }
}
