package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order of one node's rooms, driven by hand: events in any order, a clock that moves when told. */
class RoomOrderTest {

    private static final Duration BOUND = Duration.ofMillis(20);
    private static final Duration MISSED_AFTER = Duration.ofMillis(100);
    private static final long MS = 1_000_000L;

    /** What the order told its output, as text: "deliver lobby 3", "missed lobby 4-6", "fetch lobby 2-5". */
    private final List<String> told = new ArrayList<>();

    private final RoomOrder order = new RoomOrder(BOUND, MISSED_AFTER, new RoomOrder.Output() {
        @Override
        public void deliver(String room, RoomEvent event) {
            assertEquals("event " + event.sequence(), new String(event.bytes(), StandardCharsets.UTF_8));
            told.add("deliver " + room + " " + event.sequence());
        }

        @Override
        public void missed(String room, long from, long to) {
            told.add("missed " + room + " " + from + "-" + to);
        }

        @Override
        public void fetch(String room, long from, long to) {
            told.add("fetch " + room + " " + from + "-" + to);
        }
    });

    private static RoomEvent event(long sequence) {
        return new RoomEvent(sequence, 0, sequence, ("event " + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static RoomRange held(long oldest, long last, long... sequences) {
        List<RoomEvent> events = new ArrayList<>();
        for (long sequence : sequences) {
            events.add(event(sequence));
        }
        return new RoomRange(oldest, last, events);
    }

    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLastNumberNoRoomLogGivesNeitherWrapsTheOrderRoundNorStallsTheRoom() {
        // the cluster's maps and topics do not authenticate who wrote them: a process in the cluster can say
        // that a room's last event is Long.MAX_VALUE; told as missed, that made next wrap round, for ever
        order.follow("lobby", 0);
        order.onEvent("lobby", event(1), 0);

        order.onLast("lobby", Long.MAX_VALUE, MS);
        order.onTime(10 * BOUND.toNanos());
        order.onFetched(
                "lobby", Long.MAX_VALUE, new RoomRange(1, Long.MAX_VALUE, List.of()), 20 * MISSED_AFTER.toNanos());
        order.onEvent("lobby", event(2), 30 * MISSED_AFTER.toNanos());

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2"), told);
    }

    @Test
    void afterASplitBrainsMergeTheRoomGoesOnInTheMergedLogsNumbersWhateverThisSideDelivered() {
        order.follow("lobby", 0);
        for (long sequence = 1; sequence <= 5; sequence++) {
            order.onEvent("lobby", event(sequence), 0); // this side's numbers, run ahead of the merged log's
        }
        order.onEvent("lobby", event(7), 0); // held, waiting for 6
        told.clear();

        order.rejoin("lobby", 2); // the merged log (the other side's) ends at 2
        order.onEvent("lobby", event(3), MS);
        order.onEvent("lobby", event(4), MS);
        order.onEvent("lobby", event(7), MS); // the held 7 was this side's: dropped with the rest
        order.onTime(10 * BOUND.toNanos());

        assertEquals(List.of("deliver lobby 3", "deliver lobby 4", "fetch lobby 5-7"), told);
        order.rejoin("games", 9);
        assertEquals(List.of("lobby"), order.followed(), "a room not followed is not followed by a rejoin");
    }

    @Test
    void anEventCannotBeNumberedTheLargestLong() {
        assertThrows(IllegalArgumentException.class, () -> event(Long.MAX_VALUE));
    }

    @Test
    void deliversEventsInOrderAsTheyCome() {
        order.follow("lobby", 0);

        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(2), 0);

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2"), told);
    }

    @Test
    void holdsAnEarlyEventUntilTheOnesBeforeItCome() {
        order.follow("lobby", 0);

        order.onEvent("lobby", event(3), 0);
        order.onEvent("lobby", event(2), MS);
        assertEquals(List.of(), told, "nothing before 1");
        order.onEvent("lobby", event(1), 2 * MS);

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2", "deliver lobby 3"), told);
        assertEquals(OptionalLong.empty(), order.nextDeadline(), "no gap left to watch");
    }

    @Test
    void deliversADuplicateOnce() {
        order.follow("lobby", 0);

        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(3), 0);
        order.onEvent("lobby", event(3), 0);
        order.onEvent("lobby", event(2), 0);
        order.onEvent("lobby", event(2), 0);

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2", "deliver lobby 3"), told);
    }

    @Test
    void asksTheLogForAGapOnlyOnceItOutlivesTheBound() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(4), 10 * MS);

