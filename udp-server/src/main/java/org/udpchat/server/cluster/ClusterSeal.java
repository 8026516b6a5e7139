package org.udpchat.server.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * Seals what the nodes of a cluster tell each other that is not for anyone else's eyes (chat, private
 * messages, resumption secrets): Hazelcast's own member encryption is not in its Apache-licensed edition, so
 * the server seals those values itself before they go into a map or over a topic. AES-256-GCM, as the native
 * protocol's transport, under a key every node derives alike from the server's static private key (the nodes
 * of a cluster share {@code server.key}, see {@link ClusterNode}): HKDF-SHA256 (RFC 5869) with its own label,
 * so the key is used for nothing else. Each value gets a random 96-bit nonce, safe for far more values than a
 * chat seals under one key (2^32 by NIST SP 800-38D's bound for random nonces).
 *
 * <p>A sealed value is {@code nonce(12) ‖ ciphertext ‖ tag(16)}; the caller's {@code context} (what the value
 * is, and for which key or room) is authenticated with it, so a value sealed as one thing cannot be passed off
 * as another. Thread-safe: a {@link Cipher} is made per call, as values between nodes are few next to
 * datagrams.
 */
public final class ClusterSeal {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private static final byte[] LABEL = "udp-chat cluster seal 1".getBytes(StandardCharsets.US_ASCII);

    /** The label of the room stamps' key: derived from the same secret, used for nothing else. */
    private static final byte[] STAMP_LABEL = "udp-chat room stamp 1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random;
    private final RoomStamp roomStamp;

    private ClusterSeal(byte[] key, SecureRandom random, RoomStamp roomStamp) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
        this.roomStamp = roomStamp;
        Arrays.fill(key, (byte) 0);
    }

    /** The seal of the cluster whose nodes present {@code serverKey}. */
    public static ClusterSeal of(NoiseKeyPair serverKey, SecureRandom random) {
        byte[] secret = serverKey.privateKeyBytes();
        try {
            return new ClusterSeal(hkdf(secret, LABEL), random, new RoomStamp(hkdf(secret, STAMP_LABEL)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** The stamp the room sequencers of this cluster put on room events ({@link RoomStamp}). */
    public RoomStamp roomStamp() {
        return roomStamp;
    }

    /** HKDF-Extract with the label as salt, then one block of HKDF-Expand with the label as info. */
    private static byte[] hkdf(byte[] inputKeyMaterial, byte[] label) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(label, "HmacSHA256"));
            byte[] pseudorandomKey = extract.doFinal(inputKeyMaterial);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudorandomKey, "HmacSHA256"));
            Arrays.fill(pseudorandomKey, (byte) 0);
            expand.update(label);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** {@code plain} sealed, bound to {@code context}. */
    public byte[] seal(byte[] plain, byte[] context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(context);
            ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + plain.length + TAG_BYTES);
            sealed.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot seal with AES/GCM/NoPadding", e);
        }
    }

    /**
     * What {@code sealed} holds, if it was sealed by this cluster with this {@code context}.
     *
     * @throws ClusterSealException if it was not: altered, cut, sealed as something else, or by another key
     */
    public byte[] open(byte[] sealed, byte[] context) throws ClusterSealException {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new ClusterSealException("a sealed value of " + sealed.length + " bytes is shorter than its nonce"
                    + " and tag (" + (NONCE_BYTES + TAG_BYTES) + ")");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new ClusterSealException("a sealed value failed its authentication: altered, sealed as something"
                    + " else, or by a node with another key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot open with AES/GCM/NoPadding", e);
        }
    }

    /** A value that this cluster did not seal as it is now, for what the caller says it is. */
    public static final class ClusterSealException extends Exception {
        private static final long serialVersionUID = 1L;

        ClusterSealException(String message) {
            super(message);
        }
    }
}
