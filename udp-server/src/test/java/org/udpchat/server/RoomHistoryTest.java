package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.EventCodec;
import org.udpchat.codec.RoomEvent;

/** A room's ring of recent lines: numbering, forgetting the oldest, sharing the bodies it was given. */
class RoomHistoryTest {

    private static byte[] said(String text) {
        return EventCodec.encode(new RoomEvent.Said("bob", text));
    }

    private static List<Long> numbers(List<RoomHistory.Entry> entries) {
        return entries.stream().map(RoomHistory.Entry::number).toList();
    }

    @Test
    void numbersLinesFromOneAndForgetsTheOldestPastItsCapacity() {
        RoomHistory history = new RoomHistory(3);
        for (int i = 1; i <= 5; i++) {
            history.add(said("line " + i), 100 + i);
        }

        assertEquals(5, history.lastLine());
        assertEquals(3, history.size());
        assertEquals(List.of(3L, 4L, 5L), numbers(history.after(0)));
        assertEquals(List.of(5L), numbers(history.after(4)));
        assertEquals(List.of(), numbers(history.after(5)));
        assertEquals(103, history.get(0).atMillis());
    }

    @Test
    void keepsTheBodyItWasGivenAndWrapsItOnlyWhenItIsTold() {
        RoomHistory history = new RoomHistory(2);
        byte[] body = said("hi");
        history.add(body, 7);

        RoomHistory.Entry entry = history.get(0);
        assertSame(body, entry.body(), "the live body, not a copy");
        assertArrayEquals(
                EventCodec.encode(new RoomEvent.History(1, 7, new RoomEvent.Said("bob", "hi"))), entry.asHistory());
    }

    @Test
    void withNoCapacityNumbersLinesAndKeepsNone() {
        RoomHistory history = new RoomHistory(0);
        history.add(said("hi"), 1);

        assertFalse(history.isKept());
        assertEquals(1, history.lastLine());
        assertEquals(0, history.size());
    }

    @Test
    void knowsALineByItsBody() {
        assertTrue(RoomHistory.isLine(said("hi")));
        assertTrue(RoomHistory.isLine(EventCodec.encode(new RoomEvent.Acted("bob", "waves"))));
        assertTrue(RoomHistory.isLine(EventCodec.encode(new RoomEvent.Announced("hi"))));
        assertTrue(RoomHistory.isLine(EventCodec.encode(new RoomEvent.AnnouncedToRoom("games", "hi"))));
        assertFalse(RoomHistory.isLine(EventCodec.encode(new RoomEvent.Joined("bob"))));
        assertFalse(RoomHistory.isLine(EventCodec.encode(new RoomEvent.PrivateFrom("bob", "hi"))));
    }
}
