package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.udpchat.codec.NativePacketsTest.assertIllegal;
import static org.udpchat.codec.NativePacketsTest.assertNullPointer;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks the event and request records share, made through every record that makes them: a native
 * name (or room), a text, a reason. Each refusal with its message.
 */
class FieldChecksTest {

    private static final String NAME_OF_255_BYTES = "😀".repeat(63) + "中"; // 63 × 4 + 3 = 255

    private static Arguments record(String kind, Function<String, ?> make) {
        return arguments(kind, make);
    }

    /** Every record that must carry a name or a room, built from it alone. */
    static Stream<Arguments> namedRecords() {
        return Stream.of(
                record("Said", name -> new RoomEvent.Said(name, "hi")),
                record("Joined", RoomEvent.Joined::new),
                record("Left", RoomEvent.Left::new),
                record("TimedOut", RoomEvent.TimedOut::new),
                record("Kicked", name -> new RoomEvent.Kicked(name, "")),
                record("Dropped", RoomEvent.Dropped::new),
                record("YouAreIn", room -> new RoomEvent.YouAreIn(room, 1)),
                record("RoomList's room", room -> new RoomEvent.RoomList(1, List.of(new RoomEvent.RoomCount(room, 1)))),
                record("MemberList's room", room -> new RoomEvent.MemberList(room, 0, List.of())),
                record("PrivateFrom", name -> new RoomEvent.PrivateFrom(name, "hi")),
                record("PrivateTo", name -> new RoomEvent.PrivateTo(name, "hi")),
                record("Acted", name -> new RoomEvent.Acted(name, "waves")),
                record("Renamed's old name", name -> new RoomEvent.Renamed(name, "rob")),
                record("Renamed's new name", name -> new RoomEvent.Renamed("bob", name)),
                record("JoinRoom", RoomRequest.JoinRoom::new),
                record("PrivateMessage", to -> new RoomRequest.PrivateMessage(to, "hi")),
                record("Nick", RoomRequest.Nick::new));
    }

    /** Every record that carries a name or a room, WHO's room included, which may be empty. */
    static Stream<Arguments> nameFields() {
        return Stream.concat(namedRecords(), Stream.of(record("Who", RoomRequest.Who::new)));
    }

    /** Every record that carries a text, built from it alone. */
    static Stream<Arguments> textRecords() {
        return Stream.of(
                record("Said", text -> new RoomEvent.Said("bob", text)),
                record("Announced", RoomEvent.Announced::new),
                record("PrivateFrom", text -> new RoomEvent.PrivateFrom("bob", text)),
                record("PrivateTo", text -> new RoomEvent.PrivateTo("bob", text)),
                record("Acted", text -> new RoomEvent.Acted("bob", text)),
                record("PrivateMessage", text -> new RoomRequest.PrivateMessage("bob", text)),
                record("Action", RoomRequest.Action::new));
    }

    /** Every record that carries a reason, which may be empty. */
    static Stream<Arguments> reasonRecords() {
        return Stream.of(
                record("Kicked", reason -> new RoomEvent.Kicked("bob", reason)),
                record("YouWereKicked", RoomEvent.YouWereKicked::new));
    }

    // ---------------------------------------------------------------------------------------------
    // Names and rooms

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRecords")
    void refusesNullName(String kind, Function<String, ?> record) {
        assertNullPointer("name == null", () -> record.apply(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRecords")
    void refusesEmptyName(String kind, Function<String, ?> record) {
        assertIllegal("name is empty", () -> record.apply(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void refusesNameWithSurroundingWhitespace(String kind, Function<String, ?> record) {
        assertIllegal("name has surrounding whitespace: ' bob'", () -> record.apply(" bob"));
        assertIllegal("name has surrounding whitespace: ' lobby'", () -> record.apply(" lobby"));
        assertIllegal("name has surrounding whitespace: 'lobby\u3000'", () -> record.apply("lobby\u3000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void refusesNameOver255Bytes(String kind, Function<String, ?> record) {
        assertIllegal("name takes over 255 bytes", () -> record.apply("x".repeat(256)));
        assertIllegal("name takes over 255 bytes", () -> record.apply("x" + NAME_OF_255_BYTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void refusesNameWithALoneSurrogate(String kind, Function<String, ?> record) {
        assertIllegal("name has an unpaired surrogate at index 1", () -> record.apply("b\uD83Db"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void refusesNameWithANul(String kind, Function<String, ?> record) {
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> record.apply("b\0b"));
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> record.apply("\0"));
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> record.apply("lob\0by"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void acceptsCjkEmojiInnerSpacesAndTheLongestName(String kind, Function<String, ?> record) {
        assertEquals(255, Utf8.encodedLength(NAME_OF_255_BYTES));
        for (String name : new String[] {"lobby", "大厅", "小明", "😀bob", "rust dev", "bob smith", NAME_OF_255_BYTES}) {
            assertEquals(record.apply(name), record.apply(name), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nameFields")
    void leavesTheNameRulesToTheServer(String kind, Function<String, ?> record) {
        // Reserved, too long in code points: the server's rules, not the wire's.
        record.apply(Names.ADMINISTRATOR);
        record.apply("a".repeat(33));
    }

    // ---------------------------------------------------------------------------------------------
    // Texts

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRecords")
    void refusesNullText(String kind, Function<String, ?> record) {
        assertNullPointer("text == null", () -> record.apply(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRecords")
    void refusesEmptyText(String kind, Function<String, ?> record) {
        assertIllegal("text is empty", () -> record.apply(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRecords")
    void refusesTextWithALoneSurrogate(String kind, Function<String, ?> record) {
        assertIllegal("text has an unpaired surrogate at index 2", () -> record.apply("hi\uD800"));
        assertIllegal("text has an unpaired surrogate at index 2", () -> record.apply("hi\uDC00"));
        assertIllegal("text has an unpaired surrogate at index 0", () -> record.apply("\uDC00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRecords")
    void keepsItsTextExactly(String kind, Function<String, ?> record) {
        assertEquals(record.apply("  hi  "), record.apply("  hi  "));
        assertEquals(record.apply("  你好 😀  "), record.apply("  你好 😀  "));
        assertNotEquals(record.apply("hi"), record.apply(" hi"));
        assertNotEquals(record.apply("hi"), record.apply(" hi "));
    }

    // ---------------------------------------------------------------------------------------------
    // Reasons

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasonRecords")
    void refusesNullReason(String kind, Function<String, ?> record) {
        assertNullPointer("reason == null", () -> record.apply(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasonRecords")
    void acceptsAnEmptyReason(String kind, Function<String, ?> record) {
        assertEquals(record.apply(""), record.apply(""));
        assertNotEquals(record.apply(""), record.apply(" "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasonRecords")
    void refusesReasonWithALoneSurrogate(String kind, Function<String, ?> record) {
        assertIllegal("reason has an unpaired surrogate at index 4", () -> record.apply("spam\uDC00"));
        assertIllegal("reason has an unpaired surrogate at index 0", () -> record.apply("\uD800"));
    }
}
