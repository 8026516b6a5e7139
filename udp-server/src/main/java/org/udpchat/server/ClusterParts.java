package org.udpchat.server;

import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * What a node of a cluster runs beside its relay (the rooms' sequencer, the watch on dead nodes, the names),
 * closed in the reverse order it was started, before the node leaves the cluster.
 */
final class ClusterParts implements AutoCloseable {

    private final List<AutoCloseable> parts = new ArrayList<>();
    private ClusterRooms rooms;

    /** The node's rooms as the cluster sequences them, one of its parts. */
    ClusterRooms rooms() {
        return rooms;
    }

    ClusterRooms add(ClusterRooms sequenced) {
        this.rooms = sequenced;
        parts.add(sequenced);
        return sequenced;
    }

    /** {@code part} is closed with the others, before those started before it. */
    <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                Logger.warn(e, "cluster: could not stop a part of this node cleanly");
            }
        }
    }
}
