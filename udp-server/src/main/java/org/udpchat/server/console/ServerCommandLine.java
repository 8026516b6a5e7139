package org.udpchat.server.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.Backlog;
import org.udpchat.server.ClassicAccess;
import org.udpchat.server.FloodControl;
import org.udpchat.server.RoomLimits;
import org.udpchat.server.Safeguards;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.StateDirectory;
import org.udpchat.server.Texts;
import org.udpchat.server.cluster.ClusterOptions;

/** The server's command line: options in, a {@link ServerConfig} (or help, or a usage error) out. */
final class ServerCommandLine {

    static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private static final String DEFAULT_LANGUAGE = "zh";

    /** The most members or rooms: one relay thread serves them all. */
    private static final int MAX_COUNT = 100_000;

    /** A day: longer timeouts are a typo, not a wish. */
    private static final long MAX_SECONDS = 86_400;

    /** The options, in the order {@code --help} lists them; their descriptions are in the texts bundles. */
    private static final Options OPTIONS = new Options()
            .addOption(LongOptions.withArgument("bind", "ADDR"))
            .addOption(LongOptions.withArgument("port", "N"))
            .addOption(LongOptions.withArgument("lang", "zh|en"))
            .addOption(LongOptions.withArgument("max-members", "N"))
            .addOption(LongOptions.withArgument("max-room-members", "N"))
            .addOption(LongOptions.withArgument("max-rooms", "N"))
            .addOption(LongOptions.withArgument("session-timeout", "SECONDS"))
            .addOption(LongOptions.withArgument("classic-idle-timeout", "SECONDS"))
            .addOption(LongOptions.withArgument("classic", "lan|any|off"))
            .addOption(LongOptions.withArgument("max-classic", "N"))
            .addOption(LongOptions.withArgument("max-per-ip", "N"))
            .addOption(LongOptions.withArgument("max-rooms-per-ip", "N"))
            .addOption(LongOptions.withArgument("max-handshakes-per-ip", "N"))
            .addOption(LongOptions.withArgument("max-handshakes", "N"))
            .addOption(LongOptions.withArgument("flood-burst", "N"))
            .addOption(LongOptions.withArgument("flood-rate", "N"))
            .addOption(LongOptions.withArgument("max-backlog", "N"))
            .addOption(LongOptions.withArgument("max-backlog-kb", "N"))
            .addOption(LongOptions.withArgument("stall-timeout", "SECONDS"))
            .addOption(LongOptions.withArgument("rejoin-pause", "SECONDS"))
            .addOption(LongOptions.withArgument("history", "N"))
            .addOption(LongOptions.withArgument("state-dir", "DIR|none"))
            .addOption(LongOptions.withArgument("cluster", "NAME"))
            .addOption(LongOptions.withArgument("cluster-port", "N"))
            .addOption(LongOptions.withArgument("cluster-members", "HOST:PORT,..."))
            .addOption(LongOptions.withArgument("cluster-config", "FILE"))
            .addOption(LongOptions.withArgument("log-level", "LEVEL"))
            .addOption(LongOptions.withArgument("log-file", "PATH"))
            .addOption(LongOptions.withArgument("transcript", "PATH"))
            .addOption(LongOptions.withArgument("control-socket", "PATH|none"))
            .addOption(LongOptions.withOptionalArgument("attach", "PATH"))
            .addOption(LongOptions.flag("help"))
            .addOption(LongOptions.flag("version"));

