package org.udpchat.server.console;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.udpchat.server.RoomLine;
import org.udpchat.server.RoomListener;

/**
 * The rooms' lines on their way from the relay to a slower reader (an operator's console for {@code /watch},
 * the transcript's file): the relay thread {@linkplain #heard offers} each line to a bounded queue and goes
 * on at once; a thread of the feed's own writes them out. So the relay never waits for a console or a disk.
 *
 * <p>When the reader is slower than the rooms for long enough to fill the queue ({@value #QUEUE_LINES}
 * lines), the lines that find it full are not kept but counted, and once the reader has caught up (the queue
 * is empty) it is told how many it missed. Nothing else changes: the room, the other watchers and the
 * transcript go on as before.
 *
 * <p>Life: the thread (named by the caller: {@code watch-…}, {@code transcript}) starts with the feed and
 * ends on {@link #close}, after writing what is queued (bounded by {@link #DRAIN_TIMEOUT}). Daemon: a
 * process that is ending does not wait for it.
 */
final class RoomFeed implements RoomListener, AutoCloseable {

    /** Lines held for a slow reader: minutes of a busy room, and a bounded amount of memory. */
    static final int QUEUE_LINES = 1000;

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private static final RoomLine STOP = new RoomLine(java.time.Instant.EPOCH, java.util.Optional.empty(), "");

    private final BlockingQueue<RoomLine> queue;
    private final AtomicLong missed = new AtomicLong();
    private final Consumer<RoomLine> reader;
    private final LongConsumer onMissed;
    private final Thread thread;
    private volatile Predicate<RoomLine> wanted = line -> true;

    /**
     * @param reader writes a line out (on the feed's thread; it may block)
     * @param onMissed tells the reader how many lines it missed (on the feed's thread)
     */
    RoomFeed(String threadName, Consumer<RoomLine> reader, LongConsumer onMissed) {
        this(threadName, QUEUE_LINES, reader, onMissed);
    }

    RoomFeed(String threadName, int queueLines, Consumer<RoomLine> reader, LongConsumer onMissed) {
        this.queue = new ArrayBlockingQueue<>(queueLines + 1); // one more, so that STOP always fits
        this.reader = reader;
        this.onMissed = onMissed;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Only the lines {@code filter} accepts are fed from now on (a console's {@code /watch ROOM}). */
    void select(Predicate<RoomLine> filter) {
        this.wanted = filter;
    }

    /** On the relay thread: queues the line if there is room, counts it as missed if not; never waits. */
    @Override
    public void heard(RoomLine line) {
        if (!wanted.test(line)) {
            return;
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(line)) { // the last place is STOP's
            missed.incrementAndGet();
        }
    }

    private void run() {
        try {
            for (RoomLine line = queue.take(); line != STOP; line = queue.take()) {
                reader.accept(line);
                RoomLine next = queue.peek();
                if (next == null || next == STOP) { // caught up: now say what did not fit
                    long lost = missed.getAndSet(0);
                    if (lost > 0) {
                        onMissed.accept(lost);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed without waiting: the thread just ends
        }
    }

    /** Writes what is queued (waiting up to {@link #DRAIN_TIMEOUT}) and ends the feed's thread. */
    @Override
    public void close() {
        if (!queue.offer(STOP)) {
            thread.interrupt();
        }
        try {
            thread.join(DRAIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt(); // if the reader is stuck (a console that reads nothing), give up on it
    }
}
