package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading a process's CPU time from its /proc stat line. */
class ProcessCpuTest {

    @Test
    void thisProcessHasUsedSomeCpu() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux's /proc only");
        assertTrue(ProcessCpu.self().seconds() > 0, "the JVM running this test has run");
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
