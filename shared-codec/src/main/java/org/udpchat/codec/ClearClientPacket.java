package org.udpchat.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a native client sends in clear, before a session has keys: the cookie round trip and the first
 * message of the Noise handshake. Everything after it is a sealed {@link NativeClientPacket}. Layouts are
 * in {@link NativeCodec}.
 */
public sealed interface ClearClientPacket extends Packet permits ClearClientPacket.Hello, ClearClientPacket.Init {

    /**
     * Asks for a cookie. {@code nonce} is the client's, echoed in the answer, so that an answer it did not
     * ask for is known as such. Padded with zeros to {@code size} bytes, at least
     * {@link NativeCodec#HELLO_BYTES}, so that the server's answer is never larger than the question.
     */
    record Hello(long nonce, int size) implements ClearClientPacket {
        public Hello {
            requireSize(size, NativeCodec.HELLO_BYTES, "hello");
        }
    }

    /**
     * Starts the handshake: echoes the server's {@code cookie} (so the server does no key agreement for an
     * address that has not proven it receives), with the client's {@code nonce} and the first Noise
     * message ({@code handshake}: the client's ephemeral public key, {@value NativeCodec#NOISE_FIRST_BYTES}
     * bytes). Padded with zeros to {@code size} bytes, at least {@link NativeCodec#INIT_BYTES}, so that the
     * server's reply is never larger than it.
     */
    record Init(Cookie cookie, long nonce, byte[] handshake, int size) implements ClearClientPacket {
        public Init {
            Objects.requireNonNull(cookie, "cookie == null");
            Objects.requireNonNull(handshake, "handshake == null");
            if (handshake.length != NativeCodec.NOISE_FIRST_BYTES) {
                throw new IllegalArgumentException("the first handshake message is " + NativeCodec.NOISE_FIRST_BYTES
                        + " bytes, not " + handshake.length);
            }
            handshake = handshake.clone();
            requireSize(size, NativeCodec.INIT_BYTES, "init");
        }

        /** The smallest init. */
        public Init(Cookie cookie, long nonce, byte[] handshake) {
            this(cookie, nonce, handshake, NativeCodec.INIT_BYTES);
        }

        @Override
        public byte[] handshake() {
            return handshake.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Init that
                    && cookie.equals(that.cookie)
                    && nonce == that.nonce
                    && Arrays.equals(handshake, that.handshake)
                    && size == that.size;
        }

        @Override
        public int hashCode() {
            return Objects.hash(cookie, nonce, Arrays.hashCode(handshake), size);
        }

        @Override
        public String toString() {
            return "Init[cookie=" + cookie + ", nonce=" + nonce + ", handshake="
                    + HexFormat.of().formatHex(handshake) + ", size=" + size + "]";
        }
    }

    private static void requireSize(int size, int least, String what) {
        if (size < least || size > Limits.MAX_NATIVE_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(
                    what + " size " + size + " is not in " + least + ".." + Limits.MAX_NATIVE_DATAGRAM_BYTES);
        }
    }
}
