package org.udpchat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpchat.codec.ClearClientPacket;
import org.udpchat.codec.Cookie;
import org.udpchat.codec.NativeClientPacket;
import org.udpchat.codec.Packet;
import org.udpchat.codec.ResumptionSecret;

/**
 * What the DEBUG log shows of a native packet: never a session token, never a cookie, never a resumption
 * secret, never the handshake's key bytes.
 */
class LoggedPacketTest {

    private static final long TOKEN = 0x1234_5678_9abc_def0L;
    private static final Cookie COOKIE = new Cookie(7, 0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private static final ResumptionSecret SECRET = ResumptionSecret.random(new SecureRandom());
    private static final byte[] EPHEMERAL = new byte[32];

    static {
        new SecureRandom().nextBytes(EPHEMERAL);
    }

    static List<Packet> packetsWithATokenOrACookie() {
        return List.of(
                new NativeClientPacket.Chat(TOKEN, 1, 0, "token=99 is not a field here"),
                new NativeClientPacket.Quit(TOKEN, 2, 1),
                new NativeClientPacket.Ack(TOKEN, 3),
                new NativeClientPacket.Ping(TOKEN, 3),
                new NativeClientPacket.PathResponse(TOKEN, 42),
                new NativeClientPacket.Login(TOKEN, SECRET, "alice", "games"),
                new ClearClientPacket.Init(COOKIE, 5, EPHEMERAL));
    }

    @ParameterizedTest
    @MethodSource("packetsWithATokenOrACookie")
    void showsNeitherTheTokenNorTheCookieNorTheSecretNorTheKey(Packet packet) {
        String shown = LoggedPacket.describe(packet);

        for (String secret : List.of(
                Long.toString(TOKEN),
                Long.toHexString(TOKEN),
                Long.toString(COOKIE.macHigh()),
                Long.toString(COOKIE.macLow()),
                Long.toString(SECRET.first()),
                Long.toHexString(SECRET.first()),
                HexFormat.of().formatHex(EPHEMERAL))) {
            assertFalse(shown.contains(secret), () -> shown + " shows " + secret);
        }
        if (!(packet instanceof ClearClientPacket.Init)) {
            assertTrue(shown.contains("oken=" + LoggedPacket.tag(TOKEN)), shown);
        }
        assertTrue(shown.startsWith(packet.getClass().getSimpleName() + "["), shown);
    }

    @Test
    void showsTheRestOfThePacket() {
        assertEquals(
                "Chat[token=" + LoggedPacket.tag(TOKEN)
                        + ", seq=1, ack=0, text=token=99 is not a field here, lineId=0]",
                LoggedPacket.describe(packetsWithATokenOrACookie().get(0)));
        assertEquals(
                "Login[previousToken=" + LoggedPacket.tag(TOKEN)
                        + ", proof=ResumptionSecret[…], name=alice, room=games]",
                LoggedPacket.describe(packetsWithATokenOrACookie().get(5)));
        assertEquals(
                "Init[cookie=(not logged), nonce=5, handshake=(not logged), size=128]",
                LoggedPacket.describe(packetsWithATokenOrACookie().get(6)));
        assertEquals("Hello[nonce=5, size=1164]", LoggedPacket.describe(new ClearClientPacket.Hello(5, 1164)));
    }

    @Test
    void aTagTellsSessionsApartTheSameTokenAlwaysTheSameTag() {
        assertEquals(LoggedPacket.tag(TOKEN), LoggedPacket.tag(TOKEN));
        assertNotEquals(LoggedPacket.tag(TOKEN), LoggedPacket.tag(TOKEN + 1));
        assertTrue(LoggedPacket.tag(TOKEN).matches("#[0-9a-f]{4}"), LoggedPacket.tag(TOKEN));
        assertEquals("0", LoggedPacket.tag(0));
    }
}
