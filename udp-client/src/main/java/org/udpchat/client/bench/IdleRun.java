package org.udpchat.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.OptionalLong;
import org.udpchat.codec.reliability.PingRule;

/**
 * What idle native members cost the relay: the relay's live heap with none, then N members join (a
 * bounded number of handshakes at a time) and idle as the client does, every ping and acknowledgement
 * sealed ({@link NativeCrowd}); after a settling period, the CPU share of the relay and of this program
 * over a window, the relay thread's wake-ups, every ping answered and nobody lost, and the live heap
 * again, so the heap per member.
 */
final class IdleRun {

    /** How long the fresh relay is left alone before its heap is read without members. */
    private static final double QUIET_START_SECONDS = 3;

    /** How long the crowd has to join: ten thousand take a few seconds on loopback. */
    private static final long JOIN_LIMIT_NANOS = 300_000_000_000L;

    private final InetSocketAddress relay;
    private final ProcessMeter server;
    private final int members;
    private final int handshakes;
    private final PrintStream out;

    /** @param server the relay's process, or null when it runs elsewhere and only our side is measured */
    IdleRun(InetSocketAddress relay, ProcessMeter server, int members, int handshakes, PrintStream out) {
        this.relay = relay;
        this.server = server;
        this.members = members;
        this.handshakes = handshakes;
        this.out = out;
    }

    /** A reading of every counter at one moment. */
    private record Reading(
            long nanos,
            long serverTicks,
            long ownTicks,
            OptionalLong wakeups,
            long pings,
            long pongs,
            long probes,
            long unopened,
            long relayDrops) {}

    void run(int settleSeconds, int measureSeconds) throws Exception {
        ProcessMeter self = ProcessMeter.ofThisProcess();
        out.printf(
                Locale.ROOT,
                "idle: %d native members, pinging as the client (%.2f pings/s each when answered)%n",
                members,
                1000.0 / PingRule.HEARTBEAT_MILLIS); // answered at once, an idle member never probes
        long heapWithout = -1;
        try (NativeCrowd crowd = new NativeCrowd(relay, members, handshakes)) {
            if (server != null) {
                CrowdModes.pass(crowd, QUIET_START_SECONDS); // nobody has started joining yet
                Reading before = read(crowd, self);
                CrowdModes.pass(crowd, Math.min(measureSeconds, 20));
                report("no members", before, read(crowd, self), 0, self);
                heapWithout = server.liveHeapBytes();
                out.printf(Locale.ROOT, "live heap, no members: %,d bytes%n", heapWithout);
            }
            long start = System.nanoTime();
            crowd.beginJoining();
            boolean joined = crowd.runUntil(
                    () -> crowd.welcomed() + crowd.failed() == members, System.nanoTime() + JOIN_LIMIT_NANOS);
            out.printf(
                    Locale.ROOT,
                    "joined: %d of %d in %.2f s (%d refused or ended)%s%n",
                    crowd.welcomed(),
                    members,
                    (crowd.lastWelcomeNanos() - start) / 1e9,
                    crowd.failed(),
                    joined ? "" : " - gave up waiting");
            CrowdModes.pass(crowd, settleSeconds);
            int failedBefore = crowd.failed();
            Reading before = read(crowd, self);
            CrowdModes.pass(crowd, measureSeconds);
            Reading after = read(crowd, self);
            report(crowd.welcomed() + " idle members", before, after, crowd.failed() - failedBefore, self);
            if (server != null) {
                long heapWith = server.liveHeapBytes();
                out.printf(
                        Locale.ROOT,
                        "live heap, %d members: %,d bytes; per member: %,.0f bytes (jcmd GC.class_histogram)%n",
                        crowd.welcomed(),
                        heapWith,
                        ProcFigures.bytesPerMember(heapWithout, heapWith, Math.max(1, crowd.welcomed())));
            }
        }
    }

    private Reading read(NativeCrowd crowd, ProcessMeter self) throws IOException {
        return new Reading(
                System.nanoTime(),
                server == null ? 0 : server.cpuTicks(),
                self.cpuTicks(),
                server == null ? OptionalLong.empty() : server.relayWakeups(),
                crowd.pings(),
                crowd.pongs(),
                crowd.probes(),
                crowd.unopened(),
                ProcessMeter.udpDrops(relay.getPort()));
    }

    private void report(String what, Reading before, Reading after, int lost, ProcessMeter self) {
        long elapsed = after.nanos() - before.nanos();
        String wakeups = before.wakeups().isPresent() && after.wakeups().isPresent()
                ? String.format(
                        Locale.ROOT,
                        "%.1f/s",
                        (after.wakeups().getAsLong() - before.wakeups().getAsLong()) / (elapsed / 1e9))
                : "unknown";
        out.printf(
                Locale.ROOT,
                "%s over %.1f s: server CPU %s of a core, relay thread wake-ups %s; load program CPU %.2f%%;"
                        + " pings %d, pongs %d, probes (pings unanswered) %d, members lost %d,"
                        + " datagrams that did not open %d;"
                        + " datagrams dropped at the relay's socket %s%n",
                what,
                elapsed / 1e9,
                server == null
                        ? "unknown"
                        : String.format(
                                Locale.ROOT,
                                "%.2f%%",
                                ProcFigures.percentOfCore(
                                        after.serverTicks() - before.serverTicks(), server.ticksPerSecond(), elapsed)),
                wakeups,
                ProcFigures.percentOfCore(after.ownTicks() - before.ownTicks(), self.ticksPerSecond(), elapsed),
                after.pings() - before.pings(),
                after.pongs() - before.pongs(),
                after.probes() - before.probes(),
                lost,
                after.unopened() - before.unopened(),
                before.relayDrops() < 0 ? "unknown" : Long.toString(after.relayDrops() - before.relayDrops()));
    }
}
