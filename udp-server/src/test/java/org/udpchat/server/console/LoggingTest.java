package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.udpchat.server.RoomLine;

/**
 * What tinylog is told for {@code --log-level}, {@code --log-file} and {@code --transcript}: the rolling the
 * configuration builds (tinylog's own rolling is tinylog's to test).
 */
class LoggingTest {

    @Test
    void withoutFilesOnlyTheConsoleIsConfiguredAndItLeavesTheTranscriptOut() {
        assertEquals(
                Map.of("writer.level", "warn", "writer.tag", "-"),
                Logging.properties("warn", Optional.empty(), Optional.empty()));
    }

    @Test
    void theLogFileRollsDailyAndAtTenMegabytesKeepingThirtyFiles() {
        Map<String, String> properties =
                Logging.properties("debug", Optional.of(Path.of("/var/log/chat/server.log")), Optional.empty());

        assertEquals("rolling file", properties.get("writer2"));
        assertEquals("/var/log/chat/server.{date:yyyy-MM-dd}.{count}.log", properties.get("writer2.file"));
        assertEquals("/var/log/chat/server.log", properties.get("writer2.latest"));
        assertEquals("daily, size: 10mb", properties.get("writer2.policies"));
        assertEquals("30", properties.get("writer2.backups"));
        assertEquals("debug", properties.get("writer2.level"));
        assertEquals("-", properties.get("writer2.tag"), "the log file takes no transcript lines");
        assertEquals("UTF-8", properties.get("writer2.charset"));
    }

    @Test
    void theTranscriptIsAWriterOfItsOwnForTheTaggedLinesRolledAsTheLog() {
        Map<String, String> properties =
                Logging.properties("off", Optional.empty(), Optional.of(Path.of("/var/log/chat/rooms")));

        assertEquals("rolling file", properties.get("writer3"));
        assertEquals("/var/log/chat/rooms.{date:yyyy-MM-dd}.{count}", properties.get("writer3.file"));
        assertEquals("/var/log/chat/rooms", properties.get("writer3.latest"));
        assertEquals("daily, size: 10mb", properties.get("writer3.policies"));
        assertEquals("30", properties.get("writer3.backups"));
        assertEquals(Logging.TRANSCRIPT_TAG, properties.get("writer3.tag"));
        assertEquals("info", properties.get("writer3.level"), "the rooms are recorded whatever --log-level says");
        assertEquals("{message}", properties.get("writer3.format"), "the line's own time, not the writing's");
        assertEquals(null, properties.get("writer2"));
    }

    @Test
    void theRolledFilesAreNamedAfterThePathWithTheDateAndCountBeforeTheExtension() {
        assertEquals(Path.of("server.{date:yyyy-MM-dd}.{count}.log"), Logging.rolledName(Path.of("server.log")));
        assertEquals(Path.of("a/b.c/log.{date:yyyy-MM-dd}.{count}"), Logging.rolledName(Path.of("a/b.c/log")));
        assertEquals(Path.of(".log.{date:yyyy-MM-dd}.{count}"), Logging.rolledName(Path.of(".log")));
        assertEquals(
                Path.of("rooms.2026.{date:yyyy-MM-dd}.{count}.txt"), Logging.rolledName(Path.of("rooms.2026.txt")));
    }

    @Test
    void aTranscriptLineCarriesTheTimeTheRelayHeardIt() {
        Instant said = Instant.parse("2026-12-01T13:02:11.900Z");
        String time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.systemDefault())
                .format(said);

        assertEquals(
                time + " [games] bob : hi",
                Logging.transcriptLine(new RoomLine(said, Optional.of("games"), "bob : hi")));
        assertEquals(
                time + " [*] 管理员 : hello", Logging.transcriptLine(new RoomLine(said, Optional.empty(), "管理员 : hello")));
    }
}