    /**
     * The defaults each option's description names ({@code help.option.NAME} in the texts bundles), so
     * the help says what the code does in either language.
     */
    /** What Hazelcast takes as a cluster name and an operator can type and read without quoting. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Map<String, List<Object>> DEFAULTS = Map.ofEntries(
            Map.entry("port", List.of(ServerConfig.DEFAULT_PORT)),
            Map.entry("max-members", List.of(RoomLimits.DEFAULT_MAX_MEMBERS)),
            Map.entry("max-rooms", List.of(RoomLimits.DEFAULT_MAX_ROOMS)),
            Map.entry(
                    "session-timeout",
                    List.of(
                            ServerConfig.DEFAULT_SESSION_TIMEOUT.toSeconds(),
                            ServerConfig.LEAST_SESSION_TIMEOUT.toSeconds())),
            Map.entry("max-classic", List.of(RoomLimits.DEFAULT_MAX_CLASSIC)),
            Map.entry("max-per-ip", List.of(RoomLimits.DEFAULT_MAX_PER_ADDRESS)),
            Map.entry("max-rooms-per-ip", List.of(RoomLimits.DEFAULT_MAX_ROOMS_PER_ADDRESS)),
            Map.entry("max-handshakes-per-ip", List.of(ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP)),
            Map.entry("max-handshakes", List.of(ServerConfig.DEFAULT_MAX_HANDSHAKES)),
            Map.entry("flood-burst", List.of(FloodControl.DEFAULTS.burst())),
            Map.entry("flood-rate", List.of(FloodControl.DEFAULTS.linesPerSecond())),
            Map.entry("max-backlog", List.of(Backlog.DEFAULTS.maxEvents())),
            Map.entry("max-backlog-kb", List.of(Backlog.DEFAULTS.maxBytes() / 1024)),
            Map.entry("stall-timeout", List.of(Backlog.DEFAULTS.stallTimeout().toSeconds())),
            Map.entry("rejoin-pause", List.of(Backlog.DEFAULTS.rejoinPause().toSeconds())),
            Map.entry("history", List.of(ServerConfig.DEFAULT_HISTORY_LINES)),
            Map.entry("cluster-port", List.of(ClusterOptions.DEFAULT_PORT)),
            Map.entry("log-file", List.of(Logging.ROLL_MEGABYTES, Logging.KEPT_FILES)));

    /** What the command line asks for. */
    sealed interface Invocation permits Run, Attach, ShowHelp, ShowVersion {}

    /**
     * Run the server.
     *
     * @param controlSocket where operators attach ({@code --control-socket})
     * @param transcript where the rooms are recorded ({@code --transcript}), if anywhere
     */
    record Run(ServerConfig config, ControlSocketChoice controlSocket, Optional<Path> transcript)
            implements Invocation {
        /** The server with the defaults of the operator's side: no control socket, no transcript. */
        Run(ServerConfig config) {
            this(config, new ControlSocketChoice.Off(), Optional.empty());
        }
    }

    /** {@code --attach}: the console of the server whose control socket is {@code socket}. */
    record Attach(Path socket, Locale language) implements Invocation {}

    /** {@code --control-socket}: none, a path, or the default, found once the port is known. */
    sealed interface ControlSocketChoice {
        record Off() implements ControlSocketChoice {}

        record At(Path path) implements ControlSocketChoice {}

        record Default() implements ControlSocketChoice {}
    }

    /** {@code --help}, in the language {@code --lang} names. */
    record ShowHelp(Locale language) implements Invocation {}

    record ShowVersion() implements Invocation {}

