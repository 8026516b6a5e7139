package org.udpchat.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.udpchat.client.LongOptions;

/**
 * The load program's fixed-rate mode ({@code --rate}): the one-way latency members feel while the relay
 * makes a steady number of deliveries a second, rather than how many it can make at most.
 *
 * <pre>
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Bench --compare --rate 100000
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Bench --server 127.0.0.1:8888 --rate 100000
 * </pre>
 *
 * With {@code --compare}, each round starts fresh processes of udp-server measured with classic members,
 * udp-server with native members and the {@link NoFrillsRelay} (and, with {@code --baseline-jar}, another
 * udp-server build with both, or with classic members only if it is older than native protocol 2, which
 * this load program's native members speak), rotating which goes first; it prints each run and then, per
 * relay, the medians and ranges over the rounds.
 */
final class RateBench {

    /** What one paced run is made of. */
    record Pace(long deliveriesPerSecond, int members, int senders, Duration warmUp, Duration timed) {}

    private RateBench() {}

    /** The options of the fixed-rate mode, added to the load program's. */
    static void addOptions(Options options) {
        options.addOption(LongOptions.withArgument(
                        "rate", "N", "fixed-rate mode: N deliveries a second, shared by the senders; reports latency"))
                .addOption(LongOptions.withArgument("seconds", "S", "with --rate: the timed window (default 10)"))
                .addOption(
                        LongOptions.withArgument("warm-up", "S", "with --rate: untimed seconds before it (default 5)"))
                .addOption(LongOptions.withArgument(
                        "baseline-jar", "PATH", "with --compare --rate: also measure this udp-server build"))
                .addOption(LongOptions.withArgument(
                        "server-java-options", "'OPTS'", "with --compare --rate: JVM options for udp-server"))
                .addOption(LongOptions.withArgument(
                        "baseline-java-options",
                        "'OPTS'",
                        "with --compare --rate: JVM options for the baseline (default those of udp-server)"));
    }

