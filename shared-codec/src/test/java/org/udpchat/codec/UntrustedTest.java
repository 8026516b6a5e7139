package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UntrustedTest {

    static Stream<Arguments> quotes() {
        return Stream.of(
                Arguments.of("bob", "'bob'"),
                Arguments.of("", "''"),
                Arguments.of("小明 😀", "'小明 😀'"),
                Arguments.of("a\nb", "'a\\u000Ab'"),
                Arguments.of("a\r\n", "'a\\u000D\\u000A'"),
                Arguments.of("\t", "'\\u0009'"),
                Arguments.of("\u0000", "'\\u0000'"),
                Arguments.of("\u001B[2J", "'\\u001B[2J'"),
                Arguments.of("\u007F", "'\\u007F'"),
                Arguments.of("a\u202Eb", "'a\\u202Eb'"),
                Arguments.of("a\u2066b", "'a\\u2066b'"),
                Arguments.of("a\u2028b", "'a\\u2028b'"),
                Arguments.of("a\u200Bb", "'a\\u200Bb'"),
                Arguments.of("a\u200Db", "'a\\u200Db'"), // invisible, so shown even though texts may hold it
                Arguments.of("\u3164", "'\\u3164'"),
                Arguments.of("a\uD800b", "'a\\uD800b'"),
                Arguments.of("it's", "'it\\u0027s'"),
                Arguments.of("a\\b", "'a\\u005Cb'"),
                Arguments.of("\\u0041", "'\\u005Cu0041'"), // a literal escape cannot pass for a real one
                Arguments.of("a\uDB40\uDC01b", "'a\\u{E0001}b'")); // above U+FFFF: no fifth digit to misread
    }

    @ParameterizedTest
    @MethodSource("quotes")
    void quotesAndEscapesWhatCouldForgeALine(String text, String quoted) {
        assertEquals(quoted, Untrusted.quote(text));
    }

    @Test
    void showsFortyCharactersWhole() {
        String forty = "x".repeat(40);

        assertEquals("'" + forty + "'", Untrusted.quote(forty));
    }

    @Test
    void truncatesAfterFortyCharacters() {
        assertEquals("'" + "x".repeat(40) + "…'", Untrusted.quote("x".repeat(41)));
        assertEquals("'" + "x".repeat(40) + "…'", Untrusted.quote("x".repeat(1000)));
    }

    @Test
    void countsCodePointsWhenTruncating() {
        assertEquals("'" + "😀".repeat(40) + "…'", Untrusted.quote("😀".repeat(41)));
    }

    @Test
    void countsAnEscapeAsOneCharacter() {
        assertEquals("'" + "\\u000A".repeat(40) + "…'", Untrusted.quote("\n".repeat(41)));
    }
}
