package org.udpchat.codec;

import java.nio.ByteBuffer;

/**
 * UTF-8 without allocation: the relay encodes every outgoing line into one reused buffer, and measures
 * lines against {@link Limits#MAX_DATAGRAM_BYTES} before building them. Decoding is strict (see
 * {@link #decode}), unlike {@code new String(bytes, UTF_8)}, which silently replaces bad bytes.
 */
public final class Utf8 {

    private Utf8() {}

    /** The number of bytes {@code text} takes in UTF-8; an unpaired surrogate counts as the 1-byte '?'. */
    public static int encodedLength(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Appends {@code text} to {@code out} as UTF-8, writing an unpaired surrogate as '?' as the JDK does.
     *
     * @throws java.nio.BufferOverflowException if {@code out} has less room than {@link #encodedLength}
     */
    public static void encode(CharSequence text, ByteBuffer out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out.put((byte) c);
            } else if (c < 0x800) {
                out.put((byte) (0xC0 | (c >> 6)));
                out.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, text.charAt(++i));
                out.put((byte) (0xF0 | (codePoint >> 18)));
                out.put((byte) (0x80 | ((codePoint >> 12) & 0x3F)));
                out.put((byte) (0x80 | ((codePoint >> 6) & 0x3F)));
                out.put((byte) (0x80 | (codePoint & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                out.put((byte) '?');
            } else {
                out.put((byte) (0xE0 | (c >> 12)));
                out.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                out.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }

    /**
     * Decodes the buffer's remaining bytes, consuming them.
     *
     * @throws MalformedPacketException with reason {@link MalformedPacketException.Reason#NOT_UTF8} naming
     *     the offset of the first byte that is not well-formed UTF-8 (overlong forms, encoded surrogates and
     *     code points above U+10FFFF included)
     */
    public static String decode(ByteBuffer in) throws MalformedPacketException {
        return decode(in, 0);
    }

    /**
     * Decodes the buffer's remaining bytes, as {@link #decode(ByteBuffer)}, for a field that starts
     * {@code fieldOffset} bytes into its datagram: the offset a rejection names counts from the datagram's
     * start.
     */
    public static String decode(ByteBuffer in, int fieldOffset) throws MalformedPacketException {
        int start = in.position() - fieldOffset;
        StringBuilder text = new StringBuilder(in.remaining());
        while (in.hasRemaining()) {
            int offset = in.position() - start;
            int lead = in.get() & 0xFF;
            if (lead < 0x80) {
                text.append((char) lead);
                continue;
            }
            int continuationBytes;
            int codePoint;
            int smallest;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuationBytes = 1;
                codePoint = lead & 0x1F;
                smallest = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuationBytes = 2;
                codePoint = lead & 0x0F;
                smallest = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuationBytes = 3;
                codePoint = lead & 0x07;
                smallest = 0x10000;
            } else {
                throw notUtf8(offset);
            }
            for (int k = 0; k < continuationBytes; k++) {
                if (!in.hasRemaining()) {
                    throw notUtf8(offset);
                }
                int next = in.get() & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    throw notUtf8(offset);
                }
                codePoint = (codePoint << 6) | (next & 0x3F);
            }
            if (codePoint < smallest || codePoint > Character.MAX_CODE_POINT || isSurrogate(codePoint)) {
                throw notUtf8(offset);
            }
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static boolean isSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }

    private static MalformedPacketException notUtf8(int offset) {
        return new MalformedPacketException(
                MalformedPacketException.Reason.NOT_UTF8, "not valid UTF-8 at byte " + offset);
    }
}
