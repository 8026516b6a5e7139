package org.udpchat.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.udpchat.codec.HostPort;

/**
 * The load program's crowd modes: {@code --idle N} ({@link IdleRun}: what N idle native members cost the
 * relay) and {@code --storm N} ({@link StormRun}: N members joining one room at once). Each starts a fresh
 * udp-server from {@code --server-jar} (its own, with no state directory, the per-address limit and flood
 * control off, and member limits raised to the crowd), or uses the relay at {@code --server}, whose costs
 * it cannot read then.
 */
final class CrowdModes {

    /** Descriptors the load program needs besides its members' channels: jars, selector, pipes. */
    private static final int SPARE_DESCRIPTORS = 64;

    private CrowdModes() {}

    /** Runs the mode the command line asks for; returns the exit status. */
    static int run(CommandLine line, PrintStream out) throws Exception {
        boolean idle = line.hasOption("idle");
        int members = Integer.parseInt(line.getOptionValue(idle ? "idle" : "storm"));
        boolean classic = line.getOptionValue("protocol", "native").equals("classic");
        if (members < 1) {
            System.err.println("bench: give at least one member");
            return 2;
        }
        if (idle && classic) {
            System.err.println("bench: --idle measures native members only (classic members say nothing when idle)");
            return 2;
        }
        String tooFew = descriptorShortage(members);
        if (tooFew != null) {
            System.err.println("bench: " + tooFew);
            return 2;
        }
        int handshakes = Bench.number(line, "handshakes", 64);
        if (line.hasOption("server")) {
            HostPort server = HostPort.parse(line.getOptionValue("server"));
            InetSocketAddress relay = new InetSocketAddress(InetAddress.getByName(server.host()), server.port());
            run(idle, classic, members, handshakes, line, relay, null, out);
            return 0;
        }
        Path jar = Path.of(line.getOptionValue("server-jar", "udp-server/target/udp-server.jar"));
        if (!Files.isRegularFile(jar)) {
            System.err.println("bench: no server jar at " + jar + " (build with mvn -q package -DskipTests)");
            return 2;
        }
        out.println("server: " + String.join(" ", serverCommand(jar, members)));
        try (RelayProcess relay = RelayProcess.start(serverCommand(jar, members))) {
            run(idle, classic, members, handshakes, line, relay.address(), ProcessMeter.of(relay.pid()), out);
        }
        return 0;
    }

    private static void run(
            boolean idle,
            boolean classic,
            int members,
            int handshakes,
            CommandLine line,
            InetSocketAddress relay,
            ProcessMeter server,
            PrintStream out)
            throws Exception {
        if (idle) {
            new IdleRun(relay, server, members, handshakes, out)
                    .run(Bench.number(line, "settle-seconds", 10), Bench.number(line, "measure-seconds", 60));
        } else {
            new StormRun(relay, server, members, handshakes, classic, out).run(Bench.number(line, "quiet-seconds", 3));
        }
    }

    /** A fresh server for {@code members}: nothing kept, nothing limited that the crowd would hit. */
    static List<String> serverCommand(Path jar, int members) {
        List<String> command = new ArrayList<>(Bench.serverCommand(jar, List.of(), members));
        command.addAll(List.of("--lang", "en")); // the classic crowd reads the English notices
        return command;
    }

    /** Why this process cannot open a channel per member, or null if it can. */
    private static String descriptorShortage(int members) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return null; // no way to tell: opening the channels will say
        }
        long needed = (long) members + SPARE_DESCRIPTORS;
        long limit = unix.getMaxFileDescriptorCount();
        if (limit - unix.getOpenFileDescriptorCount() < needed) {
            return members + " members need " + needed + " open files, but the limit is " + limit
                    + " (ulimit -n): raise it, or ask for fewer members";
        }
        return null;
    }

    /** Sleeps nowhere: lets the crowd act until {@code seconds} have passed. */
    static void pass(Crowd crowd, double seconds) throws IOException {
        crowd.run(System.nanoTime() + (long) (seconds * 1e9));
    }
}
