package org.udpchat.server.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * Who holds a claimed name: the session that claimed it, named by the node where the session began and its
 * number there. It stays the same when the session resumes on another node (its resumption record carries it),
 * so that the session can take its claim over there ({@link ClusterNames#move}) as the same holder.
 *
 * @param origin the node the session began on (its Hazelcast member uuid)
 * @param session the session's number on that node
 */
public record NameHolder(UUID origin, long session) {

    public NameHolder {
        Objects.requireNonNull(origin, "origin == null");
    }

    @Override
    public String toString() {
        return "session " + session + " of node " + origin;
    }
}
