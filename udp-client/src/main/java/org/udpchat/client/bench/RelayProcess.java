package org.udpchat.client.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay started as a process for one measurement: udp-server from its jar, or the
 * {@link NoFrillsRelay}. Both print {@code listening on ADDRESS:PORT} first on stdout; its log goes to
 * our stderr. Closing it ends the process and waits for it.
 */
final class RelayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^\\s]*:(\\d+)");

    private final Process process;
    private final InetSocketAddress address;

    private RelayProcess(Process process, InetSocketAddress address) {
        this.process = process;
        this.address = address;
    }

    /** Starts {@code command}, a relay told to listen on loopback, and waits until it says its port. */
    static RelayProcess start(List<String> command) throws IOException, InterruptedException {
        return start(command, ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * As {@link #start(List)}, its stderr (the log) going to {@code log}: a file, for a cluster's nodes, whose
     * log says when they have found each other.
     */
    static RelayProcess start(List<String> command, ProcessBuilder.Redirect log)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(log).start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            Matcher matcher = first == null ? null : LISTENING.matcher(first);
            if (matcher == null || !matcher.find()) {
                throw new IOException("the relay did not say where it listens: " + first);
            }
            int port = Integer.parseInt(matcher.group(1));
            return new RelayProcess(process, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException | RuntimeException e) {
            process.destroy();
            process.waitFor();
            throw e;
        }
    }

    /** The process's id, for reading what it costs. */
    long pid() {
        return process.pid();
    }

    /** The relay's CPU clock. */
    ProcessCpu cpu() {
        return ProcessCpu.of(process.pid());
    }

    /** Where the relay listens. */
    InetSocketAddress address() {
        return address;
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL on Linux, as {@code kill -9}), and waits until it has gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the process was told to end; our caller is being stopped
        }
    }
}
