package org.udpchat.codec.noise;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.function.Supplier;
import javax.crypto.KeyAgreement;

/**
 * An X25519 key pair for Noise's DH functions {@code 25519} (revision 34, section 12.1), with the public
 * key in its wire form: the u-coordinate as 32 little-endian bytes (RFC 7748, section 5). The JDK's own
 * {@code X25519} does the work; this class only converts between its key objects and those bytes.
 *
 * <p>The caller supplies the randomness ({@link #generate}) or the private key itself
 * ({@link #fromPrivateKey}, for a key kept in a file and for the published test vectors).
 */
public final class NoiseKeyPair {

    /** DHLEN: the length of a public key and of a DH output. */
    public static final int KEY_LENGTH = 32;

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private NoiseKeyPair(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair drawn from {@code random}. */
    public static NoiseKeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new NoiseKeyPair(pair.getPrivate(), encode((XECPublicKey) pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw missingX25519(e);
        }
    }

    /** Where a {@link HandshakeState} gets its ephemeral keys in real use: fresh ones from {@code random}. */
    public static Supplier<NoiseKeyPair> generator(SecureRandom random) {
        return () -> generate(random);
    }

    /**
     * The key pair of a 32-byte X25519 private key (the scalar as RFC 7748 writes it; the JDK clamps it).
     */
    public static NoiseKeyPair fromPrivateKey(byte[] rawPrivateKey) {
        if (rawPrivateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "an X25519 private key is " + KEY_LENGTH + " bytes, got " + rawPrivateKey.length);
        }
        try {
            PrivateKey key = KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, rawPrivateKey.clone()));
            // Java 17 has no call that derives the public key from a private one; X25519 with the base point is
            // that derivation, by definition.
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            return new NoiseKeyPair(key, dh(agreement, key, decode(KeyFactory.getInstance("X25519"), basePoint())));
        } catch (GeneralSecurityException e) {
            throw missingX25519(e);
        }
    }

    /** The public key as sent on the wire (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The private scalar's 32 bytes (a copy), for storing the key; never to be sent. */
    public byte[] privateKeyBytes() {
        return ((XECPrivateKey) privateKey)
                .getScalar()
                .orElseThrow(() -> new IllegalStateException("this JDK's X25519 key does not expose its scalar"));
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** DH(key_pair, public_key) with the JDK's agreement, which refuses a result of all zeros. */
    static byte[] dh(KeyAgreement agreement, PrivateKey local, PublicKey remote) throws InvalidKeyException {
        agreement.init(local);
        agreement.doPhase(remote, true);
        return agreement.generateSecret();
    }

    /** A public key from its wire form. RFC 7748 says to ignore the top bit of the last byte, and so do we. */
    static PublicKey decode(KeyFactory factory, byte[] wire) throws InvalidKeySpecException {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = wire[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
    }

    private static byte[] encode(XECPublicKey key) {
        byte[] bigEndian = key.getU().toByteArray();
        byte[] wire = new byte[KEY_LENGTH];
        // toByteArray may add a sign byte or drop leading zeros: copy the low 32 bytes, reversed.
        for (int i = 0; i < KEY_LENGTH && i < bigEndian.length; i++) {
            wire[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return wire;
    }

    /** X25519's base point, u = 9: a private key's public key is DH(private key, base point). */
    private static byte[] basePoint() {
        byte[] point = new byte[KEY_LENGTH];
        point[0] = 9;
        return point;
    }

    static IllegalStateException missingX25519(GeneralSecurityException e) {
        // Java 11 and later always offer X25519: its absence is a broken JDK, not input.
        return new IllegalStateException("this JDK's X25519 failed: " + e.getMessage(), e);
    }
}
