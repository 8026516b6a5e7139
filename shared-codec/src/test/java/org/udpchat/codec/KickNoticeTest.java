package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KickNoticeTest {

    static Stream<Arguments> notices() {
        return Stream.of(
                arguments(Locale.CHINESE, "", "您已被移出聊天室"),
                arguments(Locale.SIMPLIFIED_CHINESE, "刷屏", "您已被移出聊天室：刷屏"), // after a full-width colon
                arguments(Locale.ENGLISH, "", "you have been removed from the room"),
                arguments(Locale.ENGLISH, "spamming", "you have been removed from the room: spamming"),
                arguments(Locale.FRENCH, "", "you have been removed from the room")); // other languages: English
    }

    @ParameterizedTest
    @MethodSource("notices")
    void noticeIsWordedInTheLanguageWithItsReason(Locale language, String reason, String notice) {
        assertEquals(notice, KickNotice.text(language, reason));
    }

    @Test
    void noticeIsAValidChatText() {
        for (Locale language : new Locale[] {Locale.CHINESE, Locale.ENGLISH}) {
            for (String reason : new String[] {"", "spam 刷屏"}) {
                String text = KickNotice.text(language, reason);
                assertEquals(Optional.empty(), ChatText.check(Names.ADMINISTRATOR, text), text);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("notices")
    void recognisesTheNotice(Locale language, String reason, String notice) {
        for (String anyReason : new String[] {"", "刷屏", "spamming", reason}) {
            String text = KickNotice.text(language, anyReason);

            assertTrue(KickNotice.matches(ServerPacket.Line.chat(Names.ADMINISTRATOR, text)), text);
        }
    }

    @Test
    void recognisesNoticeAfterItsRoundTripThroughTheCodec() throws MalformedPacketException {
        byte[] bytes =
                ClassicCodec.encode(ServerPacket.Line.chat(Names.ADMINISTRATOR, KickNotice.text(Locale.CHINESE, "刷屏")));

        ServerPacket decoded = ClassicCodec.decodeServerPacket(bytes, 0, bytes.length);

        assertTrue(KickNotice.matches((ServerPacket.Line) decoded));
    }

    @Test
    void ignoresOrdinaryChatLine() {
        assertFalse(KickNotice.matches(ServerPacket.Line.chat("bob", "hello")));
    }

    @Test
    void ignoresOrdinaryAdminAnnouncement() {
        assertFalse(KickNotice.matches(ServerPacket.Line.chat(Names.ADMINISTRATOR, "服务器将在 5 分钟后关闭")));
    }

    @Test
    void ignoresChatLineFromMemberNamedAfterTheChineseNotice() {
        String name = "您已被移出聊天室";
        assertEquals(Optional.empty(), Names.check(name), "such a name may join");

        assertFalse(KickNotice.matches(ServerPacket.Line.chat(name, "hi")));
    }

    @Test
    void ignoresChatLineFromMemberWhoseNameBeginsWithTheNoticeWords() {
        assertFalse(KickNotice.matches(ServerPacket.Line.chat("you", "have been removed from the room")));
        assertFalse(KickNotice.matches(ServerPacket.Line.chat("您已被移出聊天室啦", "管理员 : 您已被移出聊天室")));
    }

    @Test
    void ignoresMemberQuotingTheNotice() {
        String forged = Names.ADMINISTRATOR + " : " + KickNotice.text(Locale.CHINESE, "");

        assertFalse(KickNotice.matches(ServerPacket.Line.chat("bob", forged)));
    }

    @Test
    void ignoresNoticeTextFromAnyoneButTheAdministrator() {
        String look = "管\uF9E4员"; // a look-alike, which Names refuses, as the server would
        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check(look));

        assertFalse(KickNotice.matches(ServerPacket.Line.chat(look, KickNotice.text(Locale.CHINESE, ""))));
    }

    @Test
    void ignoresLineWithoutTheChatSeparator() {
        assertFalse(KickNotice.matches(new ServerPacket.Line("您已被移出聊天室")));
        assertFalse(KickNotice.matches(new ServerPacket.Line("管理员: 您已被移出聊天室")));
    }
}
