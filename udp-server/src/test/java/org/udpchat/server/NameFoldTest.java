package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The folds of names, asked in the order a relay asks them: the same name often several times in a row. */
class NameFoldTest {

    private final NameFold fold = new NameFold();

    @Test
    void foldsTheSameNameToTheSameFoldsWhenAskedAgain() {
        Set<String> first = fold.of("ＡＤＭＩＮ");

        assertSame(first, fold.of("ＡＤＭＩＮ"), "the last name's folds are kept, not made again");
        assertEquals(2, first.size(), "case folding first makes a difference here");
    }

    @Test
    void answersEachNameWithItsOwnFoldsWhateverCameBefore() {
        List<String> names = List.of("alice", "aIice", "bob", "alice", "ＡＤＭＩＮ", "admin", "alice", "alice");
        NameFold fresh = new NameFold();

        for (String name : names) {
            Set<String> expected = new NameFold().of(name);
            assertEquals(expected, fold.of(name), name);
            assertEquals(expected, fresh.of(name), name);
        }
    }

    @Test
    void lookalikesMeetAndOthersDoNot() {
        assertEquals(true, NameFold.meet(fold.of("aIice"), fold.of("alice")));
        assertEquals(false, NameFold.meet(fold.of("alicia"), fold.of("alice")));
    }
}
