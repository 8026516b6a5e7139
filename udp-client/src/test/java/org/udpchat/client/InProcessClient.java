package org.udpchat.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.udpchat.server.CapturedOutput;
import org.udpchat.server.Keyboard;

/** One client program run in-process, as a person runs it: its keyboard, its screen, its exit status. */
final class InProcessClient {

    /** How long a test waits for a client to end before it calls the client stuck. */
    static final Duration EXIT_DEADLINE = Duration.ofSeconds(20);

    final Keyboard keyboard = new Keyboard();
    final CapturedOutput out = new CapturedOutput();
    final CapturedOutput err = new CapturedOutput();
    final ClientMain program;
    final CompletableFuture<Integer> status;

    /** Starts {@code udp-client args}; {@code atATerminal} is whether it believes a person is typing. */
    InProcessClient(boolean atATerminal, String... args) {
        program = new ClientMain(keyboard.reader(), out.printStream(), err.printStream(), atATerminal)
                .knowing(FreshKnownServers.make());
        status = CompletableFuture.supplyAsync(() -> program.run(args));
    }

    void type(String line) {
        keyboard.type(line);
    }

    int awaitStatus() throws Exception {
        return status.get(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
