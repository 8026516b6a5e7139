package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    /**
     * Fixed seeds keep the build reproducible; every failure message names its seed and case, so a
     * failing input can be replayed by running the same seed.
     */
    private static final long[] SEEDS = {1L, 42L, 0x5EED_CAFEL, -7_777_777_777L, 20_240_601L};

    private static final int CASES_PER_SEED = 2_000;

    // ---------------------------------------------------------------------------------------------
    // encodedLength and encode

    @ParameterizedTest
    @CsvSource({
        "'', 0",
        "a, 1",
        "\u007F, 1",
        "\u0080, 2",
        "é, 2",
        "\u07FF, 2",
        "\u0800, 3",
        "中, 3",
        "\uFFFF, 3",
        "😀, 4",
        "小明 : 你好, 15",
    })
    void measuresUtf8Length(String text, int expected) {
        assertEquals(expected, Utf8.encodedLength(text));
    }

    @Test
    void countsUnpairedSurrogatesAsOneByteEach() {
        assertEquals(1, Utf8.encodedLength("\uD800"));
        assertEquals(1, Utf8.encodedLength("\uDC00"));
        assertEquals(2, Utf8.encodedLength("\uDC00\uD800"), "a low then a high surrogate is not a pair");
        assertEquals(5, Utf8.encodedLength("\uD83D\uD83D\uDE00"), "lone high, then a pair");
        assertEquals(3, Utf8.encodedLength("ab\uD83D"), "high surrogate at the very end");
    }

    @Test
    void encodesUnpairedSurrogatesAsQuestionMarksLikeTheJdk() {
        for (String text : new String[] {"\uD800", "a\uDC00b", "\uDC00\uD800", "\uD83D\uD83D\uDE00", "ab\uD83D"}) {
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), encode(text), Untrusted.quote(text));
        }
    }

    @Test
    void encodesEveryCodePointLikeTheJdk() {
        String text = everyScalarValue();
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);

        assertEquals(expected.length, Utf8.encodedLength(text));
        byte[] actual = encode(text);
        int mismatch = Arrays.mismatch(expected, actual);
        if (mismatch >= 0) {
            fail("first difference from the JDK at byte " + mismatch + " of the encoding of every scalar value");
        }
    }

    @Test
    void encodeAppendsAtThePosition() {
        ByteBuffer out = ByteBuffer.allocate(8);
        out.put((byte) '>');

        Utf8.encode("é中", out);

        assertEquals(6, out.position());
        assertArrayEquals(
                new byte[] {'>', (byte) 0xC3, (byte) 0xA9, (byte) 0xE4, (byte) 0xB8, (byte) 0xAD},
                Arrays.copyOf(out.array(), 6));
    }

    @Test
    void encodeOverflowsBufferWithTooLittleRoom() {
        ByteBuffer out = ByteBuffer.allocate(3);

        assertThrows(BufferOverflowException.class, () -> Utf8.encode("😀", out));
    }

    @Test
    void encodeAcceptsAnyCharSequence() {
        assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), encode(new StringBuilder("héllo")));
        assertEquals(6, Utf8.encodedLength(new StringBuilder("héllo")));
    }

    @Test
    void encodedLengthAndEncodeAgreeWithJdkOnRandomStrings() {
        for (long seed : SEEDS) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < CASES_PER_SEED; n++) {
                String text = randomString(random);
                byte[] expected = text.getBytes(StandardCharsets.UTF_8);
                int number = n;
                Supplier<String> replay = () -> "seed " + seed + ", case " + number + ": " + escape(text);

                assertEquals(expected.length, Utf8.encodedLength(text), replay);
                assertArrayEquals(expected, encode(text), replay);
            }
        }
    }

    /** Up to 40 chars, drawn so that every UTF-8 width and every kind of surrogate mistake turns up. */
    private static String randomString(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(41);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(9)) {
                case 0 -> text.append((char) random.nextInt(0x80)); // ASCII, controls included
                case 1 -> text.append((char) random.nextInt(0x80, 0x800)); // 2 bytes
                case 2 -> text.append((char) random.nextInt(0x800, Character.MIN_SURROGATE)); // 3 bytes
                case 3 -> text.append((char) random.nextInt(Character.MAX_SURROGATE + 1, 0x10000)); // 3 bytes
                case 4 -> text.appendCodePoint(random.nextInt(0x10000, Character.MAX_CODE_POINT + 1)); // pair
                case 5 -> text.append(
                        (char) random.nextInt(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE + 1));
                case 6 -> text.append(
                        (char) random.nextInt(Character.MIN_LOW_SURROGATE, Character.MAX_LOW_SURROGATE + 1));
                case 7 -> text.append(new char[] {'\uDC00', '\uD800'}); // reversed pair
                default -> text.append(new String[] {"中", "😀", " ", "é", "\u200D"}[random.nextInt(5)]);
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // decode

    @Test
    void decodesEveryCodePointLikeTheJdk() throws MalformedPacketException {
        String text = everyScalarValue();

        String decoded = Utf8.decode(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));

        if (!decoded.equals(text)) {
            int at = 0;
            while (at < text.length() && at < decoded.length() && text.charAt(at) == decoded.charAt(at)) {
                at++;
            }
            fail(String.format("U+%04X decodes wrongly", text.codePointAt(Math.min(at, text.length() - 1))));
        }
    }

    /** U+0000 to U+10FFFF without the surrogates: every code point UTF-8 can carry, in order. */
    private static String everyScalarValue() {
        StringBuilder text = new StringBuilder(2 * (Character.MAX_CODE_POINT + 1));
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    @Test
    void decodeConsumesTheRemainingBytes() throws MalformedPacketException {
        ByteBuffer in = ByteBuffer.wrap("xx你好yy".getBytes(StandardCharsets.UTF_8));
        in.position(2).limit(8);

        assertEquals("你好", Utf8.decode(in));
        assertFalse(in.hasRemaining());
        assertEquals(8, in.position());
    }

    @Test
    void decodesNothingToEmptyString() throws MalformedPacketException {
        assertEquals("", Utf8.decode(ByteBuffer.allocate(0)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "80", // lone continuation byte
                "BF",
                "C2", // truncated 2-byte
                "E4BD", // truncated 3-byte
                "F09F98", // truncated 4-byte
                "C341", // lead followed by ASCII
                "E4BD41",
                "C0AF", // overlong '/'
                "C080", // overlong NUL
                "C1BF",
                "E080AF", // overlong 3-byte
                "E09FBF",
                "F08080AF", // overlong 4-byte
                "F08FBFBF",
                "EDA080", // high surrogate U+D800
                "EDBFBF", // low surrogate U+DFFF
                "EDA0BDEDB880", // CESU-8 pair for U+1F600
                "F4908080", // U+110000
                "F7BFBFBF",
                "F5808080", // leads F5..FF
                "F8",
                "FC",
                "FE",
                "FF",
            })
    void rejectsIllFormedSequenceAtItsFirstByte(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] bytes = new byte[bad.length + 2];
        bytes[0] = 'o';
        bytes[1] = 'k';
        System.arraycopy(bad, 0, bytes, 2, bad.length);

        MalformedPacketException e =
                assertThrows(MalformedPacketException.class, () -> Utf8.decode(ByteBuffer.wrap(bytes)));

        assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason());
        assertEquals("not valid UTF-8 at byte 2", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7F", "C280", "DFBF", "E0A080", "ED9FBF", "EE8080", "EFBFBF", "F0908080", "F48FBFBF"})
    void acceptsWellFormedBoundarySequences(String hex) throws MalformedPacketException {
        byte[] bytes = HexFormat.of().parseHex(hex);

        assertEquals(new String(bytes, StandardCharsets.UTF_8), Utf8.decode(ByteBuffer.wrap(bytes)));
    }

    @Test
    void decodeAgreesWithJdkStrictDecoderOnRandomBytes() {
        int valid = 0;
        int invalid = 0;
        for (long seed : SEEDS) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int n = 0; n < CASES_PER_SEED; n++) {
                byte[] bytes = randomBytes(random);
                String replay =
                        "seed " + seed + ", case " + n + ": " + HexFormat.of().formatHex(bytes);
                JdkResult expected = jdkDecode(bytes);

                String actual;
                try {
                    actual = Utf8.decode(ByteBuffer.wrap(bytes));
                } catch (MalformedPacketException e) {
                    assertEquals(MalformedPacketException.Reason.NOT_UTF8, e.reason(), replay);
                    if (expected.text != null) {
                        fail(replay + ": JDK decodes it, Utf8 says " + e.getMessage());
                    }
                    assertEquals("not valid UTF-8 at byte " + expected.errorOffset, e.getMessage(), replay);
                    invalid++;
                    continue;
                }
                if (expected.text == null) {
                    fail(replay + ": JDK rejects it at byte " + expected.errorOffset + ", Utf8 decodes "
                            + Untrusted.quote(actual));
                }
                assertEquals(expected.text, actual, replay);
                valid++;
            }
        }
        // Guards the generator: a corpus that is all valid or all garbage would test little.
        int total = SEEDS.length * CASES_PER_SEED;
        if (valid < total / 5 || invalid < total / 5) {
            fail("unbalanced corpus: " + valid + " valid, " + invalid + " invalid");
        }
    }

    private record JdkResult(String text, int errorOffset) {}

    private static JdkResult jdkDecode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return new JdkResult(null, in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            return new JdkResult(null, in.position());
        }
        return new JdkResult(out.flip().toString(), -1);
    }

    /**
     * Mostly well-formed UTF-8 with, about half the time, one damage: a random byte, a cut sequence, or
     * one of the classic ill-formed sequences (overlong, surrogate, beyond U+10FFFF).
     */
    private static byte[] randomBytes(SplittableRandom random) {
        ByteBuffer bytes = ByteBuffer.allocate(200);
        int pieces = random.nextInt(12);
        boolean damage = random.nextBoolean();
        int damageAt = damage ? random.nextInt(pieces + 1) : -1;
        for (int i = 0; i <= pieces; i++) {
            if (i == damageAt) {
                damage(random, bytes);
            } else if (i < pieces) {
                bytes.put(Character.toString(randomScalar(random)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    private static int randomScalar(SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextInt(0x80);
            case 1:
                return random.nextInt(0x80, 0x800);
            case 2:
                int bmp = random.nextInt(0x800, 0x10000);
                return Character.isSurrogate((char) bmp) ? 0xFFFD : bmp;
            default:
                return random.nextInt(0x10000, Character.MAX_CODE_POINT + 1);
        }
    }

    private static void damage(SplittableRandom random, ByteBuffer bytes) {
        switch (random.nextInt(5)) {
            case 0 -> bytes.put((byte) random.nextInt(256));
            case 1 -> {
                // a multi-byte sequence cut short, perhaps followed by ASCII
                int codePoint = randomScalar(random);
                byte[] whole = Character.toString(Math.max(codePoint, 0x80)).getBytes(StandardCharsets.UTF_8);
                bytes.put(whole, 0, random.nextInt(1, whole.length));
            }
            case 2 -> {
                // lead byte with a random tail: hits overlongs, surrogates and > U+10FFFF often
                bytes.put((byte) random.nextInt(0xC0, 0x100));
                int tail = random.nextInt(4);
                for (int k = 0; k < tail; k++) {
                    bytes.put((byte) random.nextInt(0x80, 0xC0));
                }
            }
            case 3 -> {
                byte[][] classics = {
                    {(byte) 0xC0, (byte) 0xAF},
                    {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                    {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                    {(byte) 0xFF}
                };
                bytes.put(classics[random.nextInt(classics.length)]);
            }
            default -> bytes.put((byte) random.nextInt(0x80, 0xC0)); // stray continuation byte
        }
    }

    /** Every char as a Java escape, so a failing string can be pasted into a test as it is. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            escaped.append(String.format("\\u%04X", (int) c));
        }
        return escaped.append('"').toString();
    }

    private static byte[] encode(CharSequence text) {
        ByteBuffer out = ByteBuffer.allocate(4 * text.length());
        Utf8.encode(text, out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
