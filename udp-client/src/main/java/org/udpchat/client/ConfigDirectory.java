package org.udpchat.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps what the user decided and would miss (the servers' keys it trusts):
 * {@code $XDG_CONFIG_HOME/udp-chat} when that is set to an absolute path (as the XDG Base Directory
 * specification asks), else {@code ~/.config/udp-chat}. Computed from the environment and home it is given,
 * as {@link StateDirectory} is, so tests never touch the real one. Keys are configuration, not state: losing
 * them silently turns the next connection into a first contact, which is what trust on first use must avoid.
 */
final class ConfigDirectory {

    private ConfigDirectory() {}

    /** The configuration directory for {@code environment} and {@code home} (it may not exist yet). */
    static Path of(Map<String, String> environment, Path home) {
        String xdg = environment.getOrDefault("XDG_CONFIG_HOME", "");
        // The specification says a relative path is invalid and must be ignored.
        if (!xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, StateDirectory.APPLICATION);
        }
        return home.resolve(".config").resolve(StateDirectory.APPLICATION);
    }

    /** The servers' remembered keys ({@link KnownServers}) in the configuration directory. */
    static Path knownServersFile(Map<String, String> environment, Path home) {
        return of(environment, home).resolve(KnownServers.FILE_NAME);
    }
}
