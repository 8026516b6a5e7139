package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.udpchat.codec.Cookie;

/**
 * Stateless address validation for native logins, as DTLS's HelloVerifyRequest and QUIC's Retry do it:
 * a cookie is an HMAC-SHA256 over the client's address and a time slot, keyed by a secret drawn from
 * {@link SecureRandom} when the server starts and never written anywhere. The server keeps nothing per
 * hello; a login that echoes a cookie the jar can recompute for the login's own source address, in the
 * current or the previous slot, comes from a client that receives at that address.
 *
 * <p>A restart draws a new secret, so old cookies die with the process. Owned by the relay thread
 * ({@link Mac} is not thread-safe).
 */
final class CookieJar {

    /** A cookie is fresh for one to two slots: long enough for a slow handshake, short for a replay. */
    static final long SLOT_MILLIS = 10_000;

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final ByteBuffer input = ByteBuffer.allocate(16 + 2 + 4);

    CookieJar(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    /** A cookie for {@code client} at {@code nowMillis}. */
    Cookie make(InetSocketAddress client, long nowMillis) {
        return cookie(client, slot(nowMillis));
    }

    /** Whether {@code cookie} was made by this jar for {@code client}, and is still fresh at {@code nowMillis}. */
    boolean isValid(Cookie cookie, InetSocketAddress client, long nowMillis) {
        long current = slot(nowMillis);
        if (cookie.timeSlot() != current && cookie.timeSlot() != current - 1) {
            return false;
        }
        Cookie expected = cookie(client, cookie.timeSlot());
        return MessageDigest.isEqual(bytes(expected), bytes(cookie)); // constant time: no timing oracle
    }

    private Cookie cookie(InetSocketAddress client, long slot) {
        input.clear();
        input.put(client.getAddress().getAddress()); // 4 or 16 bytes
        input.putShort((short) client.getPort());
        input.putInt((int) slot);
        input.flip();
        mac.update(input);
        ByteBuffer digest = ByteBuffer.wrap(mac.doFinal());
        return new Cookie(slot, digest.getLong(), digest.getLong());
    }

    private static long slot(long nowMillis) {
        return (nowMillis / SLOT_MILLIS) & 0xFFFF_FFFFL;
    }

    private static byte[] bytes(Cookie cookie) {
        return ByteBuffer.allocate(16)
                .putLong(cookie.macHigh())
                .putLong(cookie.macLow())
                .array();
    }
}