    /** The shape of a paced run as the command line gives it; throws with a message naming the bad option. */
    static Pace pace(CommandLine line) {
        int members = Bench.number(line, "members", 50);
        int senders = Bench.number(line, "senders", 5);
        long rate = Bench.number(line, "rate", 0);
        int seconds = Bench.number(line, "seconds", 10);
        int warmUp = Bench.number(line, "warm-up", 5);
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be a positive number of deliveries a second");
        }
        if (members < 1 || senders < 1 || senders > members) {
            throw new IllegalArgumentException("--senders must be 1 to --members (" + members + ")");
        }
        if (seconds < 1 || warmUp < 0) {
            throw new IllegalArgumentException("--seconds must be at least 1 and --warm-up at least 0");
        }
        return new Pace(rate, members, senders, Duration.ofSeconds(warmUp), Duration.ofSeconds(seconds));
    }

    /** Measures the relay running at {@code relay}, whose CPU is not ours to read. */
    static void measureRunning(PrintStream out, InetSocketAddress relay, Pace pace, boolean speakNative)
            throws IOException {
        out.println(header(pace));
        out.println(measure(relay, ProcessCpu.unknown(), pace, speakNative).describe());
    }

    /** Starts each contender fresh per round, rotating who goes first, and prints runs, medians and ranges. */
    static void compare(
            PrintStream out,
            Path serverJar,
            Path baselineJar,
            List<String> serverJvmOptions,
            List<String> baselineJvmOptions,
            int rounds,
            Pace pace)
            throws Exception {
        List<String> ours = Bench.serverCommand(serverJar, serverJvmOptions, pace.members());
        List<Bench.Contender> contenders = new ArrayList<>(List.of(
                new Bench.Contender("udp-server classic", ours, false),
                new Bench.Contender("udp-server native", ours, true),
                new Bench.Contender("no-frills", Bench.noFrillsCommand(), false)));
        boolean baselineNative = baselineJar != null && Bench.speaksProtocolTwo(baselineJar);
        if (baselineJar != null) {
            List<String> baseline =
                    Bench.serverCommand(baselineJar, baselineJvmOptions, pace.members(), baselineNative);
            contenders.add(new Bench.Contender("baseline classic", baseline, false));
            if (baselineNative) {
                contenders.add(new Bench.Contender("baseline native", baseline, true));
            }
        }
        out.println(header(pace) + "; fresh processes each run");
        if (baselineJar != null && !baselineNative) {
            out.println("  the baseline is older than native protocol 2 (its help has no "
                    + Bench.HANDSHAKE_LIMIT_OPTION + "): measured with classic members only; its native side"
                    + " needs the load program of its own build, with the same command");
        }
        for (Bench.Contender contender : contenders) {
            out.println("  " + contender.name() + ": " + String.join(" ", contender.command()));
        }
        Map<Bench.Contender, List<PacedResult>> results = new LinkedHashMap<>();
        contenders.forEach(contender -> results.put(contender, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            // each round starts with the next contender, so none always runs on a cold or a warm machine
            for (int turn = 0; turn < contenders.size(); turn++) {
                Bench.Contender contender = contenders.get((round - 1 + turn) % contenders.size());
                PacedResult result;
                try (RelayProcess relay = RelayProcess.start(contender.command())) {
                    result = measure(relay.address(), relay.cpu(), pace, contender.speaksNative());
                }
                results.get(contender).add(result);
                out.printf(Locale.ROOT, "round %d  %-19s %s%n", round, contender.name(), result.describe());
            }
        }
        out.printf(Locale.ROOT, "%nmedians (range) over %d rounds, latencies in ms%n", rounds);
        for (Bench.Contender contender : contenders) {
            List<PacedResult> runs = results.get(contender);
            out.printf(
                    Locale.ROOT,
                    "%-19s p50 %s  p99 %s  p99.9 %s  max %s  lost %s  %s/s  lag p99 %s  CPU relay %s%% load %s%%%n",
                    contender.name(),
                    spread(runs, r -> r.latency().p50(), "%.3f"),
                    spread(runs, r -> r.latency().p99(), "%.3f"),
                    spread(runs, r -> r.latency().p999(), "%.3f"),
                    spread(runs, r -> r.latency().max(), "%.2f"),
                    spread(runs, r -> r.latency().lost(), "%.0f"),
                    spread(runs, PacedResult::deliveriesPerSecond, "%.0f"),
                    spread(runs, r -> r.lag().p99(), "%.3f"),
                    spread(runs, PacedResult::relayCpuPercent, "%.0f"),
                    spread(runs, PacedResult::loadCpuPercent, "%.0f"));
        }
    }

    private static PacedResult measure(InetSocketAddress relay, ProcessCpu relayCpu, Pace pace, boolean speakNative)
            throws IOException {
        LoadProtocol protocol = speakNative ? new NativeLoad(pace.members()) : new ClassicLoad(pace.members());
        try (Load load = new Load(relay, pace.members(), protocol)) {
            load.joinAll();
            return load.runAtRate(pace.senders(), pace.deliveriesPerSecond(), pace.warmUp(), pace.timed(), relayCpu);
        }
    }

    private static String header(Pace pace) {
        return String.format(
                Locale.ROOT,
                "%d members, %d senders, %,d deliveries/s (%.1f chats/s per sender), %d s warm-up, %d s timed",
                pace.members(),
                pace.senders(),
                pace.deliveriesPerSecond(),
                (double) pace.deliveriesPerSecond() / pace.members() / pace.senders(),
                pace.warmUp().toSeconds(),
                pace.timed().toSeconds());
    }

    /** "median (min-max)" of one figure over the runs. */
    private static String spread(List<PacedResult> runs, ToDoubleFunction<PacedResult> figure, String format) {
        List<Double> values = runs.stream().map(figure::applyAsDouble).toList();
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", Bench.median(values), min, max);
    }
}
