package org.udpchat.client.bench;

import java.util.Arrays;

/**
 * One run's one-way latencies, in nanoseconds, and the figures the probe reports of them. Percentiles are
 * by nearest rank: the p-th percentile of n samples is the ⌈p·n⌉-th smallest, a value that was measured.
 * Pure; one thread fills it.
 */
final class Latencies {

    private long[] samples;
    private int count;

    Latencies() {
        this(4096);
    }

    /**
     * Room for {@code expected} samples from the start: a run that knows how many it will take never copies
     * its samples while it measures (a copy of megabytes, and the garbage, would stall the very thread whose
     * promptness the samples are about).
     */
    Latencies(int expected) {
        samples = new long[Math.max(1, expected)];
    }

    void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The {@code fraction} (0 < fraction ≤ 1) percentile in milliseconds; NaN without samples. */
    double percentileMillis(double fraction) {
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("a percentile is in (0, 1]: " + fraction);
        }
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * count);
        return sorted[Math.max(rank, 1) - 1] / 1e6;
    }

    /** The figures of one run, with {@code lost} deliveries that never came. */
    Figures figures(long lost) {
        return new Figures(
                count,
                percentileMillis(0.5),
                percentileMillis(0.99),
                percentileMillis(0.999),
                percentileMillis(1),
                lost);
    }

    /** What the probe prints of one run: latencies in milliseconds. */
    record Figures(int samples, double p50, double p99, double p999, double max, long lost) {}
}
