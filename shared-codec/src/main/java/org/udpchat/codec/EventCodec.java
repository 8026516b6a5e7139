package org.udpchat.codec;

import java.nio.ByteBuffer;
import java.util.List;

/** The body of a native EVENT: what every recipient of one event shares. */
public final class EventCodec {

    /**
     * The most event-body bytes one EVENT datagram carries: what a server may fill with a listing. The
     * header is the only other part.
     */
    public static final int MAX_BODY_BYTES = Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES;

    private EventCodec() {}

    /** Appends the event's kind and fields to {@code out}. */
    public static void encode(RoomEvent event, ByteBuffer out) {
        NativeCodec.encodeEventBody(event, out);
    }

    /** The event's body in an array of exactly its length, to be sent after many headers. */
    public static byte[] encode(RoomEvent event) {
        byte[] body = new byte[length(event)];
        encode(event, ByteBuffer.wrap(body));
        return body;
    }

    /** How many bytes {@link #encode} writes for {@code event}. */
    public static int length(RoomEvent event) {
        return NativeCodec.eventBodyLength(event);
    }

    /** The longest prefix of {@code rooms} that one {@link RoomEvent.RoomList} can carry. */
    public static List<RoomEvent.RoomCount> roomsThatFit(List<RoomEvent.RoomCount> rooms) {
        int bytes = length(new RoomEvent.RoomList(0, List.of()));
        int fitting = 0;
        for (RoomEvent.RoomCount room : rooms) {
            bytes += NativeCodec.roomCountLength(room);
            if (bytes > MAX_BODY_BYTES) {
                break;
            }
            fitting++;
        }
        return rooms.subList(0, fitting);
    }

    /** The longest prefix of {@code names} that one {@link RoomEvent.MemberList} of {@code room} can carry. */
    public static List<String> namesThatFit(String room, List<String> names) {
        int bytes = length(new RoomEvent.MemberList(room, 0, List.of()));
        int fitting = 0;
        for (String name : names) {
            bytes += 1 + Utf8.encodedLength(name);
            if (bytes > MAX_BODY_BYTES) {
                break;
            }
            fitting++;
        }
        return names.subList(0, fitting);
    }
}
