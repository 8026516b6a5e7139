package org.udpchat.codec.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * What a person compares: a known key's fingerprint, computed outside this code; what a typed or pasted
 * fingerprint may look like, and each way one is not a fingerprint.
 */
class FingerprintTest {

    /** Alice's private key in RFC 7748, section 6.1. */
    private static final byte[] RFC7748_ALICE_PRIVATE =
            HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");

    /** Alice's public key in RFC 7748, section 6.1 (and what {@code openssl pkey -pubout} derives from it). */
    private static final byte[] RFC7748_ALICE_PUBLIC =
            HexFormat.of().parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    /** Bob's public key in RFC 7748, section 6.1: another key. */
    private static final byte[] RFC7748_BOB_PUBLIC =
            HexFormat.of().parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

    /**
     * Alice's public key's fingerprint, computed independently of this code:
     * {@code printf 8520f0...4e6a | xxd -r -p | openssl dgst -sha256 -binary | base64}, padding dropped.
     */
    private static final String ALICE = "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4";

    /** The same without its prefix, as one may type it. */
    private static final String ALICE_BODY = "MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4";

    @Test
    void ofAKnownKeyIsTheSha256OfItsWireBytesInUnpaddedBase64() {
        assertEquals(ALICE, Fingerprint.of(RFC7748_ALICE_PUBLIC).text());
        assertEquals(ALICE, Fingerprint.of(RFC7748_ALICE_PUBLIC).toString());
        assertEquals(7 + 43, ALICE.length());
    }

    @Test
    void ofAKeyPairsPublicKeyIsItsFingerprint() {
        NoiseKeyPair alice = NoiseKeyPair.fromPrivateKey(RFC7748_ALICE_PRIVATE);

        assertEquals(new Fingerprint(ALICE), Fingerprint.of(alice.publicKey()));
    }

    @Test
    void ofRefusesAnythingButA32ByteKey() {
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of(null));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Fingerprint.of(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ALICE,
                ALICE_BODY,
                "  " + ALICE + "\n",
                "\t" + ALICE_BODY + " ",
            })
    void parseTakesAFingerprintWithOrWithoutItsPrefixAndBlanksAround(String typed) {
        assertEquals(Optional.of(new Fingerprint(ALICE)), Fingerprint.parse(typed));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "SHA256:",
                // a character short, a character over
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4A",
                // with base64's padding, as base64 itself would print it
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4=",
                // base64url's alphabet, and other characters that are not base64
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20_TcwEsDKR0MtY0Ja4",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20-TcwEsDKR0MtY0Ja4",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20.TcwEsDKR0MtY0Ja4",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20 TcwEsDKR0MtY0Ja4",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Jaé",
                // the last character carries two bits an encoder leaves zero: 5, 6 and 7 spell 4's digest too
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja5",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja6",
                "SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja7",
                // another hash's name, or the prefix in another case
                "MD5:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4",
                "sha256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4",
                "SHA256:SHA256:MAyclgO5Kks57TlYv5JAEUgE20/TcwEsDKR0MtY0Ja4",
                // a hex digest, as some tools print one
                "30:0c:9c:96:03:b9:2a:4b:39:ed:39:58:bf:92:40:11:48:04:db:4f:d3:73:01:2c:0c:a4:74:32:d6:34:25:ae"
            })
    void parseRefusesWhatIsNotAFingerprint(String typed) {
        assertEquals(Optional.empty(), Fingerprint.parse(typed));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(typed));
    }

    @Test
    void parseOfNothingIsNothing() {
        assertEquals(Optional.empty(), Fingerprint.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new Fingerprint(null));
    }

    @Test
    void theCanonicalLastCharactersAreExactlyThoseWhoseLowTwoBitsAreZero() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        String stem = ALICE.substring(0, ALICE.length() - 1);
        for (int i = 0; i < alphabet.length(); i++) {
            String candidate = stem + alphabet.charAt(i);
            assertEquals(i % 4 == 0, Fingerprint.parse(candidate).isPresent(), candidate);
        }
    }

    @Test
    void matchesItsOwnKeyAndNoOther() {
        Fingerprint alice = new Fingerprint(ALICE);

        assertTrue(alice.matches(RFC7748_ALICE_PUBLIC));
        assertFalse(alice.matches(RFC7748_BOB_PUBLIC));
        assertTrue(Fingerprint.of(RFC7748_BOB_PUBLIC).matches(RFC7748_BOB_PUBLIC));
        byte[] oneBitOff = RFC7748_ALICE_PUBLIC.clone();
        oneBitOff[31] ^= 1;
        assertFalse(alice.matches(oneBitOff));
    }

    @Test
    void aParsedFingerprintMatchesTheKeyItWasTakenFrom() {
        assertTrue(Fingerprint.parse(ALICE_BODY).orElseThrow().matches(RFC7748_ALICE_PUBLIC));
    }

    @Test
    void matchesRefusesAnythingButA32ByteKey() {
        Fingerprint alice = new Fingerprint(ALICE);

        assertThrows(IllegalArgumentException.class, () -> alice.matches(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> alice.matches(null));
    }

    @Test
    void equalFingerprintsAreEqualValues() {
        assertEquals(
                Fingerprint.of(RFC7748_ALICE_PUBLIC),
                Fingerprint.parse(ALICE_BODY).orElseThrow());
        assertEquals(
                Fingerprint.of(RFC7748_ALICE_PUBLIC).hashCode(),
                Fingerprint.parse(ALICE).orElseThrow().hashCode());
    }
}
