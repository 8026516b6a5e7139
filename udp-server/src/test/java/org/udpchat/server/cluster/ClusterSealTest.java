package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;

/** What one node seals, every node of its cluster opens, and nothing else passes. */
class ClusterSealTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final NoiseKeyPair CLUSTER_KEY = NoiseKeyPair.generate(RANDOM);
    private static final byte[] CONTEXT = bytes("private message to alice");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anotherNodeWithTheSameKeyOpensWhatOneSealed() throws Exception {
        ClusterSeal one = ClusterSeal.of(CLUSTER_KEY, RANDOM);
        ClusterSeal other = ClusterSeal.of(NoiseKeyPair.fromPrivateKey(CLUSTER_KEY.privateKeyBytes()), RANDOM);

        byte[] sealed = one.seal(bytes("see you at eight"), CONTEXT);

        assertArrayEquals(bytes("see you at eight"), other.open(sealed, CONTEXT));
        assertEquals(ClusterSeal.NONCE_BYTES + 16 + ClusterSeal.TAG_BYTES, sealed.length);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("eight"), "nothing readable");
    }

    @Test
    void theSameValueSealedTwiceLooksDifferent() {
        ClusterSeal seal = ClusterSeal.of(CLUSTER_KEY, RANDOM);

        assertFalse(Arrays.equals(seal.seal(bytes("hi"), CONTEXT), seal.seal(bytes("hi"), CONTEXT)));
    }

    @Test
    void everyFlippedBitIsRefused() {
        ClusterSeal seal = ClusterSeal.of(CLUSTER_KEY, RANDOM);
        byte[] sealed = seal.seal(bytes("hello"), CONTEXT);

        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] altered = sealed.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(ClusterSeal.ClusterSealException.class, () -> seal.open(altered, CONTEXT), "bit " + bit);
        }
    }

    @Test
    void aValueSealedAsOneThingIsNotOpenedAsAnother() {
        ClusterSeal seal = ClusterSeal.of(CLUSTER_KEY, RANDOM);
        byte[] sealed = seal.seal(bytes("hello"), CONTEXT);

        assertThrows(ClusterSeal.ClusterSealException.class, () -> seal.open(sealed, bytes("private message to bob")));
    }

    @Test
    void aNodeWithAnotherKeyOpensNothing() {
        byte[] sealed = ClusterSeal.of(CLUSTER_KEY, RANDOM).seal(bytes("hello"), CONTEXT);
        ClusterSeal stranger = ClusterSeal.of(NoiseKeyPair.generate(RANDOM), RANDOM);

        assertThrows(ClusterSeal.ClusterSealException.class, () -> stranger.open(sealed, CONTEXT));
    }

    @Test
    void aValueTooShortToHoldItsNonceAndTagIsRefusedSayingSo() {
        ClusterSeal seal = ClusterSeal.of(CLUSTER_KEY, RANDOM);

        ClusterSeal.ClusterSealException refused =
                assertThrows(ClusterSeal.ClusterSealException.class, () -> seal.open(new byte[27], CONTEXT));
        assertEquals("a sealed value of 27 bytes is shorter than its nonce and tag (28)", refused.getMessage());
    }

    @Test
    void anEmptyValueSealsAndOpens() throws Exception {
        ClusterSeal seal = ClusterSeal.of(CLUSTER_KEY, RANDOM);

        assertArrayEquals(new byte[0], seal.open(seal.seal(new byte[0], CONTEXT), CONTEXT));
    }
}
