package org.udpchat.codec.secure;

import java.nio.ByteBuffer;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeCodec;

/**
 * The envelope every datagram of a native session travels in: a plain datagram ({@link NativeCodec})
 * sealed with AES-256-GCM under the session's key for its direction.
 *
 * <pre>
 *    0     1     2     3     4                          12                         20
 *  +-----+-----+-----+-----+----------------------------+--------------------------+---------------------+--------+
 *  | FF  | AC  | 02  | type|  token (8)                 |  counter (8)             | sealed plain datagram | tag 16 |
 *  +-----+-----+-----+-----+----------------------------+--------------------------+---------------------+--------+
 * </pre>
 *
 * <p>The type is {@value #FROM_CLIENT} from a client, {@value #FROM_SERVER} from the server. The token
 * routes the datagram to its session and proves nothing: anyone on the path reads it. The counter is the
 * AEAD nonce (Noise's 12-byte nonce: four zero bytes and the counter), never used twice in a direction:
 * its top 16 bits are the key's epoch, which rises by one each time the sender rotates its key, and its
 * low 48 bits count within the epoch. The first 20 bytes are the associated data, so changing any bit
 * of the datagram, header included, makes it fail to open.
 */
public final class SealedDatagram {

    public static final int FROM_CLIENT = 0x09;
    public static final int FROM_SERVER = 0x89;

    /** Preamble, token, counter: in clear, authenticated. */
    public static final int HEADER_BYTES = 20;

    public static final int TAG_BYTES = 16;

    /** What sealing adds to a plain datagram. */
    public static final int OVERHEAD = HEADER_BYTES + TAG_BYTES;

    /** The smallest plain datagram sealed: a 4-byte preamble. Nothing shorter can be a session's. */
    public static final int LEAST_BYTES = OVERHEAD + NativeCodec.PREAMBLE_BYTES;

    private SealedDatagram() {
        throw new AssertionError("constants and functions only");
    }

    static {
        if (Limits.MAX_NATIVE_DATAGRAM_BYTES + OVERHEAD != Limits.MAX_SEALED_DATAGRAM_BYTES) {
            throw new AssertionError("Limits disagree with the seal's overhead");
        }
    }

    /** Whether the buffer's remaining bytes are framed as a client's sealed datagram (not whether it opens). */
    public static boolean isFromClient(ByteBuffer datagram) {
        return isSealed(datagram, FROM_CLIENT);
    }

    /** Whether the buffer's remaining bytes are framed as the server's sealed datagram. */
    public static boolean isFromServer(ByteBuffer datagram) {
        return isSealed(datagram, FROM_SERVER);
    }

    /** The routing token of a sealed datagram in the buffer's remaining bytes; the buffer is not moved. */
    public static long token(ByteBuffer datagram) {
        return datagram.getLong(datagram.position() + 4);
    }

    /** The counter (the nonce) of a sealed datagram in the buffer's remaining bytes. */
    public static long counter(ByteBuffer datagram) {
        return datagram.getLong(datagram.position() + 12);
    }

    private static boolean isSealed(ByteBuffer datagram, int type) {
        int at = datagram.position();
        return datagram.remaining() >= LEAST_BYTES
                && datagram.remaining() <= Limits.MAX_SEALED_DATAGRAM_BYTES
                && datagram.get(at) == (byte) 0xFF
                && datagram.get(at + 1) == (byte) 0xAC
                && datagram.get(at + 2) == (byte) NativeCodec.VERSION
                && datagram.get(at + 3) == (byte) type;
    }
}
