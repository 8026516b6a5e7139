package org.udpchat.codec.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CipherStateTest {

    private static final byte[] NO_AD = {};
    private static final byte[] TEXT = "hello, room".getBytes(StandardCharsets.UTF_8);

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
        }
        return key;
    }

    @Test
    void sealsWithTheNonceNoiseDefines() throws Exception {
        // AESGCM's nonce is 4 zero bytes and the counter, big-endian (section 12.4): checked against the
        // JDK's AES-GCM called directly with that nonce, at a counter whose bytes are all different.
        CipherState state = new CipherState(key(1));
        state.setNonce(0x0102030405060708L);
        byte[] sealed = state.encryptWithAd(new byte[] {42}, TEXT);

        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key(1), "AES"),
                new GCMParameterSpec(128, HexFormat.of().parseHex("000000000102030405060708")));
        reference.updateAAD(new byte[] {42});
        assertArrayEquals(TEXT, reference.doFinal(sealed));
        assertEquals(TEXT.length + CipherState.TAG_LENGTH, sealed.length);
        assertEquals(0x0102030405060709L, state.nonce());
    }

    @Test
    void opensWhatItsTwinSealedInOrder() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        for (int i = 0; i < 5; i++) {
            byte[] text = ("message " + i).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(text, receiver.decryptWithAd(NO_AD, sender.encryptWithAd(NO_AD, text)));
        }
        assertEquals(5, receiver.nonce());
    }

    @Test
    void anEmptyKeyPassesBytesThrough() throws NoiseException {
        CipherState state = new CipherState();
        assertFalse(state.hasKey());
        assertArrayEquals(TEXT, state.encryptWithAd(NO_AD, TEXT));
        assertArrayEquals(TEXT, state.decryptWithAd(NO_AD, TEXT));
        assertEquals(0, state.nonce());
    }

    @Test
    void everyFlippedBitIsRefusedAndLeavesTheStateAsItWas() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        byte[] sealed = sender.encryptWithAd(NO_AD, TEXT);
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            NoiseException e = assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, tampered));
            assertEquals(NoiseException.Reason.BAD_TAG, e.reason(), "bit " + bit);
            assertEquals(0, receiver.nonce(), "bit " + bit);
        }
        assertArrayEquals(TEXT, receiver.decryptWithAd(NO_AD, sealed));
    }

    @Test
    void refusesAnotherAssociatedDataOrKeyOrNonce() throws NoiseException {
        byte[] sealed = new CipherState(key(1)).encryptWithAd(new byte[] {1}, TEXT);
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                assertThrows(NoiseException.class, () -> new CipherState(key(1)).decryptWithAd(new byte[] {2}, sealed))
                        .reason());
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                assertThrows(NoiseException.class, () -> new CipherState(key(2)).decryptWithAd(new byte[] {1}, sealed))
                        .reason());
        CipherState ahead = new CipherState(key(1));
        ahead.setNonce(1);
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                assertThrows(NoiseException.class, () -> ahead.decryptWithAd(new byte[] {1}, sealed))
                        .reason());
    }

    @Test
    void aReplayedMessageIsRefusedBecauseTheNonceMovedOn() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        byte[] sealed = sender.encryptWithAd(NO_AD, TEXT);
        receiver.decryptWithAd(NO_AD, sealed);
        NoiseException e = assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, sealed));
        assertEquals(NoiseException.Reason.BAD_TAG, e.reason());
    }

    @Test
    void refusesAMessageShorterThanItsTag() {
        NoiseException e =
                assertThrows(NoiseException.class, () -> new CipherState(key(1)).decryptWithAd(NO_AD, new byte[15]));
        assertEquals(NoiseException.Reason.TOO_SHORT, e.reason());
        assertEquals("ciphertext of 15 bytes is shorter than its 16-byte tag", e.getMessage());
    }

    @Test
    void refusesToSealAMessageOverNoisesLimit() throws NoiseException {
        CipherState state = new CipherState(key(1));
        NoiseException e =
                assertThrows(NoiseException.class, () -> state.encryptWithAd(NO_AD, new byte[65535 - 16 + 1]));
        assertEquals(NoiseException.Reason.TOO_LARGE, e.reason());
        assertEquals("plaintext of 65520 bytes would make a message over Noise's 65535-byte limit", e.getMessage());
        assertEquals(0, state.nonce());
        assertEquals(65535, state.encryptWithAd(NO_AD, new byte[65535 - 16]).length);
    }

    @Test
    void refusesToOpenAMessageOverNoisesLimit() {
        NoiseException e =
                assertThrows(NoiseException.class, () -> new CipherState(key(1)).decryptWithAd(NO_AD, new byte[65536]));
        assertEquals(NoiseException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void theLastNonceBeforeTheReservedOneWorksAndThenTheKeyIsSpent() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        sender.setNonce(-2L); // 2^64-2
        receiver.setNonce(-2L);
        assertArrayEquals(TEXT, receiver.decryptWithAd(NO_AD, sender.encryptWithAd(NO_AD, TEXT)));
        assertEquals("18446744073709551615", Long.toUnsignedString(sender.nonce()));

        NoiseException sealing = assertThrows(NoiseException.class, () -> sender.encryptWithAd(NO_AD, TEXT));
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED, sealing.reason());
        NoiseException opening = assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, new byte[32]));
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED, opening.reason());
        assertEquals(-1L, sender.nonce());
    }

    @Test
    void rekeyIsTheFirst32BytesOfSealingZerosUnderTheReservedNonce() throws Exception {
        CipherState state = new CipherState(key(1));
        state.setNonce(7);
        state.rekey();
        assertEquals(7, state.nonce(), "Rekey() keeps the nonce");

        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(key(1), "AES"),
                new GCMParameterSpec(128, HexFormat.of().parseHex("00000000ffffffffffffffff")));
        byte[] nextKey = Arrays.copyOf(reference.doFinal(new byte[32]), 32);
        CipherState expected = new CipherState(nextKey);
        expected.setNonce(7);
        assertArrayEquals(expected.encryptWithAd(NO_AD, TEXT), state.encryptWithAd(NO_AD, TEXT));
    }

    @Test
    void bothSidesRekeyAndGoOnTalkingButOneSideAloneCannot() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        sender.rekey();
        byte[] sealed = sender.encryptWithAd(NO_AD, TEXT);
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                assertThrows(NoiseException.class, () -> receiver.decryptWithAd(NO_AD, sealed))
                        .reason());
        receiver.rekey();
        assertArrayEquals(TEXT, receiver.decryptWithAd(NO_AD, sealed));
        assertTrue(receiver.hasKey());
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CipherState(new byte[16]));
        assertEquals("key must be 32 bytes, got 16 bytes", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Explicit nonces in place, copies and clearing: what the sealed datagrams of a session use

    /** Five bytes of associated data, then {@link #TEXT}, with room for the tag. */
    private static byte[] adThenText() {
        byte[] buffer = new byte[5 + TEXT.length + CipherState.TAG_LENGTH];
        System.arraycopy(new byte[] {9, 8, 7, 6, 5}, 0, buffer, 0, 5);
        System.arraycopy(TEXT, 0, buffer, 5, TEXT.length);
        return buffer;
    }

    @Test
    void sealsInPlaceWithTheExplicitNonceAndLeavesItsOwnCounterAlone() throws Exception {
        CipherState state = new CipherState(key(1));
        state.setNonce(3);
        byte[] buffer = adThenText();

        int sealed = state.encryptInPlace(0x0102030405060708L, buffer, 5, TEXT.length);

        assertEquals(TEXT.length + CipherState.TAG_LENGTH, sealed);
        assertEquals(3, state.nonce(), "the state's own counter is not touched");
        Cipher reference = Cipher.getInstance("AES/GCM/NoPadding");
        reference.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key(1), "AES"),
                new GCMParameterSpec(128, HexFormat.of().parseHex("000000000102030405060708")));
        reference.updateAAD(new byte[] {9, 8, 7, 6, 5});
        assertArrayEquals(TEXT, reference.doFinal(buffer, 5, sealed));
        assertArrayEquals(new byte[] {9, 8, 7, 6, 5}, Arrays.copyOf(buffer, 5), "the associated data stays");
    }

    @Test
    void opensInPlaceWhatWasSealedInPlaceInAnyOrderOfNonces() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        byte[][] sealed = new byte[3][];
        long[] nonces = {5, 1, 1L << 48};
        for (int i = 0; i < nonces.length; i++) {
            sealed[i] = adThenText();
            sender.encryptInPlace(nonces[i], sealed[i], 5, TEXT.length);
        }
        for (int i = nonces.length - 1; i >= 0; i--) {
            int length = receiver.decryptInPlace(nonces[i], sealed[i], 5, TEXT.length + CipherState.TAG_LENGTH);
            assertEquals(TEXT.length, length);
            assertArrayEquals(TEXT, Arrays.copyOfRange(sealed[i], 5, 5 + length));
        }
        assertEquals(0, receiver.nonce());
    }

    @Test
    void aFailedOpeningInPlaceLeavesTheBufferAndTheStateAsTheyWere() throws NoiseException {
        CipherState sender = new CipherState(key(1));
        CipherState receiver = new CipherState(key(1));
        byte[] buffer = adThenText();
        sender.encryptInPlace(7, buffer, 5, TEXT.length);
        int sealed = TEXT.length + CipherState.TAG_LENGTH;

        for (int bit = 0; bit < buffer.length * 8; bit++) {
            byte[] flipped = buffer.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            byte[] before = flipped.clone();
            NoiseException e = assertThrows(
                    NoiseException.class, () -> receiver.decryptInPlace(7, flipped, 5, sealed), "bit " + bit);
            assertEquals(NoiseException.Reason.BAD_TAG, e.reason());
            assertArrayEquals(before, flipped, "bit " + bit + ": nothing was written");
        }
        assertEquals(
                NoiseException.Reason.BAD_TAG,
                assertThrows(NoiseException.class, () -> receiver.decryptInPlace(8, buffer.clone(), 5, sealed))
                        .reason(),
                "another nonce");
        assertEquals(TEXT.length, receiver.decryptInPlace(7, buffer, 5, sealed));
    }

    @Test
    void inPlaceRefusesTheReservedNonceAndAnOpeningShorterThanItsTag() {
        CipherState state = new CipherState(key(1));
        assertEquals(
                NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> state.encryptInPlace(-1L, adThenText(), 5, 1))
                        .reason());
        assertEquals(
                NoiseException.Reason.NONCE_EXHAUSTED,
                assertThrows(NoiseException.class, () -> state.decryptInPlace(-1L, adThenText(), 5, 16))
                        .reason());
        NoiseException tooShort =
                assertThrows(NoiseException.class, () -> state.decryptInPlace(0, adThenText(), 5, 15));
        assertEquals(NoiseException.Reason.TOO_SHORT, tooShort.reason());
        assertEquals("ciphertext of 15 bytes is shorter than its 16-byte tag", tooShort.getMessage());
    }

    @Test
    void aCopyHasTheKeyAndTheNonceAndGoesItsOwnWay() throws NoiseException {
        CipherState original = new CipherState(key(1));
        original.setNonce(9);
        CipherState copy = new CipherState();

        copy.copyFrom(original);

        assertEquals(9, copy.nonce());
        byte[] buffer = adThenText();
        original.encryptInPlace(1, buffer, 5, TEXT.length);
        assertEquals(TEXT.length, copy.decryptInPlace(1, buffer, 5, TEXT.length + CipherState.TAG_LENGTH));
        copy.rekey();
        byte[] again = adThenText();
        original.encryptInPlace(2, again, 5, TEXT.length);
        assertThrows(
                NoiseException.class, () -> copy.decryptInPlace(2, again, 5, TEXT.length + CipherState.TAG_LENGTH));
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> copy.copyFrom(new CipherState()));
        assertEquals("the other CipherState's key is empty", empty.getMessage());
    }

    @Test
    void theSameKeyRotatedTwiceInTwoCopiesGivesTheSameKey() throws NoiseException {
        // A receiver tries a rotated key in a spare state, clears it when the datagram fails, and may derive it
        // again for the next one: the derivation must not depend on anything but the key.
        CipherState key = new CipherState(key(1));
        CipherState spare = new CipherState();
        spare.copyFrom(key);
        spare.rekey();
        spare.clear();
        spare.copyFrom(key);
        spare.rekey();
        CipherState other = new CipherState();
        other.copyFrom(key);
        other.rekey();

        byte[] buffer = adThenText();
        spare.encryptInPlace(1, buffer, 5, TEXT.length);
        assertEquals(TEXT.length, other.decryptInPlace(1, buffer, 5, TEXT.length + CipherState.TAG_LENGTH));
    }

    @Test
    void aClearedStateHasNoKeyAndSealsAndOpensNothing() {
        CipherState state = new CipherState(key(1));
        state.setNonce(4);

        state.clear();

        assertFalse(state.hasKey());
        assertEquals(0, state.nonce());
        assertThrows(IllegalStateException.class, () -> state.encryptInPlace(0, adThenText(), 5, 1));
        assertThrows(IllegalStateException.class, () -> state.decryptInPlace(0, adThenText(), 5, 16));
        state.clear(); // twice is harmless
    }
}
