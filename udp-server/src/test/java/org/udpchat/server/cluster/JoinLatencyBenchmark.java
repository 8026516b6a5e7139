package org.udpchat.server.cluster;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.server.NativePeer;

/**
 * How long a native join takes on a cluster of three whole servers in one JVM on loopback: from the LOGIN sent to
 * its WELCOME (the name's claim across the cluster, and the session shared before the WELCOME), one join at a
 * time, spread over the nodes, each member quitting after, following a warm-up. Not a test: run it by hand (the
 * report to {@code sharefirst}'s README text):
 *
 * <pre>
 * mvn -o -q test-compile -pl shared-codec,udp-server
 * mvn -o -q dependency:build-classpath -pl udp-server -Dmdep.outputFile=/tmp/cp.txt
 * java -cp udp-server/target/test-classes:udp-server/target/classes:$(cat /tmp/cp.txt) \
 *     org.udpchat.server.cluster.JoinLatencyBenchmark [joins]
 * </pre>
 */
public final class JoinLatencyBenchmark {

    private JoinLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int joins = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        PrintStream out = System.out; // the benchmark's report is its output; logs go to stderr
        Path directory = Files.createTempDirectory("join-latency");
        // every join comes from 127.0.0.1: the handshake budgets, per address and per server, are lifted
        try (ServerNodes nodes =
                ServerNodes.start(directory, "join-latency", 3, config -> config.withMaxHandshakesPerIp(0)
                        .withMaxHandshakes(0))) {
            run(nodes, "warm-up", joins / 2, out);
            run(nodes, "measured", joins, out);
        }
        try (ClusterFixture cluster = ClusterFixture.of(3)) {
            writes(cluster, "warm-up", joins / 2, out);
            writes(cluster, "measured", joins, out);
        }
    }

    /** What a join waits for its session's share alone: one {@link ClusterSessions#keep} at a time, from each node. */
    private static void writes(ClusterFixture cluster, String label, int count, PrintStream out) throws Exception {
        SecureRandom random = new SecureRandom();
        ClusterSeal seal = ClusterSeal.of(NoiseKeyPair.generate(random), random);
        List<ClusterSessions> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(new ClusterSessions(cluster.hazelcast(i), seal));
        }
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            ClusterSessions.Resumable session = new ClusterSessions.Resumable(
                    random.nextLong(),
                    "member" + i,
                    "lobby",
                    ResumptionSecret.random(random),
                    UUID.randomUUID(),
                    i,
                    -1,
                    System.currentTimeMillis());
            long start = System.nanoTime();
            sessions.get(i % 3)
                    .keep(session, Duration.ofMinutes(1))
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        report(label + " session write alone", micros, out);
    }

    private static void run(ServerNodes nodes, String label, int joins, PrintStream out) throws Exception {
        long[] micros = new long[joins];
        for (int i = 0; i < joins; i++) {
            try (NativePeer peer = new NativePeer(nodes.node(i % 3).localAddress())) {
                long handshake = peer.shakeHands(peer.challenge());
                long start = System.nanoTime();
                peer.sendLogin(handshake, 0, label.charAt(0) + "member" + i, "");
                NativeServerPacket answer = peer.loginAnswer();
                micros[i] = (System.nanoTime() - start) / 1_000;
                if (!(answer instanceof NativeServerPacket.Welcome)) {
                    throw new IllegalStateException("join " + i + " answered " + answer);
                }
                peer.quit();
            }
        }
        report(label + " LOGIN to WELCOME", micros, out);
    }

    private static void report(String label, long[] micros, PrintStream out) {
        int joins = micros.length;
        Arrays.sort(micros);
        out.printf(
                "%s: %d, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms%n",
                label,
                joins,
                micros[joins / 2] / 1000.0,
                micros[joins * 9 / 10] / 1000.0,
                micros[joins * 99 / 100] / 1000.0,
                micros[joins - 1] / 1000.0,
                Arrays.stream(micros).average().orElse(0) / 1000.0);
    }
}
