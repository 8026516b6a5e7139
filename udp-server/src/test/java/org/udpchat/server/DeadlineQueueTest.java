package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys come out of the queue by deadline, each once, wherever their deadlines were moved meanwhile. */
class DeadlineQueueTest {

    private final DeadlineQueue<String> queue = new DeadlineQueue<>();

    @Test
    void anEmptyQueueHasNoDeadline() {
        assertEquals(Long.MAX_VALUE, queue.nextDeadlineMillis());
        assertEquals(Long.MAX_VALUE, queue.nextWakeMillis());
        assertEquals(List.of(), queue.takeDue(Long.MAX_VALUE - 1));
    }

    @Test
    void takesOnlyTheKeysDueSoonestFirst() {
        queue.schedule("c", 300);
        queue.schedule("a", 100);
        queue.schedule("b", 200);

        assertEquals(100, queue.nextDeadlineMillis());
        assertEquals(List.of(), queue.takeDue(99));
        assertEquals(List.of("a", "b"), queue.takeDue(200));
        assertEquals(300, queue.nextDeadlineMillis());
        assertEquals(1, queue.size());
    }

    @Test
    void takesKeysWithEqualDeadlinesInTheOrderTheyWereScheduled() {
        for (String key : List.of("e", "b", "d", "a", "c")) {
            queue.schedule(key, 500);
        }

        assertEquals(List.of("e", "b", "d", "a", "c"), queue.takeDue(500));
    }

    @Test
    void holdsAKeyOnceAtItsLatestDeadline() {
        queue.schedule("a", 100);
        queue.schedule("b", 200);
        queue.schedule("a", 300); // later
        queue.schedule("b", 50); // earlier

        assertEquals(2, queue.size());
        assertEquals(List.of("b"), queue.takeDue(299));
        assertEquals(List.of("a"), queue.takeDue(300));
        assertTrue(queue.isEmpty());
    }

    @Test
    void movesADeadlineEarlierOnlyWhenAskedNoLaterThan() {
        queue.schedule("a", 200);

        queue.scheduleNoLaterThan("a", 300);
        assertEquals(200, queue.deadlineOf("a"));
        queue.scheduleNoLaterThan("a", 100);
        assertEquals(100, queue.deadlineOf("a"));
        queue.scheduleNoLaterThan("b", 150); // not there yet: scheduled
        assertEquals(List.of("a", "b"), queue.takeDue(150));
    }

    @Test
    void forgetsACancelledKeyOrOneScheduledForNever() {
        queue.schedule("a", 100);
        queue.schedule("b", 200);
        queue.schedule("c", 300);

        queue.cancel("a");
        queue.schedule("b", Long.MAX_VALUE);
        queue.cancel("never there");

        assertEquals(Long.MAX_VALUE, queue.deadlineOf("a"));
        assertEquals(List.of("c"), queue.takeDue(1_000));
    }

    @Test
    void aKeyTakenIsNoLongerInTheQueueAndMayBeScheduledAgain() {
        queue.schedule("a", 100);
        assertEquals(List.of("a"), queue.takeDue(100));

        assertEquals(Long.MAX_VALUE, queue.deadlineOf("a"));
        queue.scheduleNoLaterThan("a", 400);
        assertEquals(400, queue.nextDeadlineMillis());
    }

    @Test
    void aKeyDueAtOnceIsDueWhateverTheClock() {
        queue.schedule("a", Long.MIN_VALUE);

        assertEquals(Long.MIN_VALUE, queue.nextWakeMillis());
        assertEquals(List.of("a"), queue.takeDue(-1_000));
    }

    @Test
    void withSlackWakesOnTheGridButTakesByTheExactDeadline() {
        DeadlineQueue<String> coarse = new DeadlineQueue<>(250);
        coarse.schedule("a", 10_001);
        coarse.schedule("b", 10_240);

        assertEquals(10_250, coarse.nextWakeMillis(), "rounded up to the grid");
        assertEquals(List.of("a"), coarse.takeDue(10_001), "due when its deadline passes, grid or not");
        assertEquals(List.of("b"), coarse.takeDue(10_250));

        coarse.schedule("c", 10_500);
        assertEquals(10_500, coarse.nextWakeMillis(), "on the grid already");
        coarse.schedule("d", -1);
        assertEquals(0, coarse.nextWakeMillis(), "rounded up below zero too");
        coarse.schedule("e", Long.MAX_VALUE - 1);
        coarse.cancel("c");
        coarse.cancel("d");
        assertEquals(Long.MAX_VALUE - 1, coarse.nextWakeMillis(), "never past the end of time");
    }

    @Test
    void refusesASlackOfLessThanAMillisecond() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeadlineQueue<>(0));
        assertEquals("slackMillis 0 < 1", e.getMessage());
    }

    /** Thousands of random moves, checked against a plain map sorted at every look. */
    @Test
    void agreesWithASortedMapUnderRandomMoves() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        DeadlineQueue<Integer> heap = new DeadlineQueue<>();
        Map<Integer, Long> model = new HashMap<>();
        Map<Integer, Long> firstScheduled = new HashMap<>();
        long order = 0;
        long now = 0;
        String replay = "replay with seed " + seed + "L";
        for (int step = 0; step < 20_000; step++) {
            int key = random.nextInt(200);
            long deadline = now + random.nextInt(1_000);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    heap.schedule(key, deadline);
                    if (!model.containsKey(key)) {
                        firstScheduled.put(key, order++);
                    }
                    model.put(key, deadline);
                }
                case 2 -> {
                    heap.scheduleNoLaterThan(key, deadline);
                    if (!model.containsKey(key)) {
                        firstScheduled.put(key, order++);
                        model.put(key, deadline);
                    } else {
                        model.put(key, Math.min(model.get(key), deadline));
                    }
                }
                case 3 -> {
                    heap.cancel(key);
                    model.remove(key);
                    firstScheduled.remove(key);
                }
                default -> {
                    now += random.nextInt(300);
                    long at = now;
                    List<Integer> expected = new ArrayList<>();
                    model.entrySet().stream()
                            .filter(entry -> entry.getValue() <= at)
                            .sorted(Comparator.comparing((Map.Entry<Integer, Long> entry) -> entry.getValue())
                                    .thenComparing(entry -> firstScheduled.get(entry.getKey())))
                            .forEach(entry -> expected.add(entry.getKey()));
                    assertEquals(expected, heap.takeDue(now), replay);
                    expected.forEach(model::remove);
                    expected.forEach(firstScheduled::remove);
                }
            }
            assertEquals(model.size(), heap.size(), replay);
            assertEquals(
                    model.values().stream().min(Long::compare).orElse(Long.MAX_VALUE),
                    heap.nextDeadlineMillis(),
                    replay);
        }
    }
}
