package org.udpchat.client;

import java.io.IOException;
import java.time.Duration;

/**
 * Joining through the servers of the list in turn: the attempt goes to the server the connection talks to
 * (the first of the list, at first), and while a server leaves it unanswered for the whole join timeout, to
 * the next, saying so on the screen (as connection news, on stderr: stdout is the room's). The first server
 * that answers decides: it lets us in, refuses the name, or is refused itself (a key we do not trust, another
 * version), and no other is asked. Only when every server has been silent is the join unanswered. With one
 * server it is the attempt itself.
 *
 * <p>Runs on the joining thread (the main thread), which alone moves the {@link ServerRotation}.
 */
final class JoinInTurn<S extends ChatSession> implements ClientMain.JoinAttempt<S> {

    private final ClientMain.JoinAttempt<S> attempt;
    private final ServerRotation servers;
    private final Duration timeout;
    private final Screen screen;
    private final Texts texts;

    /**
     * @param attempt one join at the server the connection talks to, for at most {@code timeout}
     * @param servers the servers to try, moved on to the next after each silent one
     */
    JoinInTurn(
            ClientMain.JoinAttempt<S> attempt, ServerRotation servers, Duration timeout, Screen screen, Texts texts) {
        this.attempt = attempt;
        this.servers = servers;
        this.timeout = timeout;
        this.screen = screen;
        this.texts = texts;
    }

    /**
     * Joins as {@code name}, starting at the current server (the one that answered last, when the user gives
     * another name after a refusal) and trying each server once.
     *
     * @return the first answer; or no answer, {@link JoinResult.NoAnswer#silent} when no server said anything
     */
    @Override
    public JoinResult<S> join(String name) throws IOException {
        boolean silent = true;
        for (int tried = 1; ; tried++) {
            JoinResult<S> result = attempt.join(name);
            if (!(result instanceof JoinResult.NoAnswer<S> noAnswer)) {
                return result;
            }
            silent &= noAnswer.silent();
            if (tried >= servers.size()) {
                return new JoinResult.NoAnswer<>(silent);
            }
            screen.warn(texts.get("join.nextServer", servers.current(), timeout.toSeconds(), servers.next()));
            servers.moveToNext();
        }
    }

    /** The longest a join may take: every server's timeout, one after the other. */
    Duration longest() {
        return timeout.multipliedBy(servers.size());
    }
}
