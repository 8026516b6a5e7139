package org.udpchat.server.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * Who holds a claimed name: a session, as the caller names it. By convention, the node that answers for the
 * session and the session's number (its token, for a native session that may resume elsewhere). A session
 * resuming on another node {@linkplain ClusterNames#move moves} its claim from its holder there to its holder
 * here; a claim whose holder already holds an entry takes it over, so claims may be retried.
 *
 * @param origin the node the holder belongs to (a Hazelcast member uuid)
 * @param session the session's number
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
