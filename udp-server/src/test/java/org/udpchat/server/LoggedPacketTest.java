package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;

/** What the DEBUG log shows of a native packet: never a session token, never a cookie. */
class LoggedPacketTest {

    private static final long TOKEN = 0x1234_5678_9abc_def0L;
    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);

    static List<NativeClientPacket> packetsWithATokenOrACookie() {
        return List.of(
                new NativeClientPacket.Chat(TOKEN, 1, 0, "token=99 is not a field here"),
                new NativeClientPacket.Quit(TOKEN, 2, 1),
                new NativeClientPacket.Ack(TOKEN, 3),
                new NativeClientPacket.Ping(TOKEN, 3),
                new NativeClientPacket.PathResponse(TOKEN, 42),
                new NativeClientPacket.Login(COOKIE, TOKEN, "alice", "games"));
    }

    @ParameterizedTest
    @MethodSource("packetsWithATokenOrACookie")
    void showsNeitherTheTokenNorTheCookie(NativeClientPacket packet) {
        String shown = LoggedPacket.describe(packet);

        for (String secret : List.of(
                Long.toString(TOKEN),
                Long.toHexString(TOKEN),
                Long.toString(COOKIE.macHigh()),
                Long.toString(COOKIE.macLow()))) {
            assertFalse(shown.contains(secret), () -> shown + " shows " + secret);
        }
        assertTrue(shown.contains("oken=" + LoggedPacket.tag(TOKEN)), shown);
        assertTrue(shown.startsWith(packet.getClass().getSimpleName() + "["), shown);
    }

    @Test
    void showsTheRestOfThePacket() {
        assertEquals(
                "Chat[token=" + LoggedPacket.tag(TOKEN) + ", seq=1, ack=0, text=token=99 is not a field here]",
                LoggedPacket.describe(packetsWithATokenOrACookie().get(0)));
        assertEquals(
                "Login[cookie=(not logged), previousToken=" + LoggedPacket.tag(TOKEN)
                        + ", nonce=0, name=alice, room=games]",
                LoggedPacket.describe(packetsWithATokenOrACookie().get(5)));
        assertEquals("Hello[nonce=5, size=1200]", LoggedPacket.describe(new NativeClientPacket.Hello(5, 1200)));
    }

    @Test
    void aTagTellsSessionsApartTheSameTokenAlwaysTheSameTag() {
        assertEquals(LoggedPacket.tag(TOKEN), LoggedPacket.tag(TOKEN));
        assertNotEquals(LoggedPacket.tag(TOKEN), LoggedPacket.tag(TOKEN + 1));
        assertTrue(LoggedPacket.tag(TOKEN).matches("#[0-9a-f]{4}"), LoggedPacket.tag(TOKEN));
        assertEquals("0", LoggedPacket.tag(0));
    }
}
