package org.udpchat.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The thread that owns the {@link ModerationFile} while the server runs, so that the relay never waits on
 * the disk. The relay {@linkplain #keep hands it} an immutable snapshot after every change and goes on;
 * snapshots that arrive while one is being written are coalesced into the newest, which is all the file
 * needs.
 *
 * <p>Life: started by the constructor, on a thread named {@code state-writer}; it sleeps until a snapshot
 * waits, writes it, and sleeps again. {@link #close} (after the relay's last change) lets it write what
 * still waits and end, and waits for that, bounded. Only {@link #keep} and {@link #close} are touched by
 * other threads, through the pending snapshot and the closing flag. A write that fails is logged at ERROR
 * and told to the operator; the bans and mutes still hold in memory, and the next change tries again.
 */
final class ModerationWriter implements AutoCloseable {

    /** How long {@link #close} waits for the last write: an fsync on a sick disk may take long. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final Consumer<String> operator;
    private final AtomicReference<ModerationSnapshot> pending = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;
    /** The last snapshot whose write failed, until one succeeds: what a restart would lose. */
    private volatile ModerationSnapshot unsaved;

    /**
     * @param operator told, on the writer's thread, when a write fails: a line for the operator's console
     */
    ModerationWriter(Path file, Consumer<String> operator) {
        this.file = file;
        this.operator = operator;
        this.thread = new Thread(this::run, "state-writer");
        thread.setDaemon(true); // close() writes the last snapshot; a JVM that ends without it loses no file
        thread.start();
    }

    /** Has {@code snapshot} written soon, replacing any snapshot still waiting. Never blocks. */
    void keep(ModerationSnapshot snapshot) {
        pending.set(snapshot);
        LockSupport.unpark(thread);
    }

    private void run() {
        while (true) {
            boolean last = closing; // read before the snapshot: whatever was kept before close() is seen
            ModerationSnapshot snapshot = pending.getAndSet(null);
            if (snapshot != null) {
                write(snapshot);
            } else if (last) {
                if (unsaved != null) {
                    write(unsaved); // one more try before the server lets the directory go
                }
                return;
            } else {
                LockSupport.park(this);
            }
        }
    }

    private void write(ModerationSnapshot snapshot) {
        try {
            ModerationFile.write(file, snapshot);
            unsaved = null;
            Logger.debug(
                    "saved {} bans and {} mutes to {}",
                    snapshot.bans().size(),
                    snapshot.mutes().size(),
                    file);
        } catch (IOException | RuntimeException e) {
            unsaved = snapshot;
            Logger.error(e, "could not save the bans and mutes to {}", file);
            operator.accept("could not save the bans and mutes to " + file + " (" + e
                    + "); they hold until the server stops, and the next change tries again");
        }
    }

    /** As {@link #finish}, for try-with-resources. */
    @Override
    public void close() {
        finish();
    }

    /**
     * Writes what still waits (trying a failed last write once more) and ends the thread; waits up to
     * {@link #CLOSE_TIMEOUT}.
     *
     * @return whether the last bans and mutes are on disk and the thread has ended
     */
    boolean finish() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Logger.error("the last bans and mutes were not saved to {} within {} s", file, CLOSE_TIMEOUT.toSeconds());
            return false;
        }
        return unsaved == null;
    }

    /** Whether the thread still runs (a write that hangs): the file may yet be replaced. */
    boolean isWriting() {
        return thread.isAlive();
    }
}
