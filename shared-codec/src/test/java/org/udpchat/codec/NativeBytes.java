package org.udpchat.codec;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.provider.Arguments;

/** What the native codec's tests share: sample fields, in hex too, and decoding from hex. */
final class NativeBytes {

    static final long TOKEN = 0x0102_0304_0506_0708L;
    static final String TOKEN_HEX = "01 02 03 04 05 06 07 08";
    static final long MAX_U32 = 0xFFFF_FFFFL;
    static final Cookie COOKIE = new Cookie(0x0102_0304L, 0x1112_1314_1516_1718L, 0x2122_2324_2526_2728L);
    static final String COOKIE_HEX = "01 02 03 04  11 12 13 14 15 16 17 18  21 22 23 24 25 26 27 28";
    static final long NONCE = 0xA1A2_A3A4_A5A6_A7A8L; // the client's in HELLO and LOGIN, echoed back
    static final String NONCE_HEX = "A1 A2 A3 A4 A5 A6 A7 A8";
    static final String NO_NONCE_HEX = "00 00 00 00 00 00 00 00"; // handshake packets built without one
    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧

    /** A 255-byte name: the longest a native name may be. */
    static final String LONGEST_NAME = "中".repeat(85);

    /** EVENT 1 of session {@link #TOKEN}, acknowledging nothing: what precedes an event body. */
    static final String EVENT_HEADER = "FF AC 01 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";

    /** REQUEST 1 of session {@link #TOKEN}, acknowledging nothing: what precedes a request body. */
    static final String REQUEST_HEADER = "FF AC 01 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";

    /** A LOGIN up to its name: cookie, no previous token, no nonce. */
    static final String LOGIN_HEADER = "FF AC 01 02 " + COOKIE_HEX + " 00 00 00 00 00 00 00 00 " + NO_NONCE_HEX + " ";

    /** A WELCOME up to its name, with no nonce. */
    static final String WELCOME_HEADER = "FF AC 01 82 " + TOKEN_HEX + " " + NO_NONCE_HEX + " ";

    private NativeBytes() {}

    /** Bytes written as hex pairs, with any spaces between them for reading. */
    static byte[] hex(String pairs) {
        return HexFormat.of().parseHex(pairs.replace(" ", ""));
    }

    static Packet decode(boolean asClient, byte[] bytes) throws MalformedPacketException {
        ByteBuffer datagram = ByteBuffer.wrap(bytes);
        return asClient ? NativeCodec.decodeClientPacket(datagram) : NativeCodec.decodeServerPacket(datagram);
    }

    static NativeClientPacket decodeClient(String hexBytes) throws MalformedPacketException {
        return NativeCodec.decodeClientPacket(ByteBuffer.wrap(hex(hexBytes)));
    }

    static NativeServerPacket decodeServer(String hexBytes) throws MalformedPacketException {
        return NativeCodec.decodeServerPacket(ByteBuffer.wrap(hex(hexBytes)));
    }

    /** A row of a golden-bytes table: {@code packet} is exactly {@code hexBytes}, both ways. */
    static Arguments golden(String description, String hexBytes, Packet packet) {
        return arguments(description, hexBytes, packet);
    }

    /** The most bytes of text after a kind and a short name: what a SAID or PRIVATE_MESSAGE to {@code name} carries. */
    static int longestTextAfter(String name) {
        return Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES - 2 - Utf8.encodedLength(name);
    }
}
