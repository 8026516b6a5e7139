package org.udpchat.server.cluster;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.udpchat.codec.HostPort;

/**
 * The address of this machine from which its cluster connections go out: the interface the system routes the
 * first reachable member through. A member that is this machine's own address (lists of members usually hold
 * every node, this one too) is its own interface. Nothing is sent: a UDP socket's {@code connect} only asks the
 * system for the route.
 */
final class ClusterInterface {

    private ClusterInterface() {}

    /** The local address facing {@code members}, or empty when none of them resolves or is routable. */
    static Optional<InetAddress> facing(List<HostPort> members) {
        for (HostPort member : members) {
            Optional<InetAddress> local = facing(member);
            if (local.isPresent()) {
                return local;
            }
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> facing(HostPort member) {
        InetAddress remote;
        try {
            remote = InetAddress.getByName(member.host());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        try {
            if (remote.isLoopbackAddress() || NetworkInterface.getByInetAddress(remote) != null) {
                return Optional.of(remote);
            }
        } catch (SocketException e) {
            // the interfaces could not be listed: ask for the route below, as for a remote member
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(remote, member.port() == 0 ? 1 : member.port()));
            InetAddress local = probe.getLocalAddress();
            return local.isAnyLocalAddress() ? Optional.empty() : Optional.of(local);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
