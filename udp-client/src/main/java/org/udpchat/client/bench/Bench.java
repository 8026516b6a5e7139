package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.udpchat.client.LongOptions;
import org.udpchat.codec.HostPort;

/**
 * The load program: how many deliveries per second a relay makes. A benchmark, not a test.
 *
 * <pre>
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Bench --server 127.0.0.1:8888
 * java -cp udp-client/target/udp-client.jar org.udpchat.client.bench.Bench --compare \
 *      --server-jar udp-server/target/udp-server.jar --rounds 5
 * </pre>
 *
 * The first measures a relay that is already running ({@code --protocol native} to speak the native
 * protocol). The second starts, for each round, a fresh udp-server process measured with classic members,
 * another measured with native members, and a fresh {@link NoFrillsRelay} process, rotating which goes
 * first, and reports the median and range of each and the ratios of the medians. With {@code --rate N}
 * either form holds the relay at N deliveries a second and measures latency instead ({@link RateBench}).
 *
 * <p>{@code --idle N} and {@code --storm N} are the crowd modes ({@link CrowdModes}): what N idle native
 * members cost a fresh udp-server from {@code --server-jar} (or the one at {@code --server}), and N
 * members joining one room at once. {@code --seal-cost} needs no relay: what sealing, opening and the
 * handshake cost on this machine ({@link SealCost}).
 *
 * <p>{@code --cluster-nodes N} is the cluster mode ({@link ClusterBench}): one server against clusters of
 * udp-server processes on loopback, at saturation, at a fixed rate, or killing a node ({@code --failover}).
 *
 * <p>Native members speak protocol 2 as the client does (a Noise handshake, every datagram sealed with the
 * member's own cipher), so the relay seals each delivery for its recipient as it would for real ones.
 */
public final class Bench {

    /** The server's per-address limit of handshakes a second, new with native protocol 2. */
    static final String HANDSHAKE_LIMIT_OPTION = "--max-handshakes-per-ip";

    /** The server's limit of handshakes a second from all addresses together, new with issue 14's F2 fix. */
    static final String SERVER_HANDSHAKE_LIMIT_OPTION = "--max-handshakes";

    static final Options OPTIONS = new Options()
            .addOption(LongOptions.withArgument("server", "HOST:PORT", "measure the relay running there"))
            .addOption(LongOptions.withArgument(
                    "protocol", "classic|native", "what the members speak with --server (default classic)"))
            .addOption(LongOptions.flag("compare", "start udp-server and the no-frills relay in turn and compare them"))
            .addOption(LongOptions.withArgument(
                    "server-jar", "PATH", "the server jar for --compare (default udp-server/target/udp-server.jar)"))
            .addOption(LongOptions.withArgument("rounds", "N", "rounds of --compare (default 5)"))
            .addOption(LongOptions.withArgument("members", "N", "members in the room (default 50)"))
            .addOption(LongOptions.withArgument("senders", "N", "members that send (default 5)"))
            .addOption(LongOptions.withArgument("window", "N", "messages each sender may have in flight (default 16)"))
            .addOption(LongOptions.withArgument(
                    "messages", "N", "messages each sender sends in the timed phase (default 20000)"))
            // the crowd modes (CrowdModes): what idle members and join storms cost
            .addOption(LongOptions.withArgument("idle", "N", "N idle native members: CPU and heap they cost"))
            .addOption(LongOptions.withArgument("storm", "N", "N members join one room at once (--protocol)"))
            .addOption(LongOptions.withArgument("handshakes", "N", "crowd handshakes in flight at most (default 64)"))
            .addOption(LongOptions.withArgument("settle-seconds", "S", "--idle: wait before measuring (default 10)"))
            .addOption(LongOptions.withArgument("measure-seconds", "S", "--idle: the measured window (default 60)"))
            .addOption(LongOptions.withArgument(
                    "quiet-seconds", "S", "--storm: no notice this long means settled (default 3)"))
            .addOption(LongOptions.flag(
                    "seal-cost",
                    "no relay: time sealing and opening a chat EVENT (one cipher per --members session) and the"
                            + " handshake's two sides, --rounds times"));

    static {
        RateBench.addOptions(OPTIONS);
        ClusterBench.addOptions(OPTIONS);
    }

    private record Shape(int members, int senders, int window, int messages) {}

    private Bench() {}

