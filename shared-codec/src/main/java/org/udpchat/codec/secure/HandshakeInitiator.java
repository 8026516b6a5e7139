package org.udpchat.codec.secure;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.noise.HandshakePattern;
import org.udpchat.codec.noise.HandshakeState;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * The client's side of the native handshake, {@code Noise_NX_25519_AESGCM_SHA256}: the client stays
 * anonymous, the server proves its static key. {@link #firstMessage} goes in the INIT (the same bytes on
 * every retry of one attempt); {@link #readReply} takes the REPLY's Noise message and gives the server's
 * static key, the session's token the server sealed in it, and the transport keys. A reply that fails
 * kills this initiator (Noise's rule): the caller starts a new attempt with a new one.
 */
public final class HandshakeInitiator {

    /** What the handshake gave: whom the client now talks to, under which token, with which keys. */
    public record Outcome(long token, byte[] serverKey, HandshakeState.Transport keys) {}

    private final HandshakeState state;
    private final byte[] firstMessage;

    public HandshakeInitiator(Supplier<NoiseKeyPair> ephemerals) {
        state = new HandshakeState(
                HandshakePattern.NX, HandshakeState.Role.INITIATOR, HandshakeResponder.PROLOGUE, null, ephemerals);
        try {
            firstMessage = state.writeMessage(new byte[0]);
        } catch (NoiseException e) {
            throw new IllegalStateException("a fresh NX initiator could not write its first message", e);
        }
    }

    /** Noise's first message: the ephemeral public key, {@value NativeCodec#NOISE_FIRST_BYTES} bytes. */
    public byte[] firstMessage() {
        return firstMessage.clone();
    }

    /**
     * Reads the server's second message.
     *
     * @throws NoiseException if it does not open (forged, altered, or answering another first message), or
     *     carries no token; this initiator is then dead
     */
    public Outcome readReply(byte[] secondMessage) throws NoiseException {
        byte[] payload = state.readMessage(secondMessage);
        if (payload.length != Long.BYTES) {
            throw new NoiseException(
                    NoiseException.Reason.UNEXPECTED_PAYLOAD,
                    "the reply's payload is " + payload.length + " bytes, not the 8 of a token");
        }
        long token = ByteBuffer.wrap(payload).getLong();
        if (token == 0) {
            throw new NoiseException(NoiseException.Reason.UNEXPECTED_PAYLOAD, "the reply's token is 0");
        }
        return new Outcome(token, state.remoteStaticKey(), state.split());
    }
}
