package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomAppendsTest {

    private record Sent(String room, List<String> batch) {}

    private final List<Sent> sent = new ArrayList<>();
    private final RoomAppends<String> appends = new RoomAppends<>(3, (room, batch) -> sent.add(new Sent(room, batch)));

    @Test
    void anAppendGoesAtOnceWhenNothingOfItsRoomIsInFlight() {
        appends.append("lobby", "a");

        assertEquals(List.of(new Sent("lobby", List.of("a"))), sent);
        assertEquals(1, appends.inFlight());
    }

    @Test
    void whatIsSaidMeanwhileWaitsAndGoesTogetherInTheOrderSaid() {
        appends.append("lobby", "a");
        appends.append("lobby", "b");
        appends.append("lobby", "c");
        assertEquals(1, sent.size(), "one append in flight per room");
        assertEquals(2, appends.waiting("lobby"));

        appends.answered("lobby");

        assertEquals(new Sent("lobby", List.of("b", "c")), sent.get(1));
        assertEquals(0, appends.waiting("lobby"));
    }

    @Test
    void aBatchHoldsAtMostTheLimitAndTheRestGoesInTheNext() {
        appends.append("lobby", "0");
        for (int i = 1; i <= 7; i++) {
            appends.append("lobby", String.valueOf(i));
        }

        appends.answered("lobby");
        appends.answered("lobby");
        appends.answered("lobby");

        assertEquals(
                List.of(
                        new Sent("lobby", List.of("0")),
                        new Sent("lobby", List.of("1", "2", "3")),
                        new Sent("lobby", List.of("4", "5", "6")),
                        new Sent("lobby", List.of("7"))),
                sent);
    }

    @Test
    void roomsDoNotWaitForEachOther() {
        appends.append("lobby", "a");
        appends.append("games", "b");

        assertEquals(List.of(new Sent("lobby", List.of("a")), new Sent("games", List.of("b"))), sent);
        assertEquals(2, appends.inFlight());
    }

    @Test
    void aRoomWithNothingWaitingIsForgottenOnceAnswered() {
        appends.append("lobby", "a");
        appends.answered("lobby");

        assertEquals(0, appends.inFlight());
        appends.append("lobby", "b");
        assertEquals(new Sent("lobby", List.of("b")), sent.get(1), "goes at once again");
    }

    @Test
    void anAnswerForARoomWithNothingInFlightChangesNothing() {
        appends.answered("lobby");

        assertEquals(List.of(), sent);
        assertEquals(0, appends.inFlight());
    }

    @Test
    void aBatchOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RoomAppends<String>(0, (room, batch) -> {}));
    }
}
