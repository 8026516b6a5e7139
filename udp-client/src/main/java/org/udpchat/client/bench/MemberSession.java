package org.udpchat.client.bench;

import java.nio.ByteBuffer;
import org.udpchat.codec.ClearServerPacket;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * A simulated native member's session once welcomed ({@link MemberHandshake}): its token and its one
 * client-side {@link SessionCipher}, made once, which seals everything it sends (resends too, each under a
 * new counter) and opens everything it receives. A datagram that does not open is dropped and counted,
 * never acted on: so the server under test must do all the work a real client asks of it. Owned by one
 * thread.
 */
final class MemberSession {

    private final long token;
    private final SessionCipher cipher;
    private final ResumptionSecret resumption;
    private final long roundTripMillis;
    private long unopened;

    MemberSession(long token, SessionCipher cipher, ResumptionSecret resumption, long roundTripMillis) {
        this.token = token;
        this.cipher = cipher;
        this.resumption = resumption;
        this.roundTripMillis = roundTripMillis;
    }

    long token() {
        return token;
    }

    /** What a later login would show to take this session back. */
    ResumptionSecret resumption() {
        return resumption;
    }

    /** From the (last) LOGIN sent to the WELCOME. */
    long roundTripMillis() {
        return roundTripMillis;
    }

    /** Datagrams that did not open (altered, replayed, not this session's): dropped. */
    long unopened() {
        return unopened;
    }

    /**
     * Seals {@code packet} into {@code out} (cleared, then flipped for writing), encoding it in the caller's
     * {@code plain} buffer first, so that sealing allocates nothing of its own.
     */
    void seal(NativeClientPacket packet, ByteBuffer plain, ByteBuffer out, long nowMillis) {
        seal(cipher, token, packet, plain, out, nowMillis);
    }

    /**
     * The plain datagram inside {@code datagram} (a read-only view valid until the next open), or null when it
     * does not open: the cheap path, for members that read events in place ({@link SaidView}).
     */
    ByteBuffer open(ByteBuffer datagram) {
        try {
            return cipher.open(datagram);
        } catch (SealException e) {
            unopened++;
            return null;
        }
    }

    /** The packet inside {@code datagram}, or null when it does not open or is not this session's. */
    NativeServerPacket openPacket(ByteBuffer datagram) {
        try {
            return cipher.openServerPacket(datagram);
        } catch (SealException e) {
            unopened++;
            return null;
        }
    }

    /** A plain datagram that opened, decoded; the server's own bytes, so what does not decode is a bug there. */
    static NativeServerPacket decode(ByteBuffer plain) {
        try {
            return NativeCodec.decodeServerPacket(plain);
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("the server sealed a datagram the load program cannot read", e);
        }
    }

    /**
     * Whether {@code datagram}, which did not open, is the server's clear UNKNOWN for this session: it has no
     * keys for the token any more. Only a hint (anyone on the path could send it), but on loopback it means
     * the member is gone.
     */
    boolean isUnknownToServer(ByteBuffer datagram) {
        if (SealedDatagram.isFromServer(datagram) || !NativeCodec.isNative(datagram)) {
            return false;
        }
        try {
            return NativeCodec.decodeServerHandshake(datagram.duplicate()) instanceof ClearServerPacket.Unknown unknown
                    && unknown.token() == token;
        } catch (MalformedPacketException e) {
            return false;
        }
    }

    /** Erases the keys: the member is gone. */
    void destroy() {
        cipher.destroy();
    }

    static void seal(
            SessionCipher cipher,
            long token,
            NativeClientPacket packet,
            ByteBuffer plain,
            ByteBuffer out,
            long nowMillis) {
        plain.clear();
        NativeCodec.encode(packet, plain);
        plain.flip();
        out.clear();
        try {
            cipher.seal(token, plain, out, nowMillis);
        } catch (SealException e) {
            // only EXHAUSTED, after 2^15 key rotations: no measurement lives that long
            throw new IllegalStateException("a member's session could seal no more: " + e.getMessage(), e);
        }
        out.flip();
    }
}
