package org.udpchat.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.udpchat.server.cluster.ClusterOptions;

/**
 * Everything the command line decides, parsed once.
 *
 * @param bindAddress the address to listen on; empty means every interface, IPv4 and IPv6
 * @param port the UDP port; 0 lets the system pick a free one
 * @param language the language of the texts the server writes, {@code zh} or {@code en}
 * @param limits how many members and rooms the server holds at most
 * @param logLevel tinylog's level for the console (and the log file)
 * @param logFile a file that receives the log too, if any
 * @param sessionTimeout how long a native session may stay silent before it expires
 * @param classicIdleTimeout how long a classic member may stay silent before it is let go; zero for ever
 * @param safeguards who may speak classic text, how fast members may speak, how far they may fall behind
 * @param stateDirectory where the bans and mutes are kept across restarts ({@link StateDirectory}); empty
 *     keeps them in memory only, as tests and benchmarks that start many servers do
 * @param historyLines how many recent lines each room keeps, in memory, to catch up native members that
 *     missed them (and how many unacknowledged private messages an expired session keeps); 0 keeps none
 * @param maxHandshakesPerIp how many encrypted handshakes one address may begin in a second; 0 for no
 *     limit (benchmarks that run every client from one loopback address lift it, as the other per-address
 *     limits)
 * @param maxHandshakes how many encrypted handshakes the server begins in a second, from all addresses
 *     together; 0 for no limit
 * @param cluster the cluster this server is a node of; empty for a single server, which starts nothing of a
 *     cluster
 */
