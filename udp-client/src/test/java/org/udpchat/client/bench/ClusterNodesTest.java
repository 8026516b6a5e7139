package org.udpchat.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the load program makes a measured server's command a cluster node's. */
class ClusterNodesTest {

    @Test
    void aNodeKeepsItsStateAndLogsAtInfoAsANodeOfTheBenchCluster() {
        List<String> server = Bench.serverCommand(Path.of("server.jar"), List.of(), 50);

        List<String> node = ClusterNodes.nodeCommand(server, Path.of("/tmp/n0"), 5801, "127.0.0.1:5801,127.0.0.1:5802");

        assertEquals("/tmp/n0", valueOf(node, "--state-dir"));
        assertEquals("info", valueOf(node, "--log-level"));
        assertEquals("none", valueOf(node, "--control-socket"));
        assertEquals("bench", valueOf(node, "--cluster"));
        assertEquals("5801", valueOf(node, "--cluster-port"));
        assertEquals("127.0.0.1:5801,127.0.0.1:5802", valueOf(node, "--cluster-members"));
        assertEquals("0", valueOf(node, "--max-handshakes"), "the load program's limits stay lifted");
        assertEquals(
                1, node.stream().filter("--state-dir"::equals).count(), "the server reads an option's first value");
    }

    @Test
    void addsAnOptionTheCommandDidNotHave() {
        List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", "s.jar"));

        ClusterNodes.replaceValue(command, "--log-level", "info");

        assertEquals(List.of("java", "-jar", "s.jar", "--log-level", "info"), command);
    }

    private static String valueOf(List<String> command, String option) {
        return command.get(command.indexOf(option) + 1);
    }
}
