package org.udpchat.codec.noise;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's CipherState (revision 34, section 5.1) for the cipher {@code AESGCM} (section 12.4): a key
 * {@code k}, which may be empty, and a 64-bit counter {@code n} that is the nonce of the next message.
 *
 * <pre>
 *   nonce (12 bytes)    00 00 00 00 | n as 8 bytes, big-endian
 *   ciphertext          AES-256-GCM(k, nonce, ad, plaintext) = encrypted plaintext | 16-byte tag
 * </pre>
 *
 * <p>With an empty key both directions return the bytes as they are, as the spec says (the first
 * handshake message travels in clear). A message that fails to decrypt leaves the state exactly as it
 * was, {@code n} included, so that a forged datagram costs the receiver nothing. The counter refuses
 * to reach 2^64-1, which Noise reserves for {@link #rekey()}.
 *
 * <p>One {@link Cipher} per CipherState, made once and re-initialised for each message with the same
 * key object: re-keying a shared {@code Cipher} for every datagram costs about 2 µs on JDK 17 (see issue
 * 14), re-initialising it with the key it already holds a fraction of that.
 *
 * <p>Not thread-safe: one owner (a session's thread) uses it.
 */
public final class CipherState {

    /** AESGCM's key: AES-256. */
    public static final int KEY_LENGTH = 32;
    /** The GCM tag appended to every ciphertext: 128 bits, as Noise requires. */
    public static final int TAG_LENGTH = 16;
    /** Noise's limit on any message (section 3): lengths fit in 16 bits. */
    public static final int MAX_MESSAGE_LENGTH = 65535;

    /** 2^64-1 as an unsigned long: reserved, never the nonce of a message (section 5.1). */
    private static final long RESERVED_NONCE = -1L;

    private static final int NONCE_LENGTH = 12;
    private static final int COUNTER_OFFSET = 4;
    private static final byte[] NO_BYTES = {};

    private final Cipher cipher;
    /** AES itself, for {@link #rekey}: made at the first rotation. */
    private Cipher blockCipher;

    private final byte[] nonceBytes = new byte[NONCE_LENGTH];
    /** Our own copy of k, overwritten when it is replaced; null while the key is empty. */
    private byte[] keyBytes;

    private SecretKeySpec key;
    private long nonce;

    /** A CipherState with an empty key: it passes bytes through until {@link #initializeKey} is called. */
    public CipherState() {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must offer AES/GCM/NoPadding: its absence is a broken JDK, not input.
            throw new IllegalStateException("this JDK offers no AES/GCM/NoPadding", e);
        }
    }

    /** A CipherState holding {@code key} with the nonce at 0. */
    public CipherState(byte[] key) {
        this();
        initializeKey(key);
    }

    /** InitializeKey(key): {@code k = key}, {@code n = 0}; the previous key is overwritten in our copy. */
    public void initializeKey(byte[] newKey) {
        if (newKey == null || newKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes, got "
                    + (newKey == null ? "null" : newKey.length + " bytes"));
        }
        replaceKey(newKey.clone());
        nonce = 0;
    }

    public boolean hasKey() {
        return key != null;
    }

    /** The nonce the next message will use, as an unsigned 64-bit value. */
    public long nonce() {
        return nonce;
    }

    /**
     * SetNonce(n): for a transport that carries the nonce explicitly and reads messages out of order. The
     * caller owns the rule that a nonce is never used twice under one key (a replay window on receipt; on
     * sending, never set it backwards).
     */
    public void setNonce(long unsignedNonce) {
        nonce = unsignedNonce;
    }

    /**
     * EncryptWithAd: seals {@code plaintext} under the next nonce and advances it; with an empty key,
     * returns a copy of the plaintext.
     */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        int overhead = hasKey() ? TAG_LENGTH : 0;
        if (plaintext.length > MAX_MESSAGE_LENGTH - overhead) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_LARGE,
                    "plaintext of " + plaintext.length + " bytes would make a message over Noise's "
                            + MAX_MESSAGE_LENGTH + "-byte limit");
        }
        if (!hasKey()) {
            return plaintext.clone();
        }
        checkNonce();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextParameters());
            cipher.updateAAD(ad);
            byte[] ciphertext = cipher.doFinal(plaintext);
            nonce++;
            return ciphertext;
        } catch (GeneralSecurityException e) {
            // Only a nonce reused under one key by setNonce reaches here (the JDK refuses to seal twice with
            // the same key and IV): a caller's bug, never the network's.
            throw new IllegalStateException("AES-GCM refused to seal with nonce " + Long.toUnsignedString(nonce), e);
        }
    }

    /**
     * DecryptWithAd: opens {@code ciphertext} with the next nonce and advances it; on any failure nothing
     * changes. With an empty key, returns a copy of the bytes.
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (ciphertext.length > MAX_MESSAGE_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_LARGE,
                    "message of " + ciphertext.length + " bytes is over Noise's " + MAX_MESSAGE_LENGTH + "-byte limit");
        }
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < TAG_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_SHORT,
                    "ciphertext of " + ciphertext.length + " bytes is shorter than its " + TAG_LENGTH + "-byte tag");
        }
        checkNonce();
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextParameters());
            cipher.updateAAD(ad);
            byte[] plaintext = cipher.doFinal(ciphertext);
            nonce++;
            return plaintext;
        } catch (AEADBadTagException e) {
            throw new NoiseException(
                    NoiseException.Reason.BAD_TAG,
                    "authentication tag does not verify for nonce " + Long.toUnsignedString(nonce)
                            + ": the message was altered, or not sealed by the holder of this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to open with nonce " + Long.toUnsignedString(nonce), e);
        }
    }

    /**
     * Seals in place with the explicit nonce {@code n}, for a transport that carries it in each datagram:
     * {@code buffer[0, adLength)} is the associated data, the plaintext follows it for {@code length}
     * bytes and is replaced by its ciphertext and the tag. Returns the bytes after the associated data
     * (length + {@value #TAG_LENGTH}). The caller owns the rule that {@code n} is never used twice under one
     * key; the state's own counter is not touched.
     */
    public int encryptInPlace(long n, byte[] buffer, int adLength, int length) throws NoiseException {
        requireKey();
        if (n == RESERVED_NONCE) {
            throw exhausted();
        }
        try {
            setCounter(n);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonceBytes));
            cipher.updateAAD(buffer, 0, adLength);
            return cipher.doFinal(buffer, adLength, length, buffer, adLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to seal with nonce " + Long.toUnsignedString(n), e);
        }
    }

    /**
     * Opens in place what {@link #encryptInPlace} sealed with nonce {@code n}: {@code length} bytes of
     * ciphertext and tag after {@code adLength} bytes of associated data. Returns the plaintext's length, at
     * the same place; on any failure the state and the plaintext are untouched, and nothing is returned.
     */
    public int decryptInPlace(long n, byte[] buffer, int adLength, int length) throws NoiseException {
        requireKey();
        if (length < TAG_LENGTH) {
            throw new NoiseException(
                    NoiseException.Reason.TOO_SHORT,
                    "ciphertext of " + length + " bytes is shorter than its " + TAG_LENGTH + "-byte tag");
        }
        if (n == RESERVED_NONCE) {
            throw exhausted();
        }
        try {
            setCounter(n);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonceBytes));
            cipher.updateAAD(buffer, 0, adLength);
            return cipher.doFinal(buffer, adLength, length, buffer, adLength);
        } catch (AEADBadTagException e) {
            throw new NoiseException(
                    NoiseException.Reason.BAD_TAG,
                    "authentication tag does not verify for nonce " + Long.toUnsignedString(n)
                            + ": the message was altered, or not sealed by the holder of this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM refused to open with nonce " + Long.toUnsignedString(n), e);
        }
    }

    /** Takes a copy of {@code other}'s key (and its nonce): to try a derived key without losing this one. */
    public void copyFrom(CipherState other) {
        if (!other.hasKey()) {
            throw new IllegalArgumentException("the other CipherState's key is empty");
        }
        replaceKey(other.keyBytes.clone());
        nonce = other.nonce;
    }

    /**
     * Forgets the key: our copy is overwritten and the state is empty again. What the JDK's key object
     * keeps cannot be erased on Java 17 (see {@link #replaceKey}); it is dropped for the collector.
     */
    public void clear() {
        if (keyBytes != null) {
            Arrays.fill(keyBytes, (byte) 0);
        }
        keyBytes = null;
        key = null;
        nonce = 0;
    }

    private void requireKey() {
        if (!hasKey()) {
            throw new IllegalStateException("this CipherState's key is empty");
        }
    }

    private static NoiseException exhausted() {
        return new NoiseException(
                NoiseException.Reason.NONCE_EXHAUSTED,
                "nonce 2^64-1 is reserved by Noise: this key may not seal or open with it");
    }

    /**
     * Rekey(): {@code k = REKEY(k)}, the first 32 bytes of {@code ENCRYPT(k, 2^64-1, empty, 32 zero bytes)}
     * (section 4.2); the nonce is kept. The old key is overwritten in our copy.
     */
    public void rekey() {
        if (!hasKey()) {
            throw new IllegalStateException("rekey() needs a key; this CipherState's key is empty");
        }
        // GCM's ciphertext of zeros is its CTR keystream: with the 96-bit nonce 0^32 || 2^64-1, counter
        // blocks 2 and 3 (block 1 masks the tag). Computed with AES itself, because the JDK's GCM refuses to
        // encrypt twice with one key and nonce, and a receiver trying a rotated key may derive it twice.
        byte[] blocks = new byte[KEY_LENGTH];
        setCounter(RESERVED_NONCE);
        for (int block = 0; block < 2; block++) {
            System.arraycopy(nonceBytes, 0, blocks, block * 16, NONCE_LENGTH);
            blocks[block * 16 + 15] = (byte) (2 + block);
        }
        try {
            if (blockCipher == null) {
                // made once and kept: a receiver tries a forged datagram's "later epoch" by rotating, and a
                // new Cipher for every try cost five times an ordinary refusal (the attack review of issue 14)
                blockCipher = Cipher.getInstance("AES/ECB/NoPadding");
            }
            blockCipher.init(Cipher.ENCRYPT_MODE, key);
            byte[] next = blockCipher.doFinal(blocks);
            Arrays.fill(blocks, (byte) 0);
            replaceKey(next);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES refused to derive the next key", e);
        }
    }

    private void checkNonce() throws NoiseException {
        if (nonce == RESERVED_NONCE) {
            throw new NoiseException(
                    NoiseException.Reason.NONCE_EXHAUSTED,
                    "nonce reached 2^64-1, which Noise reserves: this key may not seal or open another message");
        }
    }

    private GCMParameterSpec nextParameters() {
        setCounter(nonce);
        return new GCMParameterSpec(TAG_LENGTH * 8, nonceBytes);
    }

    private void setCounter(long counter) {
        for (int i = 0; i < Long.BYTES; i++) {
            nonceBytes[COUNTER_OFFSET + i] = (byte) (counter >>> (8 * (Long.BYTES - 1 - i)));
        }
    }

    /**
     * Takes ownership of {@code newKey}. The JDK's {@link SecretKeySpec} keeps a copy of its own that Java
     * 17 gives no way to erase; ours, at least, is overwritten.
     */
    private void replaceKey(byte[] newKey) {
        if (keyBytes != null) {
            Arrays.fill(keyBytes, (byte) 0);
        }
        keyBytes = newKey;
        key = new SecretKeySpec(newKey, "AES");
    }
}
