package org.udpchat.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Reads what one Java process on this Linux machine costs: its CPU time ({@code /proc/PID/stat}), how
 * often its thread named {@code relay} went to sleep ({@code voluntary_ctxt_switches} in its
 * {@code /proc/PID/task/TID/status}: each is a wake-up to come), and its live heap, from the JDK's
 * {@code jcmd PID GC.class_histogram}, which runs a full collection first and sums what survived.
 */
final class ProcessMeter {

    private final long pid;
    private final long ticksPerSecond;

    private ProcessMeter(long pid, long ticksPerSecond) {
        this.pid = pid;
        this.ticksPerSecond = ticksPerSecond;
    }

    static ProcessMeter of(long pid) throws IOException {
        return new ProcessMeter(pid, clockTicksPerSecond());
    }

    static ProcessMeter ofThisProcess() throws IOException {
        return of(ProcessHandle.current().pid());
    }

    long pid() {
        return pid;
    }

    long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** CPU time used so far, user and system, in clock ticks. */
    long cpuTicks() throws IOException {
        return ProcFigures.cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** How often the thread named {@code relay} has slept so far, if the process has one. */
    OptionalLong relayWakeups() throws IOException {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals("relay")) {
                        return OptionalLong.of(ProcFigures.voluntarySwitches(Files.readString(task.resolve("status"))));
                    }
                } catch (IOException e) {
                    // the thread ended while we looked: it was not the relay, which lives as long as the server
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Datagrams dropped so far at the relay's socket on 127.0.0.1:{@code port} for a full receive buffer;
     * -1 if it cannot be found. Any process may read it: it is the kernel's table of every UDP socket.
     */
    static long udpDrops(int port) throws IOException {
        return ProcFigures.udpDrops(Files.readString(Path.of("/proc/net/udp")), port);
    }

    /** The live heap in bytes, after the full collection the class histogram runs. */
    long liveHeapBytes() throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        return ProcFigures.histogramTotalBytes(output(List.of(jcmd, Long.toString(pid), "GC.class_histogram")));
    }

    private static long clockTicksPerSecond() throws IOException {
        try {
            return Long.parseLong(output(List.of("getconf", "CLK_TCK")).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking getconf for CLK_TCK", e);
        }
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String text;
        try (InputStream out = process.getInputStream()) {
            text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroy();
            throw new IOException(String.join(" ", command) + " failed");
        }
        return text;
    }
}
