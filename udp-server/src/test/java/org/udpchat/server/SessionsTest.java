package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.EndReason;
import org.udpchat.codec.ResumptionSecret;

/**
 * A session made here for another node's session is found again by the old session's token, with the old
 * session's secret only, while it lives.
 */
class SessionsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long OLD_TOKEN = 0x0ddL;

    private final Sessions sessions =
            new Sessions(RANDOM, Duration.ofSeconds(30), InstantSource.fixed(Instant.ofEpochMilli(1_000)));
    private final ResumptionSecret oldSecret = ResumptionSecret.random(RANDOM);
    private final Member dan = Member.ofSession(
            "dan", "dan", new InetSocketAddress("127.0.0.1", 4000), 0, new Session(7, null, ResumptionSecret.NONE));

    @Test
    void aSessionMadeForAnotherNodesIsFoundByTheOldTokenAndSecret() {
        sessions.open(dan);
        sessions.madeFor(OLD_TOKEN, oldSecret, dan);

        assertSame(dan, sessions.madeFor(OLD_TOKEN, oldSecret));
        assertNull(sessions.madeFor(OLD_TOKEN, ResumptionSecret.random(RANDOM)), "another secret");
        assertNull(sessions.madeFor(OLD_TOKEN + 1, oldSecret), "another token");
    }

    @Test
    void itIsNotFoundOnceItEnded() {
        sessions.open(dan);
        sessions.madeFor(OLD_TOKEN, oldSecret, dan);

        sessions.end(dan, EndReason.QUIT);

        assertNull(sessions.madeFor(OLD_TOKEN, oldSecret));
    }
}
