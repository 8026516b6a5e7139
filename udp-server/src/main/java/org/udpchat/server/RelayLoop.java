package org.udpchat.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.codec.HostPort;
import org.udpchat.codec.Limits;

/**
 * The relay thread's loop: the plumbing around {@link Relay}. It alone owns the socket and the relay.
 *
 * <p>Life: {@link #run} is called once, on the thread named {@code relay}. It sleeps in a selector until
 * a datagram arrives or another thread {@linkplain #post posts} a command; it receives and hands every
 * datagram to the relay, then runs the posted commands, in the order they were posted, then the relay's
 * timers whose deadlines have passed ({@link Relay#onTick}); it sleeps no longer than until the next
 * deadline ({@link Relay#millisUntilDue}), and with none set, until something comes. No timer thread races
 * it, and an idle server does not wake at all. After
 * {@link #stop} it runs the commands posted before it, lets the relay say goodbye (and waits, bounded, for
 * native members to acknowledge it), closes the socket and returns. Nothing here is touched by other threads but the command queue, the stop flag and the
 * selector's wake-up.
 */
final class RelayLoop implements Runnable {

    /** Datagrams taken per wake-up before posted commands get a turn, so a flood cannot starve them. */
    private static final int RECEIVE_BATCH = 256;

    private final DatagramChannel channel;
    private final Selector selector;
    private final ChannelOutbox outbox;
    private final Queue<Consumer<Relay>> commands = new ConcurrentLinkedQueue<>();
    private final ByteBuffer incoming = ByteBuffer.allocateDirect(Limits.RECEIVE_BUFFER_BYTES);
    private volatile boolean stopRequested;
    private volatile boolean stopped;
    private volatile boolean failed;
    private Relay relay;

    /** Takes ownership of {@code channel}, which must be bound; {@link #run} closes it. */
    RelayLoop(DatagramChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        this.outbox = new ChannelOutbox(channel);
    }

    /** The outbox the relay must send through: this loop's socket. */
    Outbox outbox() {
        return outbox;
    }

    /** Called once, before the thread starts: the relay this loop feeds. */
    void attach(Relay attached) {
        this.relay = attached;
    }

    /**
     * Runs {@code command} on the relay thread, after the commands posted before it. Callable from any
     * thread.
     *
     * @return false if the loop has stopped and the command will never run
     */
    boolean post(Consumer<Relay> command) {
        if (stopped) {
            return false;
        }
        commands.add(command);
        selector.wakeup();
        return true;
    }

    /** Asks the loop to say goodbye to the room and end. Callable from any thread, more than once. */
    void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    boolean hasFailed() {
        return failed;
    }

    @Override
    public void run() {
        try {
            while (!stopRequested) {
                sleepUntilDue(relay.millisUntilDue());
                receiveBatch();
                runCommands();
                runTimersIfDue();
            }
            runCommands();
            relay.onShutdown();
            lingerForGoodbyes();
        } catch (IOException | RuntimeException | Error e) {
            failed = true;
            Logger.error(e, "the relay failed; the room is closed");
        } finally {
            stopped = true;
            runCommands(); // whatever slipped in after the last turn: the room is empty, so it sends nothing
            close();
        }
    }

    /**
     * Native members are told of the closing reliably: keep receiving their acknowledgements and resending
     * until all have them, or the relay gives up on them (it bounds the wait, with a deadline of its own;
     * the loop's own bound is only a guard against waiting on a deadline that was never set).
     */
    private void lingerForGoodbyes() throws IOException {
        while (!relay.isClosed()) {
            sleepUntilDue(Math.min(relay.millisUntilDue(), NativeProtocol.LINGER_MILLIS));
            receiveBatch();
            runTimersIfDue();
        }
    }

    /**
     * Sleeps until a datagram or a command comes, or {@code waitMillis} pass ({@link Long#MAX_VALUE}: no
     * timer is set, so only a datagram or a command can wake it).
     */
    private void sleepUntilDue(long waitMillis) throws IOException {
        if (waitMillis == Long.MAX_VALUE) {
            selector.select();
        } else if (waitMillis > 0) {
            selector.select(waitMillis);
        } else {
            selector.selectNow();
        }
        selector.selectedKeys().clear();
    }

    /** A timer's deadline may have passed while the loop slept or worked: the relay's turn of the timers. */
    private void runTimersIfDue() {
        if (relay.millisUntilDue() == 0) {
            relay.onTick();
        }
    }

    private void receiveBatch() throws IOException {
        for (int i = 0; i < RECEIVE_BATCH; i++) {
            incoming.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(incoming);
            if (from == null) {
                return;
            }
            incoming.flip();
            try {
                relay.onDatagram(from, incoming);
            } catch (RuntimeException | AssertionError bug) {
                // One datagram that trips a bug must not end the room for everyone else.
                Logger.error(bug, "handling a datagram from {} failed", HostPort.format(from));
            }
        }
        selector.wakeup(); // more may be waiting: come straight back after the commands
    }

    private void runCommands() {
        Consumer<Relay> command;
        while ((command = commands.poll()) != null) {
            command.accept(relay);
        }
    }

    private void close() {
        try {
            selector.close();
            outbox.close();
            channel.close();
        } catch (IOException e) {
            Logger.warn(e, "closing the socket failed");
        }
    }
}