    /** A command line that cannot be followed; the message says why and what to do instead. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private ServerCommandLine() {}

    static Invocation parse(String... args) throws UsageException {
        CommandLine line;
        try {
            line = new DefaultParser().parse(OPTIONS, args);
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
        if (!line.getArgList().isEmpty()) {
            throw new UsageException(
                    "unexpected argument " + Untrusted.quote(line.getArgList().get(0)));
        }
        if (line.hasOption("help")) {
            return new ShowHelp(language(line.getOptionValue("lang", DEFAULT_LANGUAGE)));
        }
        if (line.hasOption("version")) {
            return new ShowVersion();
        }
        if (line.hasOption("attach")) {
            return attach(line);
        }
        Optional<InetAddress> bind = Optional.empty();
        if (line.hasOption("bind")) {
            bind = Optional.of(address(line.getOptionValue("bind")));
        }
        int port = ServerConfig.DEFAULT_PORT;
        if (line.hasOption("port")) {
            try {
                port = HostPort.parsePort(line.getOptionValue("port"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--port: " + e.getMessage());
            }
        }
        Locale language = language(line.getOptionValue("lang", DEFAULT_LANGUAGE));
        int maxMembers = count(line, "max-members", 1, RoomLimits.DEFAULT_MAX_MEMBERS);
        RoomLimits limits = new RoomLimits(
                maxMembers,
                count(line, "max-room-members", 1, maxMembers), // classic members all live in the lobby
                count(line, "max-rooms", 1, RoomLimits.DEFAULT_MAX_ROOMS),
                count(line, "max-classic", 1, RoomLimits.DEFAULT_MAX_CLASSIC),
                count(line, "max-per-ip", 0, RoomLimits.DEFAULT_MAX_PER_ADDRESS),
                count(line, "max-rooms-per-ip", 0, RoomLimits.DEFAULT_MAX_ROOMS_PER_ADDRESS));
        Safeguards safeguards = new Safeguards(
                classicAccess(line.getOptionValue("classic", "lan")),
                new FloodControl(
                        count(line, "flood-burst", 1, FloodControl.DEFAULTS.burst()),
                        count(line, "flood-rate", 0, FloodControl.DEFAULTS.linesPerSecond())),
                new Backlog(
                        count(line, "max-backlog", 1, Backlog.DEFAULTS.maxEvents()),
                        count(line, "max-backlog-kb", 1, Backlog.DEFAULTS.maxBytes() / 1024) * 1024,
                        seconds(line, "stall-timeout", 1, Backlog.DEFAULTS.stallTimeout()),
                        seconds(line, "rejoin-pause", 0, Backlog.DEFAULTS.rejoinPause())));
        String logLevel =
                line.getOptionValue("log-level", ServerConfig.DEFAULT_LOG_LEVEL).toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new UsageException("--log-level: " + Untrusted.quote(logLevel)
                    + " is not one of trace, debug, info, warn, error, off");
        }
        Optional<Path> logFile = rolledFile(line, "log-file");
        Optional<Path> transcript = rolledFile(line, "transcript");
        Duration sessionTimeout = seconds(
                line,
                "session-timeout",
                ServerConfig.LEAST_SESSION_TIMEOUT.toSeconds(),
                ServerConfig.DEFAULT_SESSION_TIMEOUT);
        Duration classicIdleTimeout = seconds(line, "classic-idle-timeout", 1, Duration.ZERO);
        return new Run(
                new ServerConfig(
                        bind,
                        port,
                        language,
                        limits,
                        logLevel,
                        logFile,
                        sessionTimeout,
                        classicIdleTimeout,
                        safeguards,
                        stateDirectory(line.getOptionValue("state-dir")),
                        line.hasOption("history")
                                ? (int) inRange(
                                        "history",
                                        line.getOptionValue("history"),
                                        0,
                                        ServerConfig.MAX_HISTORY_LINES,
                                        "a number of lines")
                                : ServerConfig.DEFAULT_HISTORY_LINES,
                        count(line, "max-handshakes-per-ip", 0, ServerConfig.DEFAULT_MAX_HANDSHAKES_PER_IP),
                        cluster(line),
                        count(line, "max-handshakes", 0, ServerConfig.DEFAULT_MAX_HANDSHAKES)),
                controlSocket(line.getOptionValue("control-socket")),
                transcript);
    }

    /** {@code --attach [PATH]}: without a path, the default control socket of {@code --port} and {@code --state-dir}. */
    private static Attach attach(CommandLine line) throws UsageException {
        Locale language = language(line.getOptionValue("lang", DEFAULT_LANGUAGE));
        String given = line.getOptionValue("attach");
        if (given != null) {
            return new Attach(path("attach", given), language);
        }
        int port = ServerConfig.DEFAULT_PORT;
        if (line.hasOption("port")) {
            try {
                port = HostPort.parsePort(line.getOptionValue("port"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--port: " + e.getMessage());
            }
        }
        if (port == 0) {
            throw new UsageException("--attach: a server on --port 0 has a port only it knows: give its control"
                    + " socket's path (--attach PATH)");
        }
        Optional<Path> socket = ControlSocket.defaultPath(
                port, stateDirectory(line.getOptionValue("state-dir")), System.getenv("XDG_RUNTIME_DIR"));
        if (socket.isEmpty()) {
            throw new UsageException("--attach: with --state-dir none and no XDG_RUNTIME_DIR there is no default"
                    + " control socket: give its path (--attach PATH), as the server's --control-socket");
        }
        return new Attach(socket.get(), language);
    }

    private static ControlSocketChoice controlSocket(String text) throws UsageException {
        if (text == null) {
            return new ControlSocketChoice.Default();
        }
        if (text.equals("none")) {
            return new ControlSocketChoice.Off(); // a socket called none is ./none
        }
        return new ControlSocketChoice.At(path("control-socket", text));
    }

    /**
     * A file that tinylog rolls ({@code --log-file}, {@code --transcript}): its name becomes a pattern in which
     * braces have a meaning, so a name with braces is refused rather than misread.
     */
    private static Optional<Path> rolledFile(CommandLine line, String option) throws UsageException {
        String text = line.getOptionValue(option);
        if (text == null) {
            return Optional.empty();
        }
        Path path = path(option, text);
        if (text.contains("{") || text.contains("}")) {
            throw new UsageException("--" + option + ": " + Untrusted.quote(text)
                    + " holds a brace, which the rolled files' names cannot: choose a path without { or }");
        }
        if (path.getFileName() == null) {
            throw new UsageException("--" + option + ": " + Untrusted.quote(text) + " names no file");
        }
        return Optional.of(path);
    }

    private static Path path(String option, String text) throws UsageException {
        if (text.isEmpty()) {
            throw new UsageException("--" + option + ": give a path");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("--" + option + ": " + Untrusted.quote(text) + " is not a path: " + e.getReason());
        }
    }

    /**
     * The text {@code --help} prints, in the language of {@code texts}: what the program does, every option,
     * the exit statuses; wrapped to 80 columns.
     */
    static String help(Texts texts) {
        StringBuilder help = new StringBuilder(texts.get("help.usage")).append("\n\n");
        help.append(paragraph(texts.get("help.intro"))).append('\n');
        help.append(texts.get("help.options")).append('\n');
        help.append(LongOptions.describe(
                OPTIONS,
                option -> texts.get(
                        "help.option." + option.getLongOpt(),
                        DEFAULTS.getOrDefault(option.getLongOpt(), List.of()).toArray())));
        help.append('\n').append(paragraph(texts.get("help.exit")));
        return help.toString();
    }

    /**
     * The help in the language the arguments ask for with {@code --lang} (which may not parse: this is for
     * the help after a usage error), else in the default one.
     */
    static String help(String... args) {
        String language = DEFAULT_LANGUAGE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                language = args[i + 1];
            } else if (args[i].startsWith("--lang=")) {
                language = args[i].substring("--lang=".length());
            }
        }
        try {
            return help(Texts.of(language(language)));
        } catch (UsageException e) {
            return help(Texts.of(Locale.CHINESE)); // the default language
        }
    }

