package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The command line of the operator's side: {@code --control-socket}, {@code --attach}, {@code --transcript},
 * and where the control socket is by default.
 */
class OperatorOptionsTest {

    private static ServerCommandLine.Run run(String... args) throws ServerCommandLine.UsageException {
        return (ServerCommandLine.Run) ServerCommandLine.parse(args);
    }

    private static String refusal(String... args) {
        return assertThrows(ServerCommandLine.UsageException.class, () -> ServerCommandLine.parse(args))
                .getMessage();
    }

    @Test
    void theControlSocketIsTheDefaultOneAPathOrNone() throws Exception {
        assertInstanceOf(ServerCommandLine.ControlSocketChoice.Default.class, run().controlSocket());
        assertEquals(
                new ServerCommandLine.ControlSocketChoice.At(Path.of("/run/chat/c.sock")),
                run("--control-socket", "/run/chat/c.sock").controlSocket());
        assertInstanceOf(
                ServerCommandLine.ControlSocketChoice.Off.class,
                run("--control-socket", "none").controlSocket());
        assertEquals("--control-socket: give a path", refusal("--control-socket", ""));
    }

    @Test
    void theDefaultControlSocketIsInTheRuntimeDirectoryElseTheStateDirectory() {
        assertEquals(
                Optional.of(Path.of("/run/user/1000/udp-chat/udp-chat-8888.sock")),
                ControlSocket.defaultPath(8888, Optional.of(Path.of("/srv/state")), "/run/user/1000"));
        assertEquals(
                Optional.of(Path.of("/srv/state/udp-chat-9000.sock")),
                ControlSocket.defaultPath(9000, Optional.of(Path.of("/srv/state")), null));
        assertEquals(
                Optional.of(Path.of("/srv/state/udp-chat-9000.sock")),
                ControlSocket.defaultPath(9000, Optional.of(Path.of("/srv/state")), "relative/is/ignored"));
        assertEquals(Optional.empty(), ControlSocket.defaultPath(9000, Optional.empty(), ""));
    }

    @Test
    void attachTakesAPathOrFindsTheDefaultOneOfPortAndStateDir() throws Exception {
        assertEquals(
                new ServerCommandLine.Attach(Path.of("/tmp/c.sock"), Locale.CHINESE),
                ServerCommandLine.parse("--attach", "/tmp/c.sock"));
        assertEquals(
                new ServerCommandLine.Attach(
                        ControlSocket.defaultPath(
                                        9000, Optional.of(Path.of("/srv/state")), System.getenv("XDG_RUNTIME_DIR"))
                                .orElseThrow(),
                        Locale.ENGLISH),
                ServerCommandLine.parse("--attach", "--port", "9000", "--state-dir", "/srv/state", "--lang", "en"));
        assertEquals(
                "--attach: a server on --port 0 has a port only it knows: give its control socket's path (--attach"
                        + " PATH)",
                refusal("--attach", "--port", "0"));
    }

    @Test
    void theTranscriptIsAFileWithoutBraces() throws Exception {
        assertEquals(Optional.empty(), run().transcript());
        assertEquals(
                Optional.of(Path.of("/var/log/chat/rooms.log")),
                run("--transcript", "/var/log/chat/rooms.log").transcript());
        assertEquals(
                "--transcript: 'rooms-{date}.log' holds a brace, which the rolled files' names cannot: choose a path"
                        + " without { or }",
                refusal("--transcript", "rooms-{date}.log"));
        assertEquals(
                "--log-file: 'a}' holds a brace, which the rolled files' names cannot: choose a path without { or }",
                refusal("--log-file", "a}"));
    }

    @Test
    void helpShowsTheOptionalPathOfAttachAndTheRolling() {
        String help = ServerCommandLine.help(org.udpchat.server.Texts.of(Locale.ENGLISH));
        assertEquals(true, help.contains("  --attach [PATH]"), help);
        assertEquals(true, help.contains("at 10 MB"), help);
        assertEquals(true, help.contains("the 30 newest"), help);
    }
}
