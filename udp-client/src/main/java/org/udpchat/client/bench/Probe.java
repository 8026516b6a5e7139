package org.udpchat.client.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.udpchat.client.LongOptions;

/**
 * The probe: what well-behaved members feel of each other while one member misbehaves. A benchmark, not
 * a test.
 *
 * <pre>
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Probe --rounds 3
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Probe --adversary silent,bursty
 * </pre>
 *
 * Each run starts a fresh udp-server process with its default safeguards (flood control, per-address
 * limits, backlog bounds all on), joins the {@link ProbeRoom}'s members and one {@link Adversary}, and
 * measures the one-way latency of the probe's lines between its members. Each round runs the baseline
 * ({@code none}) and every adversary asked for, each round starting with the next, so that all meet the
 * machine's noise alike; then the medians over the rounds, and each adversary's p99 against the
 * baseline's. A first run of the baseline, not counted, warms up the probe's own code.
 *
 * <p>The pace: flood control lets a member say 2 lines a second, so one member saying a line every
 * 100 ms would measure flood control, not the room. Instead ten members take turns, each a line every
 * 600 ms (1.7 lines a second, under the rate, so its bucket stays full), which puts a probe line in the
 * room every 60 ms; each is a sample at the nine others. Their lines are also the room's background chat,
 * which a member that does not acknowledge must fall behind on.
 */
public final class Probe {

    /** Lines of the warm-up are not measured: the server's and the probe's code gets compiled. */
    private static final Duration WARM_UP = Duration.ofSeconds(3);

    /** The measured time of the first run, which is not counted: it warms up the probe's own code. */
    private static final Duration PROBE_WARM_UP = Duration.ofSeconds(5);

    /** How long a line of the measured time may take before it counts as lost. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** The server's default flood control lets a member say 2 lines a second: a member must say fewer. */
    private static final Duration FASTEST_LINE = Duration.ofMillis(500);

    /** The server's default per-address limit, which the probe's members (all from 127.0.0.1) must keep. */
    private static final int MOST_MEMBERS = 16;

    private static final Options OPTIONS = new Options()
            .addOption(LongOptions.withArgument(
                    "adversary",
                    "MODES",
                    "silent, bursty, classic-flood, native-flood, init-flood, cpu-hog, comma-separated, or all"
                            + " (default);"
                            + " none always runs"))
            .addOption(LongOptions.withArgument("rounds", "N", "rounds (default 3)"))
            .addOption(LongOptions.withArgument("seconds", "N", "measured seconds per run (default 20)"))
            .addOption(LongOptions.withArgument("members", "N", "well-behaved probe members (default 10)"))
            .addOption(LongOptions.withArgument(
                    "line-every", "MS", "each probe member says a line every MS milliseconds (default 600)"))
            .addOption(LongOptions.withArgument(
                    "server-jar", "PATH", "the server jar (default udp-server/target/udp-server.jar)"))
            .addOption(LongOptions.withArgument(
                    "server-cpus",
                    "LIST",
                    "run each server on these CPUs only (taskset -c LIST; Linux), for example 0 while the probe"
                            + " runs under taskset -c 1: a flooder that cannot take the server's CPU, as on"
                            + " another machine"))
            .addOption(LongOptions.flag("help", "show this help and exit"));

    /** What one run is made of. */
    private record Shape(int members, Duration lineEvery, Duration measured) {}

