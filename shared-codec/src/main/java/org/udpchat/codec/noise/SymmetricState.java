package org.udpchat.codec.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's SymmetricState (revision 34, section 5.2) with the hash {@code SHA256} (section 12.5): the
 * chaining key {@code ck}, the handshake hash {@code h} and the handshake's {@link CipherState}.
 * {@code HKDF} is section 4.3's: HMAC-SHA256 keyed with {@code ck} over the input key material gives a
 * temporary key, and each output is HMAC-SHA256 under that key of the previous output and a counter byte
 * (RFC 5869 with {@code ck} as the salt and an empty info).
 *
 * <p>Used by {@link HandshakeState} alone, from its owner's thread.
 */
final class SymmetricState {

    static final int HASH_LENGTH = 32;

    private final MessageDigest sha256;
    private final Mac hmac;
    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] hash;

    /** InitializeSymmetric(protocol_name). */
    SymmetricState(String protocolName) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must offer both: their absence is a broken JDK, not input.
            throw new IllegalStateException("this JDK offers no SHA-256 or HmacSHA256", e);
        }
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        // A name that fits is zero-padded to HASHLEN, a longer one hashed (section 5.2).
        hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256.digest(name);
        chainingKey = hash.clone();
    }

    /** MixKey(ikm): {@code ck, k = HKDF(ck, ikm, 2)}, and the cipher's nonce starts again at 0. */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] outputs = hkdf(chainingKey, inputKeyMaterial, 2);
        replaceChainingKey(outputs[0]);
        cipher.initializeKey(outputs[1]);
        Arrays.fill(outputs[1], (byte) 0);
    }

    /** MixHash(data): {@code h = SHA256(h || data)}. */
    void mixHash(byte[] data) {
        sha256.update(hash);
        sha256.update(data);
        hash = sha256.digest();
    }

    /** MixKeyAndHash(ikm): for pre-shared keys; {@code ck, temp_h, k = HKDF(ck, ikm, 3)}. */
    void mixKeyAndHash(byte[] inputKeyMaterial) {
        byte[][] outputs = hkdf(chainingKey, inputKeyMaterial, 3);
        replaceChainingKey(outputs[0]);
        mixHash(outputs[1]);
        cipher.initializeKey(outputs[2]);
        Arrays.fill(outputs[2], (byte) 0);
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** EncryptAndHash(plaintext): seals with {@code h} as the associated data, then mixes the result in. */
    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** DecryptAndHash(ciphertext): opens with {@code h} as the associated data, then mixes the ciphertext in. */
    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /**
     * Split(): the two transport CipherStates, initiator to responder first. The chaining key is erased:
     * nothing after the handshake may derive keys from it.
     */
    CipherState[] split() {
        byte[][] outputs = hkdf(chainingKey, new byte[0], 2);
        CipherState initiatorToResponder = new CipherState(outputs[0]);
        CipherState responderToInitiator = new CipherState(outputs[1]);
        Arrays.fill(outputs[0], (byte) 0);
        Arrays.fill(outputs[1], (byte) 0);
        Arrays.fill(chainingKey, (byte) 0);
        return new CipherState[] {initiatorToResponder, responderToInitiator};
    }

    /** HKDF(chaining_key, input_key_material, num_outputs) of section 4.3, for 2 or 3 outputs. */
    byte[][] hkdf(byte[] key, byte[] inputKeyMaterial, int outputCount) {
        byte[] tempKey = hmac(key, inputKeyMaterial);
        byte[][] outputs = new byte[outputCount][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputCount; i++) {
            byte[] input = Arrays.copyOf(previous, previous.length + 1);
            input[previous.length] = (byte) (i + 1);
            outputs[i] = hmac(tempKey, input);
            previous = outputs[i];
        }
        Arrays.fill(tempKey, (byte) 0);
        return outputs;
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a " + key.length + "-byte key", e);
        }
        return hmac.doFinal(data);
    }

    private void replaceChainingKey(byte[] next) {
        Arrays.fill(chainingKey, (byte) 0);
        chainingKey = next;
    }
}
