package org.udpchat.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Where the relay's datagrams go: the socket in the server, a recording fake in tests. */
interface Outbox {

    /**
     * Sends the buffer's remaining bytes to {@code to} as one datagram and leaves the buffer's position
     * where it was, so that the same encoded bytes can go to every member without a copy.
     *
     * @return whether the datagram left; a failure has been logged and the relay counts it
     */
    boolean send(ByteBuffer datagram, InetSocketAddress to);
}
