package org.udpchat.codec.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SymmetricStateTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfIsRfc5869WithTheChainingKeyAsSalt() {
        // RFC 5869, test case 3 (SHA-256, 22 bytes of 0x0b, no salt, no info, 42 bytes out). No salt means
        // HashLen zero bytes, which is what a chaining key of zeros is.
        SymmetricState state = new SymmetricState("Noise_NX_25519_AESGCM_SHA256");
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[][] outputs = state.hkdf(new byte[32], ikm, 2);
        byte[] okm = Arrays.copyOf(outputs[0], 64);
        System.arraycopy(outputs[1], 0, okm, 32, 32);
        assertEquals(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                HEX.formatHex(Arrays.copyOf(okm, 42)));
    }

    @Test
    void aShortProtocolNameIsPaddedAndALongOneHashed() throws Exception {
        SymmetricState shortName = new SymmetricState("Noise_NX_25519_AESGCM_SHA256");
        assertArrayEquals(
                Arrays.copyOf("Noise_NX_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32),
                shortName.handshakeHash());

        String longName = "Noise_XXfallback+psk0_25519_AESGCM_SHA256";
        assertArrayEquals(
                MessageDigest.getInstance("SHA-256").digest(longName.getBytes(StandardCharsets.US_ASCII)),
                new SymmetricState(longName).handshakeHash());
    }

    @Test
    void mixHashChainsTheHash() throws Exception {
        SymmetricState state = new SymmetricState("Noise_NX_25519_AESGCM_SHA256");
        byte[] before = state.handshakeHash();
        state.mixHash(new byte[] {1, 2, 3});
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(before);
        sha256.update(new byte[] {1, 2, 3});
        assertArrayEquals(sha256.digest(), state.handshakeHash());
    }

    @Test
    void twoStatesThatMixTheSameThingsSplitIntoMatchingKeys() throws NoiseException {
        SymmetricState a = new SymmetricState("Noise_NX_25519_AESGCM_SHA256");
        SymmetricState b = new SymmetricState("Noise_NX_25519_AESGCM_SHA256");
        for (SymmetricState state : new SymmetricState[] {a, b}) {
            state.mixKey(new byte[32]);
            state.mixKeyAndHash(new byte[32]);
        }
        byte[] sealed = a.encryptAndHash(new byte[] {7});
        assertArrayEquals(new byte[] {7}, b.decryptAndHash(sealed));
        assertArrayEquals(a.handshakeHash(), b.handshakeHash());
        CipherState[] aKeys = a.split();
        CipherState[] bKeys = b.split();
        byte[] fromInitiator = aKeys[0].encryptWithAd(new byte[0], new byte[] {8});
        assertArrayEquals(new byte[] {8}, bKeys[0].decryptWithAd(new byte[0], fromInitiator));
        byte[] fromResponder = bKeys[1].encryptWithAd(new byte[0], new byte[] {9});
        assertArrayEquals(new byte[] {9}, aKeys[1].decryptWithAd(new byte[0], fromResponder));
    }
}
