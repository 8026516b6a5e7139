package org.udpchat.codec.secure;

/**
 * A datagram that cannot be opened, or a message that may not be sealed. The reason lets the caller count
 * drops by kind; the message says why, for a log line. A datagram that fails to open has changed nothing:
 * not the replay window, not the keys.
 */
public final class SealException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not framed as a sealed datagram of this direction, or too short to be one. */
        NOT_SEALED,
        /** The tag does not verify: altered, forged, or sealed under other keys. */
        BAD_TAG,
        /** A counter already opened, or older than the replay window reaches. */
        REPLAYED,
        /** Sealed under a key this side has rotated away from and no longer keeps. */
        OLD_KEY,
        /** Sealed under a key more rotations ahead than a sender can get without being heard. */
        KEY_TOO_FAR_AHEAD,
        /** Opened, but what it holds is not a well-formed plain datagram of the session. */
        MALFORMED_INSIDE,
        /** Every key epoch has been used: the session must start again with a new handshake. */
        EXHAUSTED
    }

    private final Reason reason;

    public SealException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SealException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
