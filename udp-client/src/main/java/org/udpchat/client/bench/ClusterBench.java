package org.udpchat.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The load program's cluster mode ({@code --cluster-nodes N}): the same room measured on one udp-server, on a
 * cluster of one node and on a cluster of N nodes ({@link ClusterNodes}), each started fresh for each run
 * and the order rotating from round to round, the members spread over the nodes ({@link NodeSpread}).
 *
 * <pre>
 * $B --cluster-nodes 3 --rounds 3 --messages 2000            # deliveries/s at saturation
 * $B --cluster-nodes 3 --rounds 3 --rate 50000 --members 100 # latency, same node and one hop away
 * $B --cluster-nodes 3 --failover --rounds 3                  # kill -9 a node: its members back elsewhere
 * </pre>
 *
 * Every node has its share of members and senders; at a fixed rate each delivery's latency is also counted
 * as on the speaker's node or one hop away, by who said it. Each run reports each node's CPU and the load program's, in % of one core: on a machine with fewer
 * cores than processes they share the cores, which every figure here includes.
 */
final class ClusterBench {

    /** What is measured in a run: one server, or a cluster of {@code nodes} (then {@code cluster}). */
    record Setup(String name, int nodes, boolean cluster) {}

    /** Processes started for one run, and where each member's node is. */
    private record Started(List<InetSocketAddress> addresses, List<ProcessCpu> cpus, Closer processes) {}

    /** Ends the processes of a run. */
    private interface Closer {
        void close() throws IOException;
    }

    private ClusterBench() {}

    static void addOptions(Options options) {
        options.addOption(LongOptions.withArgument(
                        "cluster-nodes",
                        "N",
                        "cluster mode: compare one server, a cluster of one node and one of N nodes (processes)"))
                .addOption(LongOptions.flag(
                        "failover", "with --cluster-nodes: kill -9 a node and time until its members are back"))
                .addOption(LongOptions.withArgument(
                        "rooms",
                        "K",
                        "with --cluster-nodes, at saturation: the members in K rooms, each on every node (native)"))
                .addOption(LongOptions.withArgument(
                        "silence-ms",
                        "MS",
                        "with --failover: members give their node up after MS unanswered, pinging every MS/5"
                                + " (default: the client's own rule)"));
    }

    /** The setups of a comparison with {@code nodes} nodes. */
    static List<Setup> setups(int nodes) {
        List<Setup> setups = new ArrayList<>(List.of(new Setup("one server", 1, false)));
        setups.add(new Setup("cluster of 1", 1, true));
        if (nodes > 1) {
            setups.add(new Setup("cluster of " + nodes, nodes, true));
        }
        return setups;
    }

    /** Runs the mode the command line asks for; returns the exit status. */
    static int run(CommandLine line, PrintStream out) throws Exception {
        int nodes = Bench.number(line, "cluster-nodes", 3);
        Path jar = Path.of(line.getOptionValue("server-jar", "udp-server/target/udp-server.jar"));
        if (!Files.isRegularFile(jar)) {
            System.err.println("bench: no server jar at " + jar + " (build with mvn -q package -DskipTests)");
            return 2;
        }
        if (nodes < 1) {
            System.err.println("bench: --cluster-nodes takes at least 1");
            return 2;
        }
        int rounds = Bench.number(line, "rounds", 3);
        if (line.hasOption("failover")) {
            if (nodes < 2) {
                System.err.println("bench: --failover needs at least 2 nodes");
                return 2;
            }
            FailoverCrowd.Liveness liveness = line.hasOption("silence-ms")
                    ? FailoverCrowd.Liveness.fast(Bench.number(line, "silence-ms", 1000))
                    : FailoverCrowd.Liveness.client();
            new FailoverRun(out, jar, nodes, Bench.number(line, "members", 30), liveness).run(rounds);
            return 0;
        }
        boolean speakNative = !line.getOptionValue("protocol", "native").equals("classic");
        if (line.hasOption("rate")) {
            if (line.hasOption("rooms")) {
                System.err.println("bench: --rooms is for saturation; --rate measures one room");
                return 2;
            }
            RateBench.Pace pace;
            try {
                pace = RateBench.pace(line);
            } catch (IllegalArgumentException e) {
                System.err.println("bench: " + e.getMessage());
                return 2;
            }
            atRate(out, jar, nodes, rounds, pace, speakNative);
        } else {
            int rooms = Bench.number(line, "rooms", 1);
            int senders = Bench.number(line, "senders", rooms == 1 ? 5 : nodes * rooms);
            int members = Bench.number(line, "members", 50);
            if (rooms > 1 && (!speakNative || senders < nodes * (rooms - 1) + 1 || members < nodes * rooms)) {
                System.err.println("bench: --rooms K needs native members, at least " + nodes * rooms
                        + " members and enough senders for every room to have one (" + nodes * rooms
                        + " puts one in each room on each node)");
                return 2;
            }
            saturate(
                    out,
                    jar,
                    nodes,
                    rounds,
                    new Shape(
                            members,
                            senders,
                            Bench.number(line, "window", 16),
                            Bench.number(line, "messages", 2000),
                            rooms),
                    speakNative);
        }
        return 0;
    }

