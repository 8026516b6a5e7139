package org.udpchat.client.bench;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run at a fixed rate ({@link Load#runAtRate}): the one-way latencies of the timed
 * window's deliveries and how many never came, the deliveries a second that arrived, how late the load
 * program's sends left against their schedule (evidence that it kept up), and the CPU that the relay and
 * the load program each used over the window, in percent of one core (NaN where it cannot be read). With a
 * cluster, the relay's CPU is the sum of its nodes' ({@code nodeCpuPercents}, one per node), and
 * {@code groups} has the latencies of each group of receiving members (same node as the speakers, another).
 */
record PacedResult(
        Latencies.Figures latency,
        double deliveriesPerSecond,
        Latencies.Figures lag,
        double relayCpuPercent,
        double loadCpuPercent,
        List<Latencies.Figures> groups,
        List<Double> nodeCpuPercents) {

    /** One line: latencies in milliseconds. */
    String describe() {
        return String.format(
                Locale.ROOT,
                "p50 %.3f  p99 %.3f  p99.9 %.3f  max %.2f ms  deliveries %d  lost %d  %,.0f/s"
                        + "  lag p50 %.3f p99 %.3f max %.2f ms  CPU relay %.0f%% load %.0f%%",
                latency.p50(),
                latency.p99(),
                latency.p999(),
                latency.max(),
                latency.samples(),
                latency.lost(),
                deliveriesPerSecond,
                lag.p50(),
                lag.p99(),
                lag.max(),
                relayCpuPercent,
                loadCpuPercent);
    }
}
