package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Percentiles by nearest rank, in milliseconds, from samples in nanoseconds. */
class LatenciesTest {

    @Test
    void percentilesAreTheNearestRankOfTheSortedSamples() {
        Latencies latencies = new Latencies();
        for (int millis = 1000; millis >= 1; millis--) { // 1..1000 ms, added out of order
            latencies.add(millis * 1_000_000L);
        }

        assertEquals(500.0, latencies.percentileMillis(0.5));
        assertEquals(990.0, latencies.percentileMillis(0.99));
        assertEquals(999.0, latencies.percentileMillis(0.999));
        assertEquals(1000.0, latencies.percentileMillis(1));
    }

    @Test
    void aPercentileIsAValueThatWasMeasured() {
        Latencies latencies = new Latencies();
        latencies.add(1_000_000);
        latencies.add(3_000_000);

        assertEquals(1.0, latencies.percentileMillis(0.5)); // not the mean of the middle two
        assertEquals(3.0, latencies.percentileMillis(0.99));
        assertEquals(1.0, latencies.percentileMillis(0.000_1));
    }

    @Test
    void keepsEverySamplePastItsFirstCapacity() {
        Latencies latencies = new Latencies();
        for (int i = 1; i <= 10_000; i++) {
            latencies.add(i * 1_000L);
        }

        assertEquals(10_000, latencies.count());
        assertEquals(10.0, latencies.percentileMillis(1));
    }

    @Test
    void figuresCarryTheLostDeliveries() {
        Latencies latencies = new Latencies();
        latencies.add(2_500_000);

        Latencies.Figures figures = latencies.figures(7);

        assertEquals(new Latencies.Figures(1, 2.5, 2.5, 2.5, 2.5, 7), figures);
    }

    @Test
    void withoutSamplesEveryPercentileIsNotANumber() {
        assertTrue(Double.isNaN(new Latencies().percentileMillis(0.99)));
    }

    @Test
    void refusesAFractionOutsideZeroToOne() {
        Latencies latencies = new Latencies();

        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> latencies.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> latencies.percentileMillis(99));
        assertEquals("a percentile is in (0, 1]: 0.0", zero.getMessage());
    }
}
