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

/** The invariants the requests' constructors enforce, each with its message. */
class RoomRequestTest {

    private static final String NAME_OF_255_BYTES = "😀".repeat(63) + "中"; // 63 × 4 + 3 = 255

    /** Every request that carries a name or a room, built from it alone. */
    static Stream<Arguments> namedRequests() {
        return Stream.of(
                Arguments.of("JoinRoom", (Function<String, RoomRequest>) RoomRequest.JoinRoom::new),
                Arguments.of("Who", (Function<String, RoomRequest>) RoomRequest.Who::new),
                Arguments.of("PrivateMessage", (Function<String, RoomRequest>)
                        to -> new RoomRequest.PrivateMessage(to, "hi")),
                Arguments.of("Nick", (Function<String, RoomRequest>) RoomRequest.Nick::new));
    }

    /** Every request that carries a text, built from it alone. */
    static Stream<Arguments> textRequests() {
        return Stream.of(
                Arguments.of("PrivateMessage", (Function<String, RoomRequest>)
                        text -> new RoomRequest.PrivateMessage("bob", text)),
                Arguments.of("Action", (Function<String, RoomRequest>) RoomRequest.Action::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestAcceptsCjkEmojiAndInnerSpaces(String kind, Function<String, RoomRequest> request) {
        for (String name : new String[] {"lobby", "大厅", "小明", "😀bob", "rust dev", NAME_OF_255_BYTES}) {
            assertEquals(request.apply(name), request.apply(name), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestLeavesTheNameRulesToTheServer(String kind, Function<String, RoomRequest> request) {
        // Reserved, too long in code points: the server's rules, not the wire's.
        request.apply(Names.ADMINISTRATOR);
        request.apply("a".repeat(33));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestRefusesNameWithSurroundingWhitespace(String kind, Function<String, RoomRequest> request) {
        assertIllegal("name has surrounding whitespace: ' lobby'", () -> request.apply(" lobby"));
        assertIllegal("name has surrounding whitespace: 'lobby\u3000'", () -> request.apply("lobby\u3000"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestRefusesNameWithANul(String kind, Function<String, RoomRequest> request) {
        assertIllegal("name holds a NUL, which ends a name on the wire", () -> request.apply("lob\0by"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestRefusesNameOver255Bytes(String kind, Function<String, RoomRequest> request) {
        assertIllegal("name takes over 255 bytes", () -> request.apply("x" + NAME_OF_255_BYTES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRequests")
    void namedRequestRefusesNameWithALoneSurrogate(String kind, Function<String, RoomRequest> request) {
        assertIllegal("name has an unpaired surrogate at index 1", () -> request.apply("b\uD83Db"));
    }

    @Test
    void joinRoomRefusesNullOrEmptyRoom() {
        assertNullPointer("name == null", () -> new RoomRequest.JoinRoom(null));
        assertIllegal("name is empty", () -> new RoomRequest.JoinRoom(""));
    }

    @Test
    void nickRefusesNullOrEmptyName() {
        assertNullPointer("name == null", () -> new RoomRequest.Nick(null));
        assertIllegal("name is empty", () -> new RoomRequest.Nick(""));
    }

    @Test
    void privateMessageRefusesNullOrEmptyRecipient() {
        assertNullPointer("name == null", () -> new RoomRequest.PrivateMessage(null, "hi"));
        assertIllegal("name is empty", () -> new RoomRequest.PrivateMessage("", "hi"));
    }

    @Test
    void whoRefusesNullRoom() {
        assertNullPointer("room == null", () -> new RoomRequest.Who(null));
    }

    @Test
    void whoOfAnEmptyRoomAsksAboutTheOwnRoom() {
        assertEquals("", new RoomRequest.Who("").room());
        assertNotEquals(new RoomRequest.Who(""), new RoomRequest.Who("lobby"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRequests")
    void textRequestRefusesNullText(String kind, Function<String, RoomRequest> request) {
        assertNullPointer("text == null", () -> request.apply(null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRequests")
    void textRequestRefusesEmptyText(String kind, Function<String, RoomRequest> request) {
        assertIllegal("text is empty", () -> request.apply(""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRequests")
    void textRequestRefusesTextWithALoneSurrogate(String kind, Function<String, RoomRequest> request) {
        assertIllegal("text has an unpaired surrogate at index 2", () -> request.apply("hi\uDC00"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textRequests")
    void textRequestKeepsItsTextExactly(String kind, Function<String, RoomRequest> request) {
        assertNotEquals(request.apply("hi"), request.apply(" hi "));
        assertEquals(request.apply("  你好 😀  "), request.apply("  你好 😀  "));
    }

    @Test
    void requestsWithEqualFieldsAreEqual() {
        assertEquals(new RoomRequest.ListRooms(), new RoomRequest.ListRooms());
        assertEquals(new RoomRequest.Nick("rob"), new RoomRequest.Nick("rob"));
        assertNotEquals((Object) new RoomRequest.JoinRoom("lobby"), new RoomRequest.Who("lobby"));
        assertNotEquals(new RoomRequest.PrivateMessage("bob", "hi"), new RoomRequest.PrivateMessage("rob", "hi"));
    }
}
