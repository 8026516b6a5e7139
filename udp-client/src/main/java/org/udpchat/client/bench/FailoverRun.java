package org.udpchat.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code --cluster-nodes N --failover}: how long the members of a node that dies take to be back on another.
 * Each round starts a fresh cluster ({@link ClusterNodes}), joins {@link FailoverCrowd} members dealt evenly
 * over the nodes, lets them idle a while (a random part of a heartbeat with the client's rule, so that the
 * kill falls anywhere in their ping cycle), then kills one node with {@code kill -9} (a different one each
 * round, the oldest among them) and times, for each of its members, when it gave its node up (detection: the
 * member's own timers) and when another node welcomed it (detection and rejoin), from the kill. Then a member
 * that never moved says a line, and the run counts who heard it: the moved members must hear the room.
 */
final class FailoverRun {

    private static final long JOIN_DEADLINE_NANOS = 60_000_000_000L;
    private static final long BACK_DEADLINE_NANOS = 120_000_000_000L;

    private final PrintStream out;
    private final Path jar;
    private final int nodes;
    private final int members;
    private final FailoverCrowd.Liveness liveness;

    FailoverRun(PrintStream out, Path jar, int nodes, int members, FailoverCrowd.Liveness liveness) {
        this.out = out;
        this.jar = jar;
        this.nodes = nodes;
        this.members = members;
        this.liveness = liveness;
    }

    /** One victim's times from the kill, in ms. */
    record Moved(double detectedMillis, double backMillis, boolean resumed, int attempts) {}

    void run(int rounds) throws Exception {
        out.printf(
                Locale.ROOT,
                "%d native members dealt over %d nodes; %s; kill -9 of one node a round, a fresh cluster each%n",
                members,
                nodes,
                liveness.clientRule()
                        ? "the client's liveness rule (idle: a ping every 10 s, probes after 2 s, gone after 6 s"
                                + " unanswered)"
                        : "pings every " + liveness.heartbeatMillis() + " ms, gone after " + liveness.silenceMillis()
                                + " ms unanswered");
        List<Moved> all = new ArrayList<>();
        List<Double> roundBackMedians = new ArrayList<>();
        List<Double> roundDetectMedians = new ArrayList<>();
        List<Double> roundRejoinMedians = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int victim = round % nodes; // 1, 2, …, then 0 (the oldest node, Hazelcast's master)
            List<Moved> moved = round(round, victim);
            all.addAll(moved);
            roundDetectMedians.add(median(moved, Moved::detectedMillis));
            roundBackMedians.add(median(moved, Moved::backMillis));
            roundRejoinMedians.add(median(moved, m -> m.backMillis() - m.detectedMillis()));
        }
        out.printf(
                Locale.ROOT,
                "%nover %d rounds (%d members moved); per-round medians: median (range), ms%n",
                rounds,
                all.size());
        out.printf(
                Locale.ROOT,
                "  detected (kill -> gave its node up)   %s%n",
                ClusterBench.medianAndRange(roundDetectMedians, "%.0f"));
        out.printf(
                Locale.ROOT,
                "  rejoin (gave up -> welcomed again)   %s%n",
                ClusterBench.medianAndRange(roundRejoinMedians, "%.0f"));
        out.printf(
                Locale.ROOT,
                "  back (kill -> welcomed at another)   %s%n",
                ClusterBench.medianAndRange(roundBackMedians, "%.0f"));
        out.printf(
                Locale.ROOT,
                "  every member moved: back %s ms (median (min-max))%n",
                ClusterBench.medianAndRange(all.stream().map(Moved::backMillis).toList(), "%.0f"));
    }

    private List<Moved> round(int round, int victim) throws Exception {
        try (ClusterNodes cluster = ClusterNodes.start(Bench.serverCommand(jar, List.of(), members), nodes)) {
            NodeSpread spread = NodeSpread.evenly(members, nodes);
            int[] firstNode = new int[members];
            for (int member = 0; member < members; member++) {
                firstNode[member] = spread.nodeOf(member);
            }
            try (FailoverCrowd crowd = new FailoverCrowd(cluster.addresses(), firstNode, liveness)) {
                if (!crowd.runUntil(crowd::allIn, System.nanoTime() + JOIN_DEADLINE_NANOS)) {
                    throw new IOException("not every member was welcomed within 60 s: " + crowd.refusals());
                }
                double settle =
                        3 + (liveness.clientRule() ? ThreadLocalRandom.current().nextDouble(10) : 0);
                List<ProcessCpu> cpus = cluster.cpus();
                double[] idleFrom =
                        cpus.stream().mapToDouble(ProcessCpu::seconds).toArray();
                long settleFrom = System.nanoTime();
                crowd.run(settleFrom + (long) (settle * 1e9));
                double settled = (System.nanoTime() - settleFrom) / 1e9;
                List<String> idleCpu = new ArrayList<>();
                for (int i = 0; i < cpus.size(); i++) {
                    idleCpu.add(String.format(
                            Locale.ROOT,
                            "%.1f",
                            ProcessCpu.percentOfACore(cpus.get(i).seconds() - idleFrom[i], settled)));
                }
                List<Integer> victims = new ArrayList<>();
                for (int member = 0; member < members; member++) {
                    if (firstNode[member] == victim) {
                        victims.add(member);
                    }
                }
                long killedAt = System.nanoTime();
                cluster.kill(victim);
                boolean back = crowd.runUntil(() -> crowd.allBack(victims), killedAt + BACK_DEADLINE_NANOS);
                long allBackAt = System.nanoTime();
                List<Moved> moved = new ArrayList<>();
                int resumed = 0;
                int maxAttempts = 0;
                for (int member : victims) {
                    if (crowd.backNanos(member) == 0) {
                        continue;
                    }
                    moved.add(new Moved(
                            (crowd.gaveUpNanos(member) - killedAt) / 1e6,
                            (crowd.backNanos(member) - killedAt) / 1e6,
                            crowd.resumed(member),
                            crowd.attempts(member)));
                    resumed += crowd.resumed(member) ? 1 : 0;
                    maxAttempts = Math.max(maxAttempts, crowd.attempts(member));
                }
                int othersGaveUp = crowd.gaveUp() - victims.size();
                long clientWouldEnd =
                        victims.stream().filter(crowd::clientWouldEnd).count();
                int speaker = victim == 0 ? 1 : 0; // member 0 is node 0's, member 1 node 1's
                crowd.say(speaker, "after failover " + round);
                crowd.run(System.nanoTime() + 3_000_000_000L);
                int victimsHeard = 0;
                int othersHeard = 0;
                for (int member = 0; member < members; member++) {
                    if (crowd.heardMarked(member) > 0) {
                        if (victims.contains(member)) {
                            victimsHeard++;
                        } else {
                            othersHeard++;
                        }
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "round %d  killed node %d (%d members): %s back in %.1f s; detected %s ms, rejoined %s ms"
                                + " later, back %s ms after the kill (median (min-max)); %d welcomed as resumed;"
                                + " attempts at most %d; %d others lost touch; after: a line from node %d heard by"
                                + " %d of %d moved and %d of %d others%n",
                        round,
                        victim,
                        victims.size(),
                        back ? "all" : moved.size() + " of " + victims.size(),
                        (allBackAt - killedAt) / 1e9,
                        ClusterBench.medianAndRange(
                                moved.stream().map(Moved::detectedMillis).toList(), "%.0f"),
                        ClusterBench.medianAndRange(
                                moved.stream()
                                        .map(m -> m.backMillis() - m.detectedMillis())
                                        .toList(),
                                "%.0f"),
                        ClusterBench.medianAndRange(
                                moved.stream().map(Moved::backMillis).toList(), "%.0f"),
                        resumed,
                        maxAttempts,
                        othersGaveUp,
                        crowd.node(speaker),
                        victimsHeard,
                        victims.size(),
                        othersHeard,
                        members - victims.size());
                out.printf(
                        Locale.ROOT,
                        "         before the kill, %.1f s with the members idle: CPU of each node %s%% of a core%n",
                        settled,
                        String.join(" + ", idleCpu));
                if (clientWouldEnd > 0) {
                    out.printf(
                            Locale.ROOT,
                            "         %d moved members were refused on the way with a refusal that ends the client"
                                    + " (it waits out only refusals that waiting lifts): a client would have ended%n",
                            clientWouldEnd);
                }
                if (!crowd.refusals().isEmpty()) {
                    out.println("  refused or ended: " + crowd.refusals());
                }
                return moved;
            }
        }
    }

    private interface Figure {
        double of(Moved moved);
    }

    private static double median(List<Moved> moved, Figure figure) {
        if (moved.isEmpty()) {
            return Double.NaN;
        }
        return Bench.median(moved.stream().map(figure::of).toList());
    }
}
