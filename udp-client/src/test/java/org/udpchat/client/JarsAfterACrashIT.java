package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The jars as a user runs them ({@link RunningJars}) when a process dies without a goodbye: what the others
 * notice takes a session's timeout or a client's unanswered heartbeat, so these tests mostly wait, and wait
 * at once: each has its own server, port and state directory.
 */
@Timeout(90)
@Execution(ExecutionMode.CONCURRENT)
class JarsAfterACrashIT extends RunningJars {

    /** A client of this server under {@code name}, once it is in the lobby. */
    private Program joined(String name) throws Exception {
        Program program = client("--name", name);
        program.out.awaitLine("您已进入房间 lobby", STARTING);
        return program;
    }

    @Test
    void aClientKilledWithoutQuittingTimesOutOfTheRoom() throws Exception {
        Program alice = joined("alice");
        Program bob = joined("bob");

        bob.process.destroyForcibly(); // SIGKILL: no quit, no goodbye

        // the server was started with --session-timeout 15 (the least it takes); a margin for a loaded machine
        alice.out.awaitLine("bob 长时间无响应，已离开聊天室", Duration.ofSeconds(25));
    }

    @Test
    void aRestartedServerGetsItsClientsBackUnderTheirNames() throws Exception {
        Program alice = joined("alice");
        Program bob = joined("bob");

        server.process.destroyForcibly(); // a crash: no goodbye
        assertTrue(server.process.waitFor(10, TimeUnit.SECONDS));
        server = startServer(String.valueOf(port));
        assertEquals(port, listeningPort(server));

        // idle: the next heartbeat (within 10 s) goes unanswered for 6 s, then a rejoin
        Duration reconnecting = Duration.ofSeconds(40);
        alice.err.awaitLine("已重新连接，仍是 alice", reconnecting);
        bob.err.awaitLine("已重新连接，仍是 bob", reconnecting);
        alice.type("又见面了");
        bob.out.awaitLine("alice : 又见面了", Duration.ofSeconds(10));
        assertTrue(alice.err.lines().contains("与服务器失去联系，正在重新连接…"), alice.err.text());
    }
}
