package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.udpchat.server.ChatServer;
import org.udpchat.server.ServerConfig;

/**
 * The server's key as the user meets it, end to end with the real server and client: remembered at the
 * first contact, silent while it stays, refused when the server at that address has another key (a server
 * with another key on the same port, as an impostor there would be), accepted again only on purpose.
 */
class ServerKeyIT {

    @TempDir
    Path config;

    private ChatServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A client run to its end: it joins, its input ends, it leaves. */
    private record Run(int status, String out, String err) {}

    private Run client(int port, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClientMain client = new ClientMain(
                        new BufferedReader(new StringReader("")),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .knowing(new KnownServers(config.resolve("known_servers"), config));
        String[] args = new String[6 + more.length];
        String[] base = {"--server", "127.0.0.1:" + port, "--name", "alice", "--lang", "en"};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        int status = client.run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private ChatServer serverOn(int port) throws Exception {
        server = ChatServer.start(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), port));
        return server;
    }

    @Test
    @Timeout(60)
    void theFirstContactIsRememberedAChangedKeyRefusedAndAPinnedKeyAccepted() throws Exception {
        int port = serverOn(0).localAddress().getPort();
        String first = server.fingerprint().text();

        Run firstContact = client(port);
        assertEquals(0, firstContact.status(), firstContact.err());
        assertTrue(
                firstContact
                        .err()
                        .contains("first contact with 127.0.0.1:" + port + ": its key fingerprint is " + first),
                firstContact.err());
        assertFalse(firstContact.out().contains("first contact"), "stdout is the room's: " + firstContact.out());
        assertTrue(Files.readString(config.resolve("known_servers")).contains("127.0.0.1:" + port + " " + first));

        Run again = client(port);
        assertEquals(0, again.status(), again.err());
        assertFalse(again.err().contains("first contact"), "the same key again is silent: " + again.err());

        server.close();
        String second = serverOn(port).fingerprint().text();
        Run changed = client(port);
        assertEquals(4, changed.status(), "the server's identity could not be verified: " + changed.err());
        assertTrue(changed.err().contains(first) && changed.err().contains(second), changed.err());
        assertTrue(changed.err().contains("--server-key " + second), changed.err());
        assertFalse(changed.out().contains("You are in room"), "nothing was sent under that key: " + changed.out());

        Run wrongPin = client(port, "--server-key", first);
        assertEquals(4, wrongPin.status(), wrongPin.err());

        Run pinned = client(port, "--server-key", second);
        assertEquals(0, pinned.status(), pinned.err());
        assertTrue(pinned.out().contains("You are in room lobby"), pinned.out());
        Run afterThePin = client(port);
        assertEquals(0, afterThePin.status(), "the pinned key is the remembered one now: " + afterThePin.err());
    }
}
