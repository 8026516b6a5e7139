package org.udpchat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.noise.NoiseKeyPair;

/** What a room's sequencer stamps, every node of its cluster accepts, and nothing altered or foreign passes. */
class RoomStampTest {

    private static final RoomStamp STAMP = TestStamps.cluster();
    private static final byte[] BYTES = "sealed bytes".getBytes(StandardCharsets.UTF_8);

    private static RoomEvent stamped(String room, long sequence) {
        return new RoomEvent(sequence, 10, 20, BYTES, STAMP.ofEvent(room, sequence, 10, 20, BYTES));
    }

    @Test
    void aStampedEventIsAuthenticInItsRoomOnly() {
        RoomEvent event = stamped("lobby", 5);

        assertTrue(STAMP.isAuthentic("lobby", event));
        assertEquals(RoomStamp.BYTES, event.stamp().length);
        assertFalse(STAMP.isAuthentic("games", event), "moved to another room");
        assertFalse(TestStamps.other().isAuthentic("lobby", event), "another cluster's key");
    }

    @Test
    void anyChangeToWhatIsStampedFails() {
        RoomEvent event = stamped("lobby", 5);

        assertFalse(STAMP.isAuthentic("lobby", new RoomEvent(6, 10, 20, BYTES, event.stamp())), "renumbered");
        assertFalse(STAMP.isAuthentic("lobby", new RoomEvent(5, 11, 20, BYTES, event.stamp())), "time");
        assertFalse(STAMP.isAuthentic("lobby", new RoomEvent(5, 10, 21, BYTES, event.stamp())), "append id");
        assertFalse(STAMP.isAuthentic("lobby", new RoomEvent(5, 10, 20, new byte[] {1}, event.stamp())), "bytes");
        assertFalse(STAMP.isAuthentic("lobby", new RoomEvent(5, 10, 20, BYTES)), "no stamp");
    }

    @Test
    void aRangeIsAuthenticForTheQuestionItAnswersOnly() {
        List<RoomEvent> events = List.of(stamped("lobby", 3), stamped("lobby", 4));
        RoomRange range = new RoomRange(3, 4, events, STAMP.ofRange("lobby", 99, 3, 4, 3, 4, events));

        assertTrue(STAMP.isAuthentic("lobby", 99, 3, 4, range));
        assertFalse(STAMP.isAuthentic("lobby", 98, 3, 4, range), "an old answer to another question");
        assertFalse(STAMP.isAuthentic("lobby", 99, 1, 4, range), "another range");
        assertFalse(STAMP.isAuthentic("games", 99, 3, 4, range), "another room");
        assertFalse(STAMP.isAuthentic("lobby", 99, 3, 4, range.with(events.subList(0, 1))), "an event left out");
        assertFalse(STAMP.isAuthentic("lobby", 99, 3, 4, new RoomRange(3, 9, events, range.stamp())), "a later last");
    }

    @Test
    void everyNodeOfAClusterDerivesTheSameStampFromItsKey() {
        SecureRandom random = new SecureRandom();
        NoiseKeyPair key = NoiseKeyPair.generate(random);
        RoomStamp one = ClusterSeal.of(key, random).roomStamp();
        RoomStamp other = ClusterSeal.of(NoiseKeyPair.fromPrivateKey(key.privateKeyBytes()), random)
                .roomStamp();
        RoomStamp foreign =
                ClusterSeal.of(NoiseKeyPair.generate(random), random).roomStamp();

        RoomEvent event = new RoomEvent(1, 0, 0, BYTES, one.ofEvent("lobby", 1, 0, 0, BYTES));
        assertTrue(other.isAuthentic("lobby", event));
        assertFalse(foreign.isAuthentic("lobby", event));
    }
}
