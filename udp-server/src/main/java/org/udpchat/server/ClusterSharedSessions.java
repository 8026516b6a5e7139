package org.udpchat.server;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.server.cluster.ClusterSessions;

/**
 * The relay's {@link SharedSessions} over the cluster's ({@link ClusterSessions}): a native member's session is
 * kept whenever {@link Rooms} lists it (it came in, changed room, name or address) and forgotten as it leaves,
 * each kept for the session timeout and the grace a dead node's members have to resume elsewhere.
 */
final class ClusterSharedSessions implements SharedSessions, RoomsWatcher {

    private final ClusterSessions sessions;
    private final UUID node;
    private final Duration lifetime;
    private final Consumer<Consumer<Relay>> relay;

    /** @param relay posts a command to the relay thread */
    ClusterSharedSessions(ClusterSessions sessions, UUID node, Duration lifetime, Consumer<Consumer<Relay>> relay) {
        this.sessions = sessions;
        this.node = node;
        this.lifetime = lifetime;
        this.relay = relay;
    }

    @Override
    public void keep(Member member) {
        if (!member.isNative()) {
            return;
        }
        Session session = member.session();
        sessions.keep(
                        new ClusterSessions.Resumable(
                                session.token(),
                                member.name(),
                                member.room().name(),
                                session.resumption(),
                                node,
                                member.nameHolder()),
                        lifetime)
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        Logger.warn("cluster: a session was not kept for other nodes: {}", failure.toString());
                    }
                });
    }

    @Override
    public void forget(long token) {
        sessions.forget(token);
    }

    @Override
    public void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer) {
        sessions.find(token).whenComplete((found, failure) -> {
            Optional<ClusterSessions.Resumable> session = failure == null ? found : Optional.empty();
            relay.accept(later -> answer.accept(session));
        });
    }

    @Override
    public void listed(Member member) {
        keep(member);
    }

    @Override
    public void unlisted(Member member, String key) {}

    @Override
    public void left(Member member) {
        if (member.isNative()) {
            forget(member.session().token());
        }
    }
}
