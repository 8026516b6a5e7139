package org.udpchat.codec;

import java.nio.ByteBuffer;

/**
 * Writes the fields of a native datagram, big-endian, into a buffer; or, made by {@link #counting()},
 * writes nothing and counts the bytes the same calls would write. So one writer per kind both encodes it
 * and measures it, and a kind's length cannot disagree with its bytes.
 *
 * <p>A field is one call that allocates nothing; the writer itself is one small object per encode.
 */
final class FieldWriter {

    /** Where the fields go; null when the writer only counts. */
    private final ByteBuffer out;

    private final int start;
    private int counted;

    private FieldWriter(ByteBuffer out) {
        this.out = out;
        this.start = out == null ? 0 : out.position();
    }

    /** A writer that appends to {@code out} at its position. */
    static FieldWriter into(ByteBuffer out) {
        return new FieldWriter(out);
    }

    /** A writer that only counts. */
    static FieldWriter counting() {
        return new FieldWriter(null);
    }

    /** The bytes written (or counted) so far. */
    int length() {
        return out == null ? counted : out.position() - start;
    }

    FieldWriter u8(int value) {
        if (out == null) {
            counted += 1;
        } else {
            out.put((byte) value);
        }
        return this;
    }

    FieldWriter u32(long value) {
        if (out == null) {
            counted += 4;
        } else {
            out.putInt((int) value);
        }
        return this;
    }

    FieldWriter u64(long value) {
        if (out == null) {
            counted += 8;
        } else {
            out.putLong(value);
        }
        return this;
    }

    /** Raw bytes of a fixed length (a key, a Noise message), as they are. */
    FieldWriter bytes(byte[] value) {
        if (out == null) {
            counted += value.length;
        } else {
            out.put(value);
        }
        return this;
    }

    FieldWriter zeros(int count) {
        if (out == null) {
            counted += count;
        } else {
            for (int i = 0; i < count; i++) {
                out.put((byte) 0);
            }
        }
        return this;
    }

    /** UTF-8 with no length: a text, or a name, that runs to the end of the datagram. */
    FieldWriter rest(String text) {
        if (out == null) {
            counted += Utf8.encodedLength(text);
        } else {
            Utf8.encode(text, out);
        }
        return this;
    }

    /**
     * A name inside an event or a request: one length byte, then the UTF-8. The records hold every such
     * name to {@link Limits#MAX_NATIVE_NAME_BYTES}, so the length fits its byte.
     */
    FieldWriter shortName(String name) {
        int bytes = Utf8.encodedLength(name);
        if (out == null) {
            counted += 1 + bytes;
        } else {
            out.put((byte) bytes);
            Utf8.encode(name, out);
        }
        return this;
    }
}
