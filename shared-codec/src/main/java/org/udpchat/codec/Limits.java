package org.udpchat.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The protocol's sizes and its charset, each with the reason it is what it is. */
public final class Limits {

    /**
     * The largest datagram either side sends. The classic Python clients read with {@code recvfrom(1024)}
     * and would silently cut anything longer, so nothing the server sends may exceed it; requests are held
     * to the same size because a chat request and the line it becomes are the same length.
     */
    public static final int MAX_DATAGRAM_BYTES = 1024;

    /**
     * The buffer a receiver reads into: the largest UDP payload over IPv4. A datagram longer than the
     * buffer is cut silently by the operating system, so only a buffer this large lets a receiver see an
     * oversize datagram for what it is and refuse it.
     */
    public static final int RECEIVE_BUFFER_BYTES = 65_507;

    /**
     * The largest native datagram on the wire. Native clients are ours, so the classic 1024 does not bind
     * them, but a chat must still fit the classic line for the classic members of the same room; this
     * leaves room for the per-recipient header and the seal, and stays below the 1232 bytes of UDP payload
     * every IPv6 path carries.
     */
    public static final int MAX_SEALED_DATAGRAM_BYTES = 1200;

    /**
     * The largest native datagram before it is sealed (and the largest handshake datagram): a sealed one
     * adds a 20-byte header and a 16-byte tag ({@code SealedDatagram.OVERHEAD}), so that sealed it is at
     * most {@link #MAX_SEALED_DATAGRAM_BYTES}.
     */
    public static final int MAX_NATIVE_DATAGRAM_BYTES = MAX_SEALED_DATAGRAM_BYTES - 36;

    /**
     * The most UTF-8 bytes a name or a room takes in a native datagram. Inside an event (and a private
     * message) a name is one length byte and its bytes, so 255 is the most a length byte can say; names at
     * the end of a LOGIN, WELCOME or request are held to the same limit, so that every name a client may
     * send can be put into every event that carries it.
     */
    public static final int MAX_NATIVE_NAME_BYTES = 255;

    /** Long enough for any real nickname, short enough that a chat line always has room for text. */
    public static final int MAX_NAME_CODE_POINTS = 32;

    /** Every datagram is UTF-8 text, as the classic clients encode and decode it. */
    public static final Charset CHARSET = StandardCharsets.UTF_8;

    private Limits() {}
}
