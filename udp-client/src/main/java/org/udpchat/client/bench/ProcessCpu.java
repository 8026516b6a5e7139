package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time a process has used, user and system, from Linux's {@code /proc/PID/stat}: how a run shows
 * what the relay and the load program each cost. Elsewhere than on Linux there is nothing to read, and
 * every figure is NaN.
 */
final class ProcessCpu {

    /** The kernel counts in clock ticks of 1/100 s (USER_HZ, 100 on every Linux that Java runs on). */
    private static final double TICKS_PER_SECOND = 100;

    private final Path stat;

    private ProcessCpu(Path stat) {
        this.stat = stat;
    }

    static ProcessCpu of(long pid) {
        return new ProcessCpu(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** A process whose CPU cannot be read, such as a relay someone else started: every figure is NaN. */
    static ProcessCpu unknown() {
        return new ProcessCpu(null);
    }

    static ProcessCpu self() {
        return of(ProcessHandle.current().pid());
    }

    /** CPU seconds used so far; NaN when they cannot be read (not Linux, or the process has gone). */
    double seconds() {
        if (stat == null) {
            return Double.NaN;
        }
        try {
            return ProcFigures.cpuTicks(Files.readString(stat)) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The share of one core, in percent, that {@code cpuSeconds} of CPU over {@code wallSeconds} is. */
    static double percentOfACore(double cpuSeconds, double wallSeconds) {
        return 100 * cpuSeconds / wallSeconds;
    }
}
