package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.function.Predicate;

/** Small helpers for reading datagrams in the load program. */
final class Answers {

    private Answers() {}

    /**
     * Reads the non-blocking {@code channel} until a datagram satisfies {@code wanted} or {@code wait}
     * passes. For joining only, where a member waits for its one answer; it sleeps in a selector meanwhile,
     * since a thousand members joining one after another must leave the relay the CPU to answer them.
     */
    static boolean await(DatagramChannel channel, ByteBuffer buffer, Duration wait, Predicate<ByteBuffer> wanted)
            throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    buffer.flip();
                    if (wanted.test(buffer)) {
                        return true;
                    }
                    buffer.clear();
                }
            }
        }
        return false;
    }

    static boolean startsWith(ByteBuffer datagram, byte[] prefix) {
        if (datagram.remaining() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (datagram.get(datagram.position() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
