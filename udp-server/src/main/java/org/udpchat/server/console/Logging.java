package org.udpchat.server.console;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;
import org.udpchat.server.RoomLine;

/**
 * Applies {@code --log-level}, {@code --log-file} and {@code --transcript} on top of {@code
 * tinylog.properties}. tinylog freezes its configuration at the first log line, so this runs before anything
 * logs; when something already has (tests that start several servers in one JVM), the first configuration
 * stays. It also closes the log, last of all: tinylog's own shutdown hook is off ({@code autoshutdown =
 * false} in {@code tinylog.properties}), because it would close the file while the relay still logs its
 * goodbyes.
 *
 * <p>The log file and the transcript are tinylog rolling files, rolled the same way: a new file each day
 * and whenever one reaches {@value #ROLL_MEGABYTES} MB, the {@value #KEPT_FILES} newest older files kept
 * beside it (so a month of days, fewer when a day fills several files). The files are called {@code
 * NAME.DATE.N.EXT} after the path given ({@code server.log}: {@code server.2026-12-01.0.log}), and the path
 * itself is a hard link to the file being written, so {@code tail -F PATH} follows the rolls. The
 * transcript is a writer of its own, taking only the lines tagged {@value #TRANSCRIPT_TAG}, which the other
 * writers leave out. Each file is made readable by the server's user alone ({@link OwnerOnlyFiles}).
 */
final class Logging {

    private static final String FORMAT = "{date: yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {message}";

    /**
     * A transcript line is the message alone: {@link #transcriptLine} puts the time in, the time the relay
     * heard the line rather than the time tinylog wrote it, which a transcript that fell behind would get
     * wrong.
     */
    private static final String TRANSCRIPT_FORMAT = "{message}";

    /** The time of a transcript line, in the machine's zone as the log's: {@code 2026-12-01 13:02:11}. */
    private static final DateTimeFormatter TRANSCRIPT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    /** The tag of the transcript's lines: only the transcript's writer takes them. */
    static final String TRANSCRIPT_TAG = "transcript";

    /** A file is rolled at this size: small enough to open in an editor, big enough for a busy day's log. */
    static final int ROLL_MEGABYTES = 10;

    /** Older files kept: a month, when each day fits one file. */
    static final int KEPT_FILES = 30;

    private Logging() {}

    static void configure(String level, Optional<Path> file, Optional<Path> transcript) {
        if (Configuration.isFrozen()) {
            return;
        }
        properties(level, file, transcript).forEach(Configuration::set);
    }

    /** The properties {@link #configure} sets: what tinylog is told, so it can be tested without it. */
    static Map<String, String> properties(String level, Optional<Path> file, Optional<Path> transcript) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("writer.level", level);
        properties.put("writer.tag", "-"); // the log on stderr: untagged lines only, never the transcript's
        file.ifPresent(path -> {
            rolling(properties, "writer2", path);
            properties.put("writer2.level", level);
            properties.put("writer2.tag", "-");
            properties.put("writer2.format", FORMAT);
        });
        transcript.ifPresent(path -> {
            rolling(properties, "writer3", path);
            properties.put("writer3.level", "info"); // whatever --log-level says: the rooms are not the log
            properties.put("writer3.tag", TRANSCRIPT_TAG);
            properties.put("writer3.format", TRANSCRIPT_FORMAT);
        });
        return properties;
    }

    private static void rolling(Map<String, String> properties, String writer, Path path) {
        properties.put(writer, "rolling file");
        properties.put(writer + ".file", rolledName(path).toString());
        properties.put(writer + ".latest", path.toString());
        properties.put(writer + ".policies", "daily, size: " + ROLL_MEGABYTES + "mb");
        properties.put(writer + ".backups", Integer.toString(KEPT_FILES));
        properties.put(writer + ".charset", "UTF-8");
        properties.put(writer + ".convert", OwnerOnlyFiles.class.getName()); // each file 0600, as it is made
    }

    /**
     * The pattern of the files rolled from {@code path}: {@code dir/server.log} gives {@code
     * dir/server.{date:yyyy-MM-dd}.{count}.log}; a name without an extension gets the date and count at its
     * end.
     */
    static Path rolledName(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String rolled = dot > 0
                ? name.substring(0, dot) + ".{date:yyyy-MM-dd}.{count}" + name.substring(dot)
                : name + ".{date:yyyy-MM-dd}.{count}";
        return path.resolveSibling(rolled);
    }

    /**
     * A transcript line: when the relay heard it, then the line as {@code /watch} shows it ({@code [room] bob :
     * hi}; in a cluster, a line said names its speaker's node: {@code [room] (10.0.0.2:5701) bob : hi}).
     */
    static String transcriptLine(RoomLine line) {
        return transcriptLine(line.at(), line.describe());
    }

    /** A line of the transcript's own (what it missed), said at {@code at}. */
    static String transcriptLine(Instant at, String text) {
        return TRANSCRIPT_TIME.format(at) + " " + text;
    }

    /** Where the transcript's lines go: to the transcript's writer alone. */
    static TaggedLogger transcript() {
        return Logger.tag(TRANSCRIPT_TAG);
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
