package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which sessions a turn of the timers visits: only those due, each once, with precise deadlines kept exact
 * and coarse ones re-armed only when they come sooner.
 */
class SessionTimersTest {

    private final SessionTimers timers = new SessionTimers();
    private final Map<Member, Long> precise = new HashMap<>();
    private final Map<Member, Long> coarse = new HashMap<>();
    private final Member alice = member("alice", 1);
    private final Member bob = member("bob", 2);
    private final Member carol = member("carol", 3);

    private static Member member(String name, int port) {
        return Member.ofSession(
                name,
                name,
                new InetSocketAddress("127.0.0.1", port),
                0,
                new Session(port, null, org.udpchat.codec.ResumptionSecret.NONE));
    }

    private void arm() {
        timers.arm(
                member -> precise.getOrDefault(member, Long.MAX_VALUE),
                member -> coarse.getOrDefault(member, Long.MAX_VALUE));
    }

    @Test
    void visitsOnlyTheSessionsDueEachOnce() {
        precise.put(alice, 200L);
        coarse.put(alice, 150L);
        precise.put(bob, 5_000L);
        coarse.put(carol, 30_000L);
        timers.touch(alice);
        timers.touch(bob);
        timers.touch(carol);
        timers.touch(alice);
        arm();

        assertEquals(List.of(), timers.takeDue(149));
        assertEquals(List.of(alice), timers.takeDue(200));
        assertEquals(5_000, timers.nextWakeMillis());
    }

    @Test
    void wakesForCoarseDeadlinesOnTheirGrid() {
        coarse.put(alice, 30_001L);
        timers.touch(alice);
        arm();

        assertEquals(30_000 + SessionTimers.COARSE_SLACK_MILLIS, timers.nextWakeMillis());
        assertEquals(List.of(alice), timers.takeDue(30_001));
    }

    @Test
    void movesAPreciseDeadlineEitherWayButACoarseOneOnlySooner() {
        precise.put(alice, 1_000L);
        coarse.put(alice, 30_000L);
        timers.touch(alice);
        arm();

        precise.put(alice, 2_000L); // acknowledged, and something else sent
        coarse.put(alice, 40_000L); // heard from
        timers.touch(alice);
        arm();
        assertEquals(List.of(), timers.takeDue(1_999));
        assertEquals(List.of(alice), timers.takeDue(2_000));

        assertEquals(List.of(alice), timers.takeDue(30_000), "the coarse deadline stands until it passes");
        coarse.put(alice, 10_000L); // sooner: re-armed at once
        timers.touch(alice);
        arm();
        assertEquals(List.of(alice), timers.takeDue(10_000));
    }

    @Test
    void forgetsAnEndedSession() {
        precise.put(alice, 100L);
        coarse.put(alice, 30_000L);
        timers.touch(alice);
        arm();
        timers.touch(alice);

        timers.forget(alice);
        arm();

        assertEquals(Long.MAX_VALUE, timers.nextWakeMillis());
    }
}
