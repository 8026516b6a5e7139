package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.LineId;

class SaidLineIdsTest {

    private final SaidLineIds ids = new SaidLineIds();

    @Test
    void theSameNameAndLineGiveTheSameIdOnEveryNode() {
        assertEquals(ids.appendId("alice", 42), new SaidLineIds().appendId("alice", 42));
        assertEquals(ids.appendId("alice", -1), ids.appendId("alice", -1), "the digest is reset after each");
    }

    @Test
    void aLineIdOfAnotherNameIsAnotherAppend() {
        assertNotEquals(ids.appendId("alice", 42), ids.appendId("bob", 42));
        assertNotEquals(ids.appendId("al", 42), ids.appendId("a", 42), "the key's end is marked");
    }

    @Test
    void aLineWithoutAnIdLetsTheLogNumberIt() {
        assertEquals(SaidLineIds.NONE, ids.appendId("alice", LineId.NONE));
    }

    @Test
    void idsOfManyLinesNeitherMeetNorAreNone() {
        Set<Long> seen = new HashSet<>();
        for (long line = 1; line <= 10_000; line++) {
            long id = ids.appendId("alice", line);
            assertNotEquals(SaidLineIds.NONE, id);
            assertEquals(true, seen.add(id), "line " + line);
        }
    }
}
