package org.udpchat.server;

import java.time.Duration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomNames;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.cluster.ClusterPositions;
import org.udpchat.server.cluster.ClusterSessions;
import org.udpchat.server.cluster.NodePositions;

/**
 * The relay's {@link SharedSessions} over the cluster's ({@link ClusterSessions}): a native member's session is
 * kept whenever {@link Rooms} lists it (it came in, changed room, name or address), and forgotten as it leaves,
 * each kept for the session timeout and the grace a dead node's members have to resume elsewhere. A member's
 * session is written at most once at a time (a change made meanwhile is written when that write is done).
 *
 * <p>Where the members stand in their rooms ({@link RoomPositions}) is written apart: one value for all of this
 * node's members ({@link ClusterPositions}), at most every {@link RoomPositions#TICK_MILLIS} and one write at a
 * time, so that neither acknowledgements nor the number of members turn into map writes. A session carries
 * its member's position as it was when the session was written; a node resuming it takes the position from
 * its old node's value instead when that value holds the session in the same room (the latest the old node
 * wrote), and the session's own when it does not (the node never wrote a tick with the member in that room,
 * or is of a release that wrote positions into the sessions).
 *
 * <p>A session is first shared before its WELCOME is sent ({@link #shareBeforeWelcome}): one map write a join
 * waits for, so that a node that dies just after welcoming a member leaves the member a session to resume
 * elsewhere. That write stands for the member's first listing, which writes nothing more.
 *
 * <p>A session resumed here from another node is told, as history, what its room said after its position
 * there ({@link ResumedHistory}).
 *
 * <p>Runs on the relay thread, but for the {@code session-positions} thread, which only posts the tick to it.
 */
final class ClusterSharedSessions implements SharedSessions, RoomsWatcher, AutoCloseable {

    /** Resumes announced by {@link #resuming} and not yet listed, at most: a login takes milliseconds. */
    private static final int EXPECTED_KEPT = 1024;

    /**
     * How long a join waits for its session to be shared before it is let in all the same: half the client's
     * first attempt (1 s), so that a slow cluster does not make the client give the attempt up, and far above
     * a healthy write (a millisecond or two on a LAN).
     */
    static final long SHARE_TIMEOUT_MILLIS = 500;

    private final ClusterSessions sessions;
    private final ClusterPositions nodePositions;
    private final NodePositionReads positionReads;

    /** This node's positions changed since its value was last written; the relay thread's. */
    private boolean positionsUnwritten;

    /** A write of this node's value is in flight; the relay thread's. */
    private boolean positionsWriting;

    /** When this node's value was last written (wall clock, ms): it is written anew before it expires. */
    private long positionsWrittenAt;

    /** Failed writes of this node's value, logged at most every 10 s. */
    private final LogThrottle positionFailures = new LogThrottle(10_000);

    /** This node's id in the cluster, which a merge after a split brain changes; the relay thread's. */
    private UUID node;

    /** The native members listed here, whose sessions a new id of this node must be written into; the relay's. */
    private final Set<Member> here = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private final AutoCloseable rejoined;
    private final Duration lifetime;
    private final Consumer<Consumer<Relay>> relay;
    private final java.time.Clock clock;
    private final RoomPositions positions = new RoomPositions();
    private final ScheduledExecutorService ticks;

    /** The members with a write in flight, and whether they changed since it was made; the relay thread's. */
    private final Map<Member, Boolean> writing = new IdentityHashMap<>();

    /** Sessions of other nodes about to be resumed here, by the new session's token; the relay thread's. */
    private final Map<Long, ClusterSessions.Resumable> expected = new LinkedHashMap<>();

    /**
     * Tokens of sessions shared before their WELCOME and not listed yet: their first listing writes nothing more;
     * the relay thread's.
     */
    private final Set<Long> sharedAhead = new HashSet<>();

    /** Shares that failed or timed out are logged at most every 10 s: a cluster in trouble fails every join's. */
    private final LogThrottle shareFailures = new LogThrottle(10_000);

    /** What members resumed here from another node are told as history; the relay thread's. */
    private final ResumedHistory history;

