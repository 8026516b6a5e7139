package org.udpchat.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * An attached operator's connection, written through a bounded buffer, so that nobody who prints to an
 * operator waits long on one who stopped reading. Their console and its watched rooms print through {@link
 * #out}, which waits up to {@link #WRITE_WAIT} for room in the buffer (and so slows a watched room down to
 * what the operator reads, the feed counting what it drops); the server's notes and its farewell go through
 * {@link #tell}, which never waits, with {@link #NOTE_ROOM} more bytes kept for them. An operator who lets
 * either fill is hung up on, and the log says so: they read nothing for all that time.
 *
 * <p>Life: the thread {@code operator-N-out} starts with the connection and alone writes to the socket, in
 * order, what the buffer holds. {@link #finish} (the console's thread, at its end) lets it write what is
 * left, for a while, and then closes the connection; {@link #hangUp} (any thread) closes it at once, which
 * ends a write or a read blocked on it. Reading is the console's: {@link #input}.
 */
final class OperatorConnection {

    /** What an operator may be behind, the socket's own buffer aside: a screenful of a busy watched room many times. */
    static final int BUFFER_BYTES = 256 * 1024;

    /** More room kept for the server's notes: an operator a watched room keeps behind still gets them. */
    static final int NOTE_ROOM = 64 * 1024;

    /** How long a console's line waits for room: past it, the operator is not reading. */
    static final Duration WRITE_WAIT = Duration.ofSeconds(5);

    private final SocketChannel channel;
    private final String name;
    private final Thread writer;
    private final PrintStream out;

    /** What is yet to be written, oldest first; guarded by {@code this}, as the fields below. */
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();

    private int pendingBytes;
    /** No more lines: the writer writes what is left and closes the connection. */
    private boolean ending;
    /** Closed: nothing more is written. */
    private boolean closed;

    private final Duration writeWait;

    /** @param name the operator as the log names them */
    OperatorConnection(SocketChannel channel, String name, String threadName) {
        this(channel, name, threadName, WRITE_WAIT);
    }

    /** @param writeWait how long a console's line waits for room (tests shorten it) */
    OperatorConnection(SocketChannel channel, String name, String threadName, Duration writeWait) {
        this.writeWait = writeWait;
        this.channel = channel;
        this.name = name;
        this.out = new PrintStream(new Buffered(), true, StandardCharsets.UTF_8);
        this.writer = new Thread(this::write, threadName);
        writer.setDaemon(true); // as the console: it must not keep a closed server alive
        writer.start();
    }

    /** What the operator types, as the console reads it. */
    InputStream input() {
        return UnixStreams.input(channel);
    }

    /** For the console and what it watches: each write waits up to {@link #WRITE_WAIT} for room. */
    PrintStream out() {
        return out;
    }

    /** A line from behind the scenes (a note, the farewell), queued if there is room, never waited for. */
    void tell(String line) {
        try {
            enqueue((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8), 0, BUFFER_BYTES + NOTE_ROOM);
        } catch (IOException e) {
            // hung up (and logged, if for not reading): nobody to tell
        }
    }

    /** Ends reading, as the end of the operator's input does: their console ends and then {@link #finish}es. */
    void endInput() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            hangUp(); // cannot end it gently: end it all
        }
    }

    /**
     * The console has ended: writes what is left, waiting up to {@code wait}, and closes the connection (at
     * once when the wait is over: the operator is not reading).
     */
    void finish(Duration wait) {
        synchronized (this) {
            ending = true;
            notifyAll();
        }
        try {
            writer.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hangUp();
    }

    /** Closes the connection now; what was not written is dropped. */
    void hangUp() {
        synchronized (this) {
            closed = true;
            pending.clear();
            pendingBytes = 0;
            notifyAll();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing on the way out: nothing more to do
        }
    }

    private synchronized void enqueue(byte[] bytes, long waitNanos, int limit) throws IOException {
        long deadline = System.nanoTime() + waitNanos;
        // A buffer with nothing in it takes any write: one longer than the limit would wait forever.
        while (!closed && !ending && pendingBytes > 0 && pendingBytes + bytes.length > limit) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                Logger.warn(
                        "operator {} took nothing of the last {} KiB for {} ms: hung up on",
                        name,
                        pendingBytes / 1024,
                        TimeUnit.NANOSECONDS.toMillis(waitNanos));
                closed = true;
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for operator " + name + " to read");
            }
        }
        if (closed || ending) {
            if (closed) {
                hangUpLater();
            }
            throw new IOException("the connection to operator " + name + " is closed");
        }
        pending.add(bytes);
        pendingBytes += bytes.length;
        notifyAll();
    }

    /** Closes the channel without holding the lock: the writer may be blocked writing to it. */
    private void hangUpLater() {
        pending.clear();
        pendingBytes = 0;
        notifyAll();
        try {
            channel.close(); // does not wait for the blocked writer: it ends it
        } catch (IOException e) {
            // closing on the way out: nothing more to do
        }
    }

    private void write() {
        try {
            while (true) {
                byte[] next;
                synchronized (this) {
                    while (pending.isEmpty() && !closed && !ending) {
                        wait();
                    }
                    if (closed || pending.isEmpty()) {
                        return; // hung up, or ending with everything written
                    }
                    next = pending.peek();
                }
                ByteBuffer buffer = ByteBuffer.wrap(next);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                synchronized (this) {
                    if (pending.peek() == next) { // not cleared by a hang-up meanwhile
                        pending.poll();
                        pendingBytes -= next.length;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the operator went away, or was hung up on: nothing more to write
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hangUp();
        }
    }

    /** The console's side of {@link #out}: a copy of each write, queued. */
    private final class Buffered extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            enqueue(Arrays.copyOfRange(bytes, offset, offset + length), writeWait.toNanos(), BUFFER_BYTES);
        }
    }
}
