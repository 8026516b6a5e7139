package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.udpchat.codec.Limits;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.ResumptionSecret;
import org.udpchat.codec.RoomEvent;
import org.udpchat.codec.noise.NoiseKeyPair;
import org.udpchat.codec.reliability.AckSchedule;
import org.udpchat.codec.reliability.PingRule;

/**
 * Native members of a cluster that lose their node and go on at another, as the project's client does
 * (README "Failover"): each knows the list of nodes, starting at its own; it pings on the client's
 * {@link PingRule} (or, with a {@link Liveness#fast} rule, far more often, to take the client's own timers out
 * of the figure); when its node has answered nothing for the rule's silence it rejoins at the next node of
 * the list, round robin, presenting its session's token and resumption secret ({@link MemberHandshake}), each
 * attempt given {@link #ATTEMPT_MILLIS} (steps resent every {@link #RESEND_MILLIS}) and each whole round of
 * the list unanswered doubling that, as the client's backoff does. It records when it gave its node up and
 * when a node welcomed it again ({@link System#nanoTime}). Events are taken in order and acknowledged on
 * the client's {@link AckSchedule}; a member counts the lines it heard with a given text, to show that the
 * moved members hear the room. All on the calling thread, in one selector.
 */
final class FailoverCrowd implements AutoCloseable {

    /** The client's first attempt at a node when reconnecting: twice its first backoff pause (Backoff.FIRST). */
    static final long ATTEMPT_MILLIS = 1000;

    /** The client resends a handshake step after its backoff pause, 500 ms at first. */
    static final long RESEND_MILLIS = 500;

    /** The client's backoff stops doubling at 8 s (Backoff.MAX); an attempt is twice the pause. */
    private static final long MAX_ATTEMPT_MILLIS = 16_000;

    private static final long TICK_MILLIS = 10;

    /** When a member pings and when it gives its node up. */
    record Liveness(long heartbeatMillis, long silenceMillis, boolean clientRule) {
        /** The client's own rule: a ping every 10 s when idle, probes after 2 s unanswered, gone after 6 s. */
        static Liveness client() {
            return new Liveness(PingRule.HEARTBEAT_MILLIS, PingRule.SILENCE_MILLIS, true);
        }

        /** A ping every {@code silenceMillis / 5}, gone after {@code silenceMillis} unanswered. */
        static Liveness fast(long silenceMillis) {
            return new Liveness(Math.max(1, silenceMillis / 5), silenceMillis, false);
        }
    }

    private enum Phase {
        JOINING,
        IN,
        REJOINING,
        FAILED
    }

