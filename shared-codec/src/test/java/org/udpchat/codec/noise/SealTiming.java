package org.udpchat.codec.noise;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;

/**
 * A measurement, not a test (so no assertion, and surefire does not run it): what sealing and opening a
 * 60-byte chat datagram costs with {@link CipherState}, the garbage each seal leaves, and what a whole NX
 * handshake costs both sides. A plain timing loop with a warm-up, no JMH: good for the order of magnitude
 * that issue 14 asks about, not for small differences. Run it after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp shared-codec/target/classes:shared-codec/target/test-classes org.udpchat.codec.noise.SealTiming
 * </pre>
 */
final class SealTiming {

    private static final int PAYLOAD = 60;
    private static final int SEALS = 1_000_000;
    private static final int ROUNDS = 5;
    private static final int HANDSHAKES = 2_000;

    private SealTiming() {}

    public static void main(String[] args) throws Exception {
        byte[] key = new byte[CipherState.KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        byte[] payload = new byte[PAYLOAD];
        byte[] noAd = {};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();

        System.out.println(System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println("AES-256-GCM, " + PAYLOAD + "-byte payload, one Cipher per CipherState:");
        int sink = 0;
        for (int round = 0; round < ROUNDS + 1; round++) {
            CipherState sender = new CipherState(key);
            CipherState receiver = new CipherState(key);
            byte[][] sealed = new byte[1024][];
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            for (int i = 0; i < SEALS; i++) {
                sealed[i & 1023] = sender.encryptWithAd(noAd, payload);
            }
            long sealNanos = System.nanoTime() - start;
            long allocated = threads.getThreadAllocatedBytes(thread) - allocatedBefore;
            // Opening one message again and again, the nonce set back each time: decryption has no rule
            // against a repeated nonce, and this times exactly one open.
            byte[] one = new CipherState(key).encryptWithAd(noAd, payload);
            start = System.nanoTime();
            for (int i = 0; i < SEALS; i++) {
                receiver.setNonce(0);
                sink += receiver.decryptWithAd(noAd, one).length;
            }
            long openNanos = System.nanoTime() - start;
            if (round == 0) {
                System.out.println("  (warm-up round not counted)");
                continue;
            }
            System.out.printf(
                    "  round %d: seal %.3f µs, open %.3f µs, %d bytes allocated per seal%n",
                    round, sealNanos / 1000.0 / SEALS, openNanos / 1000.0 / SEALS, allocated / SEALS);
        }

        SecureRandom random = new SecureRandom();
        NoiseKeyPair serverKey = NoiseKeyPair.generate(random);
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < HANDSHAKES; i++) {
                HandshakeState client = new HandshakeState(
                        HandshakePattern.NX, HandshakeState.Role.INITIATOR, noAd, null, NoiseKeyPair.generator(random));
                HandshakeState server = new HandshakeState(
                        HandshakePattern.NX,
                        HandshakeState.Role.RESPONDER,
                        noAd,
                        serverKey,
                        NoiseKeyPair.generator(random));
                server.readMessage(client.writeMessage(noAd));
                client.readMessage(server.writeMessage(noAd));
                sink += client.split().sender().hasKey() ? 1 : 0;
                sink += server.split().sender().hasKey() ? 1 : 0;
            }
            System.out.printf(
                    "NX handshake, both sides in one thread (2 key generations, 4 X25519): %.0f µs%s%n",
                    (System.nanoTime() - start) / 1000.0 / HANDSHAKES, round == 0 ? " (warm-up)" : "");
        }
        System.out.println("(ignore: " + sink + ")");
    }
}
