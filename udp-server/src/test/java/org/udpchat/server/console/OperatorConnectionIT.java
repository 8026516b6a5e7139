package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;
import org.udpchat.server.Texts;

/**
 * An operator who stops reading: the server's notes to them cost no thread and never wait, and once they are
 * far enough behind they are hung up on, while the server goes on.
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
}
