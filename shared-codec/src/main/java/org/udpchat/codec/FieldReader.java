package org.udpchat.codec;

import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;

/**
 * Reads the fields of one native datagram, turning every short read or bad value into a precise
 * rejection: a datagram cut short names its packet type and the bytes it needed, a bad byte of UTF-8 its
 * offset from the datagram's first byte, a layout with bytes to spare its length.
 */
final class FieldReader {

    private static final String UNUSABLE =
            ": empty, over " + Limits.MAX_NATIVE_NAME_BYTES + " bytes, with a NUL or with surrounding whitespace";

    private final ByteBuffer in;
    private final int start;
    private int type;

    /** A reader of the buffer's remaining bytes, which make one datagram. */
    FieldReader(ByteBuffer in) {
        this.in = in;
        this.start = in.position();
    }

    /** The whole datagram's size in bytes, read or not. */
    int size() {
        return in.limit() - start;
    }

    /** Names {@code type} in the rejections of a datagram cut short, from here on. */
    int type(int type) {
        this.type = type;
        return type;
    }

    boolean hasRemaining() {
        return in.hasRemaining();
    }

    private void need(int bytes) throws MalformedPacketException {
        if (in.remaining() < bytes) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_LENGTH,
                    String.format(
                            "type 0x%02X cut short: %d bytes, needs %d at least",
                            type, size(), in.position() - start + bytes));
        }
    }

    int u8() throws MalformedPacketException {
        need(1);
        return in.get() & 0xFF;
    }

    long u32() throws MalformedPacketException {
        need(4);
        return in.getInt() & 0xFFFF_FFFFL;
    }

    long u64() throws MalformedPacketException {
        need(8);
        return in.getLong();
    }

    /** {@code count} raw bytes (a key, a Noise message), as they are. */
    byte[] bytes(int count) throws MalformedPacketException {
        need(count);
        byte[] value = new byte[count];
        in.get(value);
        return value;
    }

    /** A one-byte code: the one of {@code values} that has it, or a rejection naming {@code what}. */
    <E> E code(E[] values, ToIntFunction<E> codeOf, String what) throws MalformedPacketException {
        int code = u8();
        for (E value : values) {
            if (codeOf.applyAsInt(value) == code) {
                return value;
            }
        }
        throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "unknown " + what + " " + code);
    }

    long token() throws MalformedPacketException {
        long token = u64();
        if (token == 0) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "token is 0");
        }
        return token;
    }

    long sequence() throws MalformedPacketException {
        long seq = u32();
        if (seq == 0) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "seq is 0");
        }
        return seq;
    }

    /** The seq of a datagram that has none (ACK, PING, PONG): it must be 0. */
    void zeroSeq(String what) throws MalformedPacketException {
        if (u32() != 0) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, what + " has a seq");
        }
    }

    /** Checks that {@code what}, whose layout has a fixed end, ends here. */
    void end(String what) throws MalformedPacketException {
        if (in.hasRemaining()) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_LENGTH,
                    what + " of " + size() + " bytes is longer than its " + (in.position() - start) + "-byte layout");
        }
    }

    /** {@code value}, once {@link #end} has checked that {@code what} ends here. */
    <T> T end(String what, T value) throws MalformedPacketException {
        end(what);
        return value;
    }

    /** Whether the next byte is {@code value}: if so it is read, and otherwise left to be read. */
    boolean takeIf(int value) {
        if (in.hasRemaining() && (in.get(in.position()) & 0xFF) == value) {
            in.get();
            return true;
        }
        return false;
    }

    /** Passes over the rest of the datagram: padding, which only pays. */
    void skipRest() {
        in.position(in.limit());
    }

    /** The rest of the datagram as UTF-8; a bad byte's offset counts from the datagram's start. */
    String rest() throws MalformedPacketException {
        return Utf8.decode(in, in.position() - start);
    }

    /** The rest of the datagram as a name or a room, which {@code what} must have. */
    String restAsName(String what) throws MalformedPacketException {
        String name = rest();
        requireUsableName(name, what + " has no usable name");
        return name;
    }

    /** The rest of the datagram as a text, which {@code what} must have. */
    String restAsText(String what) throws MalformedPacketException {
        String text = rest();
        if (text.isEmpty()) {
            throw new MalformedPacketException(MalformedPacketException.Reason.MISSING_TEXT, what + " has no text");
        }
        return text;
    }

    /** A name inside an event or a request: a length byte, then that many bytes of UTF-8. */
    String shortName() throws MalformedPacketException {
        int length = u8();
        need(length);
        ByteBuffer field = in.slice();
        field.limit(length);
        int fieldOffset = in.position() - start;
        in.position(in.position() + length);
        String name = Utf8.decode(field, fieldOffset);
        requireUsableName(name, "a field has no usable name");
        return name;
    }

    /**
     * What the records accept as a native name ({@link FieldChecks#requireNativeName}) as far as the wire
     * can tell; whether it is allowed in the room is the receiver's question.
     */
    static void requireUsableName(String name, String problem) throws MalformedPacketException {
        if (name.isEmpty()
                || !name.strip().equals(name)
                || name.indexOf('\0') >= 0
                || Utf8.encodedLength(name) > Limits.MAX_NATIVE_NAME_BYTES) {
            throw new MalformedPacketException(MalformedPacketException.Reason.MISSING_NAME, problem + UNUSABLE);
        }
    }
}
