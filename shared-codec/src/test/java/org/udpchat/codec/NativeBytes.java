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
    static final long NONCE = 0xA1A2_A3A4_A5A6_A7A8L; // the client's in HELLO and INIT, echoed back
    static final String NONCE_HEX = "A1 A2 A3 A4 A5 A6 A7 A8";
    static final String ZEROS_8_HEX = "00 00 00 00 00 00 00 00";
    static final ResumptionSecret SECRET = new ResumptionSecret(
            0x3132_3334_3536_3738L, 0x4142_4344_4546_4748L, 0x5152_5354_5556_5758L, 0x6162_6364_6566_6768L);
    static final String SECRET_HEX =
            "31 32 33 34 35 36 37 38  41 42 43 44 45 46 47 48" + "  51 52 53 54 55 56 57 58  61 62 63 64 65 66 67 68";
    static final String NO_SECRET_HEX = " 00".repeat(ResumptionSecret.BYTES);

    /** An ephemeral key as Noise's first message carries it: 32 bytes, 0x00 to 0x1F. */
    static final String NOISE_FIRST_HEX = counting(0x00, NativeCodec.NOISE_FIRST_BYTES);

    /** Noise's second message as a REPLY carries it: 104 bytes, 0x80 to 0xE7. */
    static final String NOISE_SECOND_HEX = counting(0x80, NativeCodec.NOISE_SECOND_BYTES);

    static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧

    /** A 255-byte name: the longest a native name may be. */
    static final String LONGEST_NAME = "中".repeat(85);

    /** EVENT 1 of session {@link #TOKEN}, acknowledging nothing: what precedes an event body. */
    static final String EVENT_HEADER = "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";

    /** REQUEST 1 of session {@link #TOKEN}, acknowledging nothing: what precedes a request body. */
    static final String REQUEST_HEADER = "FF AC 02 08 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00 ";

    /** A first LOGIN up to its name: no previous token, no proof. */
    static final String LOGIN_HEADER = "FF AC 02 02 " + ZEROS_8_HEX + NO_SECRET_HEX + " ";

    /** A WELCOME up to its name: token, resumption secret, flags (not resumed). */
    static final String WELCOME_HEADER = "FF AC 02 82 " + TOKEN_HEX + "  " + SECRET_HEX + "  00 ";

    private NativeBytes() {}

    /** Bytes written as hex pairs, with any spaces between them for reading. */
    static byte[] hex(String pairs) {
        return HexFormat.of().parseHex(pairs.replace(" ", ""));
    }

    /** {@code count} bytes counting up from {@code first}, as hex pairs. */
    static String counting(int first, int count) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < count; i++) {
            hex.append(String.format(" %02X", (first + i) & 0xFF));
        }
        return hex.toString();
    }

    /** The bytes of {@link #NOISE_FIRST_HEX}, fresh for each caller. */
    static byte[] noiseFirst() {
        return hex(NOISE_FIRST_HEX);
    }

    /** The bytes of {@link #NOISE_SECOND_HEX}, fresh for each caller. */
    static byte[] noiseSecond() {
        return hex(NOISE_SECOND_HEX);
    }

    /** Decodes a plain session datagram (what a sealed one carries) as the server ({@code asClient}) or a client reads it. */
    static Packet decode(boolean asClient, byte[] bytes) throws MalformedPacketException {
        ByteBuffer datagram = ByteBuffer.wrap(bytes);
        return asClient ? NativeCodec.decodeClientPacket(datagram) : NativeCodec.decodeServerPacket(datagram);
    }

    /** Decodes a handshake datagram in clear, as the server reads a client's ({@code asClient}) or a client the server's. */
    static Packet decodeClear(boolean asClient, byte[] bytes) throws MalformedPacketException {
        ByteBuffer datagram = ByteBuffer.wrap(bytes);
        return asClient ? NativeCodec.decodeClientHandshake(datagram) : NativeCodec.decodeServerHandshake(datagram);
    }

    /** Decodes {@code bytes} with the decoder that reads {@code packet}'s family. */
    static Packet decodeAs(Packet packet, byte[] bytes) throws MalformedPacketException {
        if (packet instanceof ClearClientPacket || packet instanceof ClearServerPacket) {
            return decodeClear(packet instanceof ClearClientPacket, bytes);
        }
        return decode(packet instanceof NativeClientPacket, bytes);
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
