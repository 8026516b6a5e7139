package org.udpchat.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything the command line decides, parsed once.
 *
 * @param bindAddress the address to listen on; empty means every interface, IPv4 and IPv6
 * @param port the UDP port; 0 lets the system pick a free one
 * @param language the language of the texts the server writes, {@code zh} or {@code en}
 * @param maxMembers how many members the room holds at most
 * @param logLevel tinylog's level for the console (and the log file)
 * @param logFile a file that receives the log too, if any
 */
public record ServerConfig(
        Optional<InetAddress> bindAddress,
        int port,
        Locale language,
        int maxMembers,
        String logLevel,
        Optional<Path> logFile) {

    public static final int DEFAULT_PORT = 8888;
    public static final int DEFAULT_MAX_MEMBERS = 1000;
    public static final String DEFAULT_LOG_LEVEL = "info";

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        if (maxMembers < 1) {
            throw new IllegalArgumentException("maxMembers " + maxMembers + " < 1");
        }
    }

    /** The defaults, listening on {@code address} at {@code port}: what tests start. */
    public static ServerConfig listeningOn(InetAddress address, int port) {
        return new ServerConfig(
                Optional.of(address), port, Locale.CHINESE, DEFAULT_MAX_MEMBERS, DEFAULT_LOG_LEVEL, Optional.empty());
    }

    public ServerConfig withLanguage(Locale newLanguage) {
        return new ServerConfig(bindAddress, port, newLanguage, maxMembers, logLevel, logFile);
    }

    public ServerConfig withMaxMembers(int newMaxMembers) {
        return new ServerConfig(bindAddress, port, language, newMaxMembers, logLevel, logFile);
    }
}
