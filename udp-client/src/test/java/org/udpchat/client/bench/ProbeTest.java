package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's command line: what it refuses before starting any process. */
class ProbeTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void helpListsEveryOption() throws Exception {
        assertEquals(0, Probe.run(out, out, "--help"));

        String help = printed.toString(StandardCharsets.UTF_8);
        for (String option :
                new String[] {"--adversary", "--rounds", "--seconds", "--members", "--line-every", "--server-cpus"}) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
    }

    @Test
    void refusesAPaceThatFloodControlWouldSlowDown() throws Exception {
        assertEquals(2, Probe.run(out, out, "--line-every", "500"));
    }

    @Test
    void refusesMoreMembersThanOneAddressMayHave() throws Exception {
        assertEquals(2, Probe.run(out, out, "--members", "17"));
    }

    @Test
    void refusesACpuListTasksetWouldNotTake() throws Exception {
        assertEquals(2, Probe.run(out, out, "--server-cpus", "0; rm -rf /"));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("is not a CPU list"));
    }

    @Test
    void pinsTheServerWithTaskset() {
        assertEquals(List.of("taskset", "-c", "0,2-3"), Probe.pinning("0,2-3"));
    }

    @Test
    void refusesAnUnknownAdversary() throws Exception {
        assertEquals(2, Probe.run(out, out, "--adversary", "silent,loud"));
    }

    @Test
    void refusesAWordForANumber() throws Exception {
        assertEquals(2, Probe.run(out, out, "--rounds", "three"));
    }

    @Test
    void adversariesAreNamedAsTheCommandLineSpellsThem() {
        for (Adversary.Mode mode : Adversary.Mode.values()) {
            assertEquals(mode, Adversary.Mode.parse(mode.label()));
        }
        assertEquals(Adversary.Mode.CLASSIC_FLOOD, Adversary.Mode.parse("classic-flood"));
        assertEquals(Adversary.Mode.INIT_FLOOD, Adversary.Mode.parse("init-flood"));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Adversary.Mode.parse("loud"));
        assertEquals(
                "no adversary is called 'loud': none, silent, bursty, classic-flood, native-flood, init-flood,"
                        + " cpu-hog",
                unknown.getMessage());
    }
}
