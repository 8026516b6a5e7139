package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.udpchat.codec.NativePacketsTest.assertIllegal;
import static org.udpchat.codec.NativePacketsTest.assertNullPointer;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The invariants the room events' constructors enforce, each with its message. */
class RoomEventTest {

    /** Every event that carries a name, built from the name alone. */
    static Stream<Arguments> namedEvents() {
        return Stream.of(
                Arguments.of("Said", (Function<String, RoomEvent>) name -> new RoomEvent.Said(name, "hi")),
                Arguments.of("Joined", (Function<String, RoomEvent>) RoomEvent.Joined::new),
                Arguments.of("Left", (Function<String, RoomEvent>) RoomEvent.Left::new),
                Arguments.of("TimedOut", (Function<String, RoomEvent>) RoomEvent.TimedOut::new),
                Arguments.of("Kicked", (Function<String, RoomEvent>) name -> new RoomEvent.Kicked(name, "")),
                Arguments.of("Dropped", (Function<String, RoomEvent>) RoomEvent.Dropped::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventRefusesNullName(String kind, Function<String, RoomEvent> event) {
        assertNullPointer("name == null", () -> event.apply(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventRefusesEmptyName(String kind, Function<String, RoomEvent> event) {
        assertIllegal("name is empty", () -> event.apply(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventRefusesNameWithSurroundingWhitespace(String kind, Function<String, RoomEvent> event) {
        assertIllegal("name has surrounding whitespace: ' bob'", () -> event.apply(" bob"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventRefusesNameOver255Bytes(String kind, Function<String, RoomEvent> event) {
        assertIllegal("name takes over 255 bytes", () -> event.apply("x".repeat(256)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventAcceptsNameOf255Bytes(String kind, Function<String, RoomEvent> event) {
        String name = "😀".repeat(63) + "中"; // 63 × 4 + 3 = 255
        assertEquals(255, Utf8.encodedLength(name));
        event.apply(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedEvents")
    void namedEventRefusesNameWithALoneSurrogate(String kind, Function<String, RoomEvent> event) {
        assertIllegal("name has an unpaired surrogate at index 1", () -> event.apply("b\uD83Db"));
    }

    @Test
    void saidRefusesNullText() {
        assertNullPointer("text == null", () -> new RoomEvent.Said("bob", null));
    }

    @Test
    void saidRefusesEmptyText() {
        assertIllegal("text is empty", () -> new RoomEvent.Said("bob", ""));
    }

    @Test
    void saidRefusesTextWithALoneSurrogate() {
        assertIllegal("text has an unpaired surrogate at index 0", () -> new RoomEvent.Said("bob", "\uDC00"));
    }

    @Test
    void announcedRefusesNullText() {
        assertNullPointer("text == null", () -> new RoomEvent.Announced(null));
    }

    @Test
    void announcedRefusesEmptyText() {
        assertIllegal("text is empty", () -> new RoomEvent.Announced(""));
    }

    @Test
    void announcedRefusesTextWithALoneSurrogate() {
        assertIllegal("text has an unpaired surrogate at index 2", () -> new RoomEvent.Announced("hi\uD800"));
    }

    @Test
    void kickedRefusesNullReason() {
        assertNullPointer("reason == null", () -> new RoomEvent.Kicked("bob", null));
    }

    @Test
    void kickedAcceptsEmptyReason() {
        assertEquals("", new RoomEvent.Kicked("bob", "").reason());
    }

    @Test
    void kickedRefusesReasonWithALoneSurrogate() {
        assertIllegal("reason has an unpaired surrogate at index 4", () -> new RoomEvent.Kicked("bob", "spam\uDC00"));
    }

    @Test
    void youWereKickedRefusesNullReason() {
        assertNullPointer("reason == null", () -> new RoomEvent.YouWereKicked(null));
    }

    @Test
    void youWereKickedAcceptsEmptyReason() {
        assertEquals("", new RoomEvent.YouWereKicked("").reason());
    }

    @Test
    void youWereKickedRefusesReasonWithALoneSurrogate() {
        assertIllegal("reason has an unpaired surrogate at index 0", () -> new RoomEvent.YouWereKicked("\uD800"));
    }

    @Test
    void notRelayedRefusesNullProblem() {
        assertNullPointer("problem == null", () -> new RoomEvent.NotRelayed(null));
    }

    @Test
    void eventsWithEqualFieldsAreEqual() {
        assertEquals(new RoomEvent.Closing(), new RoomEvent.Closing());
        assertEquals(new RoomEvent.Said("bob", "hi"), new RoomEvent.Said("bob", "hi"));
        assertNotEquals((Object) new RoomEvent.Joined("bob"), new RoomEvent.Left("bob"));
        assertNotEquals((Object) new RoomEvent.Kicked("bob", ""), new RoomEvent.Kicked("bob", " "));
    }
}
