package org.udpchat.client;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.udpchat.codec.MalformedPacketException;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeCodec;
import org.udpchat.codec.NativeServerPacket;

/**
 * The native server as a test plays it, with no socket and no real time: the client's {@link Outbox} and
 * {@link Inbox}, and its clock. It records every datagram the client sends (decoded, so every one must be
 * a valid packet) with the time it left, answers as the test scripts, and moves its clock only when the
 * test moves it or when the client waits for a packet that is not there: that wait passes in no time.
 *
 * <p>The test thread drives it; {@link #send} and {@link #next} may also be called from a thread the test
 * starts (a sender quitting).
 */
final class ScriptedServer implements Outbox, Inbox<NativeServerPacket> {

    /** A client that waits this long on the fake clock is stuck: a real one would never get there. */
    private static final long STUCK_MILLIS = Duration.ofMinutes(10).toMillis();

    /** A client that sends this many datagrams is flooding the server: no test scripts that many. */
    private static final int FLOODING = 10_000;

    /** How long {@link #next} waits, in real time, for a datagram another thread is about to send. */
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(5);

    /** A datagram the client sent, and when. */
    record Sent(long at, NativeClientPacket packet) {}

    private volatile long now;
    // Guarded by this:
    private final List<Sent> sent = new ArrayList<>();
    private int looked;
    private final ArrayDeque<NativeServerPacket> answers = new ArrayDeque<>();
    private Function<NativeClientPacket, List<NativeServerPacket>> responder = packet -> List.of();

    /** The clock reads 0 at first. */
    ScriptedServer() {}

    /** The client's clock: milliseconds, as monotonic as the test makes it. */
    LongSupplier clock() {
        return () -> now;
    }

    long now() {
        return now;
    }

    /** Moves the clock forward to {@code millis}. Test thread only. */
    void advanceTo(long millis) {
        if (millis < now) {
            throw new IllegalArgumentException("the clock is at " + now + " already, past " + millis);
        }
        now = millis;
    }

    /** From now on, each datagram the client sends is answered with what {@code responder} returns for it. */
    synchronized void answer(Function<NativeClientPacket, List<NativeServerPacket>> responder) {
        this.responder = responder;
    }

    /** Packets the client receives next, after any answers already waiting. */
    synchronized void queue(NativeServerPacket... packets) {
        answers.addAll(List.of(packets));
    }

    @Override
    public synchronized void send(byte[] datagram) {
        NativeClientPacket packet;
        try {
            packet = NativeCodec.decodeClientPacket(ByteBuffer.wrap(datagram));
        } catch (MalformedPacketException e) {
            throw new AssertionError("the client sent a datagram the server cannot read", e);
        }
        sent.add(new Sent(now, packet));
        if (sent.size() > FLOODING) {
            throw new AssertionError("the client has sent " + sent.size() + " datagrams; the last at " + now + " ms: "
                    + sent.subList(sent.size() - 4, sent.size()));
        }
        answers.addAll(responder.apply(packet));
        notifyAll();
    }

    @Override
    public synchronized Optional<NativeServerPacket> receive(Duration timeout) {
        if (!answers.isEmpty()) {
            return Optional.of(answers.poll());
        }
        now += Math.max(1, timeout.toMillis());
        if (now > STUCK_MILLIS) {
            throw new AssertionError("the client is still waiting at " + now + " ms; it sent " + sent);
        }
        return Optional.empty();
    }

    /** Everything the client sent, oldest first. */
    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** When the client sent the packets of {@code kind}. */
    synchronized List<Long> timesOf(Class<? extends NativeClientPacket> kind) {
        return sent.stream()
                .filter(s -> kind.isInstance(s.packet()))
                .map(Sent::at)
                .toList();
    }

    /** The packets of {@code kind} the client sent, oldest first. */
    synchronized <T extends NativeClientPacket> List<T> sentOf(Class<T> kind) {
        return sent.stream()
                .map(Sent::packet)
                .filter(kind::isInstance)
                .map(kind::cast)
                .toList();
    }

    /**
     * The oldest datagram the test has not looked at yet; waits a few seconds for one when another thread
     * is about to send it.
     */
    synchronized NativeClientPacket next() throws InterruptedException {
        long deadline = System.nanoTime() + SEND_DEADLINE.toNanos();
        while (looked == sent.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the client sent nothing more within " + SEND_DEADLINE + "; it sent " + sent);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return sent.get(looked++).packet();
    }

    /** The datagrams the test has not looked at yet, which are then looked at. */
    synchronized List<NativeClientPacket> rest() {
        List<NativeClientPacket> rest =
                sent.subList(looked, sent.size()).stream().map(Sent::packet).toList();
        looked = sent.size();
        return rest;
    }
}
