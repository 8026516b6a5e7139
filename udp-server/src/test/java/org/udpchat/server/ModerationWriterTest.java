package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: the newest snapshot reaches the file before close returns; a failure is told. */
class ModerationWriterTest {

    private static final InetAddress ADDRESS = IpLiteral.parse("192.0.2.7").orElseThrow();

    @TempDir
    Path dir;

    private final List<String> operator = new CopyOnWriteArrayList<>();

    private static ModerationSnapshot banUntilLifted(String imposed) {
        return new ModerationSnapshot(
                Map.of(ADDRESS, new Sanction(Optional.of(Instant.parse(imposed)), Optional.empty())), Map.of());
    }

    @Test
    void theLastSnapshotKeptIsOnDiskWhenCloseReturns() throws Exception {
        Path file = dir.resolve(StateDirectory.MODERATION_FILE);
        ModerationWriter writer = new ModerationWriter(file, operator::add);
        for (int minute = 10; minute < 60; minute++) {
            writer.keep(banUntilLifted("2026-12-01T10:" + minute + ":00Z"));
        }
        assertTrue(writer.finish());

        assertEquals(banUntilLifted("2026-12-01T10:59:00Z"), ModerationFile.load(file, 0));
        assertEquals(List.of(), operator);
    }

    @Test
    void aFailedWriteIsToldToTheOperator() {
        Path file = dir.resolve("gone").resolve(StateDirectory.MODERATION_FILE); // no such directory
        ModerationWriter writer = new ModerationWriter(file, operator::add);
        writer.keep(ModerationSnapshot.EMPTY);

        assertFalse(writer.finish(), "a snapshot that never reached the disk is reported lost");
        assertEquals(2, operator.size(), operator.toString()); // the write, and the one more try at the end
        assertTrue(operator.get(0).startsWith("could not save the bans and mutes to " + file + " ("), operator.get(0));
        assertTrue(
                operator.get(0).endsWith("); they hold until the server stops, and the next change tries again"),
                operator.get(0));
    }

    @Test
    void aFailedWriteIsTriedOnceMoreAtTheEnd() throws Exception {
        Path gone = dir.resolve("gone");
        Path file = gone.resolve(StateDirectory.MODERATION_FILE);
        ModerationWriter writer = new ModerationWriter(file, line -> {
            try {
                Files.createDirectory(gone); // the operator mends it when told
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        writer.keep(banUntilLifted("2026-12-01T10:00:00Z"));

        assertTrue(writer.finish());
        assertEquals(banUntilLifted("2026-12-01T10:00:00Z"), ModerationFile.load(file, 0));
    }
}
