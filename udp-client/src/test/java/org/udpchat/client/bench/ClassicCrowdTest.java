package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How many arrivals a classic line tells of, in the relay's English wording. */
class ClassicCrowdTest {

    @Test
    void aJoinedLineTellsOfOne() {
        assertEquals(1, ClassicCrowd.joinsIn("c17 joined the room"));
    }

    @Test
    void aCoalescedLineTellsOfItsCount() {
        assertEquals(1234, ClassicCrowd.joinsIn("1234 people joined the room: c1, c2, c3, c4, c5 and 1229 more"));
    }

    @Test
    void otherLinesTellOfNone() {
        assertEquals(0, ClassicCrowd.joinsIn("c17 left the room"));
        assertEquals(0, ClassicCrowd.joinsIn("3 people left the room: c1, c2, c3"));
        assertEquals(0, ClassicCrowd.joinsIn("c1 : c2 joined the room"), "a chat line that quotes a notice");
    }
}
