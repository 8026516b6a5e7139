package org.udpchat.codec.secure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import org.udpchat.codec.noise.NoiseKeyPair;

/**
 * What a person compares to know a server: {@code SHA256:} and the SHA-256 of the server's static
 * X25519 public key in base64 without padding, 43 characters, as OpenSSH shows a host key
 * ({@code ssh-keygen -lf}). Short enough to read aloud or paste, long enough that no one can make a key
 * to match it.
 */
public record Fingerprint(String text) {

    /** The prefix that names the hash, as OpenSSH writes it. */
    public static final String PREFIX = "SHA256:";

    private static final int BASE64_LENGTH = 43;

    public Fingerprint {
        if (!isWellFormed(text)) {
            throw new IllegalArgumentException("not a fingerprint: " + text);
        }
    }

    /** The fingerprint of a 32-byte X25519 public key as it travels on the wire. */
    public static Fingerprint of(byte[] publicKey) {
        if (publicKey == null || publicKey.length != NoiseKeyPair.KEY_LENGTH) {
            throw new IllegalArgumentException("a public key is " + NoiseKeyPair.KEY_LENGTH + " bytes");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
            return new Fingerprint(PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must offer SHA-256: its absence is a broken JDK, not input.
            throw new IllegalStateException("this JDK offers no SHA-256", e);
        }
    }

    /**
     * A fingerprint a person typed or pasted: surrounding blanks are ignored, and the {@code SHA256:}
     * prefix may be left out. Empty when it is not one (the caller says why, in its own words).
     */
    public static Optional<Fingerprint> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String trimmed = typed.strip();
        String full = trimmed.startsWith(PREFIX) ? trimmed : PREFIX + trimmed;
        return isWellFormed(full) ? Optional.of(new Fingerprint(full)) : Optional.empty();
    }

    /** Whether the fingerprint matches {@code publicKey}, compared in constant time. */
    public boolean matches(byte[] publicKey) {
        return MessageDigest.isEqual(
                of(publicKey).text.getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean isWellFormed(String text) {
        if (text == null || !text.startsWith(PREFIX) || text.length() != PREFIX.length() + BASE64_LENGTH) {
            return false;
        }
        String body = text.substring(PREFIX.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean base64 =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        // 43 characters carry 258 bits: the last one holds the 4 bits left of 256 and two zeros, as an encoder
        // writes them; any other last character would be a second spelling of the same fingerprint.
        int last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".indexOf(body.charAt(42));
        return (last & 0b11) == 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
