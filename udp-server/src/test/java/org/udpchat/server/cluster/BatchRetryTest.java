package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch append retried by Hazelcast (its answer lost with the partition owner, which had numbered it and told
 * its backup) while another node's batch landed on the new owner: each of its events the room still holds must
 * come back as numbered the first time, not numbered again (heard twice by every node, under new numbers that no
 * order drops as repeats).
 */
class BatchRetryTest {

    private static final RoomStamp STAMP = TestStamps.cluster();

    /** The smallest history a cluster's room log keeps (ChatServer: at least DEFAULT_HISTORY_LINES). */
    private static final int HISTORY = 200;

    private final RoomLogEntry owner = new RoomLogEntry();

    private List<RoomEvent> append(List<Long> appendIds) {
        List<RoomLog.NewEvent> batch = new ArrayList<>();
        for (long id : appendIds) {
            batch.add(new RoomLog.NewEvent(new byte[] {(byte) id}, id));
        }
        return owner.append("lobby", STAMP, 1, batch, HISTORY);
    }

    private static List<Long> ids(long from, int count) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id < from + count; id++) {
            ids.add(id);
        }
        return ids;
    }

    private static List<Long> sequences(List<RoomEvent> events) {
        return events.stream().map(RoomEvent::sequence).toList();
    }

    @Test
    void aRetriedBatchGetsBackEveryEventStillHeldAsNumberedBefore() {
        int batch = RoomLog.MAX_BATCH;
        List<RoomEvent> first = append(ids(1_000, batch)); // this node's, its answer lost
        append(ids(5_000, batch)); // another node's, in one round trip
        int dropped = 2 * batch - HISTORY; // of the first batch, no longer held (a limit of the log's, not this)

        List<RoomEvent> retried = append(ids(1_000, batch));

        assertEquals(sequences(first.subList(dropped, batch)), sequences(retried.subList(dropped, batch)));
        assertEquals(2L * batch + dropped, owner.lastSequence());
    }

    @Test
    void aLineSaidTwiceInOneBatchIsNumberedOnce() {
        List<RoomEvent> numbered = append(List.of(7L, 8L, 7L));

        assertEquals(List.of(1L, 2L, 1L), sequences(numbered));
        assertEquals(2, owner.lastSequence());
    }

    @Test
    void aBatchNumbersItsNewEventsAroundTheHeldOnesInItsOrder() {
        append(ids(1, 3));

        List<RoomEvent> numbered = append(List.of(10L, 2L, 11L));

        assertEquals(List.of(4L, 2L, 5L), sequences(numbered));
    }
}
