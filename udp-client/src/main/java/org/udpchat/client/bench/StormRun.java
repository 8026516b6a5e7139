package org.udpchat.client.bench;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * A join storm: N members join one room as fast as the relay admits them (a bounded number of handshakes
 * in flight), and the run measures how long until all are admitted and until the notices of their arrival
 * have settled (none for the quiet period), how many notice datagrams that took, what it cost the relay
 * and this program in CPU, and whether every member heard of everyone who joined after it
 * ({@link JoinTally}).
 */
final class StormRun {

    /** How long the storm may take before the run gives up on the rest. */
    private static final long LIMIT_NANOS = 300_000_000_000L;

    private final InetSocketAddress relay;
    private final ProcessMeter server;
    private final int members;
    private final int handshakes;
    private final boolean classic;
    private final PrintStream out;

    /** @param server the relay's process, or null when it runs elsewhere and only our side is measured */
    StormRun(
            InetSocketAddress relay,
            ProcessMeter server,
            int members,
            int handshakes,
            boolean classic,
            PrintStream out) {
        this.relay = relay;
        this.server = server;
        this.members = members;
        this.handshakes = handshakes;
        this.classic = classic;
        this.out = out;
    }

    void run(int quietSeconds) throws Exception {
        ProcessMeter self = ProcessMeter.ofThisProcess();
        try (Crowd crowd =
                classic ? new ClassicCrowd(relay, members, handshakes) : new NativeCrowd(relay, members, handshakes)) {
            long serverBefore = server == null ? 0 : server.cpuTicks();
            long ownBefore = self.cpuTicks();
            long dropsBefore = ProcessMeter.udpDrops(relay.getPort());
            long start = System.nanoTime();
            crowd.beginJoining();
            long limit = start + LIMIT_NANOS;
            boolean admitted = crowd.runUntil(() -> crowd.welcomed() + crowd.failed() == members, limit);
            long quiet = quietSeconds * 1_000_000_000L;
            boolean settled = crowd.runUntil(
                    () -> System.nanoTime() - Math.max(crowd.lastNoticeNanos(), crowd.lastWelcomeNanos()) >= quiet,
                    limit);
            long end = Math.max(crowd.lastNoticeNanos(), crowd.lastWelcomeNanos());
            long serverTicks = server == null ? 0 : server.cpuTicks() - serverBefore;
            long ownTicks = self.cpuTicks() - ownBefore;
            long drops = ProcessMeter.udpDrops(relay.getPort()) - dropsBefore;
            long elapsed = System.nanoTime() - start; // CPU is counted until now, quiet period included
            JoinTally tally = crowd.joinTally();
            out.printf(
                    Locale.ROOT,
                    "storm: %d %s members, %d handshakes in flight%n",
                    members,
                    classic ? "classic" : "native",
                    handshakes);
            out.printf(
                    Locale.ROOT,
                    "admitted %d (%d refused or ended) in %.2f s%s; notices settled after %.2f s%s%n",
                    crowd.welcomed(),
                    crowd.failed(),
                    (crowd.lastWelcomeNanos() - start) / 1e9,
                    admitted ? "" : " - gave up waiting",
                    (end - start) / 1e9,
                    settled ? "" : " - still coming when the run gave up");
            out.printf(
                    Locale.ROOT,
                    "notice datagrams: %d in all, %.2f per member; datagrams sent %d, received %d;"
                            + " dropped at the relay's socket %s%n",
                    crowd.noticeDatagrams(),
                    (double) crowd.noticeDatagrams() / members,
                    crowd.datagramsSent(),
                    crowd.datagramsReceived(),
                    dropsBefore < 0 ? "unknown" : Long.toString(drops));
            out.printf(
                    Locale.ROOT,
                    "joins heard: at most %d of %d; members short %d, by %d at most (of their place in the order"
                            + " of welcomes read); surplus %d (the same reckoning, over)%n",
                    tally.mostHeard(),
                    members - 1,
                    tally.shortMembers(),
                    tally.largestShortfall(),
                    tally.surplus());
            if (crowd instanceof NativeCrowd natives) {
                out.printf(
                        Locale.ROOT,
                        "native: acks sent %d, pings %d, pongs %d, probes %d, events out of order or repeated %d,"
                                + " datagrams that did not open %d%n",
                        natives.acksSent(),
                        natives.pings(),
                        natives.pongs(),
                        natives.probes(),
                        natives.irregularEvents(),
                        natives.unopened());
            }
            out.printf(
                    Locale.ROOT,
                    "CPU over %.1f s (the quiet period included): server %s of a core, load program %.1f%%%n",
                    elapsed / 1e9,
                    server == null
                            ? "unknown"
                            : String.format(
                                    Locale.ROOT,
                                    "%.1f%%",
                                    ProcFigures.percentOfCore(serverTicks, server.ticksPerSecond(), elapsed)),
                    ProcFigures.percentOfCore(ownTicks, self.ticksPerSecond(), elapsed));
        }
    }
}
