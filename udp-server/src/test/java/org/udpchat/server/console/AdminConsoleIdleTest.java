package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code /list} shows how long a member has been silent: short enough for a column. */
class AdminConsoleIdleTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        "0, 0s",
        "999, 0s",
        "59000, 59s",
        "59999, 59s",
        "60000, 1m00s",
        "185000, 3m05s",
        "3599999, 59m59s",
        "3600000, 1h00m",
        "7620000, 2h07m",
        "7679999, 2h07m",
        "360000000, 100h00m"
    })
    void formatsIdleTimeInItsLargestTwoUnits(long millis, String shown) {
        assertEquals(shown, AdminConsole.idle(Duration.ofMillis(millis)));
    }
}
