package org.udpchat.server.console;

import java.nio.file.Path;
import java.util.Optional;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

/**
 * Applies {@code --log-level} and {@code --log-file} on top of {@code tinylog.properties}. tinylog freezes
 * its configuration at the first log line, so this runs before anything logs; when something already has
 * (tests that start several servers in one JVM), the first configuration stays. It also closes the log,
 * last of all: tinylog's own shutdown hook is off ({@code autoshutdown = false} in {@code
 * tinylog.properties}), because it would close the file while the relay still logs its goodbyes.
 */
final class Logging {

    private static final String FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {message}";

    private Logging() {}

    static void configure(String level, Optional<Path> file) {
        if (Configuration.isFrozen()) {
            return;
        }
        Configuration.set("writer.level", level);
        if (file.isPresent()) {
            Configuration.set("writer2", "file");
            Configuration.set("writer2.level", level);
            Configuration.set("writer2.file", file.get().toString());
            Configuration.set("writer2.charset", "UTF-8");
            Configuration.set("writer2.append", "true");
            Configuration.set("writer2.format", FORMAT);
        }
    }

    /**
     * Closes the log's writers: the last thing the process does, once nothing logs any more (the
     * shutdown hook, however the process ends).
     */
    static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
