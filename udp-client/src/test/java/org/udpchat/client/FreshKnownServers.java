package org.udpchat.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code known_servers} of its own for a client a test runs in this process, under {@code target/}: never
 * the user's file, and never one another test's server (a new key on a port an earlier one had) shares.
 */
final class FreshKnownServers {

    private static final Path ROOT = Path.of("target", "known-servers");

    private FreshKnownServers() {}

    static KnownServers make() {
        Path directory = directory();
        return new KnownServers(directory.resolve("known_servers"), directory);
    }

    /** A new, empty directory: {@code XDG_CONFIG_HOME} for a client a test runs as a process. */
    static Path directory() {
        try {
            Files.createDirectories(ROOT);
            return Files.createTempDirectory(ROOT, "client").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("no directory for a test's known_servers", e);
        }
    }
}