    /**
     * @param rooms reads the rooms' history and opens their events
     * @param clock the wall clock: when members enter their rooms
     * @param relay posts a command to the relay thread
     */
    ClusterSharedSessions(
            ClusterSessions sessions,
            UUID node,
            Duration lifetime,
            ClusterRooms rooms,
            java.time.Clock clock,
            Consumer<Consumer<Relay>> relay) {
        this.clock = clock;
        this.sessions = sessions;
        this.nodePositions = sessions.positions();
        this.positionReads = new NodePositionReads(
                other -> guarded(() -> this.nodePositions.read(other)), RoomPositions.TICK_MILLIS);
        this.node = node;
        this.lifetime = lifetime;
        this.relay = relay;
        this.history = new ResumedHistory(rooms, positions, relay);
        this.ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "session-positions");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleWithFixedDelay(
                () -> relay.accept(later -> onTick()),
                RoomPositions.TICK_MILLIS,
                RoomPositions.TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        this.rejoined = sessions.whenRejoined(now -> relay.accept(later -> rejoinedAs(now)));
    }

    /**
     * On the relay thread: this node rejoined the cluster after a split brain as {@code now}, the id its names
     * now answer to ({@code ClusterNames} hands them over): its members' sessions are kept anew under it, so that
     * a node one of them resumes on moves its name from where it is held.
     */
    void rejoinedAs(UUID now) {
        if (now.equals(node)) {
            return;
        }
        Logger.info(
                "cluster sessions: this node rejoined as {} (was {}); {} sessions kept anew", now, node, here.size());
        UUID before = node;
        guarded(() -> nodePositions.forget(before)); // nobody answers to that id any more
        positionsUnwritten = true; // written under the new id at the next tick
        node = now;
        sharedAhead.clear(); // shared under the old id: their listing or rekeying writes them under the new one
        for (Member member : here) {
            keep(member);
        }
    }