    private final List<InetSocketAddress> nodes;
    private final int[] firstNode;
    private final Liveness liveness;
    private final Selector selector;
    private final DatagramChannel[] channels;
    private final ByteBuffer in = ByteBuffer.allocateDirect(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final ByteBuffer plain = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(Limits.MAX_SEALED_DATAGRAM_BYTES);
    private final Supplier<NoiseKeyPair> ephemerals = NoiseKeyPair.generator(new SecureRandom());

    private final Phase[] phase;
    private final int[] node;
    private final MemberHandshake[] handshake;
    private final MemberSession[] session;
    private final long[] stepSentMillis;
    private final long[] attemptStartMillis;
    private final long[] attemptMillis;
    private final int[] attempts;
    private final long[] delivered;
    private final AckSchedule[] acks;
    private final long[] lastSentMillis;
    private final long[] lastPingMillis;
    private final long[] awaitingSinceMillis;
    private final long[] gaveUpNanos;
    private final long[] backNanos;
    private final boolean[] resumed;
    private final boolean[] clientWouldEnd;
    private final int[] heardMarked;
    private final List<String> refusals = new ArrayList<>();
    private String marker = "";
    private long chatsSent;
    private long portUnreachable;

    /**
     * Opens a channel per member, member {@code i} talking to {@code nodes.get(firstNode[i])} first; none
     * joins before {@link #run}.
     */
    FailoverCrowd(List<InetSocketAddress> nodes, int[] firstNode, Liveness liveness) throws IOException {
        this.nodes = List.copyOf(nodes);
        this.firstNode = firstNode.clone();
        this.liveness = liveness;
        int members = firstNode.length;
        selector = Selector.open();
        channels = new DatagramChannel[members];
        phase = new Phase[members];
        node = new int[members];
        handshake = new MemberHandshake[members];
        session = new MemberSession[members];
        stepSentMillis = new long[members];
        attemptStartMillis = new long[members];
        attemptMillis = new long[members];
        attempts = new int[members];
        delivered = new long[members];
        acks = new AckSchedule[members];
        lastSentMillis = new long[members];
        lastPingMillis = new long[members];
        awaitingSinceMillis = new long[members];
        gaveUpNanos = new long[members];
        backNanos = new long[members];
        resumed = new boolean[members];
        clientWouldEnd = new boolean[members];
        heardMarked = new int[members];
        long now = System.nanoTime() / 1_000_000;
        try {
            for (int i = 0; i < members; i++) {
                channels[i] = DatagramChannel.open();
                channels[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                node[i] = firstNode[i];
                channels[i].connect(nodes.get(node[i]));
                channels[i].configureBlocking(false);
                channels[i].register(selector, SelectionKey.OP_READ, i);
                acks[i] = new AckSchedule();
                startHandshake(i, 0, ResumptionSecret.NONE, now);
                phase[i] = Phase.JOINING;
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int members() {
        return channels.length;
    }

    /** Lets the members act until {@code deadlineNanos}. */
    void run(long deadlineNanos) throws IOException {
        long lastTick = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return;
            }
            long wait = Math.max(1, Math.min(TICK_MILLIS, (deadlineNanos - now) / 1_000_000 + 1));
            if (selector.select(wait) > 0) {
                for (SelectionKey key : selector.selectedKeys()) {
                    receive((Integer) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            long nowMillis = System.nanoTime() / 1_000_000;
            if (nowMillis - lastTick >= TICK_MILLIS) {
                lastTick = nowMillis;
                tick(nowMillis);
            }
        }
    }

    /** Lets the members act until {@code done} holds or the deadline passes; whether it holds. */
    boolean runUntil(BooleanSupplier done, long deadlineNanos) throws IOException {
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= deadlineNanos) {
                return false;
            }
            run(Math.min(deadlineNanos, now + 20_000_000L));
        }
        return true;
    }

    private void startHandshake(int member, long previousToken, ResumptionSecret proof, long now) throws IOException {
        handshake[member] = new MemberHandshake("f" + member, "", ephemerals, previousToken, proof);
        handshake[member].start(out);
        attemptStartMillis[member] = now;
        stepSentMillis[member] = now;
        write(member, now);
    }

    private void receive(int member) throws IOException {
        DatagramChannel channel = channels[member];
        while (true) {
            in.clear();
            try {
                if (channel.receive(in) == null) {
                    return;
                }
            } catch (PortUnreachableException e) {
                portUnreachable++; // the node's port is closed: the kernel says so, the client waits for silence
                continue;
            }
            in.flip();
            long nowMillis = System.nanoTime() / 1_000_000;
            if (phase[member] == Phase.JOINING || phase[member] == Phase.REJOINING) {
                onHandshake(member, nowMillis);
            } else if (phase[member] == Phase.IN) {
                NativeServerPacket packet = session[member].openPacket(in);
                if (packet != null) {
                    onPacket(member, packet, nowMillis);
                }
            }
        }
    }

    private void onHandshake(int member, long nowMillis) throws IOException {
        switch (handshake[member].onDatagram(in, out, nowMillis)) {
            case SEND -> {
                stepSentMillis[member] = nowMillis;
                write(member, nowMillis);
            }
            case WELCOMED -> {
                if (session[member] != null) {
                    session[member].destroy();
                }
                session[member] = handshake[member].session();
                if (phase[member] == Phase.REJOINING) {
                    backNanos[member] = System.nanoTime();
                    resumed[member] = handshake[member].resumed();
                }
                handshake[member] = null;
                phase[member] = Phase.IN;
                delivered[member] = 0; // a session on another node numbers its events afresh
                acks[member] = new AckSchedule();
                awaitingSinceMillis[member] = PingRule.NOT_AWAITING;
                lastSentMillis[member] = nowMillis;
                lastPingMillis[member] = nowMillis;
            }
            case FAILED -> {
                refusals.add("f" + member + " at node " + node[member] + ": " + handshake[member].failure());
                if (phase[member] == Phase.JOINING) {
                    phase[member] = Phase.FAILED;
                } else {
                    // The client waits out a refusal that waiting may lift (names cannot be given just now, a
                    // full node) and ends on any other (a name taken): this member goes on to the next node
                    // either way, so that the run shows when it would have got back, and counts the second
                    // kind as the client's end.
                    RefusalReason reason = handshake[member].refusal();
                    if (reason != null && reason.remedy() != RefusalReason.Remedy.WAITING) {
                        clientWouldEnd[member] = true;
                    }
                    attemptStartMillis[member] = nowMillis - attemptMillis[member];
                }
            }
            case NOTHING -> {} // a late answer to a resent step
        }
    }

    private void onPacket(int member, NativeServerPacket packet, long nowMillis) throws IOException {
        awaitingSinceMillis[member] = PingRule.NOT_AWAITING; // heard
        if (packet instanceof NativeServerPacket.Event event) {
            if (event.seq() != delivered[member] + 1) {
                acks[member].onIrregular();
                acknowledge(member, nowMillis);
                return;
            }
            delivered[member]++;
            if (event.event() instanceof RoomEvent.Said said && said.text().equals(marker)) {
                heardMarked[member]++;
            }
            acks[member].onDelivered(nowMillis);
            if (acks[member].isDue(nowMillis)) {
                acknowledge(member, nowMillis);
            }
        } else if (packet instanceof NativeServerPacket.Ended ended) {
            refusals.add("f" + member + " ended by node " + node[member] + ": " + ended.reason());
            phase[member] = Phase.FAILED;
        }
    }

    private void tick(long nowMillis) throws IOException {
        for (int member = 0; member < channels.length; member++) {
            switch (phase[member]) {
                case JOINING, REJOINING -> {
                    if (phase[member] == Phase.REJOINING
                            && nowMillis - attemptStartMillis[member] >= attemptMillis[member]) {
                        nextAttempt(member, nowMillis);
                    } else if (nowMillis - stepSentMillis[member] >= RESEND_MILLIS
                            && handshake[member].resend(out, nowMillis) == MemberHandshake.Step.SEND) {
                        stepSentMillis[member] = nowMillis;
                        write(member, nowMillis);
                    }
                }
                case IN -> {
                    if (acks[member].isDue(nowMillis)) {
                        acknowledge(member, nowMillis);
                    }
                    if (isSilent(member, nowMillis)) {
                        gaveUpNanos[member] = System.nanoTime();
                        phase[member] = Phase.REJOINING;
                        attempts[member] = 0;
                        attemptMillis[member] = ATTEMPT_MILLIS;
                        nextAttempt(member, nowMillis);
                    } else if (pingsAt(member, nowMillis)) {
                        lastPingMillis[member] = nowMillis;
                        awaitingSinceMillis[member] =
                                PingRule.awaitingAfterPing(nowMillis, awaitingSinceMillis[member]);
                        send(
                                member,
                                new NativeClientPacket.Ping(session[member].token(), delivered[member]),
                                nowMillis);
                        acks[member].onAckSent();
                    }
                }
                case FAILED -> {}
            }
        }
    }

    private boolean isSilent(int member, long nowMillis) {
        return awaitingSinceMillis[member] != PingRule.NOT_AWAITING
                && nowMillis - awaitingSinceMillis[member] >= liveness.silenceMillis();
    }

    private boolean pingsAt(int member, long nowMillis) {
        if (liveness.clientRule()) {
            return PingRule.pingsAt(
                    nowMillis, lastSentMillis[member], lastPingMillis[member], awaitingSinceMillis[member], false);
        }
        return nowMillis - lastPingMillis[member] >= liveness.heartbeatMillis();
    }

    /** The client's reconnection: the next node of the list, waiting longer after each whole round. */
    private void nextAttempt(int member, long nowMillis) throws IOException {
        if (attempts[member] > 0 && attempts[member] % nodes.size() == 0) {
            attemptMillis[member] = Math.min(MAX_ATTEMPT_MILLIS, attemptMillis[member] * 2);
        }
        attempts[member]++;
        node[member] = (node[member] + 1) % nodes.size();
        channels[member].disconnect();
        channels[member].connect(nodes.get(node[member]));
        startHandshake(member, session[member].token(), session[member].resumption(), nowMillis);
    }

    /** Member {@code member}, which must be in, says {@code text} as its first chat: once, unacknowledged. */
    void say(int member, String text) throws IOException {
        marker = text;
        long now = System.nanoTime() / 1_000_000;
        send(member, new NativeClientPacket.Chat(session[member].token(), 1, delivered[member], text), now);
        chatsSent++;
    }

    private void acknowledge(int member, long nowMillis) throws IOException {
        send(member, new NativeClientPacket.Ack(session[member].token(), delivered[member]), nowMillis);
        acks[member].onAckSent();
    }

    private void send(int member, NativeClientPacket packet, long nowMillis) throws IOException {
        session[member].seal(packet, plain, out, nowMillis);
        write(member, nowMillis);
    }

    private void write(int member, long nowMillis) throws IOException {
        try {
            channels[member].write(out);
        } catch (PortUnreachableException e) {
            portUnreachable++; // an earlier datagram to a dead node came back refused: this one is lost
        }
        lastSentMillis[member] = nowMillis;
    }

    /** Whether every member is in (welcomed, on some node). */
    boolean allIn() {
        for (Phase p : phase) {
            if (p != Phase.IN) {
                return false;
            }
        }
        return true;
    }

    /** Whether every member of {@code members} has been welcomed again since it gave its node up. */
    boolean allBack(List<Integer> members) {
        for (int member : members) {
            if (backNanos[member] == 0 || phase[member] != Phase.IN) {
                return false;
            }
        }
        return true;
    }

    /** Members that gave their node up since the start. */
    int gaveUp() {
        int count = 0;
        for (long t : gaveUpNanos) {
            count += t == 0 ? 0 : 1;
        }
        return count;
    }

    int firstNode(int member) {
        return firstNode[member];
    }

    int node(int member) {
        return node[member];
    }

    long gaveUpNanos(int member) {
        return gaveUpNanos[member];
    }

    long backNanos(int member) {
        return backNanos[member];
    }

    boolean resumed(int member) {
        return resumed[member];
    }

    /** Whether member {@code member} was refused, while rejoining, in a way that ends the client. */
    boolean clientWouldEnd(int member) {
        return clientWouldEnd[member];
    }

    int attempts(int member) {
        return attempts[member];
    }

    /** Lines with the last {@link #say} text member {@code member} heard. */
    int heardMarked(int member) {
        return heardMarked[member];
    }

    List<String> refusals() {
        return List.copyOf(refusals);
    }

    long portUnreachable() {
        return portUnreachable;
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            if (channel != null) {
                channel.close();
            }
        }
        selector.close();
    }
}