    private static String paragraph(String text) {
        return String.join("\n", LongOptions.wrap(text, LongOptions.WIDTH)) + "\n";
    }

    /**
     * The cluster {@code --cluster} names, found at {@code --cluster-members} or as {@code --cluster-config}
     * says; empty without {@code --cluster} (a single server), where the other cluster options are mistakes.
     */
    private static Optional<ClusterOptions> cluster(CommandLine line) throws UsageException {
        if (!line.hasOption("cluster")) {
            for (String option : List.of("cluster-port", "cluster-members", "cluster-config")) {
                if (line.hasOption(option)) {
                    throw new UsageException("--" + option + " needs --cluster NAME (the cluster this server joins)");
                }
            }
            return Optional.empty();
        }
        String name = line.getOptionValue("cluster");
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw new UsageException("--cluster: " + Untrusted.quote(name)
                    + " is not a cluster name: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        int port = ClusterOptions.DEFAULT_PORT;
        if (line.hasOption("cluster-port")) {
            try {
                port = HostPort.parsePort(line.getOptionValue("cluster-port"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cluster-port: " + e.getMessage());
            }
        }
        boolean hasMembers = line.hasOption("cluster-members");
        boolean hasConfig = line.hasOption("cluster-config");
        if (hasMembers == hasConfig) {
            throw new UsageException(
                    hasMembers
                            ? "--cluster-members and --cluster-config: give one (the members of a cluster configured by a"
                                    + " file are the file's to say)"
                            : "--cluster: say where the other nodes are, with --cluster-members HOST:PORT,... (this node"
                                    + " may be among them), or give a Hazelcast configuration with --cluster-config FILE");
        }
        if (hasConfig) {
            Path file = existingFile(line.getOptionValue("cluster-config"));
            return Optional.of(new ClusterOptions(name, port, List.of(), Optional.of(file)));
        }
        return Optional.of(ClusterOptions.of(name, port, clusterMembers(line.getOptionValue("cluster-members"))));
    }

    private static List<HostPort> clusterMembers(String text) throws UsageException {
        List<HostPort> members = new ArrayList<>();
        for (String element : text.split(",", -1)) {
            String member = element.strip();
            if (member.isEmpty()) {
                throw new UsageException("--cluster-members: " + Untrusted.quote(text)
                        + " has an empty member; give HOST:PORT,HOST:PORT,...");
            }
            HostPort parsed;
            try {
                parsed = HostPort.parse(member);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cluster-members: " + e.getMessage());
            }
            if (parsed.port() == 0) {
                throw new UsageException("--cluster-members: " + Untrusted.quote(member)
                        + " has port 0; give the port that node listens on (its --cluster-port)");
            }
            if (members.contains(parsed)) {
                throw new UsageException("--cluster-members: " + Untrusted.quote(member) + " is given twice");
            }
            members.add(parsed);
        }
        return members;
    }

    private static Path existingFile(String text) throws UsageException {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException("--cluster-config: " + Untrusted.quote(text) + " is not a path: " + e.getReason());
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException("--cluster-config: " + Untrusted.quote(text) + " is not a readable file");
        }
        return path;
    }

    /** The state directory {@code --state-dir} names, the default without it, empty for {@code none}. */
    private static Optional<Path> stateDirectory(String text) throws UsageException {
        if (text == null) {
            return Optional.of(StateDirectory.defaultLocation());
        }
        if (text.equals("none")) {
            return Optional.empty(); // a directory called none is ./none
        }
        if (text.isEmpty()) {
            throw new UsageException("--state-dir: give a directory, or none to keep bans and mutes in memory only");
        }
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException e) {
            throw new UsageException("--state-dir: " + Untrusted.quote(text) + " is not a path: " + e.getReason());
        }
    }

    private static InetAddress address(String text) throws UsageException {
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new UsageException("--bind: " + Untrusted.quote(text) + " is not an address or a known host name");
        }
    }

