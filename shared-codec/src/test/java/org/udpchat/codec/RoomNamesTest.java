package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.udpchat.codec.Names.Problem.EMPTY;
import static org.udpchat.codec.Names.Problem.INVISIBLE_OR_CONTROL;
import static org.udpchat.codec.Names.Problem.TOO_LONG;
import static org.udpchat.codec.Names.Problem.WHITESPACE;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoomNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"lobby", "大厅", "聊天室", "rust-dev", "r", "😀", "Ｒｏｏｍ", "o'brien's", "x_y-z.1", "中文频道2"})
    void acceptsOrdinaryRoomNames(String room) {
        assertEquals(Optional.empty(), RoomNames.check(room));
    }

    @Test
    void theLobbyIsAValidRoomName() {
        assertEquals("lobby", RoomNames.LOBBY);
        assertEquals(Optional.empty(), RoomNames.check(RoomNames.LOBBY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"管理员", "管理員", "管\uF9E4员"})
    void noRoomNameIsReservedNotEvenTheAdministrators(String room) {
        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check(room), "reserved as a person's name");

        assertEquals(Optional.empty(), RoomNames.check(room));
    }

    @Test
    void acceptsRoomNameOfExactlyThirtyTwoCodePoints() {
        assertEquals(Optional.empty(), RoomNames.check("r".repeat(32)));
        assertEquals(Optional.empty(), RoomNames.check("😀".repeat(32)));
        assertEquals(Optional.empty(), RoomNames.check("聊".repeat(32)));
    }

    /** Room names that break a shape rule of names, and the rule. */
    static Stream<Arguments> brokenRoomNames() {
        return Stream.of(
                arguments("", EMPTY),
                arguments("r".repeat(33), TOO_LONG),
                arguments("😀".repeat(33), TOO_LONG),
                arguments("聊".repeat(33), TOO_LONG),
                arguments("rust dev", WHITESPACE), // space
                arguments("rust\u3000dev", WHITESPACE), // ideographic space
                arguments("rust\tdev", WHITESPACE), // tab
                arguments("rust\u00A0dev", WHITESPACE), // no-break space
                arguments(" lobby", WHITESPACE), // untrimmed
                arguments("lobby ", WHITESPACE),
                arguments("lobby\u2028", WHITESPACE), // line separator
                arguments("lobby\n", WHITESPACE),
                arguments("lobby\u0000", INVISIBLE_OR_CONTROL), // NUL: would end the name in LOGIN and WELCOME
                arguments("lobby\u001B[2J", INVISIBLE_OR_CONTROL), // ESC
                arguments("lobby\u007F", INVISIBLE_OR_CONTROL), // DEL
                arguments("lobby\u0085", INVISIBLE_OR_CONTROL), // next line
                arguments("lob\u202Eby", INVISIBLE_OR_CONTROL), // right-to-left override
                arguments("lo\u200Bbby", INVISIBLE_OR_CONTROL), // zero-width space
                arguments("lo\u200Dbby", INVISIBLE_OR_CONTROL), // zero-width joiner
                arguments("lobby\uFE0F", INVISIBLE_OR_CONTROL), // variation selector
                arguments("\u3164", INVISIBLE_OR_CONTROL), // Hangul filler
                arguments("\u2800", INVISIBLE_OR_CONTROL), // braille blank
                arguments("lobby\uFEFF", INVISIBLE_OR_CONTROL), // byte order mark
                arguments("lobby\uD800", INVISIBLE_OR_CONTROL)); // unpaired surrogate
    }

    @ParameterizedTest
    @MethodSource
    void brokenRoomNames(String room, Names.Problem problem) {
        assertEquals(Optional.of(problem), RoomNames.check(room));
    }

    @Test
    void reportsTheFirstBrokenRuleAsNamesDo() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), RoomNames.check(" ".repeat(33)), "length before whitespace");
        assertEquals(Optional.of(Names.Problem.WHITESPACE), RoomNames.check("a \u202E"));
        assertEquals(Optional.of(Names.Problem.INVISIBLE_OR_CONTROL), RoomNames.check("\u202E a"));
    }

    @Test
    void keyIsTheKeyOfANameSoRoomsAndNamesCompareAlike() {
        // NamesTest checks the keys of names and rooms alike, row by row.
        for (String room : new String[] {"Lobby", "Ｂｏｂ", "Straße", "大厅", "管理員"}) {
            assertEquals(Names.key(room), RoomNames.key(room), room);
        }
        assertEquals("lobby", RoomNames.key("ＬＯＢＢＹ"));
    }
}
