package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.udpchat.server.RoomLine;

/** The relay's side of a feed never waits: a reader that falls behind misses lines, and is told how many. */
@Timeout(10)
class RoomFeedTest {

    private static RoomLine line(int n) {
        return new RoomLine(Instant.EPOCH, Optional.of("lobby"), "line " + n);
    }

    @Test
    void aStuckReaderMissesWhatDoesNotFitAndIsToldHowMuchOnceItCatchesUp() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch reading = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        RoomFeed feed = new RoomFeed(
                "feed-under-test",
                3,
                line -> {
                    reading.countDown();
                    await(stuck);
                    written.add(line.text());
                },
                missed -> written.add("missed " + missed));

        feed.heard(line(0)); // taken by the reader, which then sticks
        assertTrue(reading.await(5, TimeUnit.SECONDS));
        for (int n = 1; n <= 10; n++) {
            feed.heard(line(n)); // returns at once, stuck reader or not
        }
        stuck.countDown();
        feed.close();

        assertEquals(List.of("line 0", "line 1", "line 2", "line 3", "missed 7"), written);
    }

    @Test
    void onlyTheSelectedLinesAreFed() {
        List<String> written = new CopyOnWriteArrayList<>();
        RoomFeed feed = new RoomFeed("feed-under-test", line -> written.add(line.text()), missed -> {});
        feed.select(line -> line.reached("games"));

        feed.heard(line(1));
        feed.heard(new RoomLine(Instant.EPOCH, Optional.of("Games"), "in games"));
        feed.heard(new RoomLine(Instant.EPOCH, Optional.empty(), "to every room"));
        feed.close();

        assertEquals(List.of("in games", "to every room"), written);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
