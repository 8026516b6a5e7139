package org.udpchat.codec.noise;

/**
 * A Noise message that cannot be sealed or opened, or a handshake step taken out of order. The message
 * says exactly what was wrong, for a log line; the reason lets a caller count failures by kind and decide
 * what survives: after a {@link Reason#BAD_TAG} on a transport message the {@link CipherState} is as it
 * was, while any failure inside a handshake kills it (Noise, section 5: "If a decryption error occurs the
 * handshake has failed").
 */
public final class NoiseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a Noise operation was refused, one value per check. */
    public enum Reason {
        /** The AEAD tag did not verify: the bytes were changed, or sealed under another key, nonce or AD. */
        BAD_TAG,
        /** Shorter than its pattern needs (a key or a tag is cut off). */
        TOO_SHORT,
        /** Over Noise's 65,535-byte message limit. */
        TOO_LARGE,
        /** The nonce reached 2^64-1, which Noise reserves: the key must not be used again. */
        NONCE_EXHAUSTED,
        /** A public key from the peer that X25519 refuses (one of small order, giving an all-zero secret). */
        BAD_PUBLIC_KEY,
        /** Writing when the pattern expects a read, or reading when it expects a write. */
        WRONG_TURN,
        /** A handshake message after the handshake finished (a replay, or a duplicate). */
        HANDSHAKE_FINISHED,
        /** Transport keys asked for before the handshake finished. */
        HANDSHAKE_NOT_FINISHED,
        /** Any step after an earlier failure: a failed handshake is dead and must be started again. */
        HANDSHAKE_FAILED,
        /** A handshake message whose payload is not what the protocol on top of Noise puts there. */
        UNEXPECTED_PAYLOAD
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
