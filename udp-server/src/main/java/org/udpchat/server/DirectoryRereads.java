package org.udpchat.server;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.server.cluster.ClusterDirectory;

/**
 * Rereads the whole cluster directory now and then, so that the relay's copy of the other nodes' members mends
 * what the directory's changes missed: Hazelcast hands map events on fire-and-forget, and a change made while the
 * partitions move can reach some nodes and never others (a member another node's {@code /who} never lists, a
 * {@code /msg} that cannot find it). It rereads whenever the partitions have settled after a move (a node joined,
 * left or died) and every {@link #PERIOD_SECONDS} besides.
 *
 * <p>Reads run one at a time on a thread of their own (a read blocks on the cluster); the relay hears that a read
 * begins before it begins and its result when it is done ({@link Relay#onDirectoryReadBegins}, {@link
 * Relay#onDirectoryRead}), both posted to it.
 */
final class DirectoryRereads implements AutoCloseable {

    /** How often the directory is reread, besides after each move of the partitions. */
    static final long PERIOD_SECONDS = 30;

    /**
     * How many times, a second apart, a node that has just started looks whether the partitions its joining moved
     * have settled: it may have started following them too late to hear that they did.
     */
    private static final int START_LOOKS = 60;

    /** How long a read waits for the relay to hear it begins: a relay that does not answer is not read for. */
    private static final long RELAY_WAIT_SECONDS = 10;

    private final ClusterDirectory directory;
    private final Consumer<Consumer<Relay>> relay;
    private final ScheduledExecutorService reader;

    /** Whether a read asked for after a move waits on the reader's queue already: one is enough. */
    private final AtomicBoolean readQueued = new AtomicBoolean();

    /**
     * Starts the rereads of {@code directory}.
     *
     * @param relay posts a command to the relay thread
     */
    DirectoryRereads(ClusterDirectory directory, Consumer<Consumer<Relay>> relay) {
        this.directory = directory;
        this.relay = relay;
        this.reader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "directory-rereads");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(this::read, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        directory.whenPartitionsSettle(this::readSoon);
        reader.execute(() -> readOnceSettled(START_LOOKS));
    }

    /** On the reader's thread: reads once the partitions have settled, looking again a second later if not. */
    private void readOnceSettled(int looksLeft) {
        if (directory.partitionsSettled()) {
            read();
        } else if (looksLeft > 1) {
            reader.schedule(() -> readOnceSettled(looksLeft - 1), 1, TimeUnit.SECONDS);
        }
    }

    /** Reads the directory once more, soon: any thread. */
    void readSoon() {
        if (readQueued.compareAndSet(false, true)) {
            try {
                reader.execute(() -> {
                    readQueued.set(false);
                    read();
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                readQueued.set(false);
            }
        }
    }

    /** On the reader's thread: one read, told to the relay. */
    private void read() {
        try {
            CompletableFuture<Void> begun = new CompletableFuture<>();
            relay.accept(later -> {
                later.onDirectoryReadBegins();
                begun.complete(null);
            });
            begun.get(RELAY_WAIT_SECONDS, TimeUnit.SECONDS);
            Map<String, ClusterDirectory.Listing> read = directory.snapshot();
            relay.accept(later -> later.onDirectoryRead(read));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // the relay is stuck or the node is stopping or cut off: the next read tries again
            Logger.debug("cluster directory: not reread: {}", e.toString());
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
    }
}
