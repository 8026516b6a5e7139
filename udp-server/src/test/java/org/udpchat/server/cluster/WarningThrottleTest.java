package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A warning anything in the cluster can trigger: the first is logged, those within 10 s of it are counted. */
class WarningThrottleTest {

    @Test
    void theFirstWarningIsLoggedAndThoseRightAfterItAreHeldBack() {
        WarningThrottle throttle = new WarningThrottle();

        assertEquals(OptionalLong.of(0), throttle.allow());
        assertEquals(OptionalLong.empty(), throttle.allow());
        assertEquals(OptionalLong.empty(), throttle.allow());
    }
}
