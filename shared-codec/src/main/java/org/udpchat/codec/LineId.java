package org.udpchat.codec;

/**
 * A line's id: the number a client gives each line it says in a room (a chat line, a {@code /me}) and keeps
 * when it says that line again, so that a cluster's room takes the line once however often it arrives. A
 * client whose node died says again, at another node, every line it has not heard back from its room; the
 * room's log knows the lines it holds by their speaker's name and id, and answers a repeat with the line it
 * has (see the server's {@code SaidLineIds}). Any 64-bit value but {@link #NONE}, chosen by the client.
 *
 * <p>On the wire the id is optional, and goes just before the line's text: the byte {@value #MARK}, then the id
 * (8 bytes, big-endian). {@value #MARK} never occurs in UTF-8, so a text that starts with it cannot be a text,
 * and a line without an id (every client before line ids) reads as it always did. For example, CHAT "hi" with
 * line id 0x0102030405060708, after its session header: {@code FF 01 02 03 04 05 06 07 08 68 69}.
 */
public final class LineId {

    /** No id: the line is taken as often as it arrives, as before line ids. */
    public static final long NONE = 0;

    /** Marks an id before a text; never a byte of UTF-8. */
    static final int MARK = 0xFF;

    /** What an id adds to a line on the wire: the mark and 8 bytes. */
    static final int BYTES = 1 + 8;

    private LineId() {}

    /** How many bytes {@code lineId} takes on the wire: none for {@link #NONE}. */
    static int length(long lineId) {
        return lineId == NONE ? 0 : BYTES;
    }

    /** Writes {@code lineId}, if it is one, where a text follows. */
    static FieldWriter write(long lineId, FieldWriter out) {
        return lineId == NONE ? out : out.u8(MARK).u64(lineId);
    }

    /** Reads a line's id before its text, or {@link #NONE} when the text follows at once. */
    static long read(FieldReader in) throws MalformedPacketException {
        if (!in.takeIf(MARK)) {
            return NONE;
        }
        long lineId = in.u64();
        if (lineId == NONE) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_FIELD, "a line id of 0: a line without one has no mark");
        }
        return lineId;
    }
}
