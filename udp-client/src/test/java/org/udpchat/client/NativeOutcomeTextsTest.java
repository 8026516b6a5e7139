package org.udpchat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.udpchat.codec.HostPort;

/** The words for how a native join can fail that protocol 2 added, in both languages. */
class NativeOutcomeTextsTest {

    @Test
    void aServerOfAnotherVersion() {
        assertEquals(
                "the server speaks version 3 of the native protocol, this client 2 - use a client that speaks version 3",
                Texts.of(Locale.ENGLISH).get("outdated", 3L, 2));
        assertEquals(
                "服务器使用原生协议第 3 版，本客户端是第 2 版：请使用第 3 版的客户端",
                Texts.of(Locale.CHINESE).get("outdated", 3L, 2));
    }

    @Test
    void silenceMayMeanAnOlderServer() {
        HostPort server = new HostPort("chat.example", 8888);
        assertEquals(
                "no server answered at chat.example:8888 within 5 s - is it running, and are the address and port"
                        + " right? (A server older than version 2 of the native protocol does not answer this client"
                        + " at all.)",
                Texts.of(Locale.ENGLISH).get("noServer.native", server, 5L, 2));
        assertEquals(
                "chat.example:8888 在 5 秒内没有应答：请确认服务器已启动，地址和端口正确（早于原生协议第 2 版的服务器根本不会应答本客户端）",
                Texts.of(Locale.CHINESE).get("noServer.native", server, 5L, 2));
    }
}
