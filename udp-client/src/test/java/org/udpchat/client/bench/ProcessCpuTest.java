package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a process's CPU time from its /proc stat line. */
class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicks() {
        String line = "5262 (cat) R 5257 5257 2122 0 -1 4194304 100 0 0 0 731 42 0 0 20 0 1 0 4337226 3133440 388";

        assertEquals(773, ProcessCpu.ticks(line));
    }

    @Test
    void countsFieldsFromTheLastParenthesisAsANameMayHoldSpacesAndParentheses() {
        String line = "77 (a (b) c) S 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1";

        assertEquals(11, ProcessCpu.ticks(line));
    }

    @Test
    void refusesALineWithoutAName() {
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.ticks("not a stat line"));
    }

    @Test
    void aProcessWhoseCpuCannotBeReadHasNone() {
        assertTrue(Double.isNaN(ProcessCpu.unknown().seconds()));
    }

    @Test
    void halfASecondOfCpuInASecondIsHalfACore() {
        assertEquals(50.0, ProcessCpu.percentOfACore(0.5, 1.0));
    }
}
