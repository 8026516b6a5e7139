package org.udpchat.server.cluster;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How long a claim takes with three nodes in one JVM on loopback: one claim at a time (the latency a join waits),
 * spread over the nodes, after a warm-up. Not a test: run it by hand (README, <i>Names across the cluster</i>):
 *
 * <pre>
 * mvn -o -q test-compile -pl shared-codec,udp-server -am
 * mvn -o -q dependency:build-classpath -pl udp-server -Dmdep.outputFile=/tmp/cp.txt
 * java -cp udp-server/target/test-classes:udp-server/target/classes:$(cat /tmp/cp.txt) \
 *     org.udpchat.server.cluster.ClusterNamesBenchmark [claims]
 * </pre>
 */
public final class ClusterNamesBenchmark {

    private ClusterNamesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int claims = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        PrintStream out = System.out; // the benchmark's report is its output; logs go to stderr
        try (ClusterFixture cluster = ClusterFixture.of(3)) {
            List<ClusterNames> names = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                names.add(ClusterNames.start(cluster.hazelcast(i), Clock.systemUTC(), c -> {}));
            }
            run(cluster, names, "warm-up", claims / 2, out);
            cluster.hazelcast(0).getMap(NameSettings.MAP).clear();
            run(cluster, names, "measured", claims, out);
            names.forEach(ClusterNames::close);
        }
    }

    private static void run(ClusterFixture cluster, List<ClusterNames> names, String label, int claims, PrintStream out)
            throws Exception {
        long[] claimed = new long[claims];
        long[] refused = new long[claims];
        long[] released = new long[claims];
        for (int i = 0; i < claims; i++) {
            int node = i % 3;
            NameHolder holder = new NameHolder(
                    cluster.hazelcast(node).getCluster().getLocalMember().getUuid(), i);
            NameForms name = new NameForms("member" + i, "member" + i, Set.of("member" + i));
            long start = System.nanoTime();
            NameClaimResult result =
                    names.get(node).claim(name, holder).toCompletableFuture().get(10, TimeUnit.SECONDS);
            claimed[i] = System.nanoTime() - start;
            if (!result.isClaimed()) {
                throw new IllegalStateException(result.explanation());
            }
            // A look-alike on the next node: the key taken, the fold refused, the key put back.
            int other = (node + 1) % 3;
            NameHolder rival = new NameHolder(
                    cluster.hazelcast(other).getCluster().getLocalMember().getUuid(), -i - 1);
            NameForms lookalike = new NameForms("mеmber" + i, "mеmber" + i, Set.of("member" + i));
            start = System.nanoTime();
            result = names.get(other)
                    .claim(lookalike, rival)
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            refused[i] = System.nanoTime() - start;
            if (result.verdict() != NameClaimResult.Verdict.LOOKS_LIKE) {
                throw new IllegalStateException(result.explanation());
            }
            if (i % 2 == 0) { // half the names are released again, as members leave
                start = System.nanoTime();
                names.get(node).release(name, holder).toCompletableFuture().get(10, TimeUnit.SECONDS);
                released[i / 2] = System.nanoTime() - start;
            }
        }
        out.printf(
                "%s, %d claims over 3 nodes: claim %s; look-alike refused %s; release %s%n",
                label,
                claims,
                percentiles(claimed, claims),
                percentiles(refused, claims),
                percentiles(released, (claims + 1) / 2));
    }

    private static String percentiles(long[] nanos, int count) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return String.format(
                "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                sorted[count / 2] / 1e6, sorted[(int) (count * 0.99)] / 1e6, sorted[count - 1] / 1e6);
    }
}
