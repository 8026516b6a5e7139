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

    /** Time passed with nothing to read: send what is owed (acknowledgements). */
    void onIdle(int index, DatagramChannel channel) throws IOException;

    /** Datagrams dropped so far because they did not open: none where nothing is sealed. */
    default long unopened() {
        return 0;
    }
}
