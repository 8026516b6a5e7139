package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.Texts;

/**
 * An operator who stops reading: the server's notes to them cost no thread and never wait, their console's
 * lines wait briefly, and once they are far enough behind they are hung up on, while the server goes on; one
 * who reads gets every line, in order, and then the end.
 */
@Timeout(30)
class OperatorConnectionIT {

    @TempDir
    Path temporary;

    private ChatServer server;
    private ControlSocket socket;

    @AfterEach
    void close() {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.stop(ChatServer.ANSWER_TIMEOUT);
        }
    }

    @Test
    void notesToAnOperatorWhoStoppedReadingCostNoThreadsAndEndInAHangUp() throws Exception {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));
        socket = ControlSocket.open(temporary.resolve("control.sock"), Texts.of(Locale.ENGLISH), server);
        try (SocketChannel operator = SocketChannel.open(UnixDomainSocketAddress.of(socket.path()))) {
            PrintStream to = new PrintStream(UnixStreams.output(operator), true, StandardCharsets.UTF_8);
            BufferedReader from =
                    new BufferedReader(new InputStreamReader(UnixStreams.input(operator), StandardCharsets.UTF_8));
            to.println("/rooms");
            assertEquals("1 room:", from.readLine()); // attached: from now on they read nothing
            int threads = Thread.activeCount();

            // Far more than the socket and the operator's buffer hold: 4 MB.
            String note = "udp-server: " + "n".repeat(1000);
            for (int i = 0; i < 4000; i++) {
                socket.tellAll(note);
            }

            assertTrue(
                    Thread.activeCount() <= threads + 2,
                    "threads: " + threads + " before the notes, " + Thread.activeCount() + " after");
            long read = 0;
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            for (int n = operator.read(buffer); n >= 0; n = operator.read(buffer.clear())) {
                read += n; // what was on its way when they were hung up on, then the end
            }
            assertTrue(read < 4000L * note.length() / 2, "hung up on long before the last note: read " + read);
        }
        assertTrue(server.members().isEmpty(), "the relay still answers");
    }

    /** The two ends of a connection on a socket in the test's directory: the server's first. */
    private SocketChannel[] connected() throws IOException {
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(temporary.resolve("pair.sock")));
            SocketChannel operator = SocketChannel.open(UnixDomainSocketAddress.of(temporary.resolve("pair.sock")));
            return new SocketChannel[] {listening.accept(), operator};
        }
    }

    @Test
    void aConsoleWritingToAnOperatorWhoStoppedReadingWaitsBrieflyThenTheOperatorIsHungUpOn() throws Exception {
        SocketChannel[] ends = connected();
        OperatorConnection connection =
                new OperatorConnection(ends[0], "test", "operator-test-out", Duration.ofMillis(200));
        String line = "w".repeat(1000);
        int written = 0;
        while (!connection.out().checkError()) { // each line waits at most 200 ms for room, then fails
            connection.out().println(line);
            written++;
        }

        long read = 0;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (int n = ends[1].read(buffer); n >= 0; n = ends[1].read(buffer.clear())) {
            read += n;
        }
        assertTrue(read < (long) written * (line.length() + 1), "not everything was sent: " + read);
        assertTrue(written > OperatorConnection.BUFFER_BYTES / line.length(), "the buffer held " + written);
        ends[1].close();
    }

    @Test
    void anOperatorWhoReadsGetsEveryLineInOrderAndTheEnd() throws Exception {
        SocketChannel[] ends = connected();
        OperatorConnection connection = new OperatorConnection(ends[0], "test", "operator-test-out");
        BufferedReader from =
                new BufferedReader(new InputStreamReader(UnixStreams.input(ends[1]), StandardCharsets.UTF_8));
        Thread console = new Thread(() -> {
            for (int i = 0; i < 2000; i++) {
                connection.out().println("line " + i + " " + "c".repeat(500));
                if (i % 100 == 0) {
                    connection.tell("note " + i);
                }
            }
            connection.finish(Duration.ofSeconds(10));
        });
        console.start();

        int line = 0;
        for (String got = from.readLine(); got != null; got = from.readLine()) {
            if (got.startsWith("note ")) {
                continue; // a note goes in between, where it was told
            }
            assertEquals("line " + line + " " + "c".repeat(500), got);
            line++;
        }
        assertEquals(2000, line);
        console.join();
        ends[1].close();
    }
}
