package org.udpchat.server.console;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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

/** The server's command line: options in, a {@link ServerConfig} (or help, or a usage error) out. */
final class ServerCommandLine {

    static final Set<String> LOG_LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    /** The most members or rooms: one relay thread serves them all. */
    private static final int MAX_COUNT = 100_000;

    /** A day: longer timeouts are a typo, not a wish. */
    private static final long MAX_SECONDS = 86_400;

    private static final Options OPTIONS = new Options()
            .addOption(LongOptions.withArgument(
                    "bind", "ADDR", "address to listen on (default: every interface, IPv4 and IPv6)"))
            .addOption(LongOptions.withArgument(
                    "port", "N", "UDP port (default " + ServerConfig.DEFAULT_PORT + "; 0 picks a free port)"))
            .addOption(
                    LongOptions.withArgument("lang", "zh|en", "language of the texts the server writes (default zh)"))
            .addOption(LongOptions.withArgument(
                    "max-members",
                    "N",
                    "most members on the server, in all rooms together (default " + RoomLimits.DEFAULT_MAX_MEMBERS
                            + ")"))
            .addOption(LongOptions.withArgument(
                    "max-room-members", "N", "most members in one room (default: as --max-members)"))
            .addOption(LongOptions.withArgument(
                    "max-rooms", "N", "most rooms, the lobby included (default " + RoomLimits.DEFAULT_MAX_ROOMS + ")"))
            .addOption(LongOptions.withArgument(
                    "session-timeout",
                    "SECONDS",
                    "how long a native client may stay silent before its session expires (default "
                            + ServerConfig.DEFAULT_SESSION_TIMEOUT.toSeconds() + ", at least "
                            + ServerConfig.LEAST_SESSION_TIMEOUT.toSeconds()
                            + ": idle clients ping every 10 s)"))
            .addOption(LongOptions.withArgument(
                    "classic-idle-timeout",
                    "SECONDS",
                    "let classic (text-mode) members go after this long silent (default: never)"))
            .addOption(LongOptions.withArgument(
                    "classic",
                    "lan|any|off",
                    "who may use classic L/C/Q text: lan (default) loopback, private and link-local addresses"
                            + " only; any: everyone (gives up the bound on replies to forged addresses); off"))
            .addOption(LongOptions.withArgument(
                    "max-classic",
                    "N",
                    "most classic members, whose addresses nothing proves (default " + RoomLimits.DEFAULT_MAX_CLASSIC
                            + ")"))
            .addOption(LongOptions.withArgument(
                    "max-per-ip",
                    "N",
                    "most members from one IPv4 address or IPv6 /64 (default " + RoomLimits.DEFAULT_MAX_PER_ADDRESS
                            + "; 0: no limit)"))
            .addOption(LongOptions.withArgument(
                    "max-rooms-per-ip",
                    "N",
                    "most rooms that members from one address opened and that still exist (default "
                            + RoomLimits.DEFAULT_MAX_ROOMS_PER_ADDRESS + "; 0: no limit)"))
            .addOption(LongOptions.withArgument(
                    "flood-burst",
                    "N",
                    "lines (chat, /me, /msg, /nick, /join) a member may say at once (default "
                            + FloodControl.DEFAULTS.burst() + ")"))
            .addOption(LongOptions.withArgument(
                    "flood-rate",
                    "N",
                    "lines a member may say per second after that (default " + FloodControl.DEFAULTS.linesPerSecond()
                            + "; 0: no flood control)"))
            .addOption(LongOptions.withArgument(
                    "max-backlog",
                    "N",
                    "events a native member may have unacknowledged or waiting before it is dropped (default "
                            + Backlog.DEFAULTS.maxEvents() + ")"))
            .addOption(LongOptions.withArgument(
                    "max-backlog-kb",
                    "N",
                    "kilobytes of those events, at most (default " + Backlog.DEFAULTS.maxBytes() / 1024 + ")"))
            .addOption(LongOptions.withArgument(
                    "stall-timeout",
                    "SECONDS",
                    "drop a native member that acknowledges nothing this long while events wait (default "
                            + Backlog.DEFAULTS.stallTimeout().toSeconds() + ")"))
            .addOption(LongOptions.withArgument(
                    "rejoin-pause",
                    "SECONDS",
                    "how long the address of a member dropped that way must wait to rejoin (default "
                            + Backlog.DEFAULTS.rejoinPause().toSeconds() + "; 0: none)"))
            .addOption(LongOptions.withArgument(
                    "history",
                    "N",
                    "recent lines each room keeps in memory, told to native members that missed them (default "
                            + ServerConfig.DEFAULT_HISTORY_LINES + "; 0: no history)"))
            .addOption(LongOptions.withArgument(
                    "state-dir",
                    "DIR|none",
                    "where bans and mutes are kept across restarts, one server per directory (default"
                            + " $XDG_STATE_HOME/udp-chat, else ~/.local/state/udp-chat); none: in memory only, as"
                            + " for tests and benchmarks that start many servers"))
            .addOption(LongOptions.withArgument(
                    "log-level", "LEVEL", "trace, debug, info, warn, error or off (default info); logs go to stderr"))
            .addOption(LongOptions.withArgument("log-file", "PATH", "also write the log to this file"))
            .addOption(LongOptions.flag("help", "show this help and exit"))
            .addOption(LongOptions.flag("version", "show the version and exit"));

    /** What the command line asks for. */
    sealed interface Invocation permits Run, ShowHelp, ShowVersion {}

    record Run(ServerConfig config) implements Invocation {}

    record ShowHelp() implements Invocation {}

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
            return new ShowHelp();
        }
        if (line.hasOption("version")) {
            return new ShowVersion();
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
        Locale language = language(line.getOptionValue("lang", "zh"));
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
        Optional<Path> logFile =
                Optional.ofNullable(line.getOptionValue("log-file")).map(Path::of);
        Duration sessionTimeout = seconds(
                line,
                "session-timeout",
                ServerConfig.LEAST_SESSION_TIMEOUT.toSeconds(),
                ServerConfig.DEFAULT_SESSION_TIMEOUT);
        Duration classicIdleTimeout = seconds(line, "classic-idle-timeout", 1, Duration.ZERO);
        return new Run(new ServerConfig(
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
                        : ServerConfig.DEFAULT_HISTORY_LINES));
    }

    /** The text {@code --help} prints: what the program does, every option, the exit statuses. */
    static String help() {
        return "Usage: java -jar udp-server.jar [options]\n\n"
                + "A UDP chat server: classic L/C/Q text clients (in the lobby) and the project's\n"
                + "native clients (in any room) share one port. Once listening, it prints\n"
                + "'listening on ADDRESS:PORT' and reads operator commands from stdin: a plain\n"
                + "line is announced to every room as 管理员; /help lists the commands (/say,\n"
                + "/list, /rooms, /kick, /ban, /banip, /unban, /bans, /mute, /unmute, /stats,\n"
                + "/quit).\n\n"
                + "Options:\n"
                + LongOptions.describe(OPTIONS)
                + "\nExit status: 0 the room was closed (/quit, SIGTERM, Ctrl-C); 1 the server\n"
                + "could not run (the port is taken, for example) or failed while running; 2 bad\n"
                + "options.\n";
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
