package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.BUFFERED;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.DELIVERED;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.DUPLICATE;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.TOO_FAR_AHEAD;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver's reordering: in order, each once. The duplicate filter has its own {@link DuplicateFilterTest}. */
class ReorderBufferTest {

    private static final long[] SEEDS = {1L, 42L, 0x5EED_CAFEL, -7_777_777_777L, 20_240_601L};

    private final ReorderBuffer<String> buffer = new ReorderBuffer<>(4);
    private final List<String> delivered = new ArrayList<>();

    @Test
    void startsWithNothingToAcknowledge() {
        assertEquals(0, buffer.cumulativeAck());
        assertEquals(0, buffer.waitingCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesCapacityUnderOne(int capacity) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new ReorderBuffer<String>(capacity));

        assertEquals("capacity " + capacity + " < 1", e.getMessage());
    }

    @Test
    void deliversInOrderArrivalsAtOnce() {
        assertEquals(DELIVERED, accept(1, "a"));
        assertEquals(List.of("a"), delivered);
        assertEquals(1, buffer.cumulativeAck());

        assertEquals(DELIVERED, accept(2, "b"));
        assertEquals(DELIVERED, accept(3, "c"));

        assertEquals(List.of("a", "b", "c"), delivered);
        assertEquals(3, buffer.cumulativeAck());
        assertEquals(0, buffer.waitingCount());
    }

    @Test
    void holdsArrivalsBehindAGapUntilItFillsThenDeliversThemAllInOrder() {
        assertEquals(BUFFERED, accept(3, "c"));
        assertEquals(BUFFERED, accept(2, "b"));
        assertEquals(List.of(), delivered);
        assertEquals(0, buffer.cumulativeAck());
        assertEquals(2, buffer.waitingCount());

        assertEquals(DELIVERED, accept(1, "a"));

        assertEquals(List.of("a", "b", "c"), delivered);
        assertEquals(3, buffer.cumulativeAck());
        assertEquals(0, buffer.waitingCount());
    }

    @Test
    void deliversOnlyUpToTheNextGap() {
        accept(2, "b");
        accept(4, "d");

        assertEquals(DELIVERED, accept(1, "a"));

        assertEquals(List.of("a", "b"), delivered);
        assertEquals(2, buffer.cumulativeAck());
        assertEquals(1, buffer.waitingCount());

        assertEquals(DELIVERED, accept(3, "c"));
        assertEquals(List.of("a", "b", "c", "d"), delivered);
        assertEquals(4, buffer.cumulativeAck());
        assertEquals(0, buffer.waitingCount());
    }

    @Test
    void keepsUpToCapacityMinusOneBehindAGap() {
        accept(2, "b");
        accept(3, "c");
        accept(4, "d");

        assertEquals(3, buffer.waitingCount());
        assertEquals(DELIVERED, accept(1, "a"));
        assertEquals(List.of("a", "b", "c", "d"), delivered);
    }

    @Test
    void dropsAnArrivalCapacityOrMoreAhead() {
        assertEquals(TOO_FAR_AHEAD, accept(5, "e")); // expected 1 + capacity 4
        assertEquals(TOO_FAR_AHEAD, accept(6, "f"));
        assertEquals(TOO_FAR_AHEAD, accept(0xFFFF_FFFFL, "z"));

        assertEquals(0, buffer.waitingCount());
        assertEquals(BUFFERED, accept(4, "d"), "expected + capacity − 1 is still kept");
    }

    @Test
    void theWindowAheadMovesWithDelivery() {
        accept(1, "a");
        accept(2, "b"); // expected 3: keeps up to 6

        assertEquals(TOO_FAR_AHEAD, accept(7, "g"));
        assertEquals(BUFFERED, accept(6, "f"));
        assertEquals(BUFFERED, accept(5, "e"));
    }

