package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.codec.HostPort;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.Texts;
import org.udpchat.server.cluster.ClusterOptions;

/** The command line's cluster options: none is a single server; each mistake is named. */
class ClusterCommandLineTest {

    private static ServerConfig parse(String... args) throws ServerCommandLine.UsageException {
        return ((ServerCommandLine.Run) ServerCommandLine.parse(args)).config();
    }

    private static String refusal(String... args) {
        return assertThrows(ServerCommandLine.UsageException.class, () -> parse(args))
                .getMessage();
    }

    @Test
    void withoutClusterOptionsTheServerIsASingleNode() throws Exception {
        assertEquals(Optional.empty(), parse().cluster());
    }

    @Test
    void aClusterOfMembersOnHazelcastsPortByDefault() throws Exception {
        ClusterOptions cluster = parse("--cluster", "chat-1", "--cluster-members", "10.0.0.1:5701, 10.0.0.2:5701")
                .cluster()
                .orElseThrow();

        assertEquals("chat-1", cluster.name());
        assertEquals(5701, cluster.port());
        assertEquals(List.of(new HostPort("10.0.0.1", 5701), new HostPort("10.0.0.2", 5701)), cluster.members());
        assertEquals(Optional.empty(), cluster.configFile());
    }

    @Test
    void theClusterPortAndIpv6Members() throws Exception {
        ClusterOptions cluster = parse(
                        "--cluster", "c", "--cluster-port", "6000", "--cluster-members", "[::1]:6000,[::1]:6001")
                .cluster()
                .orElseThrow();

        assertEquals(6000, cluster.port());
        assertEquals(List.of(new HostPort("::1", 6000), new HostPort("::1", 6001)), cluster.members());
    }

    @Test
    void aClusterConfiguredByAFile(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("hazelcast.yaml"), "hazelcast:\n");

        ClusterOptions cluster = parse("--cluster", "c", "--cluster-config", file.toString())
                .cluster()
                .orElseThrow();

        assertEquals(Optional.of(file), cluster.configFile());
        assertEquals(List.of(), cluster.members());
    }

    @Test
    void theOtherClusterOptionsNeedACluster() {
        assertEquals(
                "--cluster-port needs --cluster NAME (the cluster this server joins)",
                refusal("--cluster-port", "5701"));
        assertEquals(
                "--cluster-members needs --cluster NAME (the cluster this server joins)",
                refusal("--cluster-members", "a:1"));
        assertEquals(
                "--cluster-config needs --cluster NAME (the cluster this server joins)",
                refusal("--cluster-config", "x.yaml"));
    }

    @Test
    void aClusterNeedsToKnowWhereItsNodesAre(@TempDir Path directory) throws Exception {
        assertTrue(refusal("--cluster", "c").startsWith("--cluster: say where the other nodes are"));
        Path file = Files.writeString(directory.resolve("hazelcast.xml"), "<hazelcast/>");
        assertTrue(refusal("--cluster", "c", "--cluster-members", "a:1", "--cluster-config", file.toString())
                .startsWith("--cluster-members and --cluster-config: give one"));
    }

    @Test
    void refusesBadClusterNames() {
        for (String bad : new String[] {"", "two words", "a/b", "x".repeat(65), "名字"}) {
            assertTrue(refusal("--cluster", bad, "--cluster-members", "a:1").startsWith("--cluster: "), bad);
        }
    }

    @Test
    void refusesBadMembers() {
        assertEquals(
                "--cluster-members: 'a:1,,b:2' has an empty member; give HOST:PORT,HOST:PORT,...",
                refusal("--cluster", "c", "--cluster-members", "a:1,,b:2"));
        assertEquals(
                "--cluster-members: 'a:0' has port 0; give the port that node listens on (its --cluster-port)",
                refusal("--cluster", "c", "--cluster-members", "a:0"));
        assertEquals(
                "--cluster-members: 'a:1' is given twice", refusal("--cluster", "c", "--cluster-members", "a:1,a:1"));
        assertTrue(refusal("--cluster", "c", "--cluster-members", "nohost")
                .startsWith("--cluster-members: 'nohost' is not HOST:PORT"));
        assertEquals(
                "--cluster-port: port '70000' is not a number in 0..65535",
                refusal("--cluster", "c", "--cluster-port", "70000", "--cluster-members", "a:1"));
    }

    @Test
    void refusesAConfigurationFileThatIsNotThere(@TempDir Path directory) {
        String refusal = refusal(
                "--cluster",
                "c",
                "--cluster-config",
                directory.resolve("missing.xml").toString());
        assertTrue(refusal.startsWith("--cluster-config: '/"), refusal);
        assertTrue(refusal.endsWith("' is not a readable file"), refusal);
    }

    @Test
    void theClusterIsKeptByEveryOtherChangeToTheConfiguration() throws Exception {
        ServerConfig config = parse("--cluster", "c", "--cluster-members", "a:1");

        assertEquals(
                config.cluster(),
                config.withHistoryLines(3)
                        .withMaxMembers(5)
                        .withStateDirectory(Optional.empty())
                        .withMaxHandshakesPerIp(2)
                        .withLanguage(Locale.ENGLISH)
                        .cluster());
    }

    @Test
    void theHelpNamesTheClusterOptionsInBothLanguages() {
        String english = ServerCommandLine.help(Texts.of(Locale.ENGLISH));
        assertTrue(english.contains("  --cluster NAME "), english);
        assertTrue(english.contains("(default 5701)"), english);
        String chinese = ServerCommandLine.help(Texts.of(Locale.CHINESE));
        assertTrue(chinese.contains("  --cluster-members HOST:PORT,..."), chinese);
        assertTrue(chinese.contains("（默认 5701）"), chinese);
    }
}