public record ServerConfig(
        Optional<InetAddress> bindAddress,
        int port,
        Locale language,
        RoomLimits limits,
        String logLevel,
        Optional<Path> logFile,
        Duration sessionTimeout,
        Duration classicIdleTimeout,
        Safeguards safeguards,
        Optional<Path> stateDirectory,
        int historyLines,
        int maxHandshakesPerIp,
        Optional<ClusterOptions> cluster,
        int maxHandshakes) {

    public static final int DEFAULT_PORT = 8888;

    /**
     * A person's client makes one handshake when it joins and one more at each resumption; twenty a second
     * leaves room for a classroom behind one NAT starting together, while a flood from one address costs the
     * server at most twenty handshakes' X25519 work a second (a few milliseconds of a core, at ~94 µs an
     * X25519 operation as measured for issue 14).
     */
    public static final int DEFAULT_MAX_HANDSHAKES_PER_IP = 20;

    /**
     * Handshakes a second for all addresses together: about a third of a core of key agreement at the 0.52–0.65
     * ms an answered INIT was measured to cost (see README, *Handshake floods*), whoever floods and from however
     * many addresses; half a second's worth is kept for addresses that have not shaken hands lately.
     */
    public static final int DEFAULT_MAX_HANDSHAKES = 500;

    /** A screenful or four: enough to pick a conversation up again, little memory (see README's *History*). */
    public static final int DEFAULT_HISTORY_LINES = 200;

    /**
     * The most lines a room may keep: at about 1 KB a line at worst, 10,000 lines in each of the default 100
     * rooms is a gigabyte, which is already more than a chat server should spend on the past.
     */
    public static final int MAX_HISTORY_LINES = 10_000;

    public static final String DEFAULT_LOG_LEVEL = "info";

    /** Three missed heartbeats: a client pings every 10 s when it has nothing else to say. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The shortest session timeout the command line takes: longer than an idle client's 10 s between
     * heartbeats, with room for the probes that follow one that went unanswered.
     */
    public static final Duration LEAST_SESSION_TIMEOUT = Duration.ofSeconds(15);

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        if (limits == null) {
            throw new NullPointerException("limits == null");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("sessionTimeout " + sessionTimeout + " is not positive");
        }
        if (classicIdleTimeout.isNegative()) {
            throw new IllegalArgumentException("classicIdleTimeout " + classicIdleTimeout + " is negative");
        }
        if (safeguards == null) {
            throw new NullPointerException("safeguards == null");
        }
        if (stateDirectory == null) {
            throw new NullPointerException("stateDirectory == null");
        }
        if (historyLines < 0 || historyLines > MAX_HISTORY_LINES) {
            throw new IllegalArgumentException("historyLines " + historyLines + " is not in 0.." + MAX_HISTORY_LINES);
        }
        if (maxHandshakesPerIp < 0) {
            throw new IllegalArgumentException("maxHandshakesPerIp " + maxHandshakesPerIp + " is negative");
        }
        if (cluster == null) {
            throw new NullPointerException("cluster == null");
        }
        if (maxHandshakes < 0) {
            throw new IllegalArgumentException("maxHandshakes " + maxHandshakes + " is negative");
        }
    }

    /** The server's default handshake budget (see {@link #DEFAULT_MAX_HANDSHAKES}). */
    public ServerConfig(
            Optional<InetAddress> bindAddress,
            int port,
            Locale language,
            RoomLimits limits,
            String logLevel,
            Optional<Path> logFile,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            Safeguards safeguards,
            Optional<Path> stateDirectory,
            int historyLines,
            int maxHandshakesPerIp,
            Optional<ClusterOptions> cluster) {
        this(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory,
                historyLines,
                maxHandshakesPerIp,
                cluster,
                DEFAULT_MAX_HANDSHAKES);
    }

    /** A single server (no cluster). */
    public ServerConfig(
            Optional<InetAddress> bindAddress,
            int port,
            Locale language,
            RoomLimits limits,
            String logLevel,
            Optional<Path> logFile,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            Safeguards safeguards,
            Optional<Path> stateDirectory,
            int historyLines,
            int maxHandshakesPerIp) {
        this(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory,
                historyLines,
                maxHandshakesPerIp,
                Optional.empty());
    }

    /**
     * Everything but the handshake rate, which is then {@value #DEFAULT_MAX_HANDSHAKES_PER_IP} a second from
     * one address.
     */
    public ServerConfig(
            Optional<InetAddress> bindAddress,
            int port,
            Locale language,
            RoomLimits limits,
            String logLevel,
            Optional<Path> logFile,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            Safeguards safeguards,
            Optional<Path> stateDirectory,
            int historyLines) {
        this(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory,
                historyLines,
                DEFAULT_MAX_HANDSHAKES_PER_IP);
    }

    /** Everything but the history, which is then {@value #DEFAULT_HISTORY_LINES} lines a room. */
    public ServerConfig(
            Optional<InetAddress> bindAddress,
            int port,
            Locale language,
            RoomLimits limits,
            String logLevel,
            Optional<Path> logFile,
            Duration sessionTimeout,
            Duration classicIdleTimeout,
            Safeguards safeguards,
            Optional<Path> stateDirectory) {
        this(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory,
                DEFAULT_HISTORY_LINES);
    }

    /** Rooms that keep {@code lines} recent lines each (0: no history). */
    public ServerConfig withHistoryLines(int lines) {
        return copy(fields -> fields.historyLines = lines);
    }

    /**
     * The defaults, listening on {@code address} at {@code port}: what tests start. Its bans and mutes are
     * kept in memory only (the command line's default is {@link StateDirectory#defaultLocation}), so that
     * no test writes into the home directory of whoever runs it.
     */
    public static ServerConfig listeningOn(InetAddress address, int port) {
        return new ServerConfig(
                Optional.of(address),
                port,
                Locale.CHINESE,
                RoomLimits.DEFAULTS,
                DEFAULT_LOG_LEVEL,
                Optional.empty(),
                DEFAULT_SESSION_TIMEOUT,
                Duration.ZERO,
                Safeguards.DEFAULTS,
                Optional.empty());
    }

    public ServerConfig withLanguage(Locale newLanguage) {
        return copy(fields -> fields.language = newLanguage);
    }

    /** How many members the server holds at most, in all rooms together. */
    public int maxMembers() {
        return limits.maxMembers();
    }

    /** At most {@code newMaxMembers} on the server, the other limits as they are. */
    public ServerConfig withMaxMembers(int newMaxMembers) {
        return withLimits(new RoomLimits(newMaxMembers, limits.maxRoomMembers(), limits.maxRooms()));
    }

    public ServerConfig withLimits(RoomLimits newLimits) {
        return copy(fields -> fields.limits = newLimits);
    }

    public ServerConfig withBindAddress(Optional<InetAddress> newBindAddress) {
        return copy(fields -> fields.bindAddress = newBindAddress);
    }

    public ServerConfig withSessionTimeout(Duration newSessionTimeout) {
        return copy(fields -> fields.sessionTimeout = newSessionTimeout);
    }

    public ServerConfig withClassicIdleTimeout(Duration newClassicIdleTimeout) {
        return copy(fields -> fields.classicIdleTimeout = newClassicIdleTimeout);
    }

    public ServerConfig withSafeguards(Safeguards newSafeguards) {
        return copy(fields -> fields.safeguards = newSafeguards);
    }

    /** Bans and mutes kept in {@code newStateDirectory}, or in memory only when it is empty. */
    public ServerConfig withStateDirectory(Optional<Path> newStateDirectory) {
        return copy(fields -> fields.stateDirectory = newStateDirectory);
    }

    /** At most {@code perSecond} handshakes begun a second from one address (0: no limit). */
    public ServerConfig withMaxHandshakesPerIp(int perSecond) {
        return copy(fields -> fields.maxHandshakesPerIp = perSecond);
    }

    /** A node of the cluster {@code newCluster} describes, or a single server when it is empty. */
    public ServerConfig withCluster(Optional<ClusterOptions> newCluster) {
        return copy(fields -> fields.cluster = newCluster);
    }

    /** At most {@code perSecond} handshakes begun a second from all addresses together (0: no limit). */
    public ServerConfig withMaxHandshakes(int perSecond) {
        return copy(fields -> fields.maxHandshakes = perSecond);
    }

    /**
     * This configuration with what {@code change} sets changed: one place that lists every field, so that a field
     * added to the record is added to the {@code with...} methods once, here.
     */
    private ServerConfig copy(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return fields.toConfig();
    }

    /** A configuration's fields, to be changed one by one on the way to the next (immutable) configuration. */
    private static final class Fields {
        Optional<InetAddress> bindAddress;
        int port;
        Locale language;
        RoomLimits limits;
        String logLevel;
        Optional<Path> logFile;
        Duration sessionTimeout;
        Duration classicIdleTimeout;
        Safeguards safeguards;
        Optional<Path> stateDirectory;
        int historyLines;
        int maxHandshakesPerIp;
        Optional<ClusterOptions> cluster;
        int maxHandshakes;

        Fields(ServerConfig config) {
            bindAddress = config.bindAddress;
            port = config.port;
            language = config.language;
            limits = config.limits;
            logLevel = config.logLevel;
            logFile = config.logFile;
            sessionTimeout = config.sessionTimeout;
            classicIdleTimeout = config.classicIdleTimeout;
            safeguards = config.safeguards;
            stateDirectory = config.stateDirectory;
            historyLines = config.historyLines;
            maxHandshakesPerIp = config.maxHandshakesPerIp;
            cluster = config.cluster;
            maxHandshakes = config.maxHandshakes;
        }

        ServerConfig toConfig() {
            return new ServerConfig(
                    bindAddress,
                    port,
                    language,
                    limits,
                    logLevel,
                    logFile,
                    sessionTimeout,
                    classicIdleTimeout,
                    safeguards,
                    stateDirectory,
                    historyLines,
                    maxHandshakesPerIp,
                    cluster,
                    maxHandshakes);
        }
    }
}
