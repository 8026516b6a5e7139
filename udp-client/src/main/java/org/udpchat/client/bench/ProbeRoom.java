package org.udpchat.client.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.udpchat.codec.Limits;
import org.udpchat.codec.RoomEvent;

/**
 * The probe's well-behaved members, {@code p0}, {@code p1}, … in the lobby, all on the calling thread in
 * one selector. Each says, every {@code lineEvery}, a line that is its {@link System#nanoTime} at sending;
 * their turns are spread evenly, so the room hears a probe line every {@code lineEvery / members}. Every
 * member that receives another's line records how long it took (one process, one clock): a probe line
 * gives a sample at each of the other members. A member's own line coming back is not a sample: the
 * figures are what members feel of each other.
 *
 * <p>A run is a warm-up (lines not counted), the measured time (lines counted), and a grace in which no
 * more is said and the lines of the measured time may still arrive; those that do not are lost.
 */
final class ProbeRoom implements AutoCloseable {

    /** A name every probe member's name starts with, and none of the adversaries' does. */
    static final String NAME_PREFIX = "p";

    private final List<ProbeMember> members = new ArrayList<>();
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(Limits.MAX_SEALED_DATAGRAM_BYTES);

    private ProbeRoom(Selector selector) {
        this.selector = selector;
    }

    /** Joins {@code count} members from 127.0.0.1 to the server at {@code server}. */
    static ProbeRoom join(InetSocketAddress server, int count) throws IOException {
        ProbeRoom room = new ProbeRoom(Selector.open());
        try {
            for (int i = 0; i < count; i++) {
                ProbeMember member = ProbeMember.join(server, InetAddress.getLoopbackAddress(), NAME_PREFIX + i);
                room.members.add(member);
                member.channel().register(room.selector, SelectionKey.OP_READ, member);
            }
            return room;
        } catch (IOException | RuntimeException e) {
            room.close();
            throw e;
        }
    }

    /**
     * What one run found: the latencies of the measured time's lines, how many of their deliveries never
     * came, how many probe members the server ended, and how many chats the probe members sent again from
     * the measured time on (a loss, or an acknowledgement over 200 ms late).
     */
    record Result(Latencies latencies, long lost, int membersLost, long resent) {}

    /** Runs the warm-up, the measured time and the grace; see the class comment. */
    Result measure(Duration warmUp, Duration measured, Duration grace, Duration lineEvery) throws IOException {
        int count = members.size();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        long graceUntil = measureUntil + grace.toNanos();
        long period = lineEvery.toNanos();
        long[] nextLine = new long[count];
        for (int i = 0; i < count; i++) {
            nextLine[i] = start + period * i / count;
        }
        Latencies latencies = new Latencies();
        Set<String> gone = new HashSet<>();
        long counted = 0; // lines due in the measured time
        long resentBefore = -1; // resends of the warm-up
        long now = start;
        while (now < graceUntil && (now < measureUntil || latencies.count() < counted * (count - 1))) {
            if (resentBefore < 0 && now >= measureFrom) {
                resentBefore = resent();
            }
            for (int i = 0; i < count; i++) {
                if (now >= nextLine[i] && now < measureUntil) {
                    long stamp = System.nanoTime();
                    // a line its full window keeps from being said is counted, and lost at every member
                    members.get(i).say(Long.toString(stamp), stamp / 1_000_000);
                    if (stamp >= measureFrom) {
                        counted++;
                    }
                    nextLine[i] += period;
                }
            }
            long nowMillis = ProbeMember.nowMillis();
            // rounded up: a wake-up a fraction of a millisecond early would spin until the line is due
            long wake = now < measureUntil ? (min(nextLine) + 999_999) / 1_000_000 : Long.MAX_VALUE;
            for (ProbeMember member : members) {
                member.onTimers(nowMillis);
                wake = Math.min(wake, member.nextDeadlineMillis());
            }
            long waitMillis = Math.min(wake, graceUntil / 1_000_000) - nowMillis;
            if (waitMillis > 0 ? selector.select(waitMillis) > 0 : selector.selectNow() > 0) {
                receive(measureFrom, measureUntil, latencies, gone);
            }
            now = System.nanoTime();
        }
        for (ProbeMember member : members) {
            if (member.isGone()) {
                gone.add(member.name());
            }
        }
        return new Result(latencies, counted * (count - 1) - latencies.count(), gone.size(), resent() - resentBefore);
    }

    private void receive(long measureFrom, long measureUntil, Latencies latencies, Set<String> gone)
            throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            ProbeMember member = (ProbeMember) key.attachment();
            buffer.clear();
            while (member.channel().receive(buffer) != null) {
                buffer.flip();
                member.onDatagram(buffer, ProbeMember.nowMillis(), event -> {
                    if (event instanceof RoomEvent.Said said
                            && said.name().startsWith(NAME_PREFIX)
                            && !said.name().equals(member.name())) {
                        long sent = Long.parseLong(said.text());
                        if (sent >= measureFrom && sent < measureUntil) {
                            latencies.add(System.nanoTime() - sent);
                        }
                    } else if (event instanceof RoomEvent.Dropped dropped
                            && dropped.name().startsWith(NAME_PREFIX)) {
                        gone.add(dropped.name());
                    } else if (event instanceof RoomEvent.TimedOut out
                            && out.name().startsWith(NAME_PREFIX)) {
                        gone.add(out.name());
                    }
                });
                buffer.clear();
            }
        }
        selector.selectedKeys().clear();
    }

    private long resent() {
        return members.stream().mapToLong(ProbeMember::resent).sum();
    }

    private static long min(long[] values) {
        long min = Long.MAX_VALUE;
        for (long value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    @Override
    public void close() throws IOException {
        for (ProbeMember member : members) {
            member.channel().close();
        }
        selector.close();
    }
}
