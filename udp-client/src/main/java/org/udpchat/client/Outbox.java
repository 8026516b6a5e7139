package org.udpchat.client;

/**
 * Where the client's datagrams to the server go: the {@link Connection} in the program, a recording fake
 * in tests. Safe to call from any thread.
 */
interface Outbox {

    /**
     * Sends one datagram to the server. Never fails: a datagram that cannot leave is as lost as one the
     * network drops, which the sessions are built for (they resend what matters, and notice a silent
     * server by its silence); a closed connection is noticed by the receiving thread's next receive.
     */
    void send(byte[] datagram);
}
