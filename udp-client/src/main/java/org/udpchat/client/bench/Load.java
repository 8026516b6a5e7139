package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One measurement against a running relay: {@code members} clients join, then {@code senders} of them
 * each send {@code messages} chats, never more than {@code window} of their own in flight (sent but not
 * yet seen relayed back), so the relay is kept busy without overflowing anyone's socket buffer. Every
 * member counts the chat lines it receives; the run ends when every delivery has arrived, or when nothing
 * has arrived for {@link #STALL} (then the missing deliveries are reported as lost).
 *
 * <p>All members live on one thread in one selector: the load program must not need more cores than the
 * relay it measures.
 */
final class Load implements AutoCloseable {

    /** Silence this long means the rest is lost. */
    static final Duration STALL = Duration.ofSeconds(3);

    /** After a paced run, silence this long means the rest is lost. */
    static final Duration GRACE = Duration.ofSeconds(1);

    /** How often idle members get to send what they owe (native acknowledgements fall due after AckSchedule.DELAY_MILLIS). */
    private static final long IDLE_MILLIS = 5;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
    private final LoadProtocol protocol;
    private final int members;
    private final int[] roomOf;

    /**
     * The outcome of one timed phase; {@code unopened} counts the datagrams members dropped because they did
     * not open (sealed members only): each is a delivery lost, or a relay that seals wrongly.
     */
    record Result(long deliveries, long expected, Duration elapsed, long unopened) {
        double perSecond() {
            return deliveries / (elapsed.toNanos() / 1e9);
        }

        long lost() {
            return expected - deliveries;
        }
    }

    Load(InetSocketAddress relay, int members, LoadProtocol protocol) throws IOException {
        this(Collections.nCopies(members, relay), protocol);
    }

    /** Members each talking to their own relay, {@code relayOf.get(i)} member i's: the nodes of a cluster. */
    Load(List<InetSocketAddress> relayOf, LoadProtocol protocol) throws IOException {
        this(relayOf, new int[relayOf.size()], protocol);
    }

    /**
     * Members each talking to their own relay and in their own room, {@code roomOf[i]} member i's (numbered
     * from 0; the protocol joins them there): a chat is delivered to its sender's room only.
     */
    Load(List<InetSocketAddress> relayOf, int[] roomOf, LoadProtocol protocol) throws IOException {
        this.members = relayOf.size();
        this.roomOf = roomOf.clone();
        this.protocol = protocol;
        this.selector = Selector.open();
        for (int i = 0; i < members; i++) {
            DatagramChannel channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.connect(relayOf.get(i));
            channel.configureBlocking(false);
            channels.add(channel);
        }
    }

    /** Joins every member as {@code m0}, {@code m1}, … and drains the join notices. */
    void joinAll() throws IOException {
        for (int i = 0; i < members; i++) {
            protocol.join(i, channels.get(i));
            channels.get(i).register(selector, SelectionKey.OP_READ, i);
        }
        drain(Duration.ofMillis(300));
    }

    /**
     * Each of the first {@code senders} members sends {@code messages} chats, at most {@code window} of
     * its own unacknowledged at once; returns what arrived and how long it took.
     */
    Result run(int senders, int messages, int window) throws IOException {
        int[] sent = new int[senders];
        long expected = 0;
        for (int s = 0; s < senders; s++) {
            expected += (long) messages * roomSize(roomOf[s]);
        }
        long deliveries = 0;
        long unopenedBefore = protocol.unopened();
        long start = System.nanoTime();
        long lastArrival = start;
        for (int s = 0; s < senders; s++) {
            while (sent[s] < Math.min(window, messages)) {
                protocol.say(s, channels.get(s), sent[s]++);
            }
        }
        while (deliveries < expected && System.nanoTime() - lastArrival < STALL.toNanos()) {
            if (selector.select(IDLE_MILLIS) == 0) {
                idle();
                continue;
            }
            deliveries += receiveSelected((member, channel) -> {
                if (sent[member] < messages) {
                    protocol.say(member, channel, sent[member]++);
                }
            });
            lastArrival = System.nanoTime();
        }
        long end = deliveries == expected ? System.nanoTime() : lastArrival;
        idle(); // what is owed for the last deliveries, so the next phase starts clean
        return new Result(deliveries, expected, Duration.ofNanos(end - start), protocol.unopened() - unopenedBefore);
    }

    /**
     * Chats at a fixed rate of {@code deliveriesPerSecond} deliveries, shared by the first {@code senders}
     * members ({@link PaceSchedule}), for {@code warmUp} untimed and then {@code timed}; every chat carries
     * its send time, and every member that receives one sent in the timed window records its latency. Sends
     * fall due as deadlines of this one selector loop; how late each timed one left is its pacing lag. After
     * the window it waits for the stragglers until nothing has arrived for {@link #GRACE}.
     *
     * @param relayCpu the relay's CPU clock, read as the timed window opens and closes
     */
    PacedResult runAtRate(int senders, long deliveriesPerSecond, Duration warmUp, Duration timed, ProcessCpu relayCpu)
            throws IOException {
        return runAtRate(senders, deliveriesPerSecond, warmUp, timed, List.of(relayCpu), new int[members]);
    }

    /**
     * As {@link #runAtRate(int, long, Duration, Duration, ProcessCpu)}, with the relay's CPU read from each of
     * {@code relayCpus} (the nodes of a cluster: their sum is the relay's) and each delivery's latency also
     * counted as on the speaker's node or another ({@link PacedResult#groups}: those two, in that order), member
     * i being on node {@code nodeOf[i]}.
     */
    PacedResult runAtRate(
            int senders,
            long deliveriesPerSecond,
            Duration warmUp,
            Duration timed,
            List<ProcessCpu> relayCpus,
            int[] nodeOf)
            throws IOException {
        for (int room : roomOf) {
            if (room != 0) {
                throw new IllegalStateException("a paced run is of one room: its schedule counts every member");
            }
        }
        long start = System.nanoTime();
        PaceSchedule schedule = new PaceSchedule(start, deliveriesPerSecond, members, senders);
        long timedStart = start + warmUp.toNanos();
        long timedEnd = timedStart + timed.toNanos();
        long firstTimed = schedule.firstDueAtOrAfter(timedStart);
        long endOfChats = schedule.firstDueAtOrAfter(timedEnd);
        long expected = (endOfChats - firstTimed) * members;
        Latencies latencies = new Latencies(Math.toIntExact(expected));
        Latencies lags = new Latencies(Math.toIntExact(endOfChats - firstTimed));
        long[] expectedByGroup = new long[2];
        for (long chat = firstTimed; chat < endOfChats; chat++) {
            int speakerNode = nodeOf[schedule.sender(chat)];
            for (int member = 0; member < members; member++) {
                expectedByGroup[nodeOf[member] == speakerNode ? 0 : 1]++;
            }
        }
        Latencies[] byGroup = {
            new Latencies(Math.toIntExact(expectedByGroup[0])), new Latencies(Math.toIntExact(expectedByGroup[1]))
        };
        // The timed chats are those sent from chat firstTimed on; one thread sends them in order, so their
        // send times, which they carry, tell them from the others: at least the first one's.
        long[] firstTimedSentAt = {Long.MAX_VALUE};
        OnDelivery timing = (member, channel, arrival) -> {
            long sentAt = protocol.lastNumber();
            if (sentAt >= firstTimedSentAt[0]) {
                long latency = System.nanoTime() - sentAt;
                latencies.add(latency);
                int speaker = protocol.lastSpeaker();
                if (speaker >= 0 && speaker < members) {
                    byGroup[nodeOf[member] == nodeOf[speaker] ? 0 : 1].add(latency);
                }
            }
        };
        ProcessCpu ownCpu = ProcessCpu.self();
        double[] relayCpuAtStart = new double[relayCpus.size()];
        double ownCpuAtStart = Double.NaN;
        long cpuFrom = timedStart;
        long nextChat = 0;
        long nextIdle = start;
        long now = start;
        while (nextChat < endOfChats) {
            while (nextChat < endOfChats && schedule.dueNanos(nextChat) <= now) {
                if (nextChat == firstTimed) {
                    for (int node = 0; node < relayCpus.size(); node++) {
                        relayCpuAtStart[node] = relayCpus.get(node).seconds();
                    }
                    ownCpuAtStart = ownCpu.seconds();
                    cpuFrom = System.nanoTime();
                    firstTimedSentAt[0] = cpuFrom;
                }
                int sender = schedule.sender(nextChat);
                long sentAt = System.nanoTime();
                protocol.say(sender, channels.get(sender), sentAt);
                if (nextChat >= firstTimed) {
                    lags.add(sentAt - schedule.dueNanos(nextChat));
                }
                nextChat++;
            }
            if (now - nextIdle >= 0) {
                idle();
                nextIdle = now + IDLE_MILLIS * 1_000_000;
            }
            long wake = Math.min(nextIdle, nextChat < endOfChats ? schedule.dueNanos(nextChat) : now);
            long waitMillis = (wake - System.nanoTime()) / 1_000_000;
            // select cannot wait less than a millisecond: a chat due sooner waits for the next datagram or
            // that millisecond, and its lag says so
            if ((waitMillis > 0 ? selector.select(waitMillis) : selector.select(1)) > 0) {
                receiveSelected(timing);
            }
            now = System.nanoTime();
        }
        double[] relayCpuSeconds = new double[relayCpus.size()];
        for (int node = 0; node < relayCpus.size(); node++) {
            relayCpuSeconds[node] = relayCpus.get(node).seconds() - relayCpuAtStart[node];
        }
        double ownCpuSeconds = ownCpu.seconds() - ownCpuAtStart;
        double cpuWallSeconds = (System.nanoTime() - cpuFrom) / 1e9;
        long lastArrival = System.nanoTime();
        while (latencies.count() < expected && System.nanoTime() - lastArrival < GRACE.toNanos()) {
            if (selector.select(IDLE_MILLIS) > 0 && receiveSelected(timing) > 0) {
                lastArrival = System.nanoTime();
            }
            idle();
        }
        List<Latencies.Figures> groupFigures = new ArrayList<>();
        for (int group = 0; group < byGroup.length; group++) {
            groupFigures.add(byGroup[group].figures(expectedByGroup[group] - byGroup[group].count()));
        }
        List<Double> nodeCpu = new ArrayList<>();
        for (double seconds : relayCpuSeconds) {
            nodeCpu.add(ProcessCpu.percentOfACore(seconds, cpuWallSeconds));
        }
        return new PacedResult(
                latencies.figures(expected - latencies.count()),
                latencies.count() / (timed.toNanos() / 1e9),
                lags.figures(0),
                nodeCpu.stream().mapToDouble(Double::doubleValue).sum(),
                ProcessCpu.percentOfACore(ownCpuSeconds, cpuWallSeconds),
                groupFigures,
                nodeCpu);
    }

    private int roomSize(int room) {
        int size = 0;
        for (int r : roomOf) {
            size += r == room ? 1 : 0;
        }
        return size;
    }

    private void idle() throws IOException {
        for (int i = 0; i < members; i++) {
            protocol.onIdle(i, channels.get(i));
        }
    }

    /** Reads and discards whatever arrives until nothing has for {@code quiet}. */
    private void drain(Duration quiet) throws IOException {
        while (selector.select(quiet.toMillis()) > 0) {
            receiveSelected((member, channel) -> {}); // the protocol still sees them: notices need acknowledging
            idle();
        }
    }

    /** What a member does when its own chat came back: a slot in its window is free. */
    private interface OwnDelivery {
        void onOwnDelivery(int member, DatagramChannel channel) throws IOException;
    }

    /** What the load program does with a delivery: count it, time it. */
    private interface OnDelivery {
        void onDelivery(int member, DatagramChannel channel, LoadProtocol.Arrival arrival) throws IOException;
    }

    /**
     * Reads every datagram waiting at the members the selector picked and hands each to the protocol.
     *
     * @return how many of them were deliveries
     */
    private long receiveSelected(OwnDelivery onOwnDelivery) throws IOException {
        return receiveSelected((OnDelivery) (member, channel, arrival) -> {
            if (arrival == LoadProtocol.Arrival.OWN_DELIVERY) {
                onOwnDelivery.onOwnDelivery(member, channel);
            }
        });
    }

    private long receiveSelected(OnDelivery onDelivery) throws IOException {
        long deliveries = 0;
        for (SelectionKey key : selector.selectedKeys()) {
            int member = (Integer) key.attachment();
            DatagramChannel channel = (DatagramChannel) key.channel();
            // One datagram per member per wake-up: what is left makes the selector pick the member again, and
            // reading until nothing is left costs a receive that finds nothing per member and wake-up, which
            // with a thousand members each receiving one datagram per chat is a second system call per
            // delivery.
            buffer.clear();
            if (channel.receive(buffer) != null) {
                buffer.flip();
                LoadProtocol.Arrival arrival = protocol.onDatagram(member, channel, buffer);
                if (arrival != LoadProtocol.Arrival.OTHER) {
                    deliveries++;
                    onDelivery.onDelivery(member, channel, arrival);
                }
            }
        }
        selector.selectedKeys().clear();
        return deliveries;
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}
