package org.udpchat.codec;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the server sends in clear: the answers of the handshake, each echoing the client's nonce, and the
 * word to a client of another version. Everything after them is a sealed {@link NativeServerPacket}.
 * Layouts are in {@link NativeCodec}.
 */
public sealed interface ClearServerPacket extends Packet
        permits ClearServerPacket.Challenge,
                ClearServerPacket.Reply,
                ClearServerPacket.Upgrade,
                ClearServerPacket.Unknown {

    /** The answer to a hello: a cookie to echo in the init, and the hello's {@code nonce}. */
    record Challenge(Cookie cookie, long nonce) implements ClearServerPacket {
        public Challenge {
            Objects.requireNonNull(cookie, "cookie == null");
        }
    }

    /**
     * The answer to an init: its {@code nonce}, and the second Noise message ({@code handshake}), which
     * proves the server's static key and carries, sealed, the token of the session to come.
     */
    record Reply(long nonce, byte[] handshake) implements ClearServerPacket {
        public Reply {
            Objects.requireNonNull(handshake, "handshake == null");
            if (handshake.length != NativeCodec.NOISE_SECOND_BYTES) {
                throw new IllegalArgumentException("the second handshake message is " + NativeCodec.NOISE_SECOND_BYTES
                        + " bytes, not " + handshake.length);
            }
            handshake = handshake.clone();
        }

        @Override
        public byte[] handshake() {
            return handshake.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Reply that && nonce == that.nonce && Arrays.equals(handshake, that.handshake);
        }

        @Override
        public int hashCode() {
            return Objects.hash(nonce, Arrays.hashCode(handshake));
        }

        @Override
        public String toString() {
            return "Reply[nonce=" + nonce + ", handshake=" + HexFormat.of().formatHex(handshake) + "]";
        }
    }

    /**
     * "This server speaks version {@code serverVersion}": the answer to a hello of a version it does not
     * speak, framed in the hello's own version ({@code framing}) and echoing its {@code nonce}. Its bytes are
     * a version 1 REFUSED with reason {@value NativeCodec#UPGRADE_REASON}, so a client of any version can
     * read it as far as its layout goes; it is smaller than any hello.
     */
    record Upgrade(int framing, long serverVersion, long nonce) implements ClearServerPacket {
        public Upgrade {
            if (framing < 1 || framing > 255) {
                throw new IllegalArgumentException("framing version " + framing + " is not a version byte");
            }
            FieldChecks.requireUnsigned32(serverVersion, "serverVersion");
        }
    }

    /**
     * "I know no session {@code token}": the answer to a sealed datagram whose token names no session the
     * server has keys for (it restarted, or forgot an ended one). In clear, so anyone on the path could
     * forge it: a client takes it only as a hint, asks again sealed, and starts a new handshake (never
     * ends) if no sealed answer comes. 12 bytes, smaller than any sealed datagram.
     */
    record Unknown(long token) implements ClearServerPacket {
        public Unknown {
            FieldChecks.requireToken(token);
        }
    }
}
