package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.udpchat.codec.NativePacketsTest.assertIllegal;
import static org.udpchat.codec.NativePacketsTest.assertNullPointer;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The invariants the packet records' constructors enforce, each with its message. */
class PacketsTest {

    // ---------------------------------------------------------------------------------------------
    // Login and Quit share the name checks

    /** L and Q, built from the name alone, with the form their size is reported in. */
    static Stream<Arguments> namedPackets() {
        return Stream.of(
                arguments("L <name>", (Function<String, ClientPacket>) ClientPacket.Login::new),
                arguments("Q <name>", (Function<String, ClientPacket>) ClientPacket.Quit::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedPackets")
    void refusesNullOrEmptyName(String form, Function<String, ClientPacket> packet) {
        assertNullPointer("name == null", () -> packet.apply(null));
        assertIllegal("name is empty", () -> packet.apply(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedPackets")
    void refusesNameWithSurroundingWhitespaceAndQuotesIt(String form, Function<String, ClientPacket> packet) {
        assertIllegal("name has surrounding whitespace: ' bob'", () -> packet.apply(" bob"));
        assertIllegal("name has surrounding whitespace: 'bob '", () -> packet.apply("bob "));
        assertIllegal("name has surrounding whitespace: 'bob\\u000A'", () -> packet.apply("bob\n"));
        assertIllegal("name has surrounding whitespace: '\\u0009'", () -> packet.apply("\t"));
    }

    @Test
    void loginAcceptsNameWithInnerSpaces() {
        // The decoder reads such a name back unchanged; whether it may join is Names.check's call.
        assertEquals("bob smith", new ClientPacket.Login("bob smith").name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedPackets")
    void refusesNameThatWouldOverflowTheDatagram(String form, Function<String, ClientPacket> packet) {
        assertDoesNotThrow(() -> packet.apply("x".repeat(1022)));
        assertIllegal(form + " takes 1025 bytes, over the 1024-byte limit", () -> packet.apply("x".repeat(1023)));
        // 341 × 3 bytes = 1023: short in chars, over the limit in bytes
        assertIllegal(form + " takes 1025 bytes, over the 1024-byte limit", () -> packet.apply("中".repeat(341)));
    }

    // ---------------------------------------------------------------------------------------------
    // Chat

    @Test
    void chatRefusesNullName() {
        assertNullPointer("name == null", () -> new ClientPacket.Chat(null, "hi"));
    }

    @Test
    void chatRefusesEmptyName() {
        assertIllegal("name is empty", () -> new ClientPacket.Chat("", "hi"));
    }

    @Test
    void chatRefusesNameWithASpace() {
        assertIllegal("name contains a space: 'bob smith'", () -> new ClientPacket.Chat("bob smith", "hi"));
    }

    @Test
    void chatRefusesNameWithTrailingSpace() {
        assertIllegal("name contains a space: 'bob '", () -> new ClientPacket.Chat("bob ", "hi"));
    }

    @Test
    void chatRefusesNullText() {
        assertNullPointer("text == null", () -> new ClientPacket.Chat("bob", null));
    }

    @Test
    void chatRefusesEmptyText() {
        assertIllegal("text is empty", () -> new ClientPacket.Chat("bob", ""));
    }

    @Test
    void chatKeepsTextExactly() {
        assertEquals("  hi  ", new ClientPacket.Chat("bob", "  hi  ").text());
    }

    @Test
    void chatAcceptsRequestOfExactlyTheLimit() {
        assertDoesNotThrow(() -> new ClientPacket.Chat("bob", "x".repeat(1024 - 6)));
    }

    @Test
    void chatRefusesRequestOfOneByteOverTheLimit() {
        assertIllegal(
                "C <name> <text> takes 1025 bytes, over the 1024-byte limit",
                () -> new ClientPacket.Chat("bob", "x".repeat(1024 - 5)));
    }

    @Test
    void chatMeasuresTheTextInUtf8() {
        // 1016 ASCII + one 3-byte character = 1019 bytes of text, 1025 in all
        assertIllegal(
                "C <name> <text> takes 1025 bytes, over the 1024-byte limit",
                () -> new ClientPacket.Chat("bob", "x".repeat(1016) + "中"));
    }

    @Test
    void chatRefusesNullNameBeforeLookingAtTheText() {
        assertNullPointer("name == null", () -> new ClientPacket.Chat(null, null));
    }

    // ---------------------------------------------------------------------------------------------
    // Line, Ok, Exit

    @Test
    void lineRefusesNullText() {
        assertNullPointer("text == null", () -> new ServerPacket.Line(null));
    }

    @Test
    void lineRefusesEmptyText() {
        assertIllegal("text is empty", () -> new ServerPacket.Line(""));
    }

    @Test
    void lineCannotBeOk() {
        assertIllegal("a line cannot be OK: that is a control reply", () -> new ServerPacket.Line("OK"));
    }

    @Test
    void lineCannotBeExit() {
        assertIllegal("a line cannot be EXIT: that is a control reply", () -> new ServerPacket.Line("EXIT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK ", "ok", "EXIT\n", "Exit", " ", "OKAY"})
    void lineMayResembleAControlReply(String text) {
        assertEquals(text, new ServerPacket.Line(text).text());
    }

    @Test
    void lineAcceptsExactlyTheLimit() {
        assertDoesNotThrow(() -> new ServerPacket.Line("x".repeat(1024)));
    }

    @Test
    void lineRefusesOneByteOverTheLimit() {
        assertIllegal("line takes 1025 bytes, over the 1024-byte limit", () -> new ServerPacket.Line("x".repeat(1025)));
    }

    @Test
    void lineMeasuresTheTextInUtf8() {
        // 342 × 3 = 1026 bytes, though only 342 chars
        assertIllegal("line takes 1026 bytes, over the 1024-byte limit", () -> new ServerPacket.Line("中".repeat(342)));
    }

    @Test
    void chatLineJoinsNameAndTextWithTheClassicSeparator() {
        assertEquals(new ServerPacket.Line("小明 : 你好"), ServerPacket.Line.chat("小明", "你好"));
        assertEquals(" : ", ServerPacket.Line.CHAT_SEPARATOR);
    }

    @Test
    void chatLengthIsTheUtf8LengthOfTheChatLine() {
        for (String[] pair : new String[][] {{"bob", "hi"}, {"小明", "你好"}, {"😀", "  😀  "}}) {
            String name = pair[0];
            String text = pair[1];
            assertEquals(
                    ServerPacket.Line.chat(name, text).text().getBytes(Limits.CHARSET).length,
                    ServerPacket.Line.chatLength(name, text),
                    name + " : " + text);
        }
    }

    @Test
    void okAndExitAreValues() {
        assertEquals(new ServerPacket.Ok(), new ServerPacket.Ok());
        assertEquals(new ServerPacket.Exit(), new ServerPacket.Exit());
        assertNotEquals((Object) new ServerPacket.Ok(), new ServerPacket.Exit());
    }

    @Test
    void packetsWithEqualFieldsAreEqual() {
        assertEquals(new ClientPacket.Chat("bob", "hi"), new ClientPacket.Chat("bob", "hi"));
        assertEquals(new ClientPacket.Chat("bob", "hi").hashCode(), new ClientPacket.Chat("bob", "hi").hashCode());
        assertNotEquals((Object) new ClientPacket.Login("bob"), new ClientPacket.Quit("bob"));
    }

    @Test
    void limitsAreTheClassicOnes() {
        assertEquals(1024, Limits.MAX_DATAGRAM_BYTES);
        assertEquals(32, Limits.MAX_NAME_CODE_POINTS);
        assertEquals(65_507, Limits.RECEIVE_BUFFER_BYTES);
        assertEquals("UTF-8", Limits.CHARSET.name());
        assertEquals("OK", ClassicCodec.OK);
        assertEquals("EXIT", ClassicCodec.EXIT);
    }
}
