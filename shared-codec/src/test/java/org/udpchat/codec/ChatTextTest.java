package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChatTextTest {

    private static final String FAMILY = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // 👨‍👩‍👧

    /** The two checks, with their limits: a chat's, and a private message's, which leaves room for its mark. */
    static Stream<Arguments> checks() {
        return Stream.of(
                arguments("chat", (Check) ChatText::check, (ToIntFunction<String>) ChatText::maxBytes),
                arguments(
                        "private", (Check) ChatText::checkPrivate, (ToIntFunction<String>) ChatText::maxPrivateBytes));
    }

    private interface Check extends BiFunction<String, String, Optional<ChatText.Problem>> {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void acceptsOrdinaryTexts(String which, Check check, ToIntFunction<String> limit) {
        for (String text : new String[] {
            "hi",
            "你好，世界",
            "hi   there   ", // runs of spaces, kept as said
            "  spaced  ",
            FAMILY, // joined by ZWJ
            "می\u200Cخواهم", // Persian, shaped with ZWNJ
            "😀🎉",
            "❤\uFE0F", // variation selector: a mark, not a format character
            "a\u3000b", // ideographic space
            "管理员 : 假装", // looks like an admin line, but is prefixed with the speaker's name when relayed
        }) {
            assertEquals(Optional.empty(), check.apply("bob", text), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesEmptyText(String which, Check check, ToIntFunction<String> limit) {
        assertEquals(Optional.of(ChatText.Problem.EMPTY), check.apply("bob", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void acceptsTextOfExactlyTheLimitAndRefusesOneByteMore(String which, Check check, ToIntFunction<String> limit) {
        for (String name : new String[] {"bob", "小明"}) {
            int bytes = limit.applyAsInt(name);

            assertEquals(Optional.empty(), check.apply(name, "x".repeat(bytes)), name);
            assertEquals(Optional.of(ChatText.Problem.TOO_LONG), check.apply(name, "x".repeat(bytes + 1)), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void measuresTheLimitInUtf8(String which, Check check, ToIntFunction<String> limit) {
        int bytes = limit.applyAsInt("bob");
        // Counted in chars this text is shorter than the limit; in UTF-8 its last character crosses it.
        String straddles = "x".repeat(bytes - 2) + "中";
        assertEquals(bytes - 1, straddles.length());

        assertEquals(Optional.empty(), check.apply("bob", "x".repeat(bytes - 3) + "中"), "ends at the limit");
        assertEquals(Optional.of(ChatText.Problem.TOO_LONG), check.apply("bob", straddles));
        assertEquals(Optional.empty(), check.apply("bob", "x".repeat(bytes - 4) + "😀"), "ends at the limit");
        assertEquals(Optional.of(ChatText.Problem.TOO_LONG), check.apply("bob", "x".repeat(bytes - 3) + "😀"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesInvisibleOrControlCharacters(String which, Check check, ToIntFunction<String> limit) {
        for (String text : new String[] {
            "a\nb", // would fake a second line
            "a\rb",
            "\n",
            "a\u001B[2Jb", // ESC: would repaint the terminal
            "a\tb",
            "a\u0000b",
            "a\u0085b", // next line
            "a\u202Eb", // right-to-left override
            "a\u2066b", // left-to-right isolate
            "a\u2028b", // line separator
            "a\u2029b", // paragraph separator
            "a\u200Bb", // zero-width space
            "a\uFEFFb", // byte order mark
            "a\uD800b", // unpaired surrogate
        }) {
            assertEquals(Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), check.apply("bob", text), text);
        }
    }

    /** Characters that show as blank: a run of nine of any of them, mixed or not, is refused. */
    private static final String[] BLANKS = {
        " ", "\u3000", "\u3164", "\u2800", "\u115F", "\u1160", "\uFFA0", "\u00A0", "\u2003", "\u205F"
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesMoreThanEightBlanksInARow(String which, Check check, ToIntFunction<String> limit) {
        for (String blank : BLANKS) {
            String eight = "hi" + blank.repeat(ChatText.MAX_BLANK_RUN) + "there";
            String nine = "hi" + blank.repeat(ChatText.MAX_BLANK_RUN + 1) + "there";
            assertEquals(Optional.empty(), check.apply("bob", eight), "eight of U+" + hex(blank));
            assertEquals(Optional.of(ChatText.Problem.BLANK_RUN), check.apply("bob", nine), "nine of U+" + hex(blank));
        }
        String mixed = " \u3000\u3164\u2800 \u115F\u1160\uFFA0 ";
        assertEquals(Optional.of(ChatText.Problem.BLANK_RUN), check.apply("bob", "a" + mixed + "b"));
        // joiners between blanks join nothing: refused for themselves, before the run is counted
        assertEquals(
                Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL),
                check.apply("bob", "a" + " \u200D".repeat(5) + "b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesAnAllBlankTextAsEmpty(String which, Check check, ToIntFunction<String> limit) {
        for (String text : new String[] {" ", "   ", "\u3000", "\u3164\u3164", "\u2800", " \u00A0 ", "\u115F"}) {
            assertEquals(Optional.of(ChatText.Problem.EMPTY), check.apply("bob", text), "U+" + hex(text));
            assertEquals(Optional.of(ChatText.Problem.EMPTY), ChatText.checkAnnouncement(text), "U+" + hex(text));
        }
        assertEquals(Optional.empty(), check.apply("bob", " . "), "one visible character is enough");
    }

    @Test
    void isBlankWhenNothingInTheTextShows() {
        for (String blank : new String[] {"", " ", "   ", "\u3000\u3164", "\u2800", "\u200D", " \u200C "}) {
            assertEquals(
                    true,
                    ChatText.isBlank(blank),
                    blank.codePoints().boxed().toList().toString());
        }
        for (String shown : new String[] {"a", " a ", "\u3000中", FAMILY, "\uD83D\uDE00", "."}) {
            assertEquals(false, ChatText.isBlank(shown), shown);
        }
    }

    /** Joiners where they do their work: one at a time, between two visible characters. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void acceptsAJoinerBetweenTwoVisibleCharacters(String which, Check check, ToIntFunction<String> limit) {
        for (String text : new String[] {
            FAMILY, // 👨‍👩‍👧
            "\uD83D\uDC69\uD83C\uDFFD\u200D\uD83D\uDCBB", // 👩🏽‍💻: a skin tone, then ZWJ
            "\u2764\uFE0F\u200D\uD83D\uDD25", // ❤️‍🔥: a variation selector belongs to the heart
            "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", // 🏳️‍🌈
            "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", // می‌خواهم: Persian, ZWNJ
            "\u0915\u094D\u200D\u0937", // क्‍ष: Devanagari, a half form by ZWJ after the virama
            "see " + FAMILY + " here",
        }) {
            assertEquals(Optional.empty(), check.apply("bob", text), "U+" + hex(text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesAJoinerThatJoinsNothing(String which, Check check, ToIntFunction<String> limit) {
        for (String text : new String[] {
            "\u200D", // alone
            "\u200Dhi", // at the start
            "hi\u200D", // at the end
            "hi\u200C",
            "a\u200D\u200Db", // two in a row: one of them hides
            "a\u200C\u200Db",
            "a \u200Db", // beside a blank
            "a\u200D b",
            "a\u200D\u3164b", // beside a filler
            "\u200D".repeat(40),
        }) {
            assertEquals(
                    Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), check.apply("bob", text), "U+" + hex(text));
            assertEquals(Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), ChatText.checkAnnouncement(text));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void refusesTheIssuesPaddedFakeAnnouncements(String which, Check check, ToIntFunction<String> limit) {
        String fake = "管理员 : server restarts in 5 min, re-login at http://evil.example";
        for (String padding :
                new String[] {" ".repeat(72), "\u3164".repeat(40), "\u3000".repeat(40), "\u2800".repeat(80)}) {
            assertEquals(Optional.of(ChatText.Problem.BLANK_RUN), check.apply("bob", "hi" + padding + fake));
        }
    }

    @Test
    void announcementsMayHoldBlankRuns() {
        assertEquals(Optional.empty(), ChatText.checkAnnouncement("table:" + " ".repeat(20) + "end"));
        assertEquals(Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL), ChatText.checkAnnouncement("a\nb"));
    }

    private static String hex(String character) {
        return Integer.toHexString(character.codePointAt(0)).toUpperCase(java.util.Locale.ROOT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void reportsLengthBeforeContent(String which, Check check, ToIntFunction<String> limit) {
        String longAndControl = "\n".repeat(limit.applyAsInt("bob") + 1);

        assertEquals(Optional.of(ChatText.Problem.TOO_LONG), check.apply("bob", longAndControl));
    }

    // ---------------------------------------------------------------------------------------------
    // Chats: the line every member receives

    @Test
    void maxBytesLeavesRoomForNameAndSeparator() {
        assertEquals(1024 - 3 - 3, ChatText.maxBytes("bob"));
        assertEquals(1024 - 6 - 3, ChatText.maxBytes("小明"));
        assertEquals(1024 - 9 - 3, ChatText.maxBytes(Names.ADMINISTRATOR));
        assertEquals(1024 - 4 - 3, ChatText.maxBytes("😀"));
    }

    @Test
    void longestAcceptedTextFitsBothTheRequestAndTheLine() {
        String text = "中".repeat(ChatText.maxBytes("bob") / 3) + "x".repeat(ChatText.maxBytes("bob") % 3);
        assertEquals(Optional.empty(), ChatText.check("bob", text));

        assertEquals(1024, ClassicCodec.encode(new ClientPacket.Chat("bob", text)).length);
        assertEquals(1024, ClassicCodec.encode(ServerPacket.Line.chat("bob", text)).length);
        assertEquals(1024, ServerPacket.Line.chatLength("bob", text));
    }

    @Test
    void textOneByteTooLongCannotBecomeALine() {
        String text = "x".repeat(ChatText.maxBytes("bob") + 1);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ServerPacket.Line.chat("bob", text));
        assertEquals("line takes 1025 bytes, over the 1024-byte limit", e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------
    // Private messages: the mark that tells a classic recipient takes its bytes from the text

    @Test
    void privateMarkTakesTwelveBytes() {
        assertEquals(12, ChatText.PRIVATE_MARK_BYTES);
    }

    @Test
    void maxPrivateBytesIsMaxBytesLessTheMark() {
        assertEquals(1024 - 3 - 3 - 12, ChatText.maxPrivateBytes("bob"));
        assertEquals(1024 - 6 - 3 - 12, ChatText.maxPrivateBytes("小明"));
        assertEquals(1024 - 4 - 3 - 12, ChatText.maxPrivateBytes("😀"));
        for (String name : new String[] {"bob", "小明", "😀", "中".repeat(32)}) {
            assertEquals(ChatText.maxBytes(name) - ChatText.PRIVATE_MARK_BYTES, ChatText.maxPrivateBytes(name), name);
        }
    }

    @Test
    void refusesPrivateTextOfEveryLengthBetweenThePrivateAndTheChatLimit() {
        assertEquals(Optional.empty(), ChatText.check("bob", "x".repeat(ChatText.maxPrivateBytes("bob") + 1)));
        for (int bytes = ChatText.maxPrivateBytes("bob") + 1; bytes <= ChatText.maxBytes("bob") + 1; bytes++) {
            assertEquals(
                    Optional.of(ChatText.Problem.TOO_LONG),
                    ChatText.checkPrivate("bob", "x".repeat(bytes)),
                    bytes + " bytes");
        }
    }

    @Test
    void longestPrivateTextLeavesTheLineExactlyTheMarksBytes() {
        String text = "x".repeat(ChatText.maxPrivateBytes("bob"));

        assertEquals(
                Limits.MAX_DATAGRAM_BYTES - ChatText.PRIVATE_MARK_BYTES, ServerPacket.Line.chatLength("bob", text));
        // a 12-byte mark, such as the full-width "（私信）", still fits the classic line
        assertEquals(Limits.MAX_DATAGRAM_BYTES, ServerPacket.Line.chatLength("bob（私信）", text));
    }

    static Stream<Arguments> printableCases() {
        return Stream.of(
                Arguments.of("hi", "hi"),
                Arguments.of("  hi  ", "hi"),
                // the classic server's notices come wrapped in newlines
                Arguments.of("\n管理员 : hi\n", "管理员 : hi"),
                Arguments.of("a\r\nb", "a  b"),
                Arguments.of("a\nb\nc", "a b c"),
                Arguments.of("a\u001B[2Jb", "a\uFFFD[2Jb"),
                Arguments.of("a\u202Eb", "a\uFFFDb"),
                Arguments.of("a\tb", "a\uFFFDb"),
                Arguments.of("a\u2028b", "a\uFFFDb"),
                Arguments.of("a\uD800b", "a\uFFFDb"),
                Arguments.of("hi   there", "hi   there"),
                Arguments.of("a\u200Db", "a\u200Db"));
    }

    @ParameterizedTest
    @MethodSource("printableCases")
    void printableMakesTextSafeForOneLine(String text, String expected) {
        assertEquals(expected, ChatText.printable(text));
    }

    @Test
    void printableKeepsJoinedEmoji() {
        assertEquals(FAMILY, ChatText.printable(FAMILY));
    }

    @Test
    void printableOfOnlyWhitespaceIsEmpty() {
        assertEquals("", ChatText.printable(" \n\t\u3000 "));
    }

    @Test
    void printableResultNeverHoldsAForbiddenCharacter() {
        long seed = 0xC0FFEEL;
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder("x");
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                // mostly the low planes, where the controls, separators and format characters live
                text.append((char) (random.nextBoolean() ? random.nextInt(0x3000) : random.nextInt(0x10000)));
            }
            String printable = ChatText.printable(text.toString());

            assertNotEquals(
                    Optional.of(ChatText.Problem.INVISIBLE_OR_CONTROL),
                    ChatText.check("bob", printable),
                    "seed " + seed + ", case " + n + ": " + Untrusted.quote(text.toString()));
        }
    }
}
