package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real server on loopback, stopped and started again on the same state directory. */
@Timeout(30)
class KeptModerationIT {

    @TempDir
    Path stateDir;

    private ServerConfig config() {
        return ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0).withStateDirectory(Optional.of(stateDir));
    }

    @Test
    void aBanAndAMuteStillHoldAfterARestartOnTheSameStateDirectory() throws Exception {
        try (ServerUnderTest underTest = new ServerUnderTest(config())) {
            underTest.classicPeer().join("bob");
            assertEquals(OperatorOutcome.DONE, underTest.server().mute("bob", Term.ofMinutes(10)));
            InetAddress home = InetAddress.getLoopbackAddress(); // every peer's address
            underTest.server().banAddress(home, Term.UNTIL_LIFTED);

            ChatServer restarted = underTest.restart(config());

            Peer carol = underTest.classicPeer();
            carol.send("L carol");
            carol.expect("您已被禁止进入本服务器");
            assertEquals(OperatorOutcome.DONE, restarted.unban(home));
            Peer bob = underTest.classicPeer().join("bob");
            bob.send("C bob still here?");
            bob.expect("您已被禁言，还剩 10 分钟，消息未发送");
        }
    }

    @Test
    void aSecondServerOnTheSameStateDirectoryDoesNotStart() throws Exception {
        try (ServerUnderTest underTest = new ServerUnderTest(config())) {
            StateDirectoryException refused =
                    assertThrows(StateDirectoryException.class, () -> ChatServer.start(config()));
            assertEquals(
                    "the state directory " + stateDir + " is in use by another server (process "
                            + ProcessHandle.current().pid()
                            + "): stop that server, or give this one another --state-dir",
                    refused.getMessage());
            underTest.classicPeer().join("alice"); // the first server goes on serving
        }
    }
}
