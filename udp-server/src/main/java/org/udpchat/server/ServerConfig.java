package org.udpchat.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

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
        Optional<Path> stateDirectory) {

    public static final int DEFAULT_PORT = 8888;
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
        return new ServerConfig(
                bindAddress,
                port,
                newLanguage,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory);
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
        return new ServerConfig(
                bindAddress,
                port,
                language,
                newLimits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory);
    }

    public ServerConfig withBindAddress(Optional<InetAddress> newBindAddress) {
        return new ServerConfig(
                newBindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory);
    }

    public ServerConfig withSessionTimeout(Duration newSessionTimeout) {
        return new ServerConfig(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                newSessionTimeout,
                classicIdleTimeout,
                safeguards,
                stateDirectory);
    }

    public ServerConfig withClassicIdleTimeout(Duration newClassicIdleTimeout) {
        return new ServerConfig(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                newClassicIdleTimeout,
                safeguards,
                stateDirectory);
    }

    public ServerConfig withSafeguards(Safeguards newSafeguards) {
        return new ServerConfig(
                bindAddress,
                port,
                language,
                limits,
                logLevel,
                logFile,
                sessionTimeout,
                classicIdleTimeout,
                newSafeguards,
                stateDirectory);
    }

    /** Bans and mutes kept in {@code newStateDirectory}, or in memory only when it is empty. */
    public ServerConfig withStateDirectory(Optional<Path> newStateDirectory) {
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
                newStateDirectory);
    }
}
