package org.udpchat.codec.secure;

/**
 * When a sender rotates its key: after {@code maxMessages} datagrams or {@code maxAgeMillis} under one
 * key, whichever comes first. The default keeps each key far inside AES-GCM's limits (QUIC allows 2^23
 * packets per key for AES-GCM's confidentiality) and no older than an hour, so that a key taken from a
 * live process later opens at most an hour of what it recorded.
 */
public record RekeyPolicy(long maxMessages, long maxAgeMillis) {

    public static final RekeyPolicy DEFAULT = new RekeyPolicy(1L << 22, 60 * 60 * 1000L);

    public RekeyPolicy {
        if (maxMessages < 1 || maxMessages >= 1L << SessionCipher.COUNTER_BITS) {
            throw new IllegalArgumentException("maxMessages " + maxMessages + " is not in 1..2^48-1");
        }
        if (maxAgeMillis < 1) {
            throw new IllegalArgumentException("maxAgeMillis " + maxAgeMillis + " is not positive");
        }
    }
}
