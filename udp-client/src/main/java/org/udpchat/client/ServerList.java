package org.udpchat.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Untrusted;

/**
 * The servers {@code --server} names, in the order typed: {@code a:8888,b:8888}, each element as
 * {@link HostPort} reads it ({@code [::1]:8888} for IPv6). They are the nodes of one chat (a cluster): the
 * client joins the first that answers and, when it loses touch, goes on with the next ({@link ServerRotation}).
 * One server, the usual case, is a list of one.
 *
 * <p>Parsing resolves nothing; {@link #resolve} looks the hosts up, once, when the program starts, and makes
 * every address a host name has one server of its own, in the order the resolver gives them: a name with
 * three addresses is three nodes, as a list of three would be.
 */
record ServerList(List<HostPort> servers) {

    /** Finds every address of a host, as {@link InetAddress#getAllByName} does in the program. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /**
     * One server to talk to: an address, and the server as the user named it, which its key is remembered
     * under ({@link KnownServers#key}), whatever address the name resolved to.
     */
    record Node(HostPort named, InetSocketAddress address) {

        Node {
            Objects.requireNonNull(named, "named == null");
            Objects.requireNonNull(address, "address == null");
        }

        /**
         * As the user is told of it: as typed, with the address it resolved to when that is not what was
         * typed ({@code chat.example.org:8888 (192.0.2.7)}), so the nodes of one name can be told apart.
         */
        @Override
        public String toString() {
            String ip = HostPort.format(address.getAddress());
            return KnownServers.key(named).equals(HostPort.format(address))
                    ? named.toString()
                    : named + " (" + ip + ")";
        }
    }

    ServerList {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a server list needs at least one server");
        }
    }

    /** One server. */
    static ServerList of(HostPort server) {
        return new ServerList(List.of(server));
    }

    /**
     * Reads {@code HOST:PORT[,HOST:PORT...]}, blanks around each element allowed.
     *
     * @throws IllegalArgumentException with a message that names the element at fault and what is wrong with
     *     it: an empty element, one that is no {@code HOST:PORT}, port 0, or a server named twice (the same
     *     host, in any case, and port: a node named twice is tried twice as often, which nobody means)
     */
    static ServerList parse(String text) {
        List<HostPort> servers = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        // -1 keeps trailing empty elements, to refuse "a:1," as clearly as ",a:1"
        String[] elements = text.split(",", -1);
        for (int i = 0; i < elements.length; i++) {
            String element = elements[i].strip();
            String which = elements.length == 1 ? "" : "server " + (i + 1) + " of " + elements.length + ": ";
            if (element.isEmpty()) {
                throw new IllegalArgumentException(
                        elements.length == 1
                                ? "no server given: expected HOST:PORT, or HOST:PORT,HOST:PORT for several"
                                : which + "nothing between the commas: list servers as HOST:PORT,HOST:PORT");
            }
            HostPort server;
            try {
                server = HostPort.parse(element);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(which + e.getMessage(), e);
            }
            if (server.port() == 0) {
                throw new IllegalArgumentException(which + "port 0 is not a server's port");
            }
            Integer earlier = seen.putIfAbsent(KnownServers.key(server), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(
                        which + Untrusted.quote(element) + " is server " + earlier + " already: name each server once");
            }
            servers.add(server);
        }
        return new ServerList(servers);
    }

    /**
     * Every server's addresses, in the order typed and, within one host, the order {@code resolver} gives.
     * An address two names share is one server, kept where it comes first.
     *
     * @throws UnknownHostException naming the host that has no address
     */
    List<Node> resolve(Resolver resolver) throws UnknownHostException {
        Set<InetSocketAddress> taken = new LinkedHashSet<>();
        List<Node> nodes = new ArrayList<>();
        for (HostPort server : servers) {
            InetAddress[] addresses;
            try {
                addresses = resolver.addresses(server.host());
            } catch (UnknownHostException e) {
                throw new UnknownHostException(server.host());
            }
            for (InetAddress address : addresses) {
                InetSocketAddress socketAddress = new InetSocketAddress(address, server.port());
                if (taken.add(socketAddress)) {
                    nodes.add(new Node(server, socketAddress));
                }
            }
        }
        if (nodes.isEmpty()) {
            throw new UnknownHostException(servers.get(0).host()); // a resolver that gave no address at all
        }
        return nodes;
    }

    /** The first server: the one a single-server client talks to. */
    HostPort first() {
        return servers.get(0);
    }

    /** As typed, normalised: {@code a:8888,[::1]:8888}. */
    @Override
    public String toString() {
        return servers.stream().map(HostPort::toString).collect(Collectors.joining(","));
    }
}
