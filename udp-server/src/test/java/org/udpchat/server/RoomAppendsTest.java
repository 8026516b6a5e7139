package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoomAppendsTest {

    private record Sent(String room, List<String> batch) {}

    private final List<Sent> sent = new ArrayList<>();
    private final RoomAppends<String> appends = new RoomAppends<>(3, (room, batch) -> sent.add(new Sent(room, batch)));

    @Test
    void anAppendGoesAtOnceWhenNothingOfItsRoomIsInFlight() {
        appends.append("lobby", "a");

        assertEquals(List.of(new Sent("lobby", List.of("a"))), sent);
        assertEquals(1, appends.inFlight());
    }

    @Test
    void whatIsSaidMeanwhileWaitsAndGoesTogetherInTheOrderSaid() {
        appends.append("lobby", "a");
        appends.append("lobby", "b");
        appends.append("lobby", "c");
        assertEquals(1, sent.size(), "one append in flight per room");
        assertEquals(2, appends.waiting("lobby"));

        appends.answered("lobby");

        assertEquals(new Sent("lobby", List.of("b", "c")), sent.get(1));
        assertEquals(0, appends.waiting("lobby"));
    }

    @Test
    void aBatchHoldsAtMostTheLimitAndTheRestGoesInTheNext() {
        appends.append("lobby", "0");
        for (int i = 1; i <= 7; i++) {
            appends.append("lobby", String.valueOf(i));
        }

        appends.answered("lobby");
        appends.answered("lobby");
        appends.answered("lobby");

        assertEquals(
                List.of(
                        new Sent("lobby", List.of("0")),
                        new Sent("lobby", List.of("1", "2", "3")),
                        new Sent("lobby", List.of("4", "5", "6")),
                        new Sent("lobby", List.of("7"))),
                sent);
    }

    @Test
    void roomsDoNotWaitForEachOther() {
        appends.append("lobby", "a");
        appends.append("games", "b");

        assertEquals(List.of(new Sent("lobby", List.of("a")), new Sent("games", List.of("b"))), sent);
        assertEquals(2, appends.inFlight());
    }

    @Test
    void aRoomWithNothingWaitingIsForgottenOnceAnswered() {
        appends.append("lobby", "a");
        appends.answered("lobby");

        assertEquals(0, appends.inFlight());
        appends.append("lobby", "b");
        assertEquals(new Sent("lobby", List.of("b")), sent.get(1), "goes at once again");
    }

    @Test
    void anAnswerForARoomWithNothingInFlightChangesNothing() {
        appends.answered("lobby");

        assertEquals(List.of(), sent);
        assertEquals(0, appends.inFlight());
    }

    @Test
    void answeredOnAnotherThreadEveryItemGoesOnceInOrderWithOneBatchInFlight() throws Exception {
        int items = 20_000;
        List<Integer> went = new ArrayList<>();
        AtomicBoolean inFlight = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        ExecutorService answerer = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<RoomAppends<Integer>> holder = new AtomicReference<>();
            holder.set(new RoomAppends<>(128, (room, batch) -> {
                if (!inFlight.compareAndSet(false, true)) {
                    overlapped.set(true);
                }
                synchronized (went) {
                    went.addAll(batch);
                }
                answerer.execute(
                        () -> { // as Hazelcast answers, on its own thread
                            inFlight.set(false);
                            holder.get().answered("lobby");
                        });
            }));
            for (int i = 0; i < items; i++) {
                holder.get().append("lobby", i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (holder.get().inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertEquals(0, holder.get().inFlight(), "everything went within 10 s");
            synchronized (went) {
                assertEquals(IntStream.range(0, items).boxed().toList(), went);
            }
            assertFalse(overlapped.get(), "never two batches of the room in flight");
        } finally {
            answerer.shutdownNow();
        }
    }

    @Test
    void aBatchOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RoomAppends<String>(0, (room, batch) -> {}));
    }
}
