package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The figures the crowd modes read from /proc and jcmd, on text captured from them. */
class ProcFiguresTest {

    /** A real line, with a command name that holds a space and a parenthesis, as names may. */
    private static final String STAT = "17849 (java (x) y) S 1 17849 1 0 -1 4194304 33521 0 12 0 1234 567 0 0 20 0 "
            + "25 0 3466511 4102074368 61043 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

    @Test
    void theCommandNameMayHoldSpacesAndParentheses() {
        assertEquals(11, ProcFigures.cpuTicks("77 (a (b) c) S 1 1 1 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 1 1 1"));
    }

    @Test
    void cpuTicksAreUserAndSystemTimeCountedAfterTheCommandName() {
        assertEquals(1234 + 567, ProcFigures.cpuTicks(STAT));
    }

    @Test
    void refusesALineThatIsNoStatLine() {
        assertThrows(IllegalArgumentException.class, () -> ProcFigures.cpuTicks("no parenthesis here"));
    }

    @Test
    void readsTheVoluntarySwitchesNotTheInvoluntaryOnes() {
        String status = "Name:\trelay\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t4821\n"
                + "nonvoluntary_ctxt_switches:\t37\n";

        assertEquals(4821, ProcFigures.voluntarySwitches(status));
    }

    @Test
    void aShareOfACoreIsTicksOverSecondsInPercent() {
        // 150 ticks of 100 a second over 60 s: 1.5 s of CPU in 60 s
        assertEquals(2.5, ProcFigures.percentOfCore(150, 100, 60_000_000_000L), 1e-9);
        assertEquals(200.0, ProcFigures.percentOfCore(200, 100, 1_000_000_000L), 1e-9, "two cores busy");
        assertEquals(0.0, ProcFigures.percentOfCore(0, 100, 1_000_000_000L));
    }

    @Test
    void anEmptyWindowHasNoShare() {
        assertThrows(IllegalArgumentException.class, () -> ProcFigures.percentOfCore(1, 100, 0));
    }

    @Test
    void theLiveHeapIsTheHistogramsTotalBytes() {
        String histogram =
                """
                17849:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         42512        3288952  [Ljava.lang.Object; (java.base@17.0.15)
                   2:         46369        2005648  [B (java.base@17.0.15)
                Total        362040       19623880
                """;

        assertEquals(19_623_880, ProcFigures.histogramTotalBytes(histogram));
    }

    @Test
    void aHistogramWithoutTotalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcFigures.histogramTotalBytes("17849:\n"));
    }

    @Test
    void readsTheDropsOfTheUnconnectedSocketOnThePort() {
        String udp = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
                + " inode ref pointer drops\n"
                + "    4: 0100007F:CDBC 0100007F:A7D0 01 00000000:00000000 00:00000000 00000000     0        0"
                + " 1193665 2 00000000b1eb0772 7\n"
                + "  180: 0100007F:A7D0 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
                + " 1193500 2 0000000099e97047 1234\n";

        assertEquals(1234, ProcFigures.udpDrops(udp, 0xA7D0), "the relay's, not a member's connected to it");
        assertEquals(-1, ProcFigures.udpDrops(udp, 8888));
    }

    @Test
    void bytesPerMemberIsTheGrowthSharedOut() {
        assertEquals(1_597.0, ProcFigures.bytesPerMember(3_650_816, 3_650_816 + 15_970_000, 10_000), 1e-9);
        assertEquals(-10.0, ProcFigures.bytesPerMember(1_000, 990, 1), 1e-9, "noise may make it negative");
        assertThrows(IllegalArgumentException.class, () -> ProcFigures.bytesPerMember(0, 0, 0));
    }
}
