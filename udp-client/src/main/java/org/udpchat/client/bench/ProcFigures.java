package org.udpchat.client.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the crowd modes read about a process from Linux's {@code /proc} and the JDK's {@code jcmd}, as
 * plain arithmetic on their text, so that it can be tested without a process.
 */
final class ProcFigures {

    /** {@code jcmd PID GC.class_histogram} ends with {@code Total <instances> <bytes>}. */
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private static final Pattern VOLUNTARY = Pattern.compile("(?m)^voluntary_ctxt_switches:\\s+(\\d+)\\s*$");

    private ProcFigures() {}

    /**
     * The CPU time a process has used, user and system, in clock ticks, from its {@code /proc/PID/stat}
     * line. The fields are counted after the command name's closing parenthesis, since the name itself may
     * hold spaces and parentheses.
     */
    static long cpuTicks(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc stat line: " + statLine);
        }
        // after ") " come field 3 (state) onwards: utime is field 14, stime field 15
        String[] fields = statLine.substring(end + 2).trim().split("\\s+");
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** How often a thread gave up the CPU of its own accord (slept, waited), from its {@code status}. */
    static long voluntarySwitches(String status) {
        Matcher matcher = VOLUNTARY.matcher(status);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no voluntary_ctxt_switches in the status");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The share of one core, in percent, that {@code ticks} of CPU time are over {@code elapsedNanos}. */
    static double percentOfCore(long ticks, long ticksPerSecond, long elapsedNanos) {
        if (elapsedNanos <= 0) {
            throw new IllegalArgumentException("elapsed " + elapsedNanos + " ns is no window");
        }
        return 100.0 * ticks / ticksPerSecond / (elapsedNanos / 1e9);
    }

    /** The bytes of every object a class histogram counted: the live heap, right after its full GC. */
    static long histogramTotalBytes(String histogram) {
        Matcher matcher = HISTOGRAM_TOTAL.matcher(histogram);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no Total line in the class histogram");
        }
        return Long.parseLong(matcher.group(2));
    }

    /**
     * Datagrams the kernel dropped, for want of room in its receive buffer, at the UDP socket bound to
     * {@code port} on 127.0.0.1, from {@code /proc/net/udp} (whose last column counts them; addresses are
     * hexadecimal, 127.0.0.1 written {@code 0100007F}), or -1 when no such socket is listed.
     */
    static long udpDrops(String procNetUdp, int port) {
        String local = String.format(java.util.Locale.ROOT, "0100007F:%04X", port);
        for (String line : procNetUdp.split("\n")) {
            String[] fields = line.strip().split("\s+");
            if (fields.length > 2 && fields[1].equals(local) && fields[2].equals("00000000:0000")) {
                return Long.parseLong(fields[fields.length - 1]);
            }
        }
        return -1;
    }

    /** What each of {@code members} adds to the heap, from the heap without them and with them. */
    static double bytesPerMember(long heapWithout, long heapWith, int members) {
        if (members < 1) {
            throw new IllegalArgumentException("members " + members + " < 1");
        }
        return (double) (heapWith - heapWithout) / members;
    }
}