    @Test
    void aTooFarAheadMessageIsKeptWhenResentLater() {
        assertEquals(TOO_FAR_AHEAD, accept(5, "e"));
        accept(1, "a");

        assertEquals(BUFFERED, accept(5, "e"));
        accept(2, "b");
        accept(3, "c");
        accept(4, "d");

        assertEquals(List.of("a", "b", "c", "d", "e"), delivered);
    }

    @Test
    void aBufferOfOneDeliversOnlyTheNextExpected() {
        ReorderBuffer<String> one = new ReorderBuffer<>(1);

        assertEquals(TOO_FAR_AHEAD, one.accept(2, "b", delivered::add));
        assertEquals(DELIVERED, one.accept(1, "a", delivered::add));
        assertEquals(DELIVERED, one.accept(2, "b", delivered::add));
        assertEquals(DUPLICATE, one.accept(2, "b", delivered::add));

        assertEquals(List.of("a", "b"), delivered);
    }

    @Test
    void keepsOrderOverManyWrapsOfTheRing() {
        // Pairs swapped: 2 1 4 3 6 5 ... each pair crosses the ring's end in turn.
        for (long seq = 1; seq <= 1_000; seq += 2) {
            assertEquals(BUFFERED, accept(seq + 1, "m" + (seq + 1)));
            assertEquals(DELIVERED, accept(seq, "m" + seq));
        }

        assertEquals(1_000, delivered.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals("m" + (i + 1), delivered.get(i));
        }
        assertEquals(1_000, buffer.cumulativeAck());
    }

    @Test
    void shuffledArrivalsWithDuplicatesAreDeliveredEachOnceInOrder() {
        int n = 300;
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            List<Long> arrivals = new ArrayList<>();
            int duplicates = 0;
            for (long seq = 1; seq <= n; seq++) {
                arrivals.add(seq);
                for (int copies = random.nextInt(3); copies > 0; copies--) {
                    arrivals.add(seq);
                    duplicates++;
                }
            }
            Collections.shuffle(arrivals, random);
            ReorderBuffer<Long> reorder = new ReorderBuffer<>(n);
            List<Long> out = new ArrayList<>();
            Map<ReorderBuffer.Arrival, Integer> outcomes = new EnumMap<>(ReorderBuffer.Arrival.class);

            for (long seq : arrivals) {
                outcomes.merge(reorder.accept(seq, seq, out::add), 1, Integer::sum);
            }

            String replay = "seed " + seed + ", arrivals " + arrivals;
            assertEquals(n, out.size(), replay);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, out.get(i), replay);
            }
            assertEquals(duplicates, outcomes.getOrDefault(DUPLICATE, 0), replay);
            assertEquals(n, outcomes.getOrDefault(DELIVERED, 0) + outcomes.getOrDefault(BUFFERED, 0), replay);
            assertEquals(0, outcomes.getOrDefault(TOO_FAR_AHEAD, 0), replay);
            assertEquals(n, reorder.cumulativeAck(), replay);
            assertEquals(0, reorder.waitingCount(), replay);
        }
    }

    @Test
    void aSmallBufferWithResendsDeliversEachOnceInOrder() {
        // A sender with a window of 8 sends and resends at random; the receiver keeps 4 ahead.
        int n = 500;
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            ReorderBuffer<Long> reorder = new ReorderBuffer<>(4);
            List<Long> out = new ArrayList<>();
            int rounds = 0;
            while (reorder.cumulativeAck() < n) {
                long base = reorder.cumulativeAck() + 1;
                long seq = Math.min(n, base + random.nextInt(8));
                ReorderBuffer.Arrival arrival = reorder.accept(seq, seq, out::add);
                if (seq - base >= 4) {
                    assertEquals(TOO_FAR_AHEAD, arrival, "seed " + seed + ", seq " + seq);
                }
                rounds++;
                assertTrue(rounds < 1_000_000, "seed " + seed + " makes no progress");
            }

            assertEquals(n, out.size(), "seed " + seed);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, out.get(i), "seed " + seed);
            }
        }
    }

    private ReorderBuffer.Arrival accept(long seq, String message) {
        return buffer.accept(seq, message, delivered::add);
    }
}
