package org.udpchat.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys waiting for their deadlines, soonest first, each key at most once: the relay's timers, so that it
 * sleeps until the next one falls due and then visits only the keys whose time has come, however many
 * there are.
 *
 * <p>A binary heap that knows where each key sits (as Netty's {@code DefaultPriorityQueue} does), so a
 * key's deadline moves earlier or later, or is cancelled, in O(log n) with no stale entries left behind;
 * the next deadline is read in O(1). A hashed timing wheel (Netty's {@code HashedWheelTimer}, Kafka's
 * {@code TimingWheel}) would make each move O(1), but must tick at its granularity while anything is in
 * it, and hands out the next deadline only to within a slot; here the relay wants the exact next deadline
 * to sleep until, and a member's deadlines move rarely (an idle member's once per session timeout), so
 * log n, some fourteen steps for ten thousand members, costs nothing that shows.
 *
 * <p>Deadlines that need no precision (expiries that every heartbeat pushes on) may share wake-ups:
 * with a {@code slackMillis} the queue {@linkplain #nextWakeMillis asks to be woken} only on multiples of
 * it, so that ten thousand deadlines spread over a second cost a few wake-ups, not ten thousand; what is due
 * is still decided by the exact deadline, so a test that moves a clock to the millisecond sees it fire
 * then. Keys with equal deadlines come out in the order they were scheduled, so a run replays exactly.
 * Owned by the relay thread; keys are told apart by {@code equals}.
 *
 * @param <K> what waits for a deadline
 */
final class DeadlineQueue<K> {

    private static final class Entry<K> {
        final K key;
        long deadlineMillis;
        long order;
        int index;

        Entry(K key) {
            this.key = key;
        }
    }

    private final long slackMillis;
    private final Map<K, Entry<K>> entries = new HashMap<>();

    @SuppressWarnings("unchecked") // only Entry<K>s are ever stored
    private Entry<K>[] heap = (Entry<K>[]) new Entry<?>[16];

    private int size;
    private long scheduled;

    /** A queue that wakes its owner at each deadline exactly. */
    DeadlineQueue() {
        this(1);
    }

    /** A queue that wakes its owner only on multiples of {@code slackMillis} (at or after the deadline). */
    DeadlineQueue(long slackMillis) {
        if (slackMillis < 1) {
            throw new IllegalArgumentException("slackMillis " + slackMillis + " < 1");
        }
        this.slackMillis = slackMillis;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** When {@code key} is due, or {@link Long#MAX_VALUE} when it is not in the queue. */
    long deadlineOf(K key) {
        Entry<K> entry = entries.get(key);
        return entry == null ? Long.MAX_VALUE : entry.deadlineMillis;
    }

    /**
     * {@code key} falls due at {@code deadlineMillis}, earlier or later than it was to; {@link Long#MAX_VALUE}
     * takes it out.
     */
    void schedule(K key, long deadlineMillis) {
        if (deadlineMillis == Long.MAX_VALUE) {
            cancel(key);
            return;
        }
        Entry<K> entry = entries.get(key);
        if (entry == null) {
            add(key, deadlineMillis);
        } else if (deadlineMillis < entry.deadlineMillis) {
            entry.deadlineMillis = deadlineMillis;
            siftUp(entry.index);
        } else if (deadlineMillis > entry.deadlineMillis) {
            entry.deadlineMillis = deadlineMillis;
            siftDown(entry.index);
        }
    }

    /**
     * {@code key} falls due at {@code deadlineMillis} unless it is due sooner already: for deadlines that
     * only move later between visits, which are then re-armed when the old one fires rather than at every move.
     */
    void scheduleNoLaterThan(K key, long deadlineMillis) {
        if (deadlineMillis < deadlineOf(key)) {
            schedule(key, deadlineMillis);
        }
    }

    /** Takes {@code key} out; nothing if it was not in. */
    void cancel(K key) {
        Entry<K> entry = entries.remove(key);
        if (entry != null) {
            removeAt(entry.index);
        }
    }

    /** The soonest deadline, or {@link Long#MAX_VALUE} when the queue is empty. */
    long nextDeadlineMillis() {
        return size == 0 ? Long.MAX_VALUE : heap[0].deadlineMillis;
    }

    /**
     * When the owner should wake for the soonest deadline: the deadline rounded up to the slack, or
     * {@link Long#MAX_VALUE} when the queue is empty.
     */
    long nextWakeMillis() {
        long next = nextDeadlineMillis();
        if (next == Long.MAX_VALUE || slackMillis == 1) {
            return next;
        }
        long past = Math.floorMod(next, slackMillis);
        return past == 0 || next > Long.MAX_VALUE - slackMillis ? next : next + (slackMillis - past);
    }

    /** Takes every key due at {@code nowMillis} out of the queue, soonest first, into {@code due}. */
    void takeDue(long nowMillis, List<K> due) {
        while (size > 0 && heap[0].deadlineMillis <= nowMillis) {
            Entry<K> first = heap[0];
            entries.remove(first.key);
            removeAt(0);
            due.add(first.key);
        }
    }

    /** The keys due at {@code nowMillis}, taken out of the queue, soonest first. */
    List<K> takeDue(long nowMillis) {
        List<K> due = new ArrayList<>();
        takeDue(nowMillis, due);
        return due;
    }

    private void add(K key, long deadlineMillis) {
        Entry<K> entry = new Entry<>(key);
        entry.deadlineMillis = deadlineMillis;
        entry.order = scheduled++;
        entries.put(key, entry);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = entry;
        entry.index = size;
        size++;
        siftUp(entry.index);
    }

    private void removeAt(int index) {
        size--;
        Entry<K> last = heap[size];
        heap[size] = null;
        if (index == size) {
            return;
        }
        heap[index] = last;
        last.index = index;
        siftDown(index);
        siftUp(last.index);
    }

    private void siftUp(int index) {
        Entry<K> entry = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!comesBefore(entry, heap[parent])) {
                break;
            }
            place(heap[parent], index);
            index = parent;
        }
        place(entry, index);
    }

    private void siftDown(int index) {
        Entry<K> entry = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && comesBefore(heap[right], heap[child])) {
                child = right;
            }
            if (!comesBefore(heap[child], entry)) {
                break;
            }
            place(heap[child], index);
            index = child;
        }
        place(entry, index);
    }

    private void place(Entry<K> entry, int index) {
        heap[index] = entry;
        entry.index = index;
    }

    private static boolean comesBefore(Entry<?> a, Entry<?> b) {
        return a.deadlineMillis < b.deadlineMillis || (a.deadlineMillis == b.deadlineMillis && a.order < b.order);
    }
}
