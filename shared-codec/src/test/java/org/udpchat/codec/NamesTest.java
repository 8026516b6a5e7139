package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"bob", "小明", "Ünal", "o'brien", "a", "😀", "x_y-z.1", "Ｂｏｂ", "管理", "管理员2", "admin"})
    void acceptsOrdinaryNames(String name) {
        assertEquals(Optional.empty(), Names.check(name));
    }

    @Test
    void refusesEmptyName() {
        assertEquals(Optional.of(Names.Problem.EMPTY), Names.check(""));
    }

    @Test
    void acceptsNameOfExactlyThirtyTwoCodePoints() {
        assertEquals(Optional.empty(), Names.check("a".repeat(32)));
    }

    @Test
    void refusesNameOfThirtyThreeCodePoints() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), Names.check("a".repeat(33)));
    }

    @Test
    void countsCodePointsNotCharsSoThirtyTwoEmojiFit() {
        String emoji = "😀".repeat(32);
        assertEquals(64, emoji.length());

        assertEquals(Optional.empty(), Names.check(emoji));
    }

    @Test
    void refusesThirtyThreeEmoji() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), Names.check("😀".repeat(33)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bob smith", // space
                "bob\u3000smith", // ideographic space
                "bob\tsmith", // tab
                "bob\u00A0smith", // no-break space
                "bob\u2007", // figure space
                " bob", // untrimmed
                "bob\u2028", // line separator
            })
    void refusesNameWithWhitespace(String name) {
        assertEquals(Optional.of(Names.Problem.WHITESPACE), Names.check(name));
    }

    @Test
    void refusesNameWithNewline() {
        // A newline is both whitespace and a control character; Problem lists the rules in the order they
        // are checked and WHITESPACE comes first, so that is the reason given.
        assertEquals(Optional.of(Names.Problem.WHITESPACE), Names.check("bob\nsmith"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bob\u001B[2J", // ESC: a terminal escape sequence
                "bob\u0000", // NUL
                "bob\u007F", // DEL
                "bob\u0085", // next line, a control that is not Java whitespace
                "bob\u202Eevil", // right-to-left override
                "bob\u2066x", // left-to-right isolate
                "bo\u200Bb", // zero-width space
                "bo\u200Db", // zero-width joiner: allowed in texts, not in names
                "bo\u00ADb", // soft hyphen
                "bob\uFE0F", // variation selector
                "\u3164", // Hangul filler, a letter that renders as nothing
                "bob\u3164",
                "\u2800", // braille blank
                "bob\u2800",
                "bob\uFEFF", // byte order mark
                "bob\uDB40\uDC01", // language tag U+E0001
                "bob\uD800", // unpaired surrogate
            })
    void refusesNameWithInvisibleOrControlCharacter(String name) {
        assertEquals(Optional.of(Names.Problem.INVISIBLE_OR_CONTROL), Names.check(name));
    }

    @Test
    void refusesAdministratorsName() {
        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check(Names.ADMINISTRATOR));
        assertEquals("管理员", Names.ADMINISTRATOR);
    }

    @Test
    void refusesTraditionalScriptAdministrator() {
        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check("管理員"));
    }

    @Test
    void refusesCompatibilityIdeographThatNfkcMapsToTheAdministrator() {
        // U+F9E4 is a CJK compatibility ideograph for 理 (U+7406): it looks the same, NFKC maps it back.
        String lookAlike = "管\uF9E4员";
        assertNotEquals(Names.ADMINISTRATOR, lookAlike);

        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check(lookAlike));
        assertEquals(Optional.of(Names.Problem.RESERVED), Names.check("管\uF9E4員"));
    }

    @Test
    void reportsTheFirstBrokenRuleInTheDocumentedOrder() {
        assertEquals(Optional.of(Names.Problem.TOO_LONG), Names.check(" ".repeat(33)), "length before whitespace");
        assertEquals(
                Optional.of(Names.Problem.WHITESPACE), Names.check("bob \u202E"), "the first bad character decides");
        assertEquals(
                Optional.of(Names.Problem.INVISIBLE_OR_CONTROL),
                Names.check("\u202E bob"),
                "the first bad character decides");
        assertEquals(
                Optional.of(Names.Problem.INVISIBLE_OR_CONTROL),
                Names.check("管理\u200B员"),
                "an invisible character inside the reserved name is reported as invisible");
    }

    @Test
    void checkShapeNeverReportsReserved() {
        assertEquals(Optional.empty(), Names.checkShape(Names.ADMINISTRATOR));
        assertEquals(Optional.empty(), Names.checkShape("管理員"));
        assertEquals(Optional.empty(), Names.checkShape("管\uF9E4员"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "bob",
                "小明",
                "a",
                "😀",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 32
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // 33
                "bob smith",
                " bob",
                "bob\u0000",
                "bob\u202Eevil",
                "\u2800",
                "bo\u200Db",
                "\u202E bob",
                "管理员2"
            })
    void checkShapeGivesWhatCheckGivesForEveryNameThatIsNotReserved(String name) {
        assertFalse(Names.isReserved(name));

        assertEquals(Names.check(name), Names.checkShape(name));
    }

    @Test
    void checkShapeReportsAShapeProblemOfTheAdministratorsName() {
        assertEquals(Optional.of(Names.Problem.INVISIBLE_OR_CONTROL), Names.checkShape("管理\u200B员"));
        assertEquals(Optional.of(Names.Problem.WHITESPACE), Names.checkShape("管理员 "));
    }

    @Test
    void isReservedMatchesEverySpellingOfTheAdministrator() {
        assertTrue(Names.isReserved("管理员"));
        assertTrue(Names.isReserved("管理員"));
        assertTrue(Names.isReserved("管\uF9E4员"));
        assertFalse(Names.isReserved("管理"));
        assertFalse(Names.isReserved("管理员 "));
        assertFalse(Names.isReserved("bob"));
    }

    @ParameterizedTest
    @CsvSource({
        "Bob, bob",
        "BOB, bob",
        "Ｂｏｂ, bob", // full-width letters
        "ＢＯＢ, Bob",
        "Straße, STRASSE",
        "straße, strasse",
        "ΟΔΟΣ, οδοσ", // final and medial sigma
        "ﬁsh, FISH", // the fi ligature
        "Ⅻ, xii", // Roman numeral twelve
        "①, 1",
        "e\u0301, é", // decomposed and composed e-acute
        "Lobby, lobby",
        "LOBBY, lobby",
        "ｌｏｂｂｙ, Lobby",
    })
    void givesTheSameKeyToNamesAndRoomsThatAreTheSame(String one, String other) {
        assertEquals(Names.key(one), Names.key(other));
        assertEquals(RoomNames.key(one), RoomNames.key(other));
    }

    @ParameterizedTest
    @CsvSource({
        "bob, rob",
        "bob, bobb",
        "bob, bób",
        "strasse, strase",
        "小明, 小朋",
        "管理员, 管理",
        "bob1, bob2",
        "lobby, lobbies",
        "大厅, 大堂",
        "dev, dev2",
        "rust-dev, rust_dev",
    })
    void givesDifferentKeysToDifferentNamesAndRooms(String one, String other) {
        assertNotEquals(Names.key(one), Names.key(other));
        assertNotEquals(RoomNames.key(one), RoomNames.key(other));
    }

    @Test
    void keyFoldsToLowerCaseNfkc() {
        assertEquals("bob", Names.key("Ｂｏｂ"));
        assertEquals("strasse", Names.key("Straße"));
    }
}
