package org.udpchat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the server's datagrams come from: the {@link Connection}'s, decoded as classic packets, or raw for
 * the native protocol (only the session's keys open them), in the program; a script in tests. One thread
 * at a time receives.
 *
 * @param <P> the classic protocol's server packets, or the native protocol's raw datagrams
 */
interface Inbox<P> {

    /**
     * Waits up to {@code timeout} for the server's next packet (or datagram: a view of a buffer that is the
     * receiving thread's until its next receive).
     *
     * @return empty when the time ran out, or when what arrived was no packet of this protocol
     * @throws IOException once the connection is closed
     */
    Optional<P> receive(Duration timeout) throws IOException;
}
