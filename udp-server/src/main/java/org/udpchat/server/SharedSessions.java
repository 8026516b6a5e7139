package org.udpchat.server;

import java.util.Optional;
import java.util.function.Consumer;
import org.udpchat.codec.ResumptionSecret;
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

    /**
     * A native session about to open here, as far as it is known before its WELCOME: its token (by which its
     * name is held, too), its member's name, the room it enters and the resumption secret its WELCOME will give.
     *
     * @param resumes the session of another node it takes over, or null for a newcomer
     */
    record Opening(long token, String name, String room, ResumptionSecret secret, ClusterSessions.Resumable resumes) {}

    /**
     * Shares the session {@code opening} with the cluster before its WELCOME is sent, so that a node that dies
     * just after the WELCOME leaves its member a session to resume on another node; {@code then} runs on the
     * relay thread once the cluster holds it, or once it could not in time (logged: the member is let in all the
     * same). A single server shares nothing and goes on at once.
     */
    default void shareBeforeWelcome(Opening opening, Runnable then) {
        then.run();
    }

    /**
     * As {@link #shareBeforeWelcome}, for the live session of {@code member} about to go on here under {@code
     * newToken} and {@code newSecret} (its client resumes it in a new handshake): shared as it will be.
     */
    default void shareResumed(Member member, long newToken, ResumptionSecret newSecret, Runnable then) {
        then.run();
    }

    /** {@code member}'s session goes on under a new token, no longer under {@code oldToken}. */
    default void rekeyed(Member member, long oldToken) {
        forget(oldToken);
        keep(member);
    }

    /** Forgets the session with {@code token}: it ended, or goes on under another token. */
    void forget(long token);

    /** The session kept under {@code token}, if any, handed to {@code answer} on the relay thread. */
    void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer);

    /**
     * The session {@code old} of another node is being resumed here under {@code newToken}: as its member is
     * listed, its place in its room is the old session's.
     */
    default void resuming(long newToken, ClusterSessions.Resumable old) {}

    /** The room with {@code roomKey} has delivered its cluster-wide event {@code sequence} to its members here. */
    default void delivered(String roomKey, long sequence) {}

    /**
     * The room with {@code roomKey} goes on in the numbers of a log merged after a split brain: the numbers its
     * members' places were in are no longer the room's.
     */
    default void renumbered(String roomKey) {}

    /**
     * {@code member} has just come in and been welcomed: if it resumes another node's session, it is told through
     * {@code catchUp} what its room said while it was away.
     */
    default void caughtUpThrough(Member member, CatchUp catchUp) {}

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
