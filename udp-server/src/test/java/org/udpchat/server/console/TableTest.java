package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's tables: columns padded by what a terminal shows, so Chinese names keep them in line. */
class TableTest {

    @Test
    void aWideCharacterTakesTwoColumnsAndACombiningMarkNone() {
        assertEquals(5, Table.width("alice"));
        assertEquals(4, Table.width("小明"));
        assertEquals(6, Table.width("ＡＢＣ")); // full-width Latin
        assertEquals(4, Table.width("cafe\u0301")); // e and its accent: one column
        assertEquals(0, Table.width(""));
    }

    @Test
    void padsByDisplayWidthSoTheColumnsAfterAChineseNameStayInLine() {
        List<String> lines = new Table(0, 0, 0)
                .row("小明", "lobby", "1")
                .row("alice", "游戏室", "2")
                .row("bob", "games", "3")
                .lines();

        assertEquals(List.of("  小明  lobby  1", "  alice 游戏室 2", "  bob   games  3"), lines);
        int lastColumn = Table.width("  小明  lobby  ");
        for (String line : lines) {
            assertEquals(lastColumn, Table.width(line) - 1, () -> "'" + line + "' is out of line");
        }
    }

    @Test
    void aColumnIsAtLeastAsWideAsAskedAndTheLastIsNotPadded() {
        assertEquals(List.of("  ab         x"), new Table(10, 5).row("ab", "x").lines());
    }

    @Test
    void aListingOfUsualMembersFitsEightyColumns() {
        // The widest usual row: a 12-column name, a 12-column room, the widest IPv4 address, the longest idle time.
        List<String> lines = new Table(12, 12, 21, 7, 0)
                .row("张伟张伟张伟", "大家的房间室", "255.255.255.255:65535", "classic", "idle 59m59s")
                .lines();

        assertTrue(
                Table.width(lines.get(0)) <= 80, () -> lines.get(0) + " is " + Table.width(lines.get(0)) + " columns");
    }

    @Test
    void refusesARowOfTheWrongLength() {
        Table table = new Table(1, 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row("a"));
        assertEquals("1 cells in a table of 2 columns", e.getMessage());
    }
}
