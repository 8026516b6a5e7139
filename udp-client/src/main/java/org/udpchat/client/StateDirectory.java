package org.udpchat.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps what outlives a run (the line editor's history): {@code $XDG_STATE_HOME/udp-chat}
 * when that is set to an absolute path (as the XDG Base Directory specification asks), else
 * {@code ~/.local/state/udp-chat}. Computed from the environment and home it is given, so tests never touch
 * the real one.
 */
final class StateDirectory {

    static final String APPLICATION = "udp-chat";

    private StateDirectory() {}

    /** The state directory for {@code environment} and {@code home} (it may not exist yet). */
    static Path of(Map<String, String> environment, Path home) {
        String xdg = environment.getOrDefault("XDG_STATE_HOME", "");
        // The specification says a relative path is invalid and must be ignored.
        if (!xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, APPLICATION);
        }
        return home.resolve(".local").resolve("state").resolve(APPLICATION);
    }

    /** The line editor's history file in the state directory. */
    static Path historyFile(Map<String, String> environment, Path home) {
        return of(environment, home).resolve("history");
    }
}
