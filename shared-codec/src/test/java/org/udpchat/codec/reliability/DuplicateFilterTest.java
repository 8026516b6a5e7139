package org.udpchat.codec.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.BUFFERED;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.DELIVERED;
import static org.udpchat.codec.reliability.ReorderBuffer.Arrival.DUPLICATE;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReorderBuffer}'s duplicate filter: what was handed on or is waiting is dropped when it comes again. */
class DuplicateFilterTest {

    private final ReorderBuffer<String> buffer = new ReorderBuffer<>(8);
    private final List<String> delivered = new ArrayList<>();

    @Test
    void dropsARepeatOfTheMessageJustDelivered() {
        accept(1, "a");

        assertEquals(DUPLICATE, accept(1, "a"));

        assertEquals(List.of("a"), delivered);
        assertEquals(1, buffer.cumulativeAck());
    }

    @Test
    void dropsARepeatOfAMessageDeliveredLongAgo() {
        for (long seq = 1; seq <= 100; seq++) {
            accept(seq, "m" + seq);
        }

        assertEquals(DUPLICATE, accept(1, "m1"));
        assertEquals(DUPLICATE, accept(93, "m93")); // the slot 101 will reuse

        assertEquals(100, delivered.size());
    }

    @Test
    void dropsARepeatOfAMessageDeliveredFromTheBuffer() {
        accept(2, "b");
        accept(1, "a");

        assertEquals(DUPLICATE, accept(2, "b"));

        assertEquals(List.of("a", "b"), delivered);
    }

    @Test
    void dropsARepeatOfAWaitingMessageAndKeepsTheFirstCopy() {
        assertEquals(BUFFERED, accept(3, "first"));

        assertEquals(DUPLICATE, accept(3, "second"));
        assertEquals(1, buffer.waitingCount());

        accept(1, "a");
        accept(2, "b");
        assertEquals(List.of("a", "b", "first"), delivered);
    }

    @Test
    void dropsEveryRepeatOfAWaitingMessage() {
        accept(5, "e");

        for (int i = 0; i < 5; i++) {
            assertEquals(DUPLICATE, accept(5, "e"));
        }

        assertEquals(1, buffer.waitingCount());
        assertEquals(List.of(), delivered);
    }

    @Test
    void treatsNumberZeroAsAlreadyDelivered() {
        // Numbers start at 1: 0 is never a message, and it is below everything still to come.
        assertEquals(DUPLICATE, accept(0, "zero"));

        assertEquals(List.of(), delivered);
        assertEquals(0, buffer.cumulativeAck());
    }

    @Test
    void aDuplicateNeitherMovesTheAckNorTheWaitingCount() {
        accept(1, "a");
        accept(3, "c");

        accept(1, "a");
        accept(3, "c");

        assertEquals(1, buffer.cumulativeAck());
        assertEquals(1, buffer.waitingCount());
    }

    @Test
    void everyMessageSentTwiceInARowIsDeliveredOnce() {
        for (long seq = 1; seq <= 50; seq++) {
            assertEquals(DELIVERED, accept(seq, "m" + seq));
            assertEquals(DUPLICATE, accept(seq, "m" + seq));
        }

        assertEquals(50, delivered.size());
        assertEquals(50, buffer.cumulativeAck());
    }

    private ReorderBuffer.Arrival accept(long seq, String message) {
        return buffer.accept(seq, message, delivered::add);
    }
}
