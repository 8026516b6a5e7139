package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.runtime.RuntimeProvider;
import org.tinylog.writers.RollingFileWriter;

/**
 * The log's and the transcript's files are their owner's alone: tinylog's own rolling writer, configured as
 * {@link Logging} configures it, makes its file 0600 whatever the umask; a file that exists keeps its
 * permissions.
 */
class OwnerOnlyFilesTest {

    @TempDir
    Path directory;

    private static String permissions(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void theRollingWriterAsConfiguredMakesItsFileAndTheLinkToItForTheOwnerAlone() throws Exception {
        Path transcript = directory.resolve("rooms.log");
        Map<String, String> writer = new HashMap<>();
        Logging.properties("info", Optional.empty(), Optional.of(transcript)).forEach((key, value) -> {
            if (key.startsWith("writer3.")) {
                writer.put(key.substring("writer3.".length()), value);
            }
        });

        new RollingFileWriter(writer).close();

        try (var files = Files.list(directory)) {
            List<Path> made = files.sorted().toList();
            assertEquals(2, made.size(), made.toString()); // rooms.DATE.0.log and rooms.log, a link to it
            for (Path file : made) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
    }

    @Test
    void everyFileItRollsToIsTheOwnersAloneToo() throws Exception {
        Path log = directory.resolve("server.log");
        Map<String, String> writer = new HashMap<>();
        Logging.properties("info", Optional.of(log), Optional.empty()).forEach((key, value) -> {
            if (key.startsWith("writer2.")) {
                writer.put(key.substring("writer2.".length()), value);
            }
        });
        writer.put("policies", "size: 1kb"); // rolls as a day's end or ten megabytes do, sooner
        RollingFileWriter rolling = new RollingFileWriter(writer);
        String message = "x".repeat(600);
        for (int i = 0; i < 4; i++) {
            rolling.write(new LogEntry(
                    RuntimeProvider.createTimestamp(),
                    Thread.currentThread(),
                    Map.of(),
                    null,
                    null,
                    null,
                    0,
                    null,
                    Level.INFO,
                    message,
                    null));
        }
        rolling.close();

        try (var files = Files.list(directory)) {
            List<Path> made = files.sorted().toList();
            assertTrue(made.size() >= 3, "two rolls at least, and the link: " + made);
            for (Path file : made) {
                assertEquals("rw-------", permissions(file), file.toString());
            }
        }
    }

    @Test
    void aFileThatExistsKeepsItsPermissions() throws Exception {
        Path file = Files.createFile(
                directory.resolve("server.log"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        Files.writeString(file, "kept");

        new OwnerOnlyFiles().open(file.toString());

        assertEquals("rw-r-----", permissions(file));
        assertEquals("kept", Files.readString(file));
    }

    @Test
    void aFileThatCannotBeMadeIsLeftToTinylogToReport() {
        new OwnerOnlyFiles()
                .open(directory
                        .resolve("no such directory")
                        .resolve("server.log")
                        .toString());
    }
}
