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

    @Test
    void inOrderArrivalsNeedNoRing() {
        ReorderBuffer<String> big = new ReorderBuffer<>(1024);
        for (long seq = 1; seq <= 100; seq++) {
            big.accept(seq, "m" + seq, delivered::add);
        }

        assertEquals(0, big.ringSize());
        assertEquals(100, delivered.size());
    }

    @Test
    void theRingIsAsSmallAsTheGapAllowsAndGoesWhenTheGapCloses() {
        ReorderBuffer<String> big = new ReorderBuffer<>(1024);

        assertEquals(BUFFERED, big.accept(3, "c", delivered::add));
        assertEquals(ReorderBuffer.FIRST_RING, big.ringSize());
        assertEquals(BUFFERED, big.accept(20, "t", delivered::add));
        assertEquals(32, big.ringSize(), "20 is 19 ahead of 1: the ring doubles twice");

        big.accept(1, "a", delivered::add);
        assertEquals(32, big.ringSize(), "3 and 20 still wait");
        big.accept(2, "b", delivered::add);
        assertEquals(List.of("a", "b", "c"), delivered);
        assertEquals(1, big.waitingCount());
        for (long seq = 4; seq < 20; seq++) {
            big.accept(seq, "m" + seq, delivered::add);
        }

        assertEquals(20, big.cumulativeAck());
        assertEquals(0, big.waitingCount());
        assertEquals(0, big.ringSize());
    }

    @Test
    void theRingNeverOutgrowsTheCapacity() {
        ReorderBuffer<String> odd = new ReorderBuffer<>(20);

        assertEquals(BUFFERED, odd.accept(20, "t", delivered::add));
        assertEquals(20, odd.ringSize());
        assertEquals(TOO_FAR_AHEAD, odd.accept(21, "u", delivered::add));
        assertEquals(20, odd.ringSize());
    }

    @Test
    void growingKeepsWaitingMessagesThatSitAcrossTheRingsEnd() {
        ReorderBuffer<String> big = new ReorderBuffer<>(64);
        for (long seq = 1; seq <= 5; seq++) {
            big.accept(seq, "m" + seq, delivered::add);
        }
        // expected is 6: 8, 10 and 13 wait in a ring of 8 at slots 0, 2 and 5, across its end
        big.accept(8, "m8", delivered::add);
        big.accept(10, "m10", delivered::add);
        big.accept(13, "m13", delivered::add);
        assertEquals(8, big.ringSize());
        assertEquals(DUPLICATE, big.accept(10, "again", delivered::add));

        assertEquals(BUFFERED, big.accept(40, "m40", delivered::add)); // grows to 64
        assertEquals(64, big.ringSize());
        assertEquals(DUPLICATE, big.accept(13, "again", delivered::add));
        for (long seq = 6; seq <= 40; seq++) {
            if (seq != 8 && seq != 10 && seq != 13) {
                big.accept(seq, "m" + seq, delivered::add);
            }
        }

        assertEquals(40, delivered.size());
        for (int i = 0; i < 40; i++) {
            assertEquals("m" + (i + 1), delivered.get(i));
        }
        assertEquals(0, big.ringSize());
    }

    @Test
    void shuffledArrivalsWithinABigCapacityAreDeliveredEachOnceInOrderWhileTheRingGrows() {
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            ReorderBuffer<Long> reorder = new ReorderBuffer<>(100);
            List<Long> out = new ArrayList<>();
            long next = 1;
            int maxRing = 0;
            while (next <= 2_000) {
                // a burst sent within the window, arriving shuffled, some twice
                int burst = 1 + random.nextInt(100);
                List<Long> arrivals = new ArrayList<>();
                for (long seq = next; seq < next + burst; seq++) {
                    arrivals.add(seq);
                    if (random.nextInt(4) == 0) {
                        arrivals.add(seq);
                    }
                }
                Collections.shuffle(arrivals, random);
                for (long seq : arrivals) {
                    reorder.accept(seq, seq, out::add);
                    maxRing = Math.max(maxRing, reorder.ringSize());
                }
                next += burst;
                assertEquals(next - 1, reorder.cumulativeAck(), "seed " + seed);
            }

            for (int i = 0; i < out.size(); i++) {
                assertEquals(i + 1, out.get(i), "seed " + seed);
            }
            assertTrue(maxRing <= 100, "seed " + seed);
            assertTrue(maxRing > ReorderBuffer.FIRST_RING, "seed " + seed + ": the ring never grew");
        }
    }

    private ReorderBuffer.Arrival accept(long seq, String message) {
        return buffer.accept(seq, message, delivered::add);
    }
}
