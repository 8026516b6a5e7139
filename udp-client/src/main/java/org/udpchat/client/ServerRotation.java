package org.udpchat.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Which server of the list the connection talks to, and the choice of the next: the servers in the order
 * {@link ServerList#resolve} gave, round robin. Joining starts at the first and goes down the list while
 * servers stay silent; a session that loses touch goes on with the server after the one it lost, and comes
 * round to that one again last, so a list of one server reconnects to it as a single server always did.
 *
 * <p>Moving to another server points the connection at it ({@code connectTo}). Thread contract: one thread at
 * a time joins, and only the joining thread moves (the main thread while joining, then the receiver thread
 * when it reconnects; the thread start between them orders what each sees); any thread may read
 * {@link #current}, which is volatile for that.
 */
final class ServerRotation {

    /** Points the connection at a server's address: {@link Connection#connectTo} in the program. */
    @FunctionalInterface
    interface Redirect {
        void connectTo(InetSocketAddress address) throws IOException;
    }

    private final List<ServerList.Node> nodes;
    private final Redirect connectTo;
    private volatile int current;

    /**
     * @param nodes the servers, at least one; the connection is pointed at the first already
     * @param connectTo points the connection at another server's address
     */
    ServerRotation(List<ServerList.Node> nodes, Redirect connectTo) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no server to talk to");
        }
        this.nodes = List.copyOf(nodes);
        this.connectTo = connectTo;
    }

    /** The server the connection talks to now. */
    ServerList.Node current() {
        return nodes.get(current);
    }

    /** How many servers there are. */
    int size() {
        return nodes.size();
    }

    /** The server after the current one, the first after the last: the one {@link #moveToNext} moves to. */
    ServerList.Node next() {
        return nodes.get(after(current));
    }

    /**
     * Points the connection at the next server (see {@link #next}); with one server, at the same one again,
     * which changes nothing. Joining thread only.
     *
     * @return the server it talks to now
     * @throws IOException the connection cannot be pointed there (closed: the session has ended); it still
     *     talks to the current server
     */
    ServerList.Node moveToNext() throws IOException {
        int next = after(current);
        if (next != current) {
            connectTo.connectTo(nodes.get(next).address());
            current = next;
        }
        return nodes.get(next);
    }

    private int after(int index) {
        return (index + 1) % nodes.size();
    }
}
