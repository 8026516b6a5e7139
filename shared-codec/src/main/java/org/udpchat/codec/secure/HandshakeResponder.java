package org.udpchat.codec.secure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.udpchat.codec.noise.HandshakePattern;
import org.udpchat.codec.noise.HandshakeState;
import org.udpchat.codec.noise.NoiseException;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * The server's side of the native handshake, {@code Noise_NX_25519_AESGCM_SHA256}, as one function: the
 * client's first message in, the second message (proving the server's static key and carrying, sealed,
 * the token the session will be routed by) and the transport keys out. The server keeps nothing of a
 * handshake but the keys it answers with: its caller decides, after the cookie, whether to do this work.
 */
public final class HandshakeResponder {

    /**
     * Mixed into both sides' handshake hash, so that a handshake of this protocol and version can never be
     * taken for one of another.
     */
    public static final byte[] PROLOGUE = "udp-chat native protocol 2".getBytes(StandardCharsets.US_ASCII);

    /** The second message, and the server's transport keys. */
    public record Response(byte[] secondMessage, HandshakeState.Transport keys) {}

    private HandshakeResponder() {
        throw new AssertionError("a function only");
    }

    /**
     * Answers {@code firstMessage} as the holder of {@code serverKey}, telling the client {@code token}.
     *
     * @throws NoiseException if the first message is not an ephemeral key X25519 accepts, or carries a
     *     payload (NX's first message has none here)
     */
    public static Response respond(
            NoiseKeyPair serverKey, byte[] firstMessage, long token, Supplier<NoiseKeyPair> ephemerals)
            throws NoiseException {
        if (token == 0) {
            throw new IllegalArgumentException("token 0 names no session");
        }
        HandshakeState state =
                new HandshakeState(HandshakePattern.NX, HandshakeState.Role.RESPONDER, PROLOGUE, serverKey, ephemerals);
        byte[] payload = state.readMessage(firstMessage);
        if (payload.length != 0) {
            throw new NoiseException(
                    NoiseException.Reason.UNEXPECTED_PAYLOAD, "the first message carries " + payload.length + " bytes");
        }
        byte[] second = state.writeMessage(
                ByteBuffer.allocate(Long.BYTES).putLong(token).array());
        return new Response(second, state.split());
    }
}
