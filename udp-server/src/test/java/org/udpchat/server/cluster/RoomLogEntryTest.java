package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A room's entry in the room log, as its entry processors change it on the partition owner and its backup. */
class RoomLogEntryTest {

    private static final RoomStamp STAMP = TestStamps.cluster();

    private final RoomLogEntry history = new RoomLogEntry();

    private static List<Long> numbers(RoomRange range) {
        List<Long> numbers = new ArrayList<>();
        for (RoomEvent event : range.events()) {
            numbers.add(event.sequence());
        }
        return numbers;
    }

    @Test
    void numbersEachAppendOneMoreThanTheLast() {
        assertEquals(
                1, history.append("lobby", STAMP, 10, 100, new byte[] {1}, 5).sequence());
        assertEquals(
                2, history.append("lobby", STAMP, 11, 101, new byte[] {2}, 5).sequence());
        assertEquals(2, history.lastSequence());
    }

    @Test
    void aRetriedAppendGetsItsEventBackNotASecondNumber() {
        RoomEvent first = history.append("lobby", STAMP, 10, 100, new byte[] {1}, 5);
        history.append("lobby", STAMP, 11, 101, new byte[] {2}, 5);

        assertSame(first, history.append("lobby", STAMP, 12, 100, new byte[] {1}, 5));
        assertEquals(2, history.lastSequence());
    }

    @Test
    void aLineSaidAgainWithOtherBytesGetsTheFirstEventBack() {
        // a client says a line again at another node: sealed anew there, its bytes differ, its id does not
        RoomEvent first = history.append("lobby", STAMP, 10, 0x5eed, new byte[] {1}, 5);
        history.append("lobby", STAMP, 11, 101, new byte[] {2}, 5);

        RoomEvent again = history.append("lobby", STAMP, 12, 0x5eed, new byte[] {9, 9}, 5);

        assertSame(first, again);
        assertEquals(2, history.lastSequence(), "nothing numbered for the repeat");
    }

    @Test
    void keepsOnlyTheLastEventsButCountsOn() {
        for (int i = 0; i < 5; i++) {
            history.append("lobby", STAMP, i, i, new byte[0], 3);
        }

        RoomRange range = history.range("lobby", STAMP, 0, 1, 5);
        assertEquals(List.of(3L, 4L, 5L), numbers(range));
        assertEquals(3, range.oldest());
        assertEquals(5, range.last());
        assertEquals(List.of(4L), numbers(history.range("lobby", STAMP, 0, 4, 4)));
    }

    @Test
    void noHistoryStillNumbers() {
        history.append("lobby", STAMP, 0, 1, new byte[0], 0);
        history.append("lobby", STAMP, 0, 2, new byte[0], 0);

        RoomRange range = history.range("lobby", STAMP, 0, 1, 2);
        assertEquals(List.of(), range.events());
        assertEquals(3, range.oldest(), "holds none: the oldest it could give is the next");
        assertEquals(2, range.last());
    }

    @Test
    void theBackupKeepsTheOwnersNumbersAndIgnoresARepeat() {
        RoomEvent one = new RoomEvent(1, 10, 100, new byte[] {1});
        RoomEvent two = new RoomEvent(2, 11, 101, new byte[] {2});

        history.applyOnBackup(one, 5);
        history.applyOnBackup(two, 5);
        history.applyOnBackup(one, 5);

        assertEquals(List.of(1L, 2L), numbers(history.range("lobby", STAMP, 0, 1, 10)));
        assertEquals(
                3,
                history.append("lobby", STAMP, 12, 102, new byte[] {3}, 5).sequence(),
                "a backup made owner numbers on");
    }
}
