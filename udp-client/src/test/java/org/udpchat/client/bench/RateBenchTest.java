package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;

/** The fixed-rate mode's command line: its defaults and what it refuses before starting anything. */
class RateBenchTest {

    @Test
    void defaultsToFiftyMembersFiveSendersTenSecondsAfterFive() throws Exception {
        RateBench.Pace pace = RateBench.pace(parse("--rate", "100000"));

        assertEquals(new RateBench.Pace(100_000, 50, 5, Duration.ofSeconds(5), Duration.ofSeconds(10)), pace);
    }

    @Test
    void takesTheRoomShapeAndTimes() throws Exception {
        RateBench.Pace pace = RateBench.pace(
                parse("--rate", "100000", "--members", "1000", "--senders", "10", "--seconds", "20", "--warm-up", "0"));

        assertEquals(new RateBench.Pace(100_000, 1000, 10, Duration.ZERO, Duration.ofSeconds(20)), pace);
    }

    @Test
    void refusesNoRate() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> RateBench.pace(parse("--rate", "0")));
        assertTrue(refused.getMessage().contains("--rate"), refused.getMessage());
    }

    @Test
    void refusesMoreSendersThanMembers() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> RateBench.pace(parse("--rate", "1000", "--members", "4", "--senders", "5")));
        assertTrue(refused.getMessage().contains("--senders"), refused.getMessage());
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> RateBench.pace(parse("--rate", "1000", "--seconds", "0")));
    }

    @Test
    void refusesAWordForANumber() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> RateBench.pace(parse("--rate", "lots")));
        assertEquals("--rate takes a whole number, not 'lots'", refused.getMessage());
    }

    private static CommandLine parse(String... args) throws ParseException {
        return new DefaultParser().parse(Bench.OPTIONS, args);
    }
}
