package org.udpchat.server;

import java.util.Optional;
import java.util.function.Consumer;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * The native sessions a cluster keeps so that any node may resume them: each kept as it opens and as its
 * member changes room or name, forgotten as it ends, and found (on the relay thread, later) when a client
 * whose node died logs in to another node with its old token. A single server keeps none ({@link #NONE}).
 * Called on the relay thread; never blocks.
 */
interface SharedSessions {

    /** Keeps (or keeps anew) the session of native {@code member}. */
    void keep(Member member);

    /** Forgets the session with {@code token}: it ended, or goes on under another token. */
    void forget(long token);

    /** The session kept under {@code token}, if any, handed to {@code answer} on the relay thread. */
    void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer);

    SharedSessions NONE = new SharedSessions() {
        @Override
        public void keep(Member member) {}

        @Override
        public void forget(long token) {}

        @Override
        public void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer) {
            answer.accept(Optional.empty());
        }
    };
}