    public static void main(String[] args) throws Exception {
        CommandLine line;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (line.hasOption("seal-cost")) {
            new SealCost(System.out, number(line, "members", 50), number(line, "rounds", 5)).run();
            System.exit(0);
            return;
        }
        if (line.hasOption("cluster-nodes")) {
            System.exit(ClusterBench.run(line, System.out));
            return;
        }
        if (line.hasOption("idle") || line.hasOption("storm")) {
            System.exit(CrowdModes.run(line, System.out));
            return;
        }
        if (line.hasOption("rate")) {
            System.exit(runAtRate(line));
            return;
        }
        Shape shape = new Shape(
                number(line, "members", 50),
                number(line, "senders", 5),
                number(line, "window", 16),
                number(line, "messages", 20_000));
        if (line.hasOption("compare")) {
            compare(
                    Path.of(line.getOptionValue("server-jar", "udp-server/target/udp-server.jar")),
                    number(line, "rounds", 5),
                    shape);
        } else if (line.hasOption("server")) {
            HostPort server = HostPort.parse(line.getOptionValue("server"));
            boolean speakNative = line.getOptionValue("protocol", "classic").equals("native");
            Load.Result result = measure(
                    new InetSocketAddress(InetAddress.getByName(server.host()), server.port()), shape, speakNative);
            System.out.println(describe(result));
        } else {
            System.err.println("bench: give --server HOST:PORT or --compare");
            System.exit(2);
        }
    }

    private static Load.Result measure(InetSocketAddress relay, Shape shape, boolean speakNative) throws IOException {
        LoadProtocol protocol = speakNative ? new NativeLoad(shape.members()) : new ClassicLoad(shape.members());
        try (Load load = new Load(relay, shape.members(), protocol)) {
            load.joinAll();
            load.run(shape.senders(), Math.max(1, shape.messages() / 4), shape.window()); // warm-up, untimed
            return load.run(shape.senders(), shape.messages(), shape.window());
        }
    }

