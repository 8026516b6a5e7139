package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sender's window, driven by explicit clock readings in milliseconds. */
class SendWindowTest {

    private final SendWindow<String> window = new SendWindow<>(4);
    private final List<String> resent = new ArrayList<>();

    // ---------------------------------------------------------------------------------------------
    // Numbering and capacity

    @Test
    void startsEmptyWithNothingAcknowledged() {
        assertTrue(window.isEmpty());
        assertFalse(window.isFull());
        assertEquals(0, window.inFlight());
        assertEquals(4, window.capacity());
        assertEquals(1, window.nextSeq());
        assertEquals(0, window.acknowledged());
    }

    @Test
    void numbersMessagesFromOne() {
        assertEquals(1, window.add("a", 0));
        assertEquals(2, window.add("b", 0));
        assertEquals(3, window.add("c", 5));

        assertEquals(4, window.nextSeq());
        assertEquals(3, window.inFlight());
        assertFalse(window.isEmpty());
    }

    @Test
    void takesMessagesUntilFullThenRefuses() {
        for (int i = 1; i <= 4; i++) {
            assertFalse(window.isFull(), "before message " + i);
            window.add("m" + i, 0);
        }
        assertTrue(window.isFull());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> window.add("m5", 0));

        assertEquals("window full: 4 unacknowledged", e.getMessage());
        assertEquals(5, window.nextSeq(), "a refused add takes no number");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesCapacityUnderOne(int capacity) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SendWindow<>(capacity));

        assertEquals("capacity " + capacity + " < 1", e.getMessage());
    }

    @Test
    void aWindowOfOneTakesOneMessageAtATime() {
        SendWindow<String> one = new SendWindow<>(1);

        assertEquals(1, one.add("a", 0));
        assertTrue(one.isFull());
        assertEquals(1, one.onAck(1, 10));
        assertEquals(2, one.add("b", 10));
        assertEquals("b", one.payload(2));
    }

    // ---------------------------------------------------------------------------------------------
    // Acknowledgements

    @Test
    void cumulativeAckReleasesExactlyTheCoveredMessages() {
        addAll(0, "a", "b", "c", "d");

        assertEquals(2, window.onAck(2, 50));

        assertEquals(2, window.acknowledged());
        assertEquals(2, window.inFlight());
        assertFalse(window.isFull());
        assertEquals(5, window.nextSeq());
        assertEquals("c", window.payload(3));
        assertEquals("d", window.payload(4));
        assertEquals(List.of("3:c", "4:d"), unacked());
    }

    @Test
    void ackOfEverythingEmptiesTheWindow() {
        addAll(0, "a", "b", "c");

        assertEquals(3, window.onAck(3, 50));

        assertTrue(window.isEmpty());
        assertEquals(3, window.acknowledged());
        assertEquals(4, window.nextSeq());
        assertEquals(List.of(), unacked());
    }

    @Test
    void ignoresOldAndRepeatedAcks() {
        addAll(0, "a", "b", "c");
        window.onAck(2, 50);

        assertEquals(0, window.onAck(2, 60), "repeated");
        assertEquals(0, window.onAck(1, 60), "old");
        assertEquals(0, window.onAck(0, 60), "nothing");

        assertEquals(2, window.acknowledged());
        assertEquals(1, window.inFlight());
    }

    @Test
    void ignoresAnAckOfAMessageNeverSent() {
        addAll(0, "a", "b");

        assertEquals(0, window.onAck(3, 50));
        assertEquals(0, window.onAck(0xFFFF_FFFFL, 50));

        assertEquals(0, window.acknowledged());
        assertEquals(2, window.inFlight());
        assertEquals(-1, window.timer().srtt(), "nor does it feed the timer");
    }

    @Test
    void ignoresAnAckWhenNothingWasSent() {
        assertEquals(0, window.onAck(1, 50));
        assertEquals(0, window.acknowledged());
    }

    @Test
    void payloadOfAMessageNotInFlightIsRefused() {
        addAll(0, "a", "b");
        window.onAck(1, 10);

        assertEquals(
                "message 1 is not in flight",
                assertThrows(IllegalArgumentException.class, () -> window.payload(1))
                        .getMessage());
        assertEquals(
                "message 3 is not in flight",
                assertThrows(IllegalArgumentException.class, () -> window.payload(3))
                        .getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Round-trip samples (Karn)

    @Test
    void aWindowWhoseAcksMayBeHeldBackTakesNoRoundTripFromThem() {
        SendWindow<String> held = new SendWindow<>(4, false);
        held.add("a", 1_000);

        assertEquals(1, held.onAck(1, 4_000));

        assertEquals(-1, held.timer().srtt());
        assertEquals(RetransmitTimer.INITIAL_RTO_MILLIS, held.timer().rto());
    }

    @Test
    void aRoundTripMeasuredElsewhereShortensTheTimeoutsOfMessagesInFlight() {
        SendWindow<String> held = new SendWindow<>(4, false);
        held.add("a", 1_000); // due at 2 000 with the initial timeout
        assertEquals(0, held.resendDue(1_100, (payload, seq) -> resent.add(payload)));

        held.onRoundTrip(50); // RTO 200 (the floor)

        assertEquals(1, held.resendDue(1_200, (payload, seq) -> resent.add(payload)));
        assertEquals(List.of("a"), resent);
    }

    @Test
    void anAckOfAMessageSentOnceFeedsItsRoundTripToTheTimer() {
        window.add("a", 1_000);

        window.onAck(1, 1_150);

        assertEquals(150, window.timer().srtt());
        assertEquals(450, window.timer().rto()); // 150 + 4 × 75
    }

    @Test
    void theSampleIsTheRoundTripOfTheNewestAckedMessage() {
        window.add("a", 0);
        window.add("b", 100);

        window.onAck(2, 180);

        assertEquals(80, window.timer().srtt());
    }

    @Test
    void anAckOfAResentMessageFeedsNoSample() {
        window.add("a", 0);
        window.resendDue(1_000, this::record);

        assertEquals(1, window.onAck(1, 1_050));

        assertEquals(-1, window.timer().srtt());
        assertEquals(1000, window.timer().rto());
    }

    @Test
    void anAckOfAResentMessageFeedsNoSampleThoughALaterOneWasSentOnce() {
        window.add("a", 0);
        window.add("b", 900);
        window.resendDue(1_000, this::record); // only "a" is due
        assertEquals(List.of("1:a"), resent);

        assertEquals(1, window.onAck(1, 1_050));

        assertEquals(-1, window.timer().srtt());
    }

    @Test
    void anAckCoveringAResentMessageFeedsNoSampleThoughItsNewestWasSentOnce() {
        window.add("a", 0);
        window.resendDue(1_000, this::record);
        window.add("b", 1_100);

        window.onAck(2, 1_160); // it may have waited for a's repair: its delay says nothing of the path

        assertEquals(-1, window.timer().srtt());
    }

    @Test
    void theNextCleanAckSamplesAgain() {
        window.add("a", 0);
        window.resendDue(1_000, this::record);
        window.onAck(1, 1_050);
        window.add("b", 2_000);

        window.onAck(2, 2_060);

        assertEquals(60, window.timer().srtt());
    }

    @Test
    void anIgnoredAckFeedsNoSample() {
        window.add("a", 0);
        window.onAck(1, 100);

        window.onAck(1, 5_000);

        assertEquals(100, window.timer().srtt());
    }

    // ---------------------------------------------------------------------------------------------
    // Resending

    @Test
    void resendsNothingBeforeTheRtoPasses() {
        window.add("a", 0);

        assertEquals(0, window.resendDue(999, this::record));
        assertEquals(List.of(), resent);
    }

    @Test
    void resendsExactlyTheMessagesWhoseTimeoutPassedWithPayloadAndSeq() {
        window.add("a", 0);
        window.add("b", 100);
        window.add("c", 500);

        assertEquals(1, window.resendDue(1_000, this::record));
        assertEquals(List.of("1:a"), resent);

        assertEquals(1, window.resendDue(1_100, this::record));
        assertEquals(List.of("1:a", "2:b"), resent);

        assertEquals(1, window.resendDue(1_600, this::record));
        assertEquals(List.of("1:a", "2:b", "3:c"), resent);
    }

    @Test
    void resendsEveryDueMessageAtOnceOldestFirst() {
        addAll(0, "a", "b", "c");

        assertEquals(3, window.resendDue(5_000, this::record));

        assertEquals(List.of("1:a", "2:b", "3:c"), resent);
    }

    @Test
    void eachResendDoublesTheMessagesTimeoutUpToTheBackoffCap() {
        window.timer().onSample(50); // RTO 200 (the floor)
        window.add("a", 0);

        assertEquals(1, window.resendDue(200, this::record)); // second transmission, next in 400
        assertEquals(0, window.resendDue(599, this::record));
        assertEquals(1, window.resendDue(600, this::record)); // third, next in 800
        assertEquals(0, window.resendDue(1_399, this::record));
        assertEquals(1, window.resendDue(1_400, this::record)); // fourth, next in 1000: the backoff cap
        assertEquals(0, window.resendDue(2_399, this::record));
        assertEquals(1, window.resendDue(2_400, this::record));

        assertEquals(List.of("1:a", "1:a", "1:a", "1:a"), resent);
    }

    @Test
    void aLateResendCountsItsTimeoutFromWhenItWasResent() {
        window.add("a", 0);

        window.resendDue(1_700, this::record); // the next timeout is the 1000 ms backoff cap

        assertEquals(0, window.resendDue(2_699, this::record));
        assertEquals(1, window.resendDue(2_700, this::record));
    }

    @Test
    void resendsUseTheMeasuredRto() {
        window.add("a", 0);
        window.onAck(1, 100); // RTO 300
        window.add("b", 1_000);

        assertEquals(0, window.resendDue(1_299, this::record));
        assertEquals(1, window.resendDue(1_300, this::record));
        assertEquals(0, window.resendDue(1_899, this::record));
        assertEquals(1, window.resendDue(1_900, this::record));
        assertEquals(List.of("2:b", "2:b"), resent);
    }

    @Test
    void acknowledgedMessagesAreNeverResent() {
        addAll(0, "a", "b");
        window.onAck(1, 500);

        window.resendDue(10_000, this::record);

        assertEquals(List.of("2:b"), resent);
    }

    // ---------------------------------------------------------------------------------------------
    // Deadlines

    @Test
    void noDeadlineWhenNothingIsInFlight() {
        assertEquals(Long.MAX_VALUE, window.nextDeadlineMillis());
        assertEquals(Long.MAX_VALUE, window.oldestUnackedSinceMillis());
    }

    @Test
    void nextDeadlineIsTheEarliestMessagesTimeout() {
        window.add("a", 100);
        window.add("b", 300);

        assertEquals(1_100, window.nextDeadlineMillis());

        window.resendDue(1_100, this::record); // a: next at 1100 + 1000 (the backoff cap)
        assertEquals(1_300, window.nextDeadlineMillis());

        window.resendDue(1_300, this::record); // b: next at 1300 + 1000
        assertEquals(2_100, window.nextDeadlineMillis());

        window.onAck(1, 1_400);
        assertEquals(2_300, window.nextDeadlineMillis());

        window.onAck(2, 1_500);
        assertEquals(Long.MAX_VALUE, window.nextDeadlineMillis());
    }

    @Test
    void nextDeadlineFollowsTheRtoOfTheTimer() {
        window.add("a", 0);
        window.onAck(1, 100); // RTO 300
        window.add("b", 1_000);

        assertEquals(1_300, window.nextDeadlineMillis());
    }

    @Test
    void oldestUnackedSinceIsWhenTheOldestWasFirstSentNotLastResent() {
        window.add("a", 100);
        window.add("b", 200);
        window.resendDue(5_000, this::record);

        assertEquals(100, window.oldestUnackedSinceMillis());

        window.onAck(1, 5_100);
        assertEquals(200, window.oldestUnackedSinceMillis());

        window.onAck(2, 5_200);
        assertEquals(Long.MAX_VALUE, window.oldestUnackedSinceMillis());
    }

    // ---------------------------------------------------------------------------------------------
    // The ring

    @Test
    void forEachUnackedGoesOldestFirstAcrossTheEndOfTheRing() {
        addAll(0, "a", "b", "c", "d");
        window.onAck(3, 10);
        addAll(20, "e", "f", "g");

        assertEquals(List.of("4:d", "5:e", "6:f", "7:g"), unacked());
        assertTrue(window.isFull());
    }

    @Test
    void keepsPayloadsRightOverManyWrapsOfTheRing() {
        long seed = 0x5EED_2024L;
        SplittableRandom random = new SplittableRandom(seed);
        long now = 0;
        long sent = 0;
        long acked = 0;
        while (sent < 1_000) {
            while (!window.isFull() && sent < 1_000) {
                sent++;
                assertEquals(sent, window.add("m" + sent, now), "seed " + seed);
            }
            now += 1 + random.nextInt(50);
            long ack = acked + 1 + random.nextInt((int) (sent - acked));
            List<String> expected = new ArrayList<>();
            for (long seq = acked + 1; seq <= sent; seq++) {
                expected.add(seq + ":m" + seq);
                assertEquals("m" + seq, window.payload(seq), "seed " + seed + ", seq " + seq);
            }
            assertEquals(expected, unacked(), "seed " + seed);

            assertEquals(ack - acked, window.onAck(ack, now), "seed " + seed);
            acked = ack;
            assertEquals(acked, window.acknowledged(), "seed " + seed);
            assertEquals(sent - acked, window.inFlight(), "seed " + seed);
        }
        assertEquals(1_000, sent);
        assertEquals(1_001, window.nextSeq());
    }

    @Test
    void resendsTheRightPayloadsAfterTheRingWrapped() {
        for (int i = 1; i <= 10; i++) {
            window.add("old" + i, 0);
            window.onAck(i, 10);
        }
        addAll(100, "k", "l", "m");

        window.resendDue(100 + window.timer().rto(), this::record);

        assertEquals(List.of("11:k", "12:l", "13:m"), resent);
    }

    // ---------------------------------------------------------------------------------------------
    // Growth: the ring starts empty and doubles up to the capacity

    @Test
    void anUnusedWindowHoldsNoRing() {
        SendWindow<String> idle = new SendWindow<>(1024);

        assertEquals(0, idle.ringSize());
        assertEquals(1024, idle.capacity());
        assertEquals(Long.MAX_VALUE, idle.nextDeadlineMillis());
        assertEquals(0, idle.resendDue(1_000_000, (payload, seq) -> resent.add(payload)));
        assertTrue(resent.isEmpty());
    }

    @Test
    void theRingStartsSmallAndDoublesOnlyWhenItFills() {
        SendWindow<String> big = new SendWindow<>(1024);

        big.add("m1", 0);
        assertEquals(SendWindow.FIRST_RING, big.ringSize());
        for (int i = 2; i <= SendWindow.FIRST_RING; i++) {
            big.add("m" + i, 0);
        }
        assertEquals(SendWindow.FIRST_RING, big.ringSize(), "full, but nothing more taken yet");

        big.add("m" + (SendWindow.FIRST_RING + 1), 0);

        assertEquals(2 * SendWindow.FIRST_RING, big.ringSize());
    }

    @Test
    void aWindowThatEmptiesAndFillsAgainDoesNotGrow() {
        SendWindow<String> big = new SendWindow<>(1024);
        for (int i = 1; i <= 10_000; i++) {
            big.add("m" + i, i);
            big.onAck(i, i + 1);
        }

        assertEquals(SendWindow.FIRST_RING, big.ringSize());
    }

    @Test
    void growsNoFurtherThanTheCapacityWhenItIsNoPowerOfTwo() {
        SendWindow<String> odd = new SendWindow<>(20);
        for (int i = 1; i <= 20; i++) {
            odd.add("m" + i, 0);
        }

        assertEquals(20, odd.ringSize());
        assertTrue(odd.isFull());
        assertThrows(IllegalStateException.class, () -> odd.add("m21", 0));
    }

    @Test
    void aCapacityBelowTheFirstRingIsAllTheRingThereIs() {
        SendWindow<String> three = new SendWindow<>(3);
        for (int i = 1; i <= 3; i++) {
            three.add("m" + i, 0);
        }

        assertEquals(3, three.ringSize());
        assertTrue(three.isFull());
    }

    @Test
    void growingWhileTheRingWrapsKeepsEveryPayloadAtItsNumber() {
        SendWindow<String> big = new SendWindow<>(64);
        // 5 in flight from 6 on: the ring of 8 holds 6..10 across its end (slots 6, 7, 0, 1, 2)
        for (int i = 1; i <= 10; i++) {
            big.add("m" + i, 0);
        }
        big.onAck(5, 1);
        for (int i = 11; i <= 40; i++) {
            big.add("m" + i, 2); // grows twice while the oldest sit past the old ring's end
        }

        assertEquals(64, big.ringSize());
        List<String> each = new ArrayList<>();
        big.forEachUnacked((payload, seq) -> each.add(seq + ":" + payload));
        List<String> expected = new ArrayList<>();
        for (int i = 6; i <= 40; i++) {
            expected.add(i + ":m" + i);
            assertEquals("m" + i, big.payload(i));
        }
        assertEquals(expected, each);
        assertEquals(6, big.onAck(11, 3));
        assertEquals(12, big.nextSeq() - big.inFlight());
    }

    @Test
    void resendDeadlinesAndCountsSurviveGrowth() {
        SendWindow<String> big = new SendWindow<>(64);
        big.timer().onSample(100); // an RTO short enough to double under the backoff cap
        long rto = big.timer().rto();
        for (int i = 1; i <= 8; i++) {
            big.add("m" + i, 0);
        }
        big.resendDue(rto, (payload, seq) -> resent.add(seq + ":" + payload)); // each sent twice now
        resent.clear();
        big.add("m9", rto); // grows: 1..8 due at 3 rto (doubled), 9 at 2 rto

        assertEquals(16, big.ringSize());
        assertEquals(2 * rto, big.nextDeadlineMillis());
        assertEquals(1, big.resendDue(2 * rto, (payload, seq) -> resent.add(seq + ":" + payload)));
        assertEquals(List.of("9:m9"), resent);
        resent.clear();
        assertEquals(8, big.resendDue(3 * rto, (payload, seq) -> resent.add(seq + ":" + payload)));
        assertEquals("1:m1", resent.get(0));
        assertEquals(0, big.oldestUnackedSinceMillis(), "first sent at 0, whatever was resent since");
    }

    @Test
    void karnsRuleSeesResendsMadeBeforeGrowth() {
        SendWindow<String> big = new SendWindow<>(64);
        big.timer().onSample(100);
        long rto = big.timer().rto();
        for (int i = 1; i <= 8; i++) {
            big.add("m" + i, 0);
        }
        big.resendDue(rto, (payload, seq) -> {});
        big.add("m9", rto); // grows

        big.onAck(9, rto + 5_000);

        assertEquals(rto, big.timer().rto(), "an ack covering resent messages feeds no sample");
    }

    @Test
    void keepsPayloadsRightWhileGrowingToTheCapacityAtRandom() {
        long seed = 0x6120_2026L;
        SplittableRandom random = new SplittableRandom(seed);
        SendWindow<String> big = new SendWindow<>(100);
        long sent = 0;
        long acked = 0;
        for (int round = 0; round < 2_000; round++) {
            int adds = random.nextInt(Math.min(40, 100 - (int) (sent - acked)) + 1);
            for (int i = 0; i < adds; i++) {
                sent++;
                assertEquals(sent, big.add("m" + sent, round), "seed " + seed);
            }
            for (long seq = acked + 1; seq <= sent; seq++) {
                assertEquals("m" + seq, big.payload(seq), "seed " + seed + ", seq " + seq);
            }
            if (sent > acked) {
                long ack = acked + random.nextInt((int) (sent - acked) + 1);
                big.onAck(ack, round);
                acked = Math.max(acked, ack);
            }
            assertTrue(big.ringSize() <= 100, "seed " + seed);
        }
        assertTrue(sent > 1_000, "seed " + seed);
    }

    // ---------------------------------------------------------------------------------------------

    private void addAll(long nowMillis, String... payloads) {
        for (String payload : payloads) {
            window.add(payload, nowMillis);
        }
    }

    private void record(String payload, long seq) {
        resent.add(seq + ":" + payload);
    }

    private List<String> unacked() {
        List<String> each = new ArrayList<>();
        window.forEachUnacked((payload, seq) -> each.add(seq + ":" + payload));
        return each;
    }

    @Test
    void theThirdRepeatedAcknowledgementResendsTheOldestAtOnce() {
        window.timer().onSample(50); // RTO 200, SRTT 50
        window.add("a", 0);
        window.add("b", 0);

        window.onDuplicateAck(60);
        window.onDuplicateAck(60);
        assertEquals(0, window.resendDue(60, this::record), "two repeats may be reordering");
        window.onDuplicateAck(60);

        assertEquals(1, window.resendDue(60, this::record), "well before its 200 ms timeout");
        assertEquals(List.of("1:a"), resent);
    }

    @Test
    void furtherRepeatsResendAgainButNotWithinARoundTrip() {
        window.timer().onSample(50);
        window.add("a", 0);
        for (int i = 0; i < 3; i++) {
            window.onDuplicateAck(60);
        }
        window.resendDue(60, this::record); // the fast retransmission, at 60

        for (int i = 0; i < 3; i++) {
            window.onDuplicateAck(80); // 20 ms later: the copy may still be on its way
        }
        assertEquals(0, window.resendDue(80, this::record));
        for (int i = 0; i < 3; i++) {
            window.onDuplicateAck(120); // 60 ms later: a round trip has passed, so it was lost too
        }
        assertEquals(1, window.resendDue(120, this::record));
        assertEquals(List.of("1:a", "1:a"), resent);
    }

    @Test
    void progressStartsTheCountOfRepeatsAgain() {
        window.timer().onSample(50);
        window.add("a", 0);
        window.add("b", 0);
        window.onDuplicateAck(60);
        window.onDuplicateAck(60);

        window.onAck(1, 70);
        window.onDuplicateAck(80);

        assertEquals(0, window.resendDue(80, this::record), "one repeat since the progress, not three");
    }

    @Test
    void repeatsOfNothingInFlightChangeNothing() {
        for (int i = 0; i < 6; i++) {
            window.onDuplicateAck(10);
        }
        window.add("a", 20);

        assertEquals(0, window.resendDue(30, this::record));
    }
}
