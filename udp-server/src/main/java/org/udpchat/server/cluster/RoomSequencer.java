package org.udpchat.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * One order per room across the cluster, as this node sees it. A room's events are numbered where the room's
 * partition lives ({@link RoomLog}), then carried to the nodes that follow the room over the room's own topic,
 * and put back in their order here ({@link RoomOrder}), gaps fetched from the room log, before they reach the
 * {@link Listener}. Only events stamped by their room's sequencer ({@link RoomStamp}) reach the order: the
 * topics are open to anything that reaches the cluster port, and the room log checks its own answers.
 *
 * <p>Threads. Any thread may call {@link #append}, {@link #follow} and {@link #stop}; none of them blocks: the
 * first hands the append to Hazelcast, the other two to this node's {@code room-subscriptions} thread (topic
 * registrations are blocking calls in Hazelcast), which runs them one at a time in the order given. Everything
 * that orders (events from the topic, this node's own appends once numbered, fetch answers, gap deadlines) is
 * posted to this node's {@code room-order} thread, which alone touches the {@link RoomOrder} and calls the
 * {@link Listener}, in each room's order. {@link #close} stops both threads.
 *
 * <p>One topic per room, not one for all: a node hears only the rooms it follows (those its members are in),
 * so the traffic between nodes grows with where members are, not with every room times every node. A topic
 * keeps only each publisher's own order, so events of one room published by two nodes meet out of order: the
 * {@link RoomOrder} holds the early ones, and a gap is fetched only if it outlives {@code gapBound}.
 */
public final class RoomSequencer implements AutoCloseable {

    /** Where this node's ordered events go. Called on the {@code room-order} thread only, one call at a time. */
    public interface Listener {
        /** The room's next event: every node following the room gets the same events in the same order. */
        void onEvent(String room, RoomEvent event);

        /**
         * Events {@code from} to {@code to} of the room were lost to this node and have fallen out of the room's
         * history (or died with a node): they will never come. Tell the room's members how many they missed.
         */
        void onMissed(String room, long from, long to);

        /**
         * This node was cut off from the rest of the cluster (a split brain) and its side has merged back into the
         * other: the room goes on in the merged log's order, and what each side said while they were apart did
         * not reach the other side's members. Tell the room.
         */
        void onRejoined(String room);
    }

    /** How long an early event waits for the ones before it, by default, before they are fetched. */
    public static final Duration DEFAULT_GAP_BOUND = Duration.ofMillis(50);

    /**
     * How long an event the room log no longer holds is waited for, by default, before it is told as missed: it
     * may still be on its way by the topic, whose latency grows under load (hundreds of ms measured on a busy
     * machine) while the history moves on.
     */
    public static final Duration DEFAULT_MISSED_AFTER = Duration.ofSeconds(1);

    /** How often a followed room is checked for a gap at its end, one that no later event has revealed. */
    public static final Duration DEFAULT_TAIL_CHECK = Duration.ofSeconds(1);

    static final String TOPIC_PREFIX = "udp-chat.room.";

    private final HazelcastInstance hazelcast;
    private final RoomLog log;
    private final Listener listener;
    private final Predicate<RoomEvent> lostInTransit;
    private final RoomOrder order;
    private final ScheduledExecutorService orderThread;
    private final ExecutorService subscriptionThread;
    private final Stats stats;

    /** The topic registrations of followed rooms; only the {@code room-subscriptions} thread touches it. */
    private final Map<String, UUID> subscriptions = new HashMap<>();

    /** The gap deadline a tick is scheduled for; only the {@code room-order} thread touches it. */
    private ScheduledFuture<?> tick;

    private long tickAt;

    /** This sequencer's lifecycle listener, which hears of a merge after a split brain. */
    private final UUID mergeListener;

    public RoomSequencer(HazelcastInstance hazelcast, RoomLog log, Duration gapBound, Listener listener) {
        this(hazelcast, log, gapBound, DEFAULT_MISSED_AFTER, DEFAULT_TAIL_CHECK, listener, event -> false);
    }

    /**
     * @param lostInTransit a test's way to lose topic messages on the way to this node: those it accepts are
     *     dropped as Hazelcast drops them under load
     */
    RoomSequencer(
            HazelcastInstance hazelcast,
            RoomLog log,
            Duration gapBound,
            Duration missedAfter,
            Duration tailCheck,
            Listener listener,
            Predicate<RoomEvent> lostInTransit) {
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast == null");
        this.log = Objects.requireNonNull(log, "log == null");
        this.listener = Objects.requireNonNull(listener, "listener == null");
        this.lostInTransit = Objects.requireNonNull(lostInTransit, "lostInTransit == null");
        this.stats = new Stats(log::refused);
        this.order = new RoomOrder(gapBound, missedAfter, new ToListener());
        this.orderThread = Executors.newSingleThreadScheduledExecutor(named("room-order"));
        this.subscriptionThread = Executors.newSingleThreadExecutor(named("room-subscriptions"));
        long period = tailCheck.toNanos();
        orderThread.scheduleWithFixedDelay(this::checkTails, period, period, TimeUnit.NANOSECONDS);
        this.mergeListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                post(this::rejoinRooms);
            }
        });
    }

    /**
     * Appends an event to the room: numbered by the room's sequencer, then carried to every node following the
     * room, this one included (straight to its order, not through the topic). The stage completes with the
     * numbered event once the room log and its backup hold it, on a Hazelcast thread; it fails if the cluster
     * cannot take it (this node is shutting down).
     */
    public CompletionStage<RoomEvent> append(String room, byte[] bytes) {
        return append(room, List.of(new RoomLog.NewEvent(bytes, RoomLog.NEW_APPEND)))
                .thenApply(events -> events.get(0));
    }

    /**
     * Appends the events of {@code batch} (at most {@link RoomLog#MAX_BATCH}) to the room, in its order, as
     * {@link #append(String, byte[])} does one, each under its append id (a member's line said with a line id) or
     * {@link RoomLog#NEW_APPEND} for an id of this node's. An append whose id the room's log still holds (the line
     * said again, at this node or another) is answered with the event the log has, numbered as before; it is
     * published again like any other: every node's order takes a number once, and drops it as a repeat (so nobody
     * hears it twice), while a node that never heard it (its first publisher died before publishing) may take it
     * from this one. The stage gives the events numbered, in the batch's order.
     */
    public CompletionStage<List<RoomEvent>> append(String room, List<RoomLog.NewEvent> batch) {
        CompletionStage<List<RoomEvent>> appended = log.append(room, batch);
        return appended.thenApply(events -> {
            hazelcast
                    .<RoomEvent>getTopic(TOPIC_PREFIX + room)
                    .publishAllAsync(events)
                    .whenComplete((ok, failed) -> {
                        if (failed != null) {
                            stats.publishFailed.add(events.size());
                            Logger.debug(
                                    "room {}: events {} to {} not published: {}",
                                    room,
                                    events.get(0).sequence(),
                                    events.get(events.size() - 1).sequence(),
                                    failed.toString());
                        }
                    });
            long now = System.nanoTime();
            post(() -> events.forEach(event -> order.onEvent(room, event, now)));
            return events;
        });
    }

    /**
     * Starts following the room (this node's first member entered it): its events from the next one on reach the
     * listener. The stage completes with the room's last sequence number when following began (0 for a new room),
     * after which nothing of the room is lost to this node unless told as missed.
     */
    public CompletionStage<Long> follow(String room) {
        CompletableFuture<Long> followed = new CompletableFuture<>();
        subscriptionThread.execute(() -> {
            try {
                if (!subscriptions.containsKey(room)) {
                    ITopic<RoomEvent> topic = hazelcast.getTopic(TOPIC_PREFIX + room);
                    subscriptions.put(room, topic.addMessageListener(message -> onMessage(room, message)));
                }
                // Asked after the registration, so no event numbered after it can pass this node unheard of.
                long last = log.lastSequence(room).toCompletableFuture().join();
                post(() -> order.follow(room, last));
                followed.complete(last);
            } catch (RuntimeException e) {
                followed.completeExceptionally(e);
            }
        });
        return followed;
    }

    /**
     * The room's events from {@code from} on that its log still holds, read once this node's subscriptions
     * asked of before it are in place: a {@link #follow} of the room called before this is registered first,
     * so the range reaches at least as far as the number following began after, and no event falls between the
     * range and what this node hears live. The stage completes on a Hazelcast thread.
     */
    public CompletionStage<RoomRange> history(String room, long from) {
        CompletableFuture<RoomRange> read = new CompletableFuture<>();
        try {
            subscriptionThread.execute(
                    () -> log.fetch(room, from, Long.MAX_VALUE - 1).whenComplete((range, failed) -> {
                        if (failed == null) {
                            read.complete(range);
                        } else {
                            read.completeExceptionally(failed);
                        }
                    }));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            read.completeExceptionally(closed);
        }
        return read;
    }

    /** Stops following the room (this node's last member left it). */
    public CompletionStage<Void> stop(String room) {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        subscriptionThread.execute(() -> {
            try {
                post(() -> order.stop(room));
                UUID subscription = subscriptions.remove(room);
                if (subscription != null) {
                    hazelcast.getTopic(TOPIC_PREFIX + room).removeMessageListener(subscription);
                }
                stopped.complete(null);
            } catch (RuntimeException e) {
                stopped.completeExceptionally(e);
            }
        });
        return stopped;
    }

    /** What this node's ordering has had to mend so far, for {@code /stats}. */
    public Stats stats() {
        return stats;
    }

    /** Stops this node's ordering threads; Hazelcast itself is the caller's to stop. */
    @Override
    public void close() {
        if (hazelcast.getLifecycleService().isRunning()) {
            hazelcast.getLifecycleService().removeLifecycleListener(mergeListener);
        }
        subscriptionThread.shutdownNow();
        orderThread.shutdownNow();
        try {
            subscriptionThread.awaitTermination(5, TimeUnit.SECONDS);
            orderThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On a Hazelcast event thread: an event another node appended. */
    private void onMessage(String room, Message<RoomEvent> message) {
        if (message.getPublishingMember().localMember()) {
            return; // this node's own appends reach its order straight from append
        }
        RoomEvent event = message.getMessageObject();
        if (lostInTransit.test(event)) {
            return;
        }
        if (!log.isAuthentic(room, event)) {
            return; // a number its sequencer did not stamp (anything in the cluster can publish): counted, dropped
        }
        post(() -> order.onEvent(room, event, System.nanoTime()));
    }

    /** Runs {@code command} on the room-order thread, then makes sure a tick comes at the next gap deadline. */
    private void post(Runnable command) {
        try {
            orderThread.execute(() -> {
                command.run();
                scheduleTick();
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            Logger.debug("room order closed: an event or answer came after close");
        }
    }

    /** On the room-order thread. */
    private void scheduleTick() {
        OptionalLong deadline = order.nextDeadline();
        if (deadline.isEmpty()) {
            return;
        }
        if (tick != null && !tick.isDone() && tickAt - deadline.getAsLong() <= 0) {
            return; // an earlier or equal tick is coming
        }
        tickAt = deadline.getAsLong();
        long delay = Math.max(0, tickAt - System.nanoTime());
        tick = orderThread.schedule(
                () -> {
                    order.onTime(System.nanoTime());
                    scheduleTick();
                },
                delay,
                TimeUnit.NANOSECONDS);
    }

    /**
     * On the room-order thread, after this node's side of a split brain merged into the other: each followed room
     * starts again from the merged log's last number, since this side's numbers are not the merged log's (the
     * merge keeps the larger side's entry), and the room is told. Asked again a moment later if the log cannot
     * answer yet.
     */
    private void rejoinRooms() {
        for (String room : order.followed()) {
            rejoin(room);
        }
    }

    private void rejoin(String room) {
        log.lastSequence(room).whenComplete((last, failed) -> {
            if (failed != null) {
                Logger.debug("room {}: its last number after a merge not known yet: {}", room, failed.toString());
                try {
                    orderThread.schedule(() -> rejoin(room), 1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    Logger.debug("room order closed before room {} followed the merge", room);
                }
                return;
            }
            post(() -> {
                if (order.isFollowing(room)) {
                    order.rejoin(room, last);
                    Logger.warn(
                            "room {}: this node was cut off from the cluster and is back; the room goes on from event {}",
                            room,
                            last + 1);
                    listener.onRejoined(room);
                }
            });
        });
    }

    /** On the room-order thread: asks the room log for each followed room's last number. */
    private void checkTails() {
        for (String room : order.followed()) {
            log.lastSequence(room).whenComplete((last, failed) -> {
                if (failed == null) {
                    post(() -> order.onLast(room, last, System.nanoTime()));
                }
            });
        }
    }

    /** RoomOrder's output, on the room-order thread. */
    private final class ToListener implements RoomOrder.Output {
        @Override
        public void deliver(String room, RoomEvent event) {
            stats.delivered.increment();
            listener.onEvent(room, event);
        }

        @Override
        public void missed(String room, long from, long to) {
            stats.missed.add(to - from + 1);
            Logger.warn("room {}: events {} to {} are no longer in its history; told as missed", room, from, to);
            listener.onMissed(room, from, to);
        }

        @Override
        public void fetch(String room, long from, long to) {
            stats.fetches.increment();
            Logger.debug("room {}: fetching events {} to {} from the room log", room, from, to);
            log.fetch(room, from, to).whenComplete((range, failed) -> {
                if (failed == null) {
                    stats.fetched.add(range.events().size());
                    post(() -> order.onFetched(room, to, range, System.nanoTime()));
                } else {
                    Logger.debug("room {}: fetch failed, asked again: {}", room, failed.toString());
                    post(() -> order.onFetchFailed(room, System.nanoTime()));
                }
            });
        }
    }

    /** Counts of what this node's ordering did, readable from any thread. */
    public static final class Stats {
        private final LongAdder delivered = new LongAdder();
        private final LongAdder fetches = new LongAdder();
        private final LongAdder fetched = new LongAdder();
        private final LongAdder missed = new LongAdder();
        private final LongAdder publishFailed = new LongAdder();
        private final java.util.function.LongSupplier refused;

        private Stats(java.util.function.LongSupplier refused) {
            this.refused = refused;
        }

        /** Events handed to the listener. */
        public long delivered() {
            return delivered.sum();
        }

        /** Gaps asked of the room log. */
        public long fetches() {
            return fetches.sum();
        }

        /** Events the room log answered to fetches (some may have come by the topic meanwhile). */
        public long fetched() {
            return fetched.sum();
        }

        /** Events told as missed: gone from the history before this node could fetch them. */
        public long missed() {
            return missed.sum();
        }

        /** This node's appends that could not be published to the room's topic (the others fetch them). */
        public long publishFailed() {
            return publishFailed.sum();
        }

        /**
         * Events and room log answers refused because their stamp is not the room sequencer's (forged or altered:
         * not from this cluster's nodes).
         */
        public long refused() {
            return refused.getAsLong();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