    private static void compare(Path serverJar, int rounds, Shape shape) throws Exception {
        if (!Files.isRegularFile(serverJar)) {
            System.err.println("bench: no server jar at " + serverJar + " (build with mvn -q package -DskipTests)");
            System.exit(2);
        }
        List<String> ours = serverCommand(serverJar, List.of(), shape.members());
        List<String> noFrills = noFrillsCommand();
        System.out.printf(
                Locale.ROOT,
                "%d members, %d senders, window %d, %d messages per sender per run%n",
                shape.members(),
                shape.senders(),
                shape.window(),
                shape.messages());
        List<Contender> contenders = List.of(
                new Contender("udp-server classic", ours, false),
                new Contender("udp-server native", ours, true),
                new Contender("no-frills", noFrills, false));
        Map<Contender, List<Double>> perSecond = new LinkedHashMap<>();
        contenders.forEach(contender -> perSecond.put(contender, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            // each round starts with the next contender, so none always runs on a cold or a warm machine
            for (int turn = 0; turn < contenders.size(); turn++) {
                Contender contender = contenders.get((round - 1 + turn) % contenders.size());
                Load.Result result = measureProcess(contender.command(), shape, contender.speaksNative());
                perSecond.get(contender).add(result.perSecond());
                System.out.printf(Locale.ROOT, "round %d  %-19s %s%n", round, contender.name(), describe(result));
            }
        }
        for (Contender contender : contenders) {
            List<Double> values = perSecond.get(contender);
            System.out.printf(
                    Locale.ROOT,
                    "%-19s median %.0f deliveries/s (range %.0f-%.0f)%n",
                    contender.name(),
                    median(values),
                    min(values),
                    max(values));
        }
        double classic = median(perSecond.get(contenders.get(0)));
        System.out.printf(
                Locale.ROOT,
                "udp-server classic / no-frills = %.2f%n",
                classic / median(perSecond.get(contenders.get(2))));
        System.out.printf(
                Locale.ROOT,
                "udp-server native / classic    = %.2f%n",
                median(perSecond.get(contenders.get(1))) / classic);
    }

    /** A relay to measure: how to start it, and what its members speak. */
    record Contender(String name, List<String> command, boolean speaksNative) {}

    /** The fixed-rate mode ({@link RateBench}); returns the exit status. */
    private static int runAtRate(CommandLine line) throws Exception {
        RateBench.Pace pace;
        try {
            pace = RateBench.pace(line);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        if (line.hasOption("compare")) {
            Path serverJar = Path.of(line.getOptionValue("server-jar", "udp-server/target/udp-server.jar"));
            Path baselineJar = line.hasOption("baseline-jar") ? Path.of(line.getOptionValue("baseline-jar")) : null;
            for (Path jar : baselineJar == null ? List.of(serverJar) : List.of(serverJar, baselineJar)) {
                if (!Files.isRegularFile(jar)) {
                    System.err.println("bench: no server jar at " + jar + " (build with mvn -q package -DskipTests)");
                    return 2;
                }
            }
            List<String> jvmOptions = words(line.getOptionValue("server-java-options", ""));
            List<String> baselineOptions = line.hasOption("baseline-java-options")
                    ? words(line.getOptionValue("baseline-java-options"))
                    : jvmOptions;
            RateBench.compare(
                    System.out, serverJar, baselineJar, jvmOptions, baselineOptions, number(line, "rounds", 3), pace);
        } else if (line.hasOption("server")) {
            HostPort server = HostPort.parse(line.getOptionValue("server"));
            RateBench.measureRunning(
                    System.out,
                    new InetSocketAddress(InetAddress.getByName(server.host()), server.port()),
                    pace,
                    line.getOptionValue("protocol", "classic").equals("native"));
        } else {
            System.err.println("bench: give --server HOST:PORT or --compare");
            return 2;
        }
        return 0;
    }

    /**
     * udp-server from {@code serverJar} on loopback, port 0, for a measurement of {@code members} members
     * (at least a thousand) on one address, saying all they can, in one room: the per-address limits (of
     * members and of handshakes a second) and flood control are off, the member limits raised to them; no
     * state kept.
     */
    static List<String> serverCommand(Path serverJar, List<String> jvmOptions, int members) {
        List<String> command = serverCommand(serverJar, jvmOptions, members, true);
        // this build's server also has a budget for all addresses together, which a crowd joining at once meets
        command.addAll(List.of(SERVER_HANDSHAKE_LIMIT_OPTION, "0"));
        return command;
    }

    /**
     * As {@link #serverCommand(Path, List, int)}, for a server of native protocol 2 or, when not
     * {@code protocolTwo}, of an older build, which has no handshakes to lift the limit of and would refuse
     * the option that does.
     */
    static List<String> serverCommand(Path serverJar, List<String> jvmOptions, int members, boolean protocolTwo) {
        String limit = Integer.toString(Math.max(members, 1000));
        List<String> command = new ArrayList<>(serverWithItsSafeguards(serverJar, jvmOptions));
        command.addAll(List.of("--max-per-ip", "0"));
        if (protocolTwo) {
            command.addAll(List.of(HANDSHAKE_LIMIT_OPTION, "0")); // every native member comes from 127.0.0.1
        }
        command.addAll(List.of(
                "--flood-rate",
                "0",
                "--max-members",
                limit,
                "--max-room-members",
                limit,
                "--max-classic", // the server's default takes 256 classic members
                limit));
        return command;
    }

    /**
     * Whether udp-server from {@code serverJar} speaks native protocol 2, which this load program's native
     * members speak: its help names {@value #HANDSHAKE_LIMIT_OPTION}, which came with that version. An older
     * build can be measured with classic members only.
     */
    static boolean speaksProtocolTwo(Path serverJar) throws IOException, InterruptedException {
        Process help = new ProcessBuilder(javaCommand(), "-jar", serverJar.toString(), "--help", "--lang", "en")
                .redirectErrorStream(true)
                .start();
        String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        help.waitFor();
        return text.contains(HANDSHAKE_LIMIT_OPTION);
    }

    /**
     * udp-server from {@code serverJar} on loopback, port 0, quiet, keeping no state (a fresh server each run,
     * none of them the user's), with every safeguard at its default.
     */
    static List<String> serverWithItsSafeguards(Path serverJar, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                serverJar.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--log-level",
                "warn",
                "--state-dir",
                "none"));
        return command;
    }

    private static List<String> words(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split(" +"));
    }

    /** The {@link NoFrillsRelay} on a port of its choosing, in a JVM of its own. */
    static List<String> noFrillsCommand() {
        return List.of(javaCommand(), "-cp", System.getProperty("java.class.path"), NoFrillsRelay.class.getName(), "0");
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Load.Result measureProcess(List<String> command, Shape shape, boolean speakNative) throws Exception {
        try (RelayProcess relay = RelayProcess.start(command)) {
            return measure(relay.address(), shape, speakNative);
        }
    }

    private static String describe(Load.Result result) {
        return String.format(
                Locale.ROOT,
                "%,.0f deliveries/s  (%d of %d in %d ms, %d lost%s)",
                result.perSecond(),
                result.deliveries(),
                result.expected(),
                result.elapsed().toMillis(),
                result.lost(),
                result.unopened() > 0 ? ", " + result.unopened() + " datagrams that did not open" : "");
    }

    /** The whole number given for {@code option}, or {@code fallback} without it; anything else is refused. */
    static int number(CommandLine line, String option, int fallback) {
        if (!line.hasOption(option)) {
            return fallback;
        }
        try {
            return Integer.parseInt(line.getOptionValue(option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + option + " takes a whole number, not '" + line.getOptionValue(option) + "'");
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
