package org.udpchat.client;

import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.udpchat.codec.Names;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.codec.secure.Fingerprint;

/** The client's command line: options in, a {@link ClientConfig} (or help, or a usage error) out. */
final class ClientCommandLine {

    /** The options, described in English; parsing needs no descriptions, {@code --help} its language's. */
    private static final Options OPTIONS = options(Texts.of(Locale.ENGLISH));

    /** The options, each described in the language of {@code texts}. */
    private static Options options(Texts texts) {
        return new Options()
                .addOption(LongOptions.withArgument(
                        "server", "HOST:PORT,...", texts.get("option.server", ClientConfig.DEFAULT_SERVER)))
                .addOption(LongOptions.withArgument("name", "NAME", texts.get("option.name")))
                .addOption(LongOptions.withArgument("lang", "zh|en", texts.get("option.lang")))
                .addOption(LongOptions.withArgument("room", "ROOM", texts.get("option.room", RoomNames.LOBBY)))
                .addOption(LongOptions.withArgument("server-key", "FINGERPRINT", texts.get("option.serverKey")))
                .addOption(LongOptions.flag("legacy", texts.get("option.legacy")))
                .addOption(LongOptions.flag("timestamps", texts.get("option.timestamps")))
                .addOption(LongOptions.flag("no-timestamps", texts.get("option.noTimestamps")))
                .addOption(LongOptions.flag("help", texts.get("option.help")))
                .addOption(LongOptions.flag("version", texts.get("option.version")));
    }

    /** What the command line asks for. */
    sealed interface Invocation permits Run, ShowHelp, ShowVersion {}

    record Run(ClientConfig config) implements Invocation {}

    /** {@code --help}, in the language {@code --lang} chose (the default's without it). */
    record ShowHelp(Locale language) implements Invocation {}

    record ShowVersion() implements Invocation {}

    /** A command line that cannot be followed; the message says why and what to do instead. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The language of the client's own texts without {@code --lang}. */
    static final String DEFAULT_LANGUAGE = "zh";

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
        Locale language = language(line.getOptionValue("lang", DEFAULT_LANGUAGE));
        if (line.hasOption("help")) {
            return new ShowHelp(language);
        }
        if (line.hasOption("version")) {
            return new ShowVersion();
        }
        ServerList servers = ServerList.of(ClientConfig.DEFAULT_SERVER);
        if (line.hasOption("server")) {
            try {
                servers = ServerList.parse(line.getOptionValue("server"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--server: " + e.getMessage());
            }
        }
        Optional<String> name = Optional.ofNullable(line.getOptionValue("name")).map(String::strip);
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
        Optional<Fingerprint> serverKey = serverKey(line);
        if (line.hasOption("timestamps") && line.hasOption("no-timestamps")) {
            throw new UsageException("--timestamps and --no-timestamps: choose one");
        }
        ClientConfig.Timestamps timestamps = line.hasOption("timestamps")
                ? ClientConfig.Timestamps.ALWAYS
                : line.hasOption("no-timestamps")
                        ? ClientConfig.Timestamps.NEVER
                        : ClientConfig.Timestamps.AT_A_TERMINAL;
        return new Run(new ClientConfig(
                servers,
                name,
                language,
                ClientConfig.DEFAULT_JOIN_TIMEOUT,
                line.hasOption("legacy"),
                room,
                timestamps,
                serverKey));
    }

    /** {@code --server-key}: a fingerprint as the server prints it ({@code SHA256:} may be left out). */
    private static Optional<Fingerprint> serverKey(CommandLine line) throws UsageException {
        if (!line.hasOption("server-key")) {
            return Optional.empty();
        }
        String typed = line.getOptionValue("server-key");
        if (line.hasOption("legacy")) {
            throw new UsageException("--server-key: a classic (--legacy) server has no key to check");
        }
        Optional<Fingerprint> fingerprint = Fingerprint.parse(typed);
        if (fingerprint.isEmpty()) {
            throw new UsageException("--server-key: " + Untrusted.quote(typed)
                    + " is not a key fingerprint: expected SHA256: and 43 base64 characters, as the server"
                    + " prints it");
        }
        return fingerprint;
    }

    /**
     * The text {@code --help} prints in {@code language}: what the program does, every option, the
     * commands, the exit statuses.
     */
    static String help(Locale language) {
        Texts texts = Texts.of(language);
        return texts.get("commandLine.about") + "\n\n" + texts.get("commandLine.options") + "\n"
                + LongOptions.describe(options(texts))
                + "\n" + texts.get("commandLine.exit") + "\n";
    }

    /**
     * The language of the help shown after a usage error: {@code --lang}'s if it can be made out of
     * {@code args}, else the default's, since the command line as a whole did not parse.
     */
    static Locale helpLanguage(String... args) {
        Locale chosen = Locale.CHINESE; // DEFAULT_LANGUAGE
        for (int i = 0; i < args.length; i++) {
            String value = args[i].startsWith("--lang=")
                    ? args[i].substring("--lang=".length())
                    : args[i].equals("--lang") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null) {
                try {
                    chosen = language(value);
                } catch (UsageException notALanguage) {
                    // the default's, then
                }
            }
        }
        return chosen;
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
