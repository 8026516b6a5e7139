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

    /**
     * {@code printed} without the line that says a server's key was met for the first time (every test's
     * server has a new key): what a test that compares all of stderr compares.
     */
    static String withoutFirstContact(String printed) {
        return printed.lines()
                .filter(line -> !line.startsWith("first contact with ") && !line.startsWith("首次连接 "))
                .map(line -> line + "\n")
                .collect(java.util.stream.Collectors.joining());
    }

    void type(String line) {
        keyboard.type(line);
    }

    int awaitStatus() throws Exception {
        return status.get(EXIT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
