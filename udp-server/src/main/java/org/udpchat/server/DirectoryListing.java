package org.udpchat.server;

import java.util.UUID;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * This node's members in the cluster's directory: each change {@link Rooms} makes is listed there, for the
 * other nodes' copies ({@link RemoteMembers}). Sent and not waited for: a change that fails to reach the
 * directory is logged, and the member's next change lists it whole again.
 */
final class DirectoryListing implements RoomsWatcher {

    private final ClusterDirectory directory;
    private final UUID node;

    DirectoryListing(ClusterDirectory directory, UUID node) {
        this.directory = directory;
        this.node = node;
    }

    @Override
    public void listed(Member member) {
        ClusterDirectory.Listing listing = new ClusterDirectory.Listing(
                member.name(), member.room().name(), node, HostPort.format(member.address()), member.isNative());
        directory.list(member.key(), listing).whenComplete((done, failure) -> {
            if (failure != null) {
                Logger.warn("cluster: could not list a member in the directory: {}", failure.toString());
            }
        });
    }

    @Override
    public void unlisted(Member member, String key) {
        directory.unlist(key, node).whenComplete((done, failure) -> {
            if (failure != null) {
                Logger.warn("cluster: could not unlist a member from the directory: {}", failure.toString());
            }
        });
    }
}
