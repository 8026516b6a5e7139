package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6298's estimator with a 200 ms floor and an 8 s ceiling; expected values are worked out by hand. */
class RetransmitTimerTest {

    private final RetransmitTimer timer = new RetransmitTimer();

    @Test
    void startsWithAnRtoOfOneSecondAndNoSrtt() {
        assertEquals(1000, timer.rto());
        assertEquals(-1, timer.srtt());
    }

    @Test
    void boundsAreTheDocumentedOnes() {
        assertEquals(1000, RetransmitTimer.INITIAL_RTO_MILLIS);
        assertEquals(200, RetransmitTimer.MIN_RTO_MILLIS);
        assertEquals(8000, RetransmitTimer.MAX_RTO_MILLIS);
    }

    @Test
    void firstSampleSetsSrttToItAndRttvarToHalfOfIt() {
        timer.onSample(400);

        // SRTT = 400, RTTVAR = 200, RTO = 400 + 4 × 200 = 1200
        assertEquals(400, timer.srtt());
        assertEquals(1200, timer.rto());
    }

    @Test
    void firstSampleOfAnOddNumberOfMillisecondsKeepsTheHalf() {
        timer.onSample(333);

        // RTTVAR = 166.5, RTO = 333 + 666 = 999
        assertEquals(333, timer.srtt());
        assertEquals(999, timer.rto());
    }

    @Test
    void laterSamplesFollowRfc6298WithAlphaOneEighthAndBetaOneQuarter() {
        timer.onSample(400); // SRTT 400, RTTVAR 200

        timer.onSample(800);
        // RTTVAR = 3/4 × 200 + 1/4 × |400 − 800| = 150 + 100 = 250 (with the old SRTT)
        // SRTT   = 7/8 × 400 + 1/8 × 800       = 350 + 100 = 450
        // RTO    = 450 + 4 × 250 = 1450
        assertEquals(450, timer.srtt());
        assertEquals(1450, timer.rto());

        timer.onSample(450);
        // RTTVAR = 3/4 × 250 + 1/4 × 0 = 187.5
        // SRTT   = 7/8 × 450 + 1/8 × 450 = 450
        // RTO    = 450 + 750 = 1200
        assertEquals(450, timer.srtt());
        assertEquals(1200, timer.rto());

        timer.onSample(50);
        // RTTVAR = 3/4 × 187.5 + 1/4 × 400 = 140.625 + 100 = 240.625
        // SRTT   = 7/8 × 450 + 1/8 × 50 = 393.75 + 6.25 = 400
        // RTO    = 400 + 962.5 = 1362.5, rounded to 1363
        assertEquals(400, timer.srtt());
        assertEquals(1363, timer.rto());
    }

    @Test
    void srttIsRoundedToTheNearestMillisecond() {
        timer.onSample(100); // SRTT 100, RTTVAR 50
        timer.onSample(200);
        // RTTVAR = 37.5 + 25 = 62.5; SRTT = 87.5 + 25 = 112.5; RTO = 112.5 + 250 = 362.5
        assertEquals(113, timer.srtt());
        assertEquals(363, timer.rto());
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "10", "49"})
    void tinyRoundTripsGetTheFloorOf200Milliseconds(long rtt) {
        timer.onSample(rtt);

        assertEquals(200, timer.rto());
    }

    @Test
    void aNegativeRoundTripCountsAsZero() {
        timer.onSample(-50);

        assertEquals(0, timer.srtt());
        assertEquals(200, timer.rto());
    }

    @Test
    void steadyRoundTripsLeaveTheClockGranularityAsTheMargin() {
        for (int i = 0; i < 16; i++) {
            timer.onSample(300);
        }
        // RTTVAR = 150 × (3/4)^15 ≈ 2.0, so 4 × RTTVAR < G = 10: RTO = 300 + 10
        assertEquals(300, timer.srtt());
        assertEquals(310, timer.rto());
    }

    @Test
    void manyTinyRoundTripsStayAtTheFloor() {
        for (int i = 0; i < 100; i++) {
            timer.onSample(2);
        }

        assertEquals(2, timer.srtt());
        assertEquals(200, timer.rto());
    }

    @Test
    void longRoundTripsAreCappedAtEightSeconds() {
        timer.onSample(5000); // 5000 + 4 × 2500 = 15000

        assertEquals(5000, timer.srtt());
        assertEquals(8000, timer.rto());
    }

    @Test
    void theRtoComesDownFromTheCeilingWhenRoundTripsShorten() {
        timer.onSample(5000);
        for (int i = 0; i < 100; i++) {
            timer.onSample(100);
        }

        assertEquals(100, timer.srtt());
        assertEquals(200, timer.rto());
    }

    @ParameterizedTest
    @CsvSource({"0, 1000", "1, 1000", "2, 1000", "3, 1000", "100, 1000"})
    void timeoutAfterDoublesTheInitialRtoPerTransmissionUpToTheBackoffCap(int transmissions, long timeout) {
        assertEquals(timeout, timer.timeoutAfter(transmissions));
    }

    @ParameterizedTest
    @CsvSource({"1, 300", "2, 600", "3, 1000", "4, 1000", "7, 1000", "2147483647, 1000"})
    void timeoutAfterDoublesTheMeasuredRtoPerTransmissionUpToTheBackoffCap(int transmissions, long timeout) {
        timer.onSample(100); // RTO 100 + 4 × 50 = 300

        assertEquals(timeout, timer.timeoutAfter(transmissions));
    }

    @Test
    void backoffOnASlowPathStopsAtTheRtoItself() {
        timer.onSample(1000); // RTO 1000 + 4 × 500 = 3000, above the backoff cap of 1000

        assertEquals(3000, timer.timeoutAfter(1));
        assertEquals(3000, timer.timeoutAfter(2));
    }

    @Test
    void timeoutAfterStaysAtTheCeilingWhenTheRtoIsThere() {
        timer.onSample(5000);

        assertEquals(8000, timer.timeoutAfter(1));
        assertEquals(8000, timer.timeoutAfter(2));
    }

    @Test
    void timeoutAfterDoesNotChangeTheRto() {
        timer.timeoutAfter(5);

        assertEquals(1000, timer.rto());
    }
}
