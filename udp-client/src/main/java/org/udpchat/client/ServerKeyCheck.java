package org.udpchat.client;

import java.util.Objects;
import org.udpchat.codec.HostPort;

/**
 * Whether to talk to the server that has just proven, in a handshake, that it holds a static key: the seam
 * between the {@link Handshake} (which learns the key) and whatever decides about it (the user's known
 * servers, a key pinned on the command line). Asked on every handshake, the first join's and every
 * reconnection's, before the LOGIN goes out: a server that is refused never sees the name. Called on the
 * thread that joins; implementations may block briefly (reading or writing a file) but never ask the user.
 */
@FunctionalInterface
interface ServerKeyCheck {

    /** Every key accepted: for tests of something else than the check. */
    ServerKeyCheck ACCEPT_ALL = (server, serverKey) -> Verdict.TRUSTED;

    /**
     * @param server the server as the user named it ({@code --server}), host and port, not as resolved
     * @param serverKey the server's static X25519 public key, 32 bytes (a copy the check may keep)
     */
    Verdict check(HostPort server, byte[] serverKey);

    /** The answer: go on, or stop with a text for the user and the status the program ends with. */
    sealed interface Verdict permits Trusted, Untrusted {
        Verdict TRUSTED = new Trusted();
    }

    /** Go on: the login may be sent. */
    record Trusted() implements Verdict {}

    /**
     * Do not join: {@code text} says why (shown as it is, on stderr or in the terminal's warning colour), and
     * the program ends with {@code status}.
     */
    record Untrusted(String text, ExitStatus status) implements Verdict {
        public Untrusted {
            Objects.requireNonNull(text, "text == null");
            Objects.requireNonNull(status, "status == null");
        }
    }
}