        assertEquals(OptionalLong.of(30 * MS), order.nextDeadline());
        order.onTime(30 * MS - 1);
        assertEquals(List.of("deliver lobby 1"), told, "not yet");
        order.onTime(30 * MS);
        assertEquals(List.of("deliver lobby 1", "fetch lobby 2-4"), told);
        order.onTime(100 * MS);
        assertEquals(2, told.size(), "one question at a time: " + told);
        assertEquals(OptionalLong.empty(), order.nextDeadline(), "asked already");
    }

    @Test
    void fillsAGapFromTheLogThenDeliversWhatWasHeld() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(4), 0);
        order.onEvent("lobby", event(5), 0);
        order.onTime(BOUND.toNanos());

        order.onFetched("lobby", 5, held(1, 5, 2, 3, 4, 5), BOUND.toNanos() + MS);

        assertEquals(
                List.of(
                        "deliver lobby 1",
                        "fetch lobby 2-5",
                        "deliver lobby 2",
                        "deliver lobby 3",
                        "deliver lobby 4",
                        "deliver lobby 5"),
                told);
        order.onEvent("lobby", event(3), BOUND.toNanos() + 2 * MS);
        assertEquals(6, told.size(), "an event fetched and then carried late is not delivered twice");
    }

    @Test
    void aGapFilledByTheTopicBeforeTheBoundIsNeverFetched() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(2), 0);
        order.onEvent("lobby", event(1), BOUND.toNanos() - 1);
        order.onTime(10 * BOUND.toNanos());

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2"), told);
    }

    @Test
    void tellsAsMissedWhatTheHistoryNoLongerHoldsOnceWaitedForLongEnoughAndGoesOn() {
        long late = MISSED_AFTER.toNanos();
        order.follow("lobby", 0);
        order.onEvent("lobby", event(1), 0);
        order.onEvent("lobby", event(9), 0);
        order.onTime(BOUND.toNanos());

        order.onFetched("lobby", 9, held(6, 9, 6, 7, 8, 9), BOUND.toNanos());
        assertEquals(List.of("deliver lobby 1", "fetch lobby 2-9"), told, "2 to 5 may still come by the topic");
        order.onEvent("lobby", event(3), BOUND.toNanos() + MS);
        order.onTime(2 * BOUND.toNanos());
        order.onFetched("lobby", 9, held(6, 9, 6, 7, 8, 9), late);
        order.onEvent("lobby", event(10), late);

        assertEquals(
                List.of(
                        "deliver lobby 1",
                        "fetch lobby 2-9",
                        "fetch lobby 2-9",
                        "missed lobby 2-2",
                        "deliver lobby 3",
                        "missed lobby 4-5",
                        "deliver lobby 6",
                        "deliver lobby 7",
                        "deliver lobby 8",
                        "deliver lobby 9",
                        "deliver lobby 10"),
                told);
    }

    @Test
    void anEventLateOnTheTopicIsStillDeliveredAfterTheLogHasLostIt() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(3), 0);
        order.onTime(BOUND.toNanos());
        order.onFetched("lobby", 3, held(3, 3, 3), BOUND.toNanos());

        order.onEvent("lobby", event(2), BOUND.toNanos() + MS);
        order.onEvent("lobby", event(1), BOUND.toNanos() + MS);

        assertEquals(List.of("fetch lobby 1-3", "deliver lobby 1", "deliver lobby 2", "deliver lobby 3"), told);
    }

    @Test
    void tellsAsMissedAnEventTheLogLostWithANodeAmongOnesItHas() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(4), 0);
        order.onTime(BOUND.toNanos());

        order.onFetched("lobby", 4, held(1, 4, 1, 3, 4), MISSED_AFTER.toNanos());

        assertEquals(
                List.of("fetch lobby 1-4", "deliver lobby 1", "missed lobby 2-2", "deliver lobby 3", "deliver lobby 4"),
                told);
    }

    @Test
    void asksAgainAfterAFailedFetch() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(3), 0);
        order.onTime(BOUND.toNanos());

        order.onFetchFailed("lobby", 50 * MS);
        order.onTime(50 * MS + BOUND.toNanos() - 1);
        assertEquals(List.of("fetch lobby 1-3"), told, "waits a bound again");
        order.onTime(50 * MS + BOUND.toNanos());

        assertEquals(List.of("fetch lobby 1-3", "fetch lobby 1-3"), told);
    }

    @Test
    void aGapAtTheEndIsFoundByAskingTheLogForTheLastNumber() {
        order.follow("lobby", 0);
        order.onEvent("lobby", event(1), 0);

        order.onLast("lobby", 2, MS);
        order.onTime(MS + BOUND.toNanos());
        order.onFetched("lobby", 2, held(1, 2, 2), MS + BOUND.toNanos());

        assertEquals(List.of("deliver lobby 1", "fetch lobby 2-2", "deliver lobby 2"), told);
    }

    @Test
    void aLastNumberThatTheTopicCatchesUpWithFetchesNothing() {
        order.follow("lobby", 0);
        order.onLast("lobby", 2, 0);
        order.onEvent("lobby", event(1), MS);
        order.onEvent("lobby", event(2), MS);
        order.onTime(10 * BOUND.toNanos());

        assertEquals(List.of("deliver lobby 1", "deliver lobby 2"), told);
    }

    @Test
    void startsFollowingAtTheRoomsCurrentNumber() {
        order.follow("games", 41);

        order.onEvent("games", event(41), 0);
        order.onEvent("games", event(42), 0);

        assertEquals(List.of("deliver games 42"), told, "what came before following is not this node's");
    }

    @Test
    void ignoresRoomsItDoesNotFollowAndForgetsOnesItStopped() {
        order.onEvent("games", event(1), 0);
        order.follow("lobby", 0);
        order.onEvent("lobby", event(2), 0);
        order.stop("lobby");
        order.onTime(BOUND.toNanos());
        order.onEvent("lobby", event(1), 0);

        assertEquals(List.of(), told);
        assertEquals(OptionalLong.empty(), order.nextDeadline());
        order.onFetched("lobby", 2, held(1, 2, 1, 2), 0);
        assertEquals(List.of(), told, "an answer for a room no longer followed");

        order.follow("lobby", 5);
        order.onEvent("lobby", event(6), 0);
        assertEquals(List.of("deliver lobby 6"), told, "followed again from where the room is");
    }

    @Test
    void keepsRoomsApart() {
        order.follow("lobby", 0);
        order.follow("games", 0);

        order.onEvent("games", event(2), 0);
        order.onEvent("lobby", event(1), 0);
        order.onTime(BOUND.toNanos());

        assertEquals(List.of("deliver lobby 1", "fetch games 1-2"), told);
    }

    @Test
    void anyArrivalOrderWithDuplicatesGivesEveryEventOnceInOrder() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        order.follow("lobby", 0);
        List<RoomEvent> arrivals = new ArrayList<>();
        for (long sequence = 1; sequence <= 500; sequence++) {
            arrivals.add(event(sequence));
            if (random.nextInt(10) == 0) {
                arrivals.add(event(sequence));
            }
        }
        java.util.Collections.shuffle(arrivals, random);

        for (RoomEvent event : arrivals) {
            order.onEvent("lobby", event, 0);
        }

        List<String> expected = new ArrayList<>();
        for (long sequence = 1; sequence <= 500; sequence++) {
            expected.add("deliver lobby " + sequence);
        }
        assertEquals(expected, told, "replay with seed " + seed);
    }

    @Test
    void refusesANegativeBound() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> new RoomOrder(Duration.ofMillis(-1), MISSED_AFTER, new RoomOrder.Output() {
                    @Override
                    public void deliver(String room, RoomEvent event) {}

                    @Override
                    public void missed(String room, long from, long to) {}

                    @Override
                    public void fetch(String room, long from, long to) {}
                }));
        assertTrue(refused.getMessage().contains("gapBound < 0"), refused.getMessage());
    }
}
