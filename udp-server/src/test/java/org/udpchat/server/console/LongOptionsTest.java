package org.udpchat.server.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help}'s wrapping: by what a terminal shows, between words and between Chinese characters. */
class LongOptionsTest {

    @Test
    void wrapsEnglishAtSpaces() {
        assertEquals(List.of("most members on", "the server"), LongOptions.wrap("most members on the server", 16));
    }

    @Test
    void wrapsChineseBetweenCharactersCountingTwoColumnsEach() {
        assertEquals(List.of("服务器上所有", "房间合计"), LongOptions.wrap("服务器上所有房间合计", 12));
    }

    @Test
    void neverStartsALineWithAClosingMarkNorEndsOneWithAnOpeningMark() {
        assertEquals(List.of("默认（不", "限）。"), LongOptions.wrap("默认（不限）。", 8));
        assertEquals(List.of("默认", "（不", "限）。"), LongOptions.wrap("默认（不限）。", 6));
        assertEquals(List.of("一二三", "四，五"), LongOptions.wrap("一二三四，五", 8));
    }

    @Test
    void keepsAWordTooLongForALineWhole() {
        assertEquals(
                List.of("a", "$XDG_STATE_HOME/udp-chat", "b"), LongOptions.wrap("a $XDG_STATE_HOME/udp-chat b", 10));
    }

    @Test
    void mixedTextBreaksWhereEitherMay() {
        assertEquals(List.of("默认 8888；0", "表示自动"), LongOptions.wrap("默认 8888；0 表示自动", 12));
    }
}
