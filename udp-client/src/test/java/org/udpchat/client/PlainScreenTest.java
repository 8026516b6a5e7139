package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain mode: the lines as scripts read them, problems on stderr, a time only when asked. */
class PlainScreenTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private PlainScreen screen(Optional<Clock> timestamps) {
        return new PlainScreen(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                timestamps);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void everyKindButProblemsGoesToStdoutAsItIs() {
        PlainScreen screen = screen(Optional.empty());
        for (LineKind kind : LineKind.values()) {
            screen.show(kind, kind.name());
        }
        assertEquals("CHAT\nOWN_CHAT\nANNOUNCEMENT\nROOM_NOTICE\nPRIVATE\nNOTICE\nHISTORY\nPLAIN\n", out());
        assertEquals("PROBLEM\n", err());
    }

    @Test
    void withTimestampsEachLineStartsWithItsLocalTime() {
        PlainScreen screen =
                screen(Optional.of(Clock.fixed(Instant.parse("2026-12-01T09:05:00Z"), ZoneOffset.ofHours(8))));
        screen.say("bob : hi");
        screen.warn("message not sent");
        assertEquals("17:05 bob : hi\n", out());
        assertEquals("17:05 message not sent\n", err());
    }

    @Test
    void aHistoryLineKeepsItsOwnTimeAndGetsNoSecond() {
        PlainScreen screen =
                screen(Optional.of(Clock.fixed(Instant.parse("2026-12-01T09:05:00Z"), ZoneOffset.ofHours(8))));
        screen.show(LineKind.HISTORY, "[history] 16:58 bob : hi");
        assertEquals("[history] 16:58 bob : hi\n", out());
    }
}
