package org.udpchat.server;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Names held across the nodes of a cluster, as the relay asks for them: claimed for a newcomer before it is let
 * in, moved along with a rename, released as it leaves. A single server shares none ({@link #NONE}): its
 * {@link Rooms} are all the names there are, and a join goes on at once, as it always has.
 *
 * <p>Called on the relay thread; never blocks. Each answer is run on the relay thread, later, with the refusal
 * the cluster gave (the name is taken on another node, or looks like a name there), or empty when the name is
 * the claimer's now. The claimer must check again, then, whatever may have changed here meanwhile.
 */
interface SharedNames {

    /** Whether a claim must be waited for; false on a single server. */
    boolean isShared();

    /** Claims {@code name} for the member (or would-be member) {@code holder} of this node. */
    void claim(String name, long holder, Consumer<Optional<Refusal>> answer);

    /** {@code holder} takes {@code to} in place of {@code from}, which it lets go once {@code to} is its. */
    void rename(String from, String to, long holder, Consumer<Optional<Refusal>> answer);

    /** {@code holder} lets {@code name} go (it left, or its claim is no longer wanted). */
    void release(String name, long holder);

    /**
     * The name {@code fromHolder} of node {@code fromNode} holds becomes {@code toHolder}'s, of this node, with no
     * moment in which another could take it: a session resuming here after its node died or lost touch.
     */
    void move(String name, java.util.UUID fromNode, long fromHolder, long toHolder, Consumer<Optional<Refusal>> answer);

    SharedNames NONE = new SharedNames() {
        @Override
        public boolean isShared() {
            return false;
        }

        @Override
        public void claim(String name, long holder, Consumer<Optional<Refusal>> answer) {
            answer.accept(Optional.empty());
        }

        @Override
        public void rename(String from, String to, long holder, Consumer<Optional<Refusal>> answer) {
            answer.accept(Optional.empty());
        }

        @Override
        public void release(String name, long holder) {}

        @Override
        public void move(
                String name,
                java.util.UUID fromNode,
                long fromHolder,
                long toHolder,
                Consumer<Optional<Refusal>> answer) {
            answer.accept(Optional.empty());
        }
    };
}