    private Probe() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the probe as the command line says: results on {@code out}, complaints on {@code err}; returns the
     * exit status (0, or 2 for bad options).
     */
    static int run(PrintStream out, PrintStream err, String... args) throws Exception {
        CommandLine line;
        List<Adversary.Mode> modes = new ArrayList<>(List.of(Adversary.Mode.NONE));
        Shape shape;
        int rounds;
        Path serverJar;
        List<String> pinning;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
            if (line.hasOption("help")) {
                out.print(usage());
                return 0;
            }
            String asked = line.getOptionValue("adversary", "all");
            for (String label : asked.equals("all")
                    ? List.of("silent", "bursty", "classic-flood", "native-flood", "init-flood", "cpu-hog")
                    : List.of(asked.split(","))) {
                Adversary.Mode mode = Adversary.Mode.parse(label.trim());
                if (!modes.contains(mode)) {
                    modes.add(mode);
                }
            }
            rounds = Bench.number(line, "rounds", 3);
            serverJar = Path.of(line.getOptionValue("server-jar", "udp-server/target/udp-server.jar"));
            pinning = line.hasOption("server-cpus") ? pinning(line.getOptionValue("server-cpus")) : List.of();
            shape = new Shape(
                    Bench.number(line, "members", 10),
                    Duration.ofMillis(Bench.number(line, "line-every", 600)),
                    Duration.ofSeconds(Bench.number(line, "seconds", 20)));
            check(shape);
        } catch (ParseException | IllegalArgumentException e) {
            err.println("probe: " + e.getMessage());
            err.print(usage());
            return 2;
        }
        if (!Files.isRegularFile(serverJar)) {
            err.println("probe: no server jar at " + serverJar + " (build with mvn -q package -DskipTests)");
            return 2;
        }
        compare(out, serverJar, pinning, modes, rounds, shape);
        return 0;
    }

    private static void check(Shape shape) {
        if (shape.members() < 2 || shape.members() > MOST_MEMBERS) {
            throw new IllegalArgumentException("--members must be 2 to " + MOST_MEMBERS
                    + ": they all come from 127.0.0.1, and the server takes " + MOST_MEMBERS + " from one address");
        }
        if (shape.lineEvery().compareTo(FASTEST_LINE) <= 0) {
            throw new IllegalArgumentException("--line-every must be over " + FASTEST_LINE.toMillis()
                    + " ms: the server's flood control holds back a member saying 2 lines a second or more");
        }
        if (shape.measured().isNegative() || shape.measured().isZero()) {
            throw new IllegalArgumentException("--seconds must be at least 1");
        }
    }

    /** The command that runs a process on the CPUs {@code list} only. */
    static List<String> pinning(String list) {
        if (!list.matches("[0-9]+([-,][0-9]+)*")) {
            throw new IllegalArgumentException("--server-cpus: '" + list + "' is not a CPU list such as 0, 0-1 or 0,2");
        }
        return List.of("taskset", "-c", list);
    }

    private static void compare(
            PrintStream out, Path serverJar, List<String> pinning, List<Adversary.Mode> modes, int rounds, Shape shape)
            throws Exception {
        List<String> server = new ArrayList<>(pinning);
        server.addAll(Bench.serverWithItsSafeguards(serverJar, List.of()));
        out.printf(
                Locale.ROOT,
                "%d probe members, each a line every %d ms (the room hears %.1f probe lines/s), %d s measured per"
                        + " run; fresh udp-server with default safeguards each run%n",
                shape.members(),
                shape.lineEvery().toMillis(),
                shape.members() * 1000.0 / shape.lineEvery().toMillis(),
                shape.measured().toSeconds());
        // the probe's own code is compiled before anything counts
        measure(
                out,
                server,
                Adversary.Mode.NONE,
                new Shape(shape.members(), shape.lineEvery(), PROBE_WARM_UP),
                "warm-up");
        Map<Adversary.Mode, List<Latencies.Figures>> results = new EnumMap<>(Adversary.Mode.class);
        for (int round = 1; round <= rounds; round++) {
            // each round starts with the next mode, so none always runs on a cold or a warm machine
            for (int turn = 0; turn < modes.size(); turn++) {
                Adversary.Mode mode = modes.get((round - 1 + turn) % modes.size());
                Latencies.Figures figures = measure(out, server, mode, shape, "round " + round);
                results.computeIfAbsent(mode, m -> new ArrayList<>()).add(figures);
            }
        }
        out.printf(Locale.ROOT, "%nmedians over %d rounds (ms)%n", rounds);
        out.printf(
                Locale.ROOT,
                "%-14s %8s %8s %8s %8s %6s %11s %11s%n",
                "mode",
                "p50",
                "p99",
                "p99.9",
                "max",
                "lost",
                "p99/none",
                "p99-none");
        double baseline = median(results.get(Adversary.Mode.NONE), Latencies.Figures::p99);
        for (Adversary.Mode mode : modes) {
            List<Latencies.Figures> runs = results.get(mode);
            double p99 = median(runs, Latencies.Figures::p99);
            out.printf(
                    Locale.ROOT,
                    "%-14s %8.2f %8.2f %8.2f %8.2f %6.0f %10.2fx %+10.2f%n",
                    mode.label(),
                    median(runs, Latencies.Figures::p50),
                    p99,
                    median(runs, Latencies.Figures::p999),
                    median(runs, Latencies.Figures::max),
                    median(runs, f -> f.lost()),
                    p99 / baseline,
                    p99 - baseline);
        }
    }

    /** One run against a fresh server started by {@code server}; prints its figures after {@code label}. */
    private static Latencies.Figures measure(
            PrintStream out, List<String> server, Adversary.Mode mode, Shape shape, String label) throws Exception {
        ProbeRoom.Result result;
        String adversaryDid;
        try (RelayProcess relay = RelayProcess.start(server);
                ProbeRoom room = ProbeRoom.join(relay.address(), shape.members())) {
            Adversary adversary = Adversary.start(mode, relay.address());
            try {
                result = room.measure(WARM_UP, shape.measured(), GRACE, shape.lineEvery());
            } finally {
                adversary.close();
            }
            adversaryDid = adversary.summary();
        }
        Latencies.Figures figures = result.latencies().figures(result.lost());
        out.printf(
                Locale.ROOT,
                "%-8s  %-13s samples %6d  p50 %7.2f  p99 %7.2f  p99.9 %7.2f  max %7.2f ms  lost %d%s%s%s%n",
                label,
                mode.label(),
                figures.samples(),
                figures.p50(),
                figures.p99(),
                figures.p999(),
                figures.max(),
                figures.lost(),
                result.resent() > 0 ? "  probe chats resent " + result.resent() : "",
                result.membersLost() > 0 ? "  PROBE MEMBERS GONE " + result.membersLost() : "",
                adversaryDid.isEmpty() ? "" : "  (" + adversaryDid + ")");
        return figures;
    }

    private static String usage() {
        return "usage: java -cp udp-client.jar org.udpchat.client.bench.Probe [options]\n"
                + LongOptions.describe(OPTIONS);
    }

    private static double median(List<Latencies.Figures> runs, ToDoubleFunction<Latencies.Figures> figure) {
        return Bench.median(runs.stream().map(figure::applyAsDouble).toList());
    }
}
