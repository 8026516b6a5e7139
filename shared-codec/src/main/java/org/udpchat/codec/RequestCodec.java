package org.udpchat.codec;

import static org.udpchat.codec.KindTable.row;

import org.udpchat.codec.RoomRequest.Action;
import org.udpchat.codec.RoomRequest.JoinRoom;
import org.udpchat.codec.RoomRequest.ListRooms;
import org.udpchat.codec.RoomRequest.Nick;
import org.udpchat.codec.RoomRequest.PrivateMessage;
import org.udpchat.codec.RoomRequest.Who;

/**
 * The body of a native REQUEST: what follows its session header. A body is the request's kind (one byte),
 * then the kind's fields:
 *
 * <pre>
 *  kind  request          fields
 *     1  JOIN_ROOM        room
 *     2  LIST_ROOMS       —
 *     3  WHO              room, or nothing for the member's own room
 *     4  PRIVATE_MESSAGE  to: a length byte and UTF-8; text
 *     5  ACTION           [line id], text
 *     6  NICK             name
 * </pre>
 *
 * <p>A room or a name here runs to the end of the datagram, as UTF-8 of 1 to {@value
 * Limits#MAX_NATIVE_NAME_BYTES} bytes with no NUL and no surrounding whitespace (the server applies the
 * name rules); a text is UTF-8 to the end, never empty; an action's optional line id is in {@link LineId}. For example, NICK 小红 is {@code 06 E5 B0 8F E7 BA A2}.
 * Each row of {@link #KINDS} below is one line of this table.
 */
final class RequestCodec {

    private static final KindTable<RoomRequest> KINDS = new KindTable<>(
            RoomRequest.class,
            kind -> "unknown request kind " + kind,
            row(1, JoinRoom.class, (r, out) -> out.rest(r.room()), in -> new JoinRoom(in.restAsName("JOIN_ROOM"))),
            row(2, ListRooms.class, (r, out) -> {}, in -> in.end("LIST_ROOMS", new ListRooms())),
            row(3, Who.class, (r, out) -> out.rest(r.room()), in -> new Who(ownOrNamedRoom(in))),
            row(
                    4,
                    PrivateMessage.class,
                    (r, out) -> out.shortName(r.to()).rest(r.text()),
                    in -> new PrivateMessage(in.shortName(), in.restAsText("PRIVATE_MESSAGE"))),
            row(5, Action.class, (r, out) -> LineId.write(r.lineId(), out).rest(r.text()), in -> {
                long lineId = LineId.read(in);
                return new Action(in.restAsText("ACTION"), lineId);
            }),
            row(6, Nick.class, (r, out) -> out.rest(r.name()), in -> new Nick(in.restAsName("NICK"))));

    private RequestCodec() {}

    /** How many bytes {@link #write} writes for {@code request}. */
    static int length(RoomRequest request) {
        return KINDS.length(request);
    }

    static void write(RoomRequest request, FieldWriter out) {
        KINDS.write(request, out);
    }

    static RoomRequest read(FieldReader in) throws MalformedPacketException {
        return KINDS.read(in.u8(), in);
    }

    /** WHO's room: nothing asks about the member's own room. */
    private static String ownOrNamedRoom(FieldReader in) throws MalformedPacketException {
        String room = in.rest();
        if (!room.isEmpty()) {
            FieldReader.requireUsableName(room, "WHO has no usable room");
        }
        return room;
    }
}
