package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.CapturedOutput;

/**
 * The built jar as cluster nodes, each a process of its own: a single server starts nothing of Hazelcast; nodes
 * that share a key form a cluster; a node with another key is refused with what to do; nodes stop cleanly on
 * SIGTERM. No JVM flags: the jar's manifest opens what Hazelcast needs, so it warns of nothing.
 */
class ClusterJarIT {

    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private static final Pattern THIS_NODE = Pattern.compile(".*cluster t: this node is 127\\.0\\.0\\.1:(\\d+), .*");

    /** A node's start: Hazelcast's join takes seconds, more on a busy machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ServerJarProcesses jars = new ServerJarProcesses();

    @TempDir
    Path temporary;

    @AfterEach
    void killAll() {
        jars.close();
    }

    /** The jar as a node or a server on loopback, with no stdin, no control socket, in English. */
    private Process server(List<String> args, CapturedOutput out, CapturedOutput err) throws IOException {
        List<String> command = new ArrayList<>(
                List.of("--bind", "127.0.0.1", "--port", "0", "--lang", "en", "--control-socket", "none"));
        command.addAll(args);
        return jars.start(command, ProcessBuilder.Redirect.from(new File("/dev/null")), out, err);
    }

    private Path stateDirectory(String name) throws IOException {
        Path directory = Files.createDirectories(temporary.resolve(name));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private static String threadsOf(Process process) throws Exception {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        "Thread.print")
                .redirectErrorStream(true)
                .start();
        String threads = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "jcmd did not end");
        return threads;
    }

    private static void awaitListening(CapturedOutput out) {
        out.await(text -> LISTENING.matcher(text).find(), DEADLINE, "the listening line");
    }

    private static int exitOf(Process process) throws InterruptedException {
        assertTrue(process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the process did not end");
        return process.exitValue();
    }

    @Test
    void aSingleServerStartsNoHazelcastThread() throws Exception {
        CapturedOutput out = new CapturedOutput();
        Process single = server(List.of("--state-dir", "none"), out, new CapturedOutput());
        awaitListening(out);

        String threads = threadsOf(single);

        assertTrue(threads.contains("\"relay\""), threads);
        assertFalse(threads.contains("\"hz."), threads);
    }

    @Test
    void nodesSharingAKeyFormAClusterAnotherKeyIsRefusedAndEachStopsCleanly() throws Exception {
        Path first = stateDirectory("first");
        CapturedOutput firstOut = new CapturedOutput();
        CapturedOutput firstErr = new CapturedOutput();
        Process firstNode = server(
                List.of(
                        "--state-dir",
                        first.toString(),
                        "--log-file",
                        temporary.resolve("first.log").toString(),
                        "--cluster",
                        "t",
                        "--cluster-port",
                        "0",
                        "--cluster-members",
                        "127.0.0.1:1"),
                firstOut,
                firstErr);
        awaitListening(firstOut);
        Matcher thisNode = THIS_NODE.matcher(firstErr.awaitLineMatching(THIS_NODE));
        assertTrue(thisNode.matches());
        String clusterAddress = "127.0.0.1:" + thisNode.group(1);

        Path second = stateDirectory("second");
        Files.copy(first.resolve("server.key"), second.resolve("server.key"));
        CapturedOutput secondOut = new CapturedOutput();
        CapturedOutput secondErr = new CapturedOutput();
        Process secondNode = server(
                List.of(
                        "--state-dir",
                        second.toString(),
                        "--log-file",
                        temporary.resolve("second.log").toString(),
                        "--cluster",
                        "t",
                        "--cluster-port",
                        "0",
                        "--cluster-members",
                        clusterAddress),
                secondOut,
                secondErr);
        awaitListening(secondOut);
        assertTrue(secondErr.text().contains(", 2 nodes in all"), secondErr.text());

        Path stranger = stateDirectory("stranger");
        CapturedOutput strangerErr = new CapturedOutput();
        Process strangerNode = server(
                List.of(
                        "--state-dir",
                        stranger.toString(),
                        "--cluster",
                        "t",
                        "--cluster-port",
                        "0",
                        "--cluster-members",
                        clusterAddress),
                new CapturedOutput(),
                strangerErr);
        assertEquals(1, exitOf(strangerNode), strangerErr.text());
        assertTrue(
                strangerErr.text().contains("udp-server: --cluster t: this node's server key")
                        && strangerErr
                                .text()
                                .contains("copy server.key from that node's state directory into " + stranger),
                strangerErr.text());

        secondNode.destroy(); // SIGTERM
        assertEquals(0, exitOf(secondNode), secondErr.text());
        firstNode.destroy();
        assertEquals(0, exitOf(firstNode), firstErr.text());
        // The log files, not the pipes: what a process writes as it ends may not have been read from its pipe yet.
        for (String node : List.of("first", "second")) {
            String log = Files.readString(temporary.resolve(node + ".log"));
            assertTrue(log.contains("signal received: closing the room"), log);
            assertTrue(log.contains("left the cluster"), log);
            assertFalse(log.contains("modular environment"), "the manifest opens what Hazelcast needs: " + log);
            assertFalse(log.contains(" ERROR "), log);
        }
    }
}
