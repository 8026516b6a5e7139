package org.udpchat.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** How the load program's members speak: classic text or the native protocol. One thread uses it. */
interface LoadProtocol {

    /**
     * Joins member {@code index} as {@code m<index>} over its connected, non-blocking channel, not yet in
     * the load's selector.
     */
    void join(int index, DatagramChannel channel) throws IOException;

    /**
     * Member {@code index} says a chat whose text is {@code number}: a count when measuring throughput, the
     * time it was sent ({@link System#nanoTime}) when measuring latency.
     */
    void say(int index, DatagramChannel channel, long number) throws IOException;

    /** What a datagram to a member was. */
    enum Arrival {
        /** A chat line from someone else. */
        DELIVERY,
        /** A chat line from the member itself: a delivery, and a slot free in its window. */
        OWN_DELIVERY,
        /** Anything else: a notice, an acknowledgement, a repeat. */
        OTHER
    }

    /** A datagram arrived for member {@code index}; the buffer holds it. */
    Arrival onDatagram(int index, DatagramChannel channel, ByteBuffer datagram) throws IOException;

    /** The number the chat in the last datagram that was a delivery carried. */
    long lastNumber();

    /** The member that said the chat in the last datagram that was a delivery, or -1 if unknown. */
    default int lastSpeaker() {
        return -1;
    }

    /**
     * The index in a load member's name {@code m<index>} held in {@code bytes} from {@code from} to {@code end}
     * (exclusive); -1 if the bytes are not such a name.
     */
    static int memberIndex(ByteBuffer bytes, int from, int end) {
        if (end - from < 2 || end - from > 10 || bytes.get(from) != 'm') {
            return -1;
        }
        int index = 0;
        for (int i = from + 1; i < end; i++) {
            byte digit = bytes.get(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            index = index * 10 + (digit - '0');
        }
        return index;
    }

    /** Time passed with nothing to read: send what is owed (acknowledgements). */
    void onIdle(int index, DatagramChannel channel) throws IOException;

    /** Datagrams dropped so far because they did not open: none where nothing is sealed. */
    default long unopened() {
        return 0;
    }
}
