package org.udpchat.client;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.udpchat.codec.HostPort;

/**
 * Everything the command line decides, parsed once.
 *
 * @param server where the chat room is
 * @param name the name to join under; empty means ask (or read the first input line)
 * @param language the language of the client's own texts, {@code zh} or {@code en}
 * @param joinTimeout how long joining keeps retrying before it reports that no server answered
 * @param legacy whether to speak the classic text protocol (to a classic server) instead of the native one
 * @param room the room to start in; empty for the server's default (the lobby)
 */
public record ClientConfig(
        HostPort server,
        Optional<String> name,
        Locale language,
        Duration joinTimeout,
        boolean legacy,
        Optional<String> room) {

    public static final HostPort DEFAULT_SERVER = new HostPort("127.0.0.1", 8888);
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(5);

    public ClientConfig {
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new IllegalArgumentException("joinTimeout " + joinTimeout + " is not positive");
        }
        if (room == null) {
            throw new NullPointerException("room == null");
        }
    }
}
