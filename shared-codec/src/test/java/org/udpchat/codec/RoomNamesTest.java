package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    void refusesEmptyRoomName() {
        assertEquals(Optional.of(Names.Problem.EMPTY), RoomNames.check(""));
    }

    @Test
    void acceptsRoomNameOfExactlyThirtyTwoCodePoints() {
        assertEquals(Optional.empty(), RoomNames.check("r".repeat(32)));
        assertEquals(Optional.empty(), RoomNames.check("😀".repeat(32)));
        assertEquals(Optional.empty(), RoomNames.check("聊".repeat(32)));
    }

    @Test
    void refusesRoomNameOfThirtyThreeCodePoints() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), RoomNames.check("r".repeat(33)));
        assertEquals(Optional.of(Names.Problem.TOO_LONG), RoomNames.check("😀".repeat(33)));
        assertEquals(Optional.of(Names.Problem.TOO_LONG), RoomNames.check("聊".repeat(33)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rust dev", // space
                "rust\u3000dev", // ideographic space
                "rust\tdev", // tab
                "rust\u00A0dev", // no-break space
                " lobby", // untrimmed
                "lobby ",
                "lobby\u2028", // line separator
                "lobby\n",
            })
    void refusesRoomNameWithWhitespace(String room) {
        assertEquals(Optional.of(Names.Problem.WHITESPACE), RoomNames.check(room));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lobby\u0000", // NUL: would end the name in LOGIN and WELCOME
                "lobby\u001B[2J", // ESC
                "lobby\u007F", // DEL
                "lobby\u0085", // next line
                "lob\u202Eby", // right-to-left override
                "lo\u200Bbby", // zero-width space
                "lo\u200Dbby", // zero-width joiner
                "lobby\uFE0F", // variation selector
                "\u3164", // Hangul filler
                "\u2800", // braille blank
                "lobby\uFEFF", // byte order mark
                "lobby\uD800", // unpaired surrogate
            })
    void refusesRoomNameWithInvisibleOrControlCharacter(String room) {
        assertEquals(Optional.of(Names.Problem.INVISIBLE_OR_CONTROL), RoomNames.check(room));
    }

    @Test
    void reportsTheFirstBrokenRuleAsNamesDo() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), RoomNames.check(" ".repeat(33)), "length before whitespace");
        assertEquals(Optional.of(Names.Problem.WHITESPACE), RoomNames.check("a \u202E"));
        assertEquals(Optional.of(Names.Problem.INVISIBLE_OR_CONTROL), RoomNames.check("\u202E a"));
    }

    @ParameterizedTest
    @CsvSource({
        "Lobby, lobby",
        "LOBBY, lobby",
        "ｌｏｂｂｙ, Lobby", // full-width letters
        "Straße, STRASSE",
        "Ⅻ, xii",
        "e\u0301, é",
    })
    void givesTheSameKeyToRoomNamesThatAreTheSame(String one, String other) {
        assertEquals(RoomNames.key(one), RoomNames.key(other));
    }

    @ParameterizedTest
    @CsvSource({"lobby, lobbies", "大厅, 大堂", "dev, dev2", "rust-dev, rust_dev"})
    void givesDifferentKeysToDifferentRoomNames(String one, String other) {
        assertNotEquals(RoomNames.key(one), RoomNames.key(other));
    }

    @Test
    void keyIsTheKeyOfANameSoRoomsAndNamesCompareAlike() {
        for (String room : new String[] {"Lobby", "Ｂｏｂ", "Straße", "大厅", "管理員"}) {
            assertEquals(Names.key(room), RoomNames.key(room), room);
        }
        assertEquals("lobby", RoomNames.key("ＬＯＢＢＹ"));
    }
}
