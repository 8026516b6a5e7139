package org.udpchat.codec;

import java.util.List;
import java.util.Objects;

/** The structural checks the packet records share, with messages that name the broken condition. */
final class FieldChecks {

    private FieldChecks() {}

    static void requireTrimmedName(String name) {
        Objects.requireNonNull(name, "name == null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("name has surrounding whitespace: " + Untrusted.quote(name));
        }
        requireWellFormed(name, "name");
    }

    /**
     * A lone surrogate has no UTF-8 form (it would be written as '?'), so a packet holding one could not
     * decode back to itself.
     */
    static void requireWellFormed(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate at index " + i);
            }
        }
    }

    static void requireText(String text) {
        Objects.requireNonNull(text, "text == null");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text is empty");
        }
        requireWellFormed(text, "text");
    }

    static void requireFits(int encodedBytes, String what) {
        if (encodedBytes > Limits.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(
                    what + " takes " + encodedBytes + " bytes, over the " + Limits.MAX_DATAGRAM_BYTES + "-byte limit");
        }
    }

    static void requireUnsigned32(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " " + value + " is not in 0..2^32-1");
        }
    }

    static void requireToken(long token) {
        if (token == 0) {
            throw new IllegalArgumentException("token == 0: no session has that token");
        }
    }

    static void requireNativeFits(int encodedBytes, String what) {
        if (encodedBytes > Limits.MAX_NATIVE_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(what + " takes " + encodedBytes + " bytes, over the "
                    + Limits.MAX_NATIVE_DATAGRAM_BYTES + "-byte limit");
        }
    }

    /** A native name or room: what {@link Names} could accept, and short enough for its one-byte length. */
    static void requireNativeName(String name) {
        requireTrimmedName(name);
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name holds a NUL, which ends a name on the wire");
        }
        if (Utf8.encodedLength(name) > Limits.MAX_NATIVE_NAME_BYTES) {
            throw new IllegalArgumentException("name takes over " + Limits.MAX_NATIVE_NAME_BYTES + " bytes");
        }
    }

    /** Empty, or a {@linkplain #requireNativeName native name}. */
    static void requireOptionalName(String name, String what) {
        if (name == null) {
            throw new NullPointerException(what + " == null");
        }
        if (!name.isEmpty()) {
            requireNativeName(name);
        }
    }

    /** A reason may be empty, but must have a UTF-8 form. */
    static void requireReason(String reason) {
        Objects.requireNonNull(reason, "reason == null");
        requireWellFormed(reason, "reason");
    }

    /** Reliable messages are numbered from 1, so that an ack of 0 means "nothing yet". */
    static void requireSequence(long seq) {
        if (seq < 1 || seq > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seq " + seq + " is not in 1..2^32-1");
        }
    }

    /** The session header of a reliable message: a session's token, its number, an acknowledgement. */
    static void requireReliableHeader(long token, long seq, long ack) {
        requireToken(token);
        requireSequence(seq);
        requireUnsigned32(ack, "ack");
    }

    /** The session header of an ACK, PING or PONG: a session's token and an acknowledgement (seq 0). */
    static void requireUnsequencedHeader(long token, long ack) {
        requireToken(token);
        requireUnsigned32(ack, "ack");
    }

    /**
     * A listing of {@code names} out of {@code total}: a u32 total, native names, never more listed than
     * counted. Returns the names as an unmodifiable copy.
     */
    static List<String> requireListing(long total, List<String> names) {
        requireUnsigned32(total, "total");
        List<String> copy = List.copyOf(names);
        copy.forEach(FieldChecks::requireNativeName);
        if (copy.size() > total) {
            throw new IllegalArgumentException(copy.size() + " names listed of " + total);
        }
        return copy;
    }
}