    private static Locale language(String text) throws UsageException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "zh":
                return Locale.CHINESE;
            case "en":
                return Locale.ENGLISH;
            default:
                throw new UsageException("--lang: " + Untrusted.quote(text) + " is not zh or en");
        }
    }

    private static ClassicAccess classicAccess(String text) throws UsageException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "lan":
                return ClassicAccess.LAN;
            case "any":
                return ClassicAccess.ANY;
            case "off":
                return ClassicAccess.OFF;
            default:
                throw new UsageException("--classic: " + Untrusted.quote(text) + " is not lan, any or off");
        }
    }

    /** The option's value as whole seconds in {@code least}..{@value #MAX_SECONDS}, or {@code fallback}. */
    private static Duration seconds(CommandLine line, String option, long least, Duration fallback)
            throws UsageException {
        return line.hasOption(option)
                ? Duration.ofSeconds(
                        inRange(option, line.getOptionValue(option), least, MAX_SECONDS, "a number of seconds"))
                : fallback;
    }

    /** The option's value as a whole number in {@code least}..{@value #MAX_COUNT}, or {@code fallback}. */
    private static int count(CommandLine line, String option, long least, int fallback) throws UsageException {
        return line.hasOption(option)
                ? (int) inRange(option, line.getOptionValue(option), least, MAX_COUNT, "a number")
                : fallback;
    }

    /** {@code text} as a whole number in {@code least}..{@code most}, or a usage error naming the option and range. */
    private static long inRange(String option, String text, long least, long most, String what) throws UsageException {
        try {
            long value = Long.parseLong(text);
            if (value >= least && value <= most) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the one message for every bad value
        }
        throw new UsageException(
                "--" + option + ": " + Untrusted.quote(text) + " is not " + what + " in " + least + ".." + most);
    }
}
