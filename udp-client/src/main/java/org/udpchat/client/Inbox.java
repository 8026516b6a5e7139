package org.udpchat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the server's packets of one protocol come from: the {@link Connection}'s datagrams, decoded, in
 * the program; a script in tests. One thread at a time receives.
 *
 * @param <P> the protocol's server packets
 */
interface Inbox<P> {

    /**
     * Waits up to {@code timeout} for the server's next packet.
     *
     * @return empty when the time ran out, or when what arrived was no packet of this protocol
     * @throws IOException once the connection is closed
     */
    Optional<P> receive(Duration timeout) throws IOException;
}
