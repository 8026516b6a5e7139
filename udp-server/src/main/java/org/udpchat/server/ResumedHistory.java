package org.udpchat.server;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tinylog.Logger;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.Untrusted;
import org.udpchat.server.cluster.ClusterSessions;
import org.udpchat.server.cluster.RoomEvent;
import org.udpchat.server.cluster.RoomRange;

/**
 * What a member that resumes here another node's session is told as history: what its room said after its
 * position there, read from the room's log across the cluster, up to the last event this node had delivered to
 * the room when the member entered it (what came after reaches it live). Owned by the relay thread; the log's
 * answer comes on a Hazelcast thread and is posted to it.
 */
final class ResumedHistory {

    /**
     * How far the clocks of two nodes may disagree, for a member resumed with no known position: it is told the
     * room's lines from this long before it entered the room by its old node's clock.
     */
    static final long CLOCK_SLACK_MILLIS = 2_000;

    private final ClusterRooms rooms;
    private final RoomPositions positions;
    private final Consumer<Consumer<Relay>> relay;

    /** Members resumed here whose catch-up has not been asked for yet. */
    private final Map<Member, ClusterSessions.Resumable> toCatchUp = new IdentityHashMap<>();

    /**
     * @param rooms reads the rooms' history and opens their events
     * @param positions where this node's members stand in their rooms, and what it delivered of each
     * @param relay posts a command to the relay thread
     */
    ResumedHistory(ClusterRooms rooms, RoomPositions positions, Consumer<Consumer<Relay>> relay) {
        this.rooms = rooms;
        this.positions = positions;
        this.relay = relay;
    }

    /** {@code member}, listed just now, resumes here {@code old}, another node's session: its catch-up waits. */
    void expect(Member member, ClusterSessions.Resumable old) {
        toCatchUp.put(member, old);
    }

    /** {@code member} left before it was caught up. */
    void forget(Member member) {
        toCatchUp.remove(member);
    }

    /**
     * {@code member} has just come in: if it resumes here another node's session, it is told as history, through
     * {@code catchUp}, what its room said after its position there and before it entered here.
     */
    void tell(Member member, CatchUp catchUp) {
        ClusterSessions.Resumable old = toCatchUp.remove(member);
        if (old == null) {
            return;
        }
        String roomKey = member.room().key();
        long enteredAfter = positions.enteredAfter(roomKey);
        long position = old.roomPosition();
        long since = old.roomSince();
        long asked = System.nanoTime();
        rooms.historyAfter(roomKey, Math.max(0, position))
                .whenComplete((range, failure) -> relay.accept(later -> {
                    if (failure != null) {
                        Logger.warn(
                                "cluster: the history of room {} could not be read for {}: {}",
                                roomKey,
                                Untrusted.quote(member.name()),
                                failure.toString());
                    }
                    RoomRange read = failure == null ? range : null;
                    long from = position >= 0 ? position : positionAt(read, since);
                    tellHistory(member, catchUp, roomKey, from, enteredAfter, read, asked);
                }));
    }

    /**
     * On the relay thread: tells {@code member} the lines of {@code range} after {@code position} and up to the
     * last event it did not hear live here: {@code enteredAfter}, or, when this node had delivered nothing of the
     * room yet when it entered, the event before the first delivered since (all it heard live), or, with none
     * delivered yet, the range's last (a line that comes live too may then be heard twice).
     */
    private void tellHistory(
            Member member,
            CatchUp catchUp,
            String roomKey,
            long position,
            long enteredAfter,
            RoomRange range,
            long asked) {
        if (!positions.caughtUp(member, roomKey, position)) {
            return; // gone, or in another room by now
        }
        long first = positions.firstDelivered(roomKey);
        long upTo;
        if (enteredAfter != RoomPositions.UNKNOWN) {
            upTo = enteredAfter;
        } else if (first != RoomPositions.UNKNOWN) {
            upTo = first - 1;
        } else {
            upTo = range == null ? position : range.last();
        }
        if (upTo <= position) {
            return;
        }
        List<CatchUp.LoggedLine> lines = new ArrayList<>();
        long notKept = upTo - position;
        if (range != null) {
            for (RoomEvent logged : range.events()) {
                if (logged.sequence() <= position || logged.sequence() > upTo) {
                    continue;
                }
                notKept--;
                ClusterRooms.Delivered opened = rooms.open(roomKey, logged.bytes());
                if (opened != null
                        && !opened.exceptKeys().contains(member.key())
                        && RoomHistory.isLine(opened.event())) {
                    lines.add(new CatchUp.LoggedLine(
                            logged.sequence(), logged.time(), EventCodec.encode(opened.event())));
                }
            }
        }
        int told = catchUp.onResumedFromAnotherNode(member, notKept, lines);
        Logger.info(
                "{} resumed here from another node: told {} lines of {} as history (events {} to {}; {} no longer kept), {} ms after it came in",
                Untrusted.quote(member.name()),
                told,
                Untrusted.quote(member.room().name()),
                position + 1,
                upTo,
                notKept,
                (System.nanoTime() - asked) / 1_000_000);
    }

    /**
     * Where a member that entered its room at {@code sinceMillis} (its old node's clock) stood in it, when its
     * position there was not known yet (see {@link RoomPositions}): before the first event of {@code range}
     * ordered at that time or later, less {@link #CLOCK_SLACK_MILLIS} (so lines it heard may come twice, not be
     * missed); before the range's oldest if the log no longer reaches so far back.
     */
    private static long positionAt(RoomRange range, long sinceMillis) {
        if (range == null) {
            return 0;
        }
        for (RoomEvent logged : range.events()) {
            if (logged.time() >= sinceMillis - CLOCK_SLACK_MILLIS) {
                return logged.sequence() - 1;
            }
        }
        return range.last();
    }
}
