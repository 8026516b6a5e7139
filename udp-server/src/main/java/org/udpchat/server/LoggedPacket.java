package org.udpchat.server;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.udpchat.codec.Packet;

/**
 * A native packet as the log shows it: every field but the secrets. A session token is only a routing hint
 * now, but it still tells who is who in a capture, so it is shown as a short tag that tells sessions apart
 * and cannot be turned back into the token; a cookie (the server's proof that an address received its
 * challenge) and the handshake's key bytes not at all; a resumption secret prints itself as {@code […]}
 * ({@link org.udpchat.codec.ResumptionSecret#toString}). Keys never reach a packet.
 */
final class LoggedPacket {

    /** A token field, as a record's {@code toString} writes it; the first is the packet's own. */
    private static final Pattern TOKEN = Pattern.compile("\\b(token|previousToken)=(-?\\d+)");

    private static final Pattern COOKIE = Pattern.compile("\\bcookie=Cookie\\[[^\\]]*\\]");

    private static final Pattern HANDSHAKE = Pattern.compile("\\bhandshake=[0-9a-f]*");

    /** Bytes of a token's hash in its tag (four hexadecimal digits): enough to tell sessions apart in a log. */
    private static final int TAG_BYTES = 2;

    private LoggedPacket() {}

    /** {@code packet}'s fields, with its token as a tag ({@code token=#3fa1}) and its cookie left out. */
    static String describe(Packet packet) {
        String text = COOKIE.matcher(packet.toString()).replaceFirst("cookie=(not logged)");
        text = HANDSHAKE.matcher(text).replaceFirst("handshake=(not logged)");
        Matcher token = TOKEN.matcher(text);
        if (!token.find()) {
            return text;
        }
        return text.substring(0, token.start(2)) + tag(Long.parseLong(token.group(2))) + text.substring(token.end(2));
    }

    /**
     * {@code #} and the first four hexadecimal digits of the token's SHA-256: the same token always has the
     * same tag, and 16 bits of a one-way hash cannot give back the token's 64. No token (0) is shown as
     * {@code 0}.
     */
    static String tag(long token) {
        if (token == 0) {
            return "0";
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(ByteBuffer.allocate(Long.BYTES).putLong(token).array());
            return "#" + HexFormat.of().formatHex(hash, 0, TAG_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java platform has SHA-256", e);
        }
    }
}
