package org.udpchat.client;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.secure.Fingerprint;

/**
 * Everything the command line decides, parsed once.
 *
 * @param servers where the chat room is: one server, or the nodes of one cluster, tried in turn ({@link ServerList})
 * @param name the name to join under; empty means ask (or read the first input line)
 * @param language the language of the client's own texts, {@code zh} or {@code en}
 * @param joinTimeout how long joining keeps retrying before it reports that no server answered
 * @param legacy whether to speak the classic text protocol (to a classic server) instead of the native one
 * @param room the room to start in; empty for the server's default (the lobby)
 * @param timestamps whether lines show the local time they arrived at
 * @param serverKey the fingerprint the server's key must have ({@code --server-key}); empty to trust it on first
 *     use and remember it ({@link ServerTrust})
 */
public record ClientConfig(
        ServerList servers,
        Optional<String> name,
        Locale language,
        Duration joinTimeout,
        boolean legacy,
        Optional<String> room,
        Timestamps timestamps,
        Optional<Fingerprint> serverKey) {

    /** When lines show the local {@code HH:mm} they arrived at. */
    enum Timestamps {
        /** At a terminal, where a person reads back; not in a script's output, which stays as it was. */
        AT_A_TERMINAL,
        /** Always ({@code --timestamps}). */
        ALWAYS,
        /** Never ({@code --no-timestamps}). */
        NEVER;

        /** Whether lines show their time, at a terminal or not. */
        boolean shown(boolean atATerminal) {
            return this == ALWAYS || (this == AT_A_TERMINAL && atATerminal);
        }
    }

    public static final HostPort DEFAULT_SERVER = new HostPort("127.0.0.1", 8888);
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(5);

    public ClientConfig {
        if (servers == null) {
            throw new NullPointerException("servers == null");
        }
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new IllegalArgumentException("joinTimeout " + joinTimeout + " is not positive");
        }
        if (room == null) {
            throw new NullPointerException("room == null");
        }
        if (timestamps == null) {
            throw new NullPointerException("timestamps == null");
        }
        if (serverKey == null) {
            throw new NullPointerException("serverKey == null");
        }
    }
}
