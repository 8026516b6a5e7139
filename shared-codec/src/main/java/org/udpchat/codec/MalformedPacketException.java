package org.udpchat.codec;

/**
 * Bytes that are not a packet. The message says exactly what was wrong, for a log line; the reason lets a
 * receiver count drops by kind without parsing messages.
 */
public final class MalformedPacketException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a datagram was rejected, one value per check the decoder makes. */
    public enum Reason {
        EMPTY,
        OVERSIZED,
        NOT_UTF8,
        UNKNOWN_TYPE,
        MISSING_NAME,
        MISSING_TEXT,
        /** Native: the version byte is not one this codec speaks. */
        UNSUPPORTED_VERSION,
        /** Native: shorter or longer than its type's layout. */
        BAD_LENGTH,
        /** Native: a field holds a value its type forbids (a zero token, a sequence number of 0). */
        BAD_FIELD
    }

    private final Reason reason;

    public MalformedPacketException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Rejects a datagram that is empty or over its protocol's {@code limit}: either codec's first check. */
    static void checkSize(int size, int limit) throws MalformedPacketException {
        if (size == 0) {
            throw new MalformedPacketException(Reason.EMPTY, "empty datagram");
        }
        if (size > limit) {
            throw new MalformedPacketException(
                    Reason.OVERSIZED, "datagram of " + size + " bytes is over the " + limit + "-byte limit");
        }
    }
}
