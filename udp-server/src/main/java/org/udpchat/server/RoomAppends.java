package org.udpchat.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A node's appends to its rooms' logs, one in flight per room: Hazelcast retries an operation that meets a
 * partition on the move, so two appends of one room in flight together may be numbered out of the order they
 * were made (a speaker's lines swapped, everywhere: ChatAcrossNodesIT saw it once under load). What is said
 * while a room's append is in flight waits, and goes as the next append's batch (at most {@code maxBatch}, in
 * the order said), so a busy room costs a round trip per batch, not per event: one per event, a room fed faster
 * than that fell behind for good (measured: 291 of 500 events a second on this machine).
 *
 * <p>Thread-safe: the relay thread appends, and the thread that hears an append answered (Hazelcast's) calls
 * {@link #answered}, once for every batch handed to the sender, and so sends the next batch at once, without
 * waiting for the relay thread's turn (which a busy relay makes milliseconds long). The sender is called
 * outside this object's lock, never for one room from two threads at once.
 *
 * @param <T> what is appended
 */
final class RoomAppends<T> {

    private final int maxBatch;
    private final BiConsumer<String, List<T>> sender;

    /** Per room with an append in flight, what waits for it; a room without one is not here. */
    private final Map<String, ArrayDeque<T>> waiting = new HashMap<>();

    /** @param sender sends a room's batch (never empty, in the order said); its answer comes to {@link #answered} */
    RoomAppends(int maxBatch, BiConsumer<String, List<T>> sender) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch < 1: " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.sender = Objects.requireNonNull(sender, "sender == null");
    }

    /** Appends {@code item} to the room with {@code key}: now if nothing of the room is in flight, else next. */
    void append(String key, T item) {
        synchronized (waiting) {
            ArrayDeque<T> queue = waiting.get(key);
            if (queue != null) {
                queue.add(item);
                return;
            }
            waiting.put(key, new ArrayDeque<>());
        }
        sender.accept(key, List.of(item));
    }

    /** The room's append in flight was answered, numbered or not: what waited for it goes now. */
    void answered(String key) {
        List<T> batch;
        synchronized (waiting) {
            ArrayDeque<T> queue = waiting.get(key);
            if (queue == null) {
                return;
            }
            if (queue.isEmpty()) {
                waiting.remove(key);
                return;
            }
            batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.poll());
            }
        }
        sender.accept(key, batch);
    }

    /** How many of the room's items wait for its append in flight (0 when none is in flight). */
    int waiting(String key) {
        synchronized (waiting) {
            ArrayDeque<T> queue = waiting.get(key);
            return queue == null ? 0 : queue.size();
        }
    }

    /** How many rooms have an append in flight. */
    int inFlight() {
        synchronized (waiting) {
            return waiting.size();
        }
    }
}
