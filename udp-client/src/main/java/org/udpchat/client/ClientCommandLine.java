package org.udpchat.client;

import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;

/** The client's command line: options in, a {@link ClientConfig} (or help, or a usage error) out. */
final class ClientCommandLine {

    private static final Options OPTIONS = new Options()
            .addOption(LongOptions.withArgument(
                    "server",
                    "HOST:PORT",
                    "the chat server (default " + ClientConfig.DEFAULT_SERVER + "; IPv6 as [::1]:8888)"))
            .addOption(LongOptions.withArgument(
                    "name", "NAME", "your name in the room (default: ask, or read the first input line)"))
            .addOption(LongOptions.withArgument("lang", "zh|en", "language of the client's own texts (default zh)"))
            .addOption(LongOptions.withArgument(
                    "room", "ROOM", "the room to start in (default " + RoomNames.LOBBY + "); /join moves later"))
            .addOption(LongOptions.flag(
                    "legacy", "speak the classic L/C/Q text protocol (for a classic server) instead of the native one"))
            .addOption(LongOptions.flag("help", "show this help and exit"))
            .addOption(LongOptions.flag("version", "show the version and exit"));

    /** What the command line asks for. */
    sealed interface Invocation permits Run, ShowHelp, ShowVersion {}

    record Run(ClientConfig config) implements Invocation {}

    record ShowHelp() implements Invocation {}

    record ShowVersion() implements Invocation {}

    /** A command line that cannot be followed; the message says why and what to do instead. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private ClientCommandLine() {}

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
        HostPort server = ClientConfig.DEFAULT_SERVER;
        if (line.hasOption("server")) {
            try {
                server = HostPort.parse(line.getOptionValue("server"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--server: " + e.getMessage());
            }
            if (server.port() == 0) {
                throw new UsageException("--server: port 0 is not a server's port");
            }
        }
        Optional<String> name = Optional.ofNullable(line.getOptionValue("name")).map(String::strip);
        Locale language = language(line.getOptionValue("lang", "zh"));
        Optional<String> room = Optional.ofNullable(line.getOptionValue("room")).map(String::strip);
        if (room.isPresent()) {
            Optional<Names.Problem> problem = RoomNames.check(room.get());
            if (problem.isPresent()) {
                throw new UsageException("--room: " + Untrusted.quote(room.get()) + " is not a room name: "
                        + RoomRules.describe(problem.get()));
            }
            if (line.hasOption("legacy") && !RoomNames.key(room.get()).equals(RoomNames.key(RoomNames.LOBBY))) {
                throw new UsageException("--room: a classic (--legacy) server has one room only");
            }
        }
        return new Run(new ClientConfig(
                server, name, language, ClientConfig.DEFAULT_JOIN_TIMEOUT, line.hasOption("legacy"), room));
    }

    /** The text {@code --help} prints: what the program does, every option, the commands, the exit statuses. */
    static String help() {
        return "Usage: java -jar udp-client.jar [options]\n\n"
                + "A console client for the UDP chat server. Type a line to send it to your room;\n"
                + "/quit (or end of input, or Ctrl-C) leaves; /help lists the commands (/join,\n"
                + "/rooms, /who, /msg, /me, /nick); start a line with // to send a message that\n"
                + "starts with /.\n\n"
                + "Options:\n"
                + LongOptions.describe(OPTIONS)
                + "\nExit status: 0 you left, or the server closed the room; 1 no server answered;\n"
                + "2 bad options, or the name was refused; 3 the administrator removed you.\n";
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
}
