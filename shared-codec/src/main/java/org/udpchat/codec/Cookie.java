package org.udpchat.codec;

/**
 * The server's stateless proof that a client receives datagrams at the address it claims: a MAC over
 * that address and a time slot, keyed by a secret the server keeps in memory. The server hands one out
 * in a {@link NativeServerPacket.Challenge} and remembers nothing; a login that echoes a cookie the server
 * can recompute, for the login's own source address and a fresh slot, comes from that address.
 *
 * @param timeSlot which slot of time the cookie was made in (see the server's cookie jar)
 * @param macHigh the first 8 bytes of the MAC
 * @param macLow the last 8 bytes of the MAC
 */
public record Cookie(long timeSlot, long macHigh, long macLow) {

    /** Slot (4) and a 16-byte MAC: 128 bits, far beyond guessing within a cookie's lifetime. */
    public static final int BYTES = 20;

    public Cookie {
        FieldChecks.requireUnsigned32(timeSlot, "timeSlot");
    }
}
