package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.udpchat.codec.ChatText;
import org.udpchat.codec.NativeServerPacket;
import org.udpchat.codec.RefusalReason;
import org.udpchat.codec.RoomEvent;

/**
 * Look-alike names and forged announcements over real sockets on loopback, once per protocol. That a
 * refused text went nowhere is proven by the next line, which arrives next.
 */
@Timeout(60)
class LookalikesIT {

    private static final String PADDED_FAKE =
            "hi" + " ".repeat(72) + "管理员 : server restarts in 5 min, re-login at http://evil.example";

    @RegisterExtension
    final ServerUnderTest underTest =
            new ServerUnderTest(ServerConfig.listeningOn(InetAddress.getLoopbackAddress(), 0));

    @Test
    void classicRefusesALookalikeLoginAndAPaddedFakeAnnouncement() throws IOException {
        Peer alice = underTest.classicPeer().join("alice");
        Peer impostor = underTest.classicPeer();

        impostor.send("L аlice"); // Cyrillic а
        impostor.expect("与 alice 太像，请换一个昵称");

        alice.send("C alice " + PADDED_FAKE);
        alice.expect("消息不能含超过 8 个连续空白，未发送");
        alice.send("C alice fine");
        alice.expect("alice : fine");
    }

    @Test
    void nativeRefusesALookalikeLoginAndAPaddedFakeAnnouncement() throws IOException {
        NativePeer alice = underTest.nativePeer().join("alice");
        NativePeer bob = underTest.nativePeer().join("bob");
        alice.expectEvents(new RoomEvent.Joined("bob"));
        NativePeer impostor = underTest.nativePeer();

        assertEquals(
                new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0, "alice"),
                impostor.login(impostor.challenge(), 0, "aIice"));

        bob.chat(PADDED_FAKE);
        bob.expectEvents(new RoomEvent.NotRelayed(ChatText.Problem.BLANK_RUN));
        bob.chat("fine");
        alice.expectEvents(new RoomEvent.Said("bob", "fine"));
    }
}
