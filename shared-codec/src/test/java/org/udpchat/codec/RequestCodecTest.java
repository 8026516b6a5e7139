package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.udpchat.codec.NativeBytes.FAMILY;
import static org.udpchat.codec.NativeBytes.LONGEST_NAME;
import static org.udpchat.codec.NativeBytes.TOKEN;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.hex;
import static org.udpchat.codec.NativeBytes.longestTextAfter;
import static org.udpchat.codec.NativeCodecTest.LONGEST_CHAT_TEXT_BYTES;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Request bodies: each kind's layout after a REQUEST's session header. */
class RequestCodecTest {

    /** One or more of every request kind, at the edges of its fields. */
    static Stream<RoomRequest> requests() {
        List<RoomRequest> requests = new ArrayList<>();
        requests.add(new RoomRequest.JoinRoom("lobby"));
        requests.add(new RoomRequest.JoinRoom("大厅"));
        requests.add(new RoomRequest.JoinRoom("rust  dev"));
        requests.add(new RoomRequest.JoinRoom(LONGEST_NAME));
        requests.add(new RoomRequest.ListRooms());
        requests.add(new RoomRequest.Who(""));
        requests.add(new RoomRequest.Who("lobby"));
        requests.add(new RoomRequest.Who("聊天室"));
        requests.add(new RoomRequest.Who(LONGEST_NAME));
        requests.add(new RoomRequest.PrivateMessage("alice", "hi"));
        requests.add(new RoomRequest.PrivateMessage("小明", "你好 😀 " + FAMILY));
        requests.add(new RoomRequest.PrivateMessage("bob", "  runs   of   spaces  "));
        requests.add(new RoomRequest.PrivateMessage(LONGEST_NAME, "x"));
        requests.add(new RoomRequest.PrivateMessage("bob", "x".repeat(longestTextAfter("bob"))));
        requests.add(new RoomRequest.Action("waves"));
        requests.add(new RoomRequest.Action("挥手 😀 " + FAMILY));
        requests.add(new RoomRequest.Action(" "));
        requests.add(new RoomRequest.Action("x".repeat(LONGEST_CHAT_TEXT_BYTES - 1)));
        requests.add(new RoomRequest.Nick("rob"));
        requests.add(new RoomRequest.Nick("小红"));
        requests.add(new RoomRequest.Nick("😀bob"));
        requests.add(new RoomRequest.Nick(LONGEST_NAME));
        return requests.stream();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestPacketIsTheSessionHeaderThenTheRequestBody(RoomRequest request) {
        ByteBuffer body = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        RequestCodec.write(request, FieldWriter.into(body));

        byte[] bytes = NativeCodec.encode(new NativeClientPacket.Request(TOKEN, 9, 4, request));

        assertArrayEquals(
                hex("FF AC 02 08 " + TOKEN_HEX + " 00 00 00 09  00 00 00 04"),
                Arrays.copyOf(bytes, NativeCodec.SESSION_HEADER_BYTES));
        assertArrayEquals(
                Arrays.copyOf(body.array(), body.position()),
                Arrays.copyOfRange(bytes, NativeCodec.SESSION_HEADER_BYTES, bytes.length));
        // The length runs the kind's writer against a counting writer: the two must agree.
        assertEquals(body.position(), RequestCodec.length(request));
    }

    @Test
    void longestRequestsTakeExactlyTheNativeLimit() throws MalformedPacketException {
        for (RoomRequest request : List.of(
                new RoomRequest.PrivateMessage("小明", "x".repeat(longestTextAfter("小明"))),
                new RoomRequest.Action("y".repeat(LONGEST_CHAT_TEXT_BYTES - 1)))) {
            NativeClientPacket.Request packet = new NativeClientPacket.Request(TOKEN, 1, 0, request);

            byte[] bytes = NativeCodec.encode(packet);

            assertEquals(Limits.MAX_NATIVE_DATAGRAM_BYTES, bytes.length);
            assertEquals(packet, NativeCodec.decodeClientPacket(ByteBuffer.wrap(bytes)));
        }
    }
}
