package org.udpchat.server;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.Packet;
import org.udpchat.codec.secure.SealException;
import org.udpchat.codec.secure.SealedDatagram;
import org.udpchat.codec.secure.SessionCipher;

/**
 * The client side's keys of every session a test has shaken hands for, by the token the server's REPLY
 * gave: what reads the server's datagrams as its clients would. A clear datagram (the handshake's, an
 * UPGRADE, an UNKNOWN) is decoded as it is; a sealed one is opened with its token's cipher, once (the
 * cipher's replay window would refuse it a second time, as a client's does).
 */
final class ClientKeys {

    private final Map<Long, SessionCipher> byToken = new HashMap<>();

    /** From now on, datagrams sealed for {@code token} are opened with {@code cipher}. */
    void register(long token, SessionCipher cipher) {
        byToken.put(token, cipher);
    }

    /** The client's cipher for {@code token}, or null if no test handshake gave it. */
    SessionCipher cipherOf(long token) {
        return byToken.get(token);
    }

    /**
     * The server's native datagram as its client reads it: a {@code ClearServerPacket}, or the
     * {@code NativeServerPacket} a sealed one holds.
     *
     * @throws AssertionError if it is malformed, or sealed for a token no handshake gave, or does not open
     */
    Packet open(byte[] datagram) {
        ByteBuffer buffer = ByteBuffer.wrap(datagram);
        if (datagram.length == 0 || datagram[0] != (byte) 0xFF) {
            throw new AssertionError("not a native datagram (" + datagram.length + " bytes)");
        }
        if (SealedDatagram.isFromServer(buffer)) {
            long token = SealedDatagram.token(buffer);
            SessionCipher cipher = byToken.get(token);
            if (cipher == null) {
                throw new AssertionError("a sealed datagram for a token no client here shook hands for");
            }
            try {
                return cipher.openServerPacket(buffer);
            } catch (SealException e) {
                throw new AssertionError("the server sent a sealed datagram its client cannot open: " + e.reason(), e);
            }
        }
        try {
            return NativeCodec.decodeServerHandshake(buffer);
        } catch (MalformedPacketException e) {
            throw new AssertionError("the server sent a native datagram a client cannot decode", e);
        }
    }
}