    @Override
    public void keep(Member member) {
        if (!member.isNative()) {
            return;
        }
        if (writing.containsKey(member)) {
            writing.put(member, true); // written again when the write in flight is done
            return;
        }
        writing.put(member, false);
        Session session = member.session();
        guarded(() -> sessions.keep(
                        new ClusterSessions.Resumable(
                                session.token(),
                                member.name(),
                                member.room().name(),
                                session.resumption(),
                                node,
                                member.nameHolder(),
                                positions.positionOf(member),
                                positions.sinceOf(member)),
                        lifetime))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        Logger.warn("cluster: a session was not kept for other nodes: {}", failure.toString());
                    }
                    relay.accept(later -> written(member));
                });
    }

    /**
     * What {@code call} on the cluster's sessions returns, or its failure: a node that has left the cluster (stopping,
     * or shut down by Hazelcast) throws at once, on the relay thread, where nothing must be thrown (a command that
     * throws closes the room); failed, it goes the way a failed write goes.
     */
    private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException notActive) {
            return CompletableFuture.failedFuture(notActive);
        }
    }

    /** On the relay thread: the write of {@code member}'s session is done; a change made meanwhile goes now. */
    private void written(Member member) {
        Boolean changed = writing.remove(member);
        if (Boolean.TRUE.equals(changed) && positions.isHere(member)) {
            keep(member);
        }
    }

    @Override
    public void shareBeforeWelcome(Opening opening, Runnable then) {
        ClusterSessions.Resumable old = opening.resumes();
        String roomKey = RoomNames.key(opening.room());
        boolean placeKnown = catchesUp(old, roomKey);
        // as its listing will place it: at the room's last event delivered here, entering now
        ClusterSessions.Resumable session = new ClusterSessions.Resumable(
                opening.token(),
                opening.name(),
                opening.room(),
                opening.secret(),
                node,
                opening.token(),
                placeKnown ? old.roomPosition() : positions.enteredAfter(roomKey),
                placeKnown ? old.roomSince() : clock.millis());
        writeAhead(session, opening.name(), then);
    }

    @Override
    public void shareResumed(Member member, long newToken, ResumptionSecret newSecret, Runnable then) {
        writeAhead(
                new ClusterSessions.Resumable(
                        newToken,
                        member.name(),
                        member.room().name(),
                        newSecret,
                        node,
                        member.nameHolder(),
                        positions.positionOf(member),
                        positions.sinceOf(member)),
                member.name(),
                then);
    }

    @Override
    public void rekeyed(Member member, long oldToken) {
        forget(oldToken);
        positionsUnwritten = true; // its place goes on under the new token
        if (!sharedAhead.remove(member.session().token())) {
            keep(member); // else written just before its welcome, as it is now
        }
    }

    /**
     * Writes {@code session} ahead of its WELCOME; {@code then} runs on the relay thread once it is written, or
     * once it could not be in time.
     */
    private void writeAhead(ClusterSessions.Resumable session, String name, Runnable then) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        guarded(() -> sessions.keep(session, lifetime)).whenComplete((done, failure) -> {
            if (failure == null) {
                written.complete(null);
            } else {
                written.completeExceptionally(failure);
            }
        });
        written.orTimeout(SHARE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((done, failure) -> relay.accept(later -> sharedAhead(session, name, failure, then)));
    }

    /**
     * On the relay thread: {@code session} of {@code name} was shared, or {@code failure} says why not. A member whose
     * session could not be shared is let in all the same: it can chat here as well as any, and only a death of
     * this node before its session is written (tried again after its welcome, as it is listed or rekeyed) would cost it its session;
     * refusing it would turn a slow cluster into one nobody can join.
     */
    private void sharedAhead(ClusterSessions.Resumable session, String name, Throwable failure, Runnable then) {
        if (failure == null) {
            if (session.node().equals(node)) { // else this node rejoined under a new id meanwhile: written again
                sharedAhead.add(session.token());
            }
        } else if (shareFailures.allows(clock.millis())) {
            Logger.warn(
                    "cluster: the session of {} was not shared before its welcome ({}); let in all the same, and written"
                            + " again after its welcome ({} more since the last warning)",
                    Untrusted.quote(name),
                    failure instanceof java.util.concurrent.TimeoutException
                            ? "no answer within " + SHARE_TIMEOUT_MILLIS + " ms"
                            : failure.toString(),
                    shareFailures.takeHeldBack());
        }
        then.run();
    }

    /**
     * Whether a member resuming here {@code old}, another node's session, into the room with {@code roomKey}
     * keeps its place there (it is in the same room, at a place known there), to be caught up from it.
     */
    private static boolean catchesUp(ClusterSessions.Resumable old, String roomKey) {
        return old != null
                && (old.roomPosition() >= 0 || old.roomSince() > 0)
                && RoomNames.key(old.room()).equals(roomKey);
    }

    @Override
    public void forget(long token) {
        sharedAhead.remove(token);
        guarded(() -> sessions.forget(token));
    }

    @Override
    public void find(long token, Consumer<Optional<ClusterSessions.Resumable>> answer) {
        guarded(() -> sessions.find(token)).whenComplete((found, failure) -> {
            Optional<ClusterSessions.Resumable> session = failure == null ? found : Optional.empty();
            relay.accept(later -> placeThenAnswer(session, answer));
        });
    }

    /**
     * On the relay thread: {@code session}, if it is another node's, is given the place its node's value holds
     * for it ({@link #placedBy}) before it goes to {@code answer}; as it is if that value cannot be read.
     */
    private void placeThenAnswer(
            Optional<ClusterSessions.Resumable> session, Consumer<Optional<ClusterSessions.Resumable>> answer) {
        if (session.isEmpty() || session.get().node().equals(node)) {
            answer.accept(session);
            return;
        }
        ClusterSessions.Resumable old = session.get();
        positionReads
                .of(old.node(), clock.millis())
                .whenComplete((value, failure) -> relay.accept(later -> {
                    if (failure != null) {
                        Logger.debug(
                                "cluster: the positions of node {} could not be read: {}",
                                old.node(),
                                failure.toString());
                    }
                    answer.accept(Optional.of(failure == null ? placedBy(old, value) : old));
                }));
    }

    /**
     * {@code old} at the place {@code value} (its node's last) holds for it, if that is in the same room: later
     * than the one written with the session, which is that of its last listing. A value of another room is
     * older than the session (the member changed room since) and is not taken. (One that left the room and came
     * back within a tick may be given its place from before it left: what the room said while it was away is
     * then told to it as history too; nothing it should hear is missed.)
     */
    static ClusterSessions.Resumable placedBy(ClusterSessions.Resumable old, NodePositions value) {
        Optional<NodePositions.Place> place = value.of(old.token());
        if (place.isEmpty() || !place.get().roomKey().equals(RoomNames.key(old.room()))) {
            return old;
        }
        return new ClusterSessions.Resumable(
                old.token(),
                old.name(),
                old.room(),
                old.secret(),
                old.node(),
                old.nameHolder(),
                place.get().position(),
                place.get().sinceMillis());
    }

    @Override
    public void resuming(long newToken, ClusterSessions.Resumable old) {
        expected.put(newToken, old);
        if (expected.size() > EXPECTED_KEPT) {
            expected.remove(expected.keySet().iterator().next());
        }
    }

    @Override
    public void delivered(String roomKey, long sequence) {
        positions.delivered(roomKey, sequence);
    }

    @Override
    public void renumbered(String roomKey) {
        positions.renumbered(roomKey);
    }

    @Override
    public void listed(Member member) {
        if (!member.isNative()) {
            return;
        }
        here.add(member);
        ClusterSessions.Resumable old = expected.remove(member.session().token());
        if (catchesUp(old, member.room().key())) {
            positions.resumedAt(
                    member, old.roomPosition(), old.roomSince()); // kept at once, so a second death loses nothing
            history.expect(member, old);
        } else {
            if (old != null) {
                Logger.info(
                        "{} resumed here from another node, not caught up: it was in {} there, with no known place",
                        Untrusted.quote(member.name()),
                        Untrusted.quote(old.room()));
            }
            positions.listed(member, clock.millis());
        }
        if (!sharedAhead.remove(member.session().token())) {
            keep(member); // else written just before its welcome, as it is now
        }
    }

    @Override
    public void unlisted(Member member, String key) {}

    @Override
    public void left(Member member) {
        if (member.isNative()) {
            here.remove(member);
            positions.left(member);
            history.forget(member);
            forget(member.session().token());
        }
    }

    @Override
    public void closed(ChatRoom room) {
        positions.closed(room.key());
    }

    /**
     * {@code member} has just come in: if it resumes here another node's session, it is told as history, through
     * {@code catchUp}, what its room said after its position there and before it entered here.
     */
    @Override
    public void caughtUpThrough(Member member, CatchUp catchUp) {
        history.tell(member, catchUp);
    }

    /**
     * On the relay thread: positions move on; if any moved (or the value is due to be renewed before it
     * expires), this node's value is written, unless a write is still in flight: the next tick writes it then.
     */
    private void onTick() {
        if (!positions.onTick().isEmpty()) {
            positionsUnwritten = true;
        }
        long now = clock.millis();
        if (!here.isEmpty() && now - positionsWrittenAt >= lifetime.toMillis() / 2) {
            positionsUnwritten = true;
        }
        if (positionsUnwritten && !positionsWriting) {
            positionsUnwritten = false;
            positionsWriting = true;
            positionsWrittenAt = now;
            UUID writer = node;
            NodePositions value = positions.snapshot();
            guarded(() -> nodePositions.write(writer, value, lifetime))
                    .whenComplete((done, failure) -> relay.accept(later -> positionsWritten(failure)));
        }
    }

    /** On the relay thread: this node's value is written, or {@code failure} says why not (written again then). */
    private void positionsWritten(Throwable failure) {
        positionsWriting = false;
        if (failure != null) {
            positionsUnwritten = true;
            if (positionFailures.allows(clock.millis())) {
                Logger.warn(
                        "cluster: this node's room positions were not written ({}); tried again at the next tick"
                                + " ({} more since the last warning)",
                        failure.toString(),
                        positionFailures.takeHeldBack());
            }
        }
    }

    /**
     * Stops the tick, and removes this node's value (its members have left; a value left behind is cleared
     * after its grace as a dead node's is). Called on the relay thread, as it ends.
     */
    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            guarded(() -> nodePositions.forget(node)).toCompletableFuture().get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Logger.debug("cluster sessions: this node's positions were not removed: {}", e.toString());
        }
        try {
            rejoined.close();
        } catch (Exception e) {
            Logger.debug("cluster sessions: the merge listener was not removed: {}", e.toString());
        }
    }
}