    private static Started start(Setup setup, List<String> command) throws IOException, InterruptedException {
        if (!setup.cluster()) {
            RelayProcess relay = RelayProcess.start(command);
            return new Started(List.of(relay.address()), List.of(relay.cpu()), relay::close);
        }
        ClusterNodes cluster = ClusterNodes.start(command, setup.nodes());
        return new Started(cluster.addresses(), cluster.cpus(), cluster::close);
    }

    private static List<InetSocketAddress> relayOf(NodeSpread spread, List<InetSocketAddress> nodes) {
        List<InetSocketAddress> relays = new ArrayList<>();
        for (int member = 0; member < spread.members(); member++) {
            relays.add(nodes.get(spread.nodeOf(member)));
        }
        return relays;
    }

    /** One saturation run's figures. */
    record Saturated(Load.Result result, List<Double> nodeCpuPercents, double loadCpuPercent) {
        double relayCpuPercent() {
            return nodeCpuPercents.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** A saturation run's members, senders, window, messages per sender and rooms. */
    record Shape(int members, int senders, int window, int messages, int rooms) {}

    static void saturate(PrintStream out, Path jar, int nodes, int rounds, Shape shape, boolean speakNative)
            throws Exception {
        List<Setup> setups = setups(nodes);
        out.printf(
                Locale.ROOT,
                "%d %s members in %d room(s), %d senders (dealt over the nodes and rooms), window %d, %d messages"
                        + " per sender per run; fresh processes each run%n",
                shape.members(),
                speakNative ? "native" : "classic",
                shape.rooms(),
                shape.senders(),
                shape.window(),
                shape.messages());
        Map<Setup, List<Saturated>> results = new LinkedHashMap<>();
        setups.forEach(setup -> results.put(setup, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int turn = 0; turn < setups.size(); turn++) {
                Setup setup = setups.get((round - 1 + turn) % setups.size());
                Saturated run = saturateOnce(setup, jar, shape, speakNative);
                results.get(setup).add(run);
                out.printf(
                        Locale.ROOT,
                        "round %d  %-13s %,.0f deliveries/s  (%d of %d in %d ms, %d lost)  CPU nodes %s = %.0f%%"
                                + " load %.0f%%%n",
                        round,
                        setup.name(),
                        run.result().perSecond(),
                        run.result().deliveries(),
                        run.result().expected(),
                        run.result().elapsed().toMillis(),
                        run.result().lost(),
                        percents(run.nodeCpuPercents()),
                        run.relayCpuPercent(),
                        run.loadCpuPercent());
            }
        }
        out.printf(Locale.ROOT, "%nmedians (range) over %d rounds%n", rounds);
        for (Setup setup : setups) {
            List<Saturated> runs = results.get(setup);
            out.printf(
                    Locale.ROOT,
                    "%-13s %s deliveries/s  lost %s  CPU all nodes %s%%  busiest node %s%%  load %s%%%n",
                    setup.name(),
                    spread(runs, r -> r.result().perSecond(), "%.0f"),
                    spread(runs, r -> r.result().lost(), "%.0f"),
                    spread(runs, Saturated::relayCpuPercent, "%.0f"),
                    spread(runs, r -> busiest(r.nodeCpuPercents()), "%.0f"),
                    spread(runs, Saturated::loadCpuPercent, "%.0f"));
        }
    }

    private static Saturated saturateOnce(Setup setup, Path jar, Shape shape, boolean speakNative) throws Exception {
        int members = shape.members();
        int senders = shape.senders();
        int window = shape.window();
        int messages = shape.messages();
        List<String> command = new ArrayList<>(Bench.serverCommand(jar, List.of(), members));
        if (shape.rooms() > 1) {
            command.addAll(List.of("--max-rooms-per-ip", "0")); // every member comes from 127.0.0.1
        }
        Started started = start(setup, command);
        try {
            NodeSpread spread =
                    NodeSpread.acrossRooms(members, started.addresses().size(), shape.rooms());
            String[] roomNames = new String[members];
            for (int member = 0; member < members; member++) {
                roomNames[member] = shape.rooms() == 1 ? "" : "r" + spread.roomOf(member);
            }
            LoadProtocol protocol = speakNative ? new NativeLoad(roomNames) : new ClassicLoad(members);
            try (Load load = new Load(relayOf(spread, started.addresses()), spread.roomOfEach(), protocol)) {
                load.joinAll();
                load.run(senders, Math.max(1, messages / 4), window); // warm-up, untimed
                List<ProcessCpu> cpus = started.cpus();
                double[] before = cpus.stream().mapToDouble(ProcessCpu::seconds).toArray();
                ProcessCpu own = ProcessCpu.self();
                double ownBefore = own.seconds();
                long from = System.nanoTime();
                Load.Result result = load.run(senders, messages, window);
                double wall = (System.nanoTime() - from) / 1e9;
                List<Double> nodeCpu = new ArrayList<>();
                for (int i = 0; i < cpus.size(); i++) {
                    nodeCpu.add(ProcessCpu.percentOfACore(cpus.get(i).seconds() - before[i], wall));
                }
                return new Saturated(result, nodeCpu, ProcessCpu.percentOfACore(own.seconds() - ownBefore, wall));
            }
        } finally {
            started.processes().close();
        }
    }

    static void atRate(PrintStream out, Path jar, int nodes, int rounds, RateBench.Pace pace, boolean speakNative)
            throws Exception {
        List<Setup> setups = setups(nodes);
        out.printf(
                Locale.ROOT,
                "%d %s members in one room, %d senders, all dealt over the nodes; %,d"
                        + " deliveries/s (%.0f chats/s); %d s warm-up, %d s timed; fresh processes each run%n",
                pace.members(),
                speakNative ? "native" : "classic",
                pace.senders(),
                pace.deliveriesPerSecond(),
                (double) pace.deliveriesPerSecond() / pace.members(),
                pace.warmUp().toSeconds(),
                pace.timed().toSeconds());
        Map<Setup, List<PacedResult>> results = new LinkedHashMap<>();
        setups.forEach(setup -> results.put(setup, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (int turn = 0; turn < setups.size(); turn++) {
                Setup setup = setups.get((round - 1 + turn) % setups.size());
                PacedResult run = atRateOnce(setup, jar, pace, speakNative);
                results.get(setup).add(run);
                out.printf(
                        Locale.ROOT,
                        "round %d  %-13s %s  CPU nodes %s%n",
                        round,
                        setup.name(),
                        run.describe(),
                        percents(run.nodeCpuPercents()));
                if (setup.nodes() > 1) {
                    out.printf(
                            Locale.ROOT,
                            "         same node: %s%n         other node: %s%n",
                            figures(run.groups().get(0)),
                            figures(run.groups().get(1)));
                }
            }
        }
        out.printf(Locale.ROOT, "%nmedians (range) over %d rounds, latencies in ms%n", rounds);
        for (Setup setup : setups) {
            List<PacedResult> runs = results.get(setup);
            summary(out, setup.name() + (setup.nodes() > 1 ? " all" : ""), runs, r -> r.latency());
            if (setup.nodes() > 1) {
                summary(out, setup.name() + " same node", runs, r -> r.groups().get(0));
                summary(out, setup.name() + " other node", runs, r -> r.groups().get(1));
            }
            out.printf(
                    Locale.ROOT,
                    "%-26s %s/s  lag p99 %s  CPU all nodes %s%%  busiest node %s%%  load %s%%%n",
                    "",
                    spreadOf(runs, PacedResult::deliveriesPerSecond, "%.0f"),
                    spreadOf(runs, r -> r.lag().p99(), "%.3f"),
                    spreadOf(runs, PacedResult::relayCpuPercent, "%.0f"),
                    spreadOf(runs, r -> busiest(r.nodeCpuPercents()), "%.0f"),
                    spreadOf(runs, PacedResult::loadCpuPercent, "%.0f"));
        }
    }

    private interface FiguresOf {
        Latencies.Figures of(PacedResult result);
    }

    private static void summary(PrintStream out, String name, List<PacedResult> runs, FiguresOf figures) {
        out.printf(
                Locale.ROOT,
                "%-26s p50 %s  p99 %s  p99.9 %s  max %s  lost %s%n",
                name,
                spreadOf(runs, r -> figures.of(r).p50(), "%.3f"),
                spreadOf(runs, r -> figures.of(r).p99(), "%.3f"),
                spreadOf(runs, r -> figures.of(r).p999(), "%.3f"),
                spreadOf(runs, r -> figures.of(r).max(), "%.2f"),
                spreadOf(runs, r -> figures.of(r).lost(), "%.0f"));
    }

    private static PacedResult atRateOnce(Setup setup, Path jar, RateBench.Pace pace, boolean speakNative)
            throws Exception {
        Started started = start(setup, Bench.serverCommand(jar, List.of(), pace.members()));
        try {
            NodeSpread spread =
                    NodeSpread.evenly(pace.members(), started.addresses().size());
            LoadProtocol protocol = speakNative ? new NativeLoad(pace.members()) : new ClassicLoad(pace.members());
            try (Load load = new Load(relayOf(spread, started.addresses()), protocol)) {
                load.joinAll();
                return load.runAtRate(
                        pace.senders(),
                        pace.deliveriesPerSecond(),
                        pace.warmUp(),
                        pace.timed(),
                        started.cpus(),
                        spread.nodeOfEach());
            }
        } finally {
            started.processes().close();
        }
    }

    private static String figures(Latencies.Figures f) {
        return String.format(
                Locale.ROOT,
                "p50 %.3f  p99 %.3f  p99.9 %.3f  max %.2f ms  deliveries %d  lost %d",
                f.p50(),
                f.p99(),
                f.p999(),
                f.max(),
                f.samples(),
                f.lost());
    }

    private static String percents(List<Double> values) {
        return String.join(
                        "+",
                        values.stream()
                                .map(v -> String.format(Locale.ROOT, "%.0f", v))
                                .toList()) + "%";
    }

    private static String spread(List<Saturated> runs, ToDoubleFunction<Saturated> figure, String format) {
        return medianAndRange(runs.stream().map(figure::applyAsDouble).toList(), format);
    }

    private static String spreadOf(List<PacedResult> runs, ToDoubleFunction<PacedResult> figure, String format) {
        return medianAndRange(runs.stream().map(figure::applyAsDouble).toList(), format);
    }

    /** "median (min-max)". */
    static String medianAndRange(List<Double> values, String format) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", Bench.median(values), min, max);
    }

    /** The CPU of the busiest node, in % of a core: what a cluster on machines of its own would run out of first. */
    private static double busiest(List<Double> nodeCpuPercents) {
        return nodeCpuPercents.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
