package org.udpchat.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.udpchat.codec.LineId;

/**
 * The room log's append id of a line a member said with a line id ({@link LineId}): one 64-bit number made of the
 * speaker's name key and the client's id, the same on every node, so that a client whose node died and that says
 * the line again at another node finds it in the room's log and is not heard twice. Scoped by the name, so that a
 * client can only ever make a repeat of a line said under the name it holds now.
 *
 * <p>SHA-256 of a label, the key and the id, cut to 64 bits. No key is needed: the id is no secret (it travels
 * between nodes in clear, in the room log), and what matters is that no name can make another name's id for a
 * line, which would take a preimage of SHA-256's first 64 bits; nor an id of the lines that carry none (the
 * appending node's random counter, which no client sees). Relay thread only: the digest is reused.
 */
final class SaidLineIds {

    /** The append id of a line without an id: the appending node numbers it as it does its own events. */
    static final long NONE = 0;

    private static final byte[] LABEL = "udp-chat line id\0".getBytes(StandardCharsets.UTF_8);

    private final MessageDigest sha256;

    SaidLineIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The append id of line {@code lineId} said by the member whose name key is {@code nameKey}; never 0. */
    long appendId(String nameKey, long lineId) {
        if (lineId == LineId.NONE) {
            return NONE;
        }
        sha256.update(LABEL);
        sha256.update(nameKey.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0); // no name key holds a NUL: the key ends here
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(lineId).array());
        long id = ByteBuffer.wrap(sha256.digest()).getLong(); // big-endian, as written
        return id == NONE ? 1 : id; // 0 means "none" to the room log
    }
}
