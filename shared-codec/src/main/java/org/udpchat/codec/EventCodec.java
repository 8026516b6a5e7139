package org.udpchat.codec;

import static org.udpchat.codec.KindTable.row;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.udpchat.codec.RoomEvent.Acted;
import org.udpchat.codec.RoomEvent.Announced;
import org.udpchat.codec.RoomEvent.AnnouncedToRoom;
import org.udpchat.codec.RoomEvent.Banned;
import org.udpchat.codec.RoomEvent.Came;
import org.udpchat.codec.RoomEvent.Closing;
import org.udpchat.codec.RoomEvent.Dropped;
import org.udpchat.codec.RoomEvent.Failed;
import org.udpchat.codec.RoomEvent.History;
import org.udpchat.codec.RoomEvent.Joined;
import org.udpchat.codec.RoomEvent.Kicked;
import org.udpchat.codec.RoomEvent.Left;
import org.udpchat.codec.RoomEvent.ManyJoined;
import org.udpchat.codec.RoomEvent.ManyLeft;
import org.udpchat.codec.RoomEvent.MemberList;
import org.udpchat.codec.RoomEvent.Missed;
import org.udpchat.codec.RoomEvent.Muted;
import org.udpchat.codec.RoomEvent.NotRelayed;
import org.udpchat.codec.RoomEvent.PrivateFrom;
import org.udpchat.codec.RoomEvent.PrivateTo;
import org.udpchat.codec.RoomEvent.Renamed;
import org.udpchat.codec.RoomEvent.RoomCount;
import org.udpchat.codec.RoomEvent.RoomList;
import org.udpchat.codec.RoomEvent.Said;
import org.udpchat.codec.RoomEvent.SlowedDown;
import org.udpchat.codec.RoomEvent.TakesLineIds;
import org.udpchat.codec.RoomEvent.TimedOut;
import org.udpchat.codec.RoomEvent.Unmuted;
import org.udpchat.codec.RoomEvent.Unrecognized;
import org.udpchat.codec.RoomEvent.Went;
import org.udpchat.codec.RoomEvent.YouAreIn;
import org.udpchat.codec.RoomEvent.YouWereBanned;
import org.udpchat.codec.RoomEvent.YouWereKicked;

/**
 * The body of a native EVENT: what every recipient of one event shares. The relay encodes a body once
 * per event and sends it after each recipient's own header ({@link NativeCodec#writeEventHeader}). A body
 * is the event's kind (one byte), then the kind's fields:
 *
 * <pre>
 *  kind  event            fields
 *     1  SAID             name, text
 *     2  JOINED           name
 *     3  LEFT             name
 *     4  TIMED_OUT        name
 *     5  KICKED           name, reason
 *     6  DROPPED          name
 *     7  ANNOUNCED        text
 *     8  CLOSING          —
 *     9  YOU_WERE_KICKED  reason
 *    10  NOT_RELAYED      problem(1): 1 empty, 2 too long, 3 control or invisible characters,
 *                         4 a run of over 8 blanks, 5 what looks like an announcement's prefix
 *    11  YOU_ARE_IN       room, members(u32)
 *    12  ROOM_LIST        total(u32), then to the end: room, members(u32)
 *    13  MEMBER_LIST      room, total(u32), then to the end: name
 *    14  PRIVATE_FROM     name, text
 *    15  PRIVATE_TO       name, text
 *    16  ACTED            name, text
 *    17  RENAMED          old name, new name
 *    18  FAILED           failure(1), limit(u32), subject
 *    19  MUTED            minutes(u32)
 *    20  UNMUTED          —
 *    21  MANY_JOINED      total(u32), then to the end: name
 *    22  MANY_LEFT        total(u32), then to the end: name
 *    23  SLOWED_DOWN      lines per second(u32)
 *    24  WENT             name, room (where to)
 *    25  CAME             name, room (where from)
 *    26  ANNOUNCED_TO_ROOM room, text
 *    27  BANNED           name, minutes(u32; 0: until lifted)
 *    28  YOU_WERE_BANNED  minutes(u32; 0: until lifted)
 *    29  HISTORY          line(u32; 0: a private message), at(u64: ms since 1970, the server's clock),
 *                         then the event as it was sent live (its kind and fields, to the end)
 *    30  MISSED           lines(u32), room (to the end; empty: your private messages)
 *    31  TAKES_LINE_IDS   —  (this session's rooms take a line once per name and line id)
 *  else  (unrecognized)   whatever a newer server put there: skipped
 * </pre>
 *
 * <p>A name or a room is a length byte, then 1 to {@value Limits#MAX_NATIVE_NAME_BYTES} bytes of UTF-8; a
 * text (never empty), a reason or a subject (either may be empty) is UTF-8 to the end of the datagram;
 * numbers are big-endian. Any other layout ends where its last field does. For example, JOINED bob is
 * {@code 02 03 62 6F 62}. Each row of {@link #KINDS} below is one line of this table: adding an event is
 * its record in {@link RoomEvent} and its row.
 *
 * <p>A kind no row has (but 0, which is no kind) decodes to {@link Unrecognized}, its fields skipped: a
 * client acknowledges a newer server's events without showing them, where rejecting them would leave
 * them unacknowledged and resent until the server dropped it. So a new kind needs no new client, and a
 * new client shows it.
 */
public final class EventCodec {

    /**
     * The most event-body bytes one EVENT datagram carries: what a server may fill with a listing. The
     * header is the only other part.
     */
    public static final int MAX_BODY_BYTES = Limits.MAX_NATIVE_DATAGRAM_BYTES - NativeCodec.SESSION_HEADER_BYTES;

    /** HISTORY's kind, which {@link #history} writes without a record. */
    private static final int HISTORY_KIND = 29;

    /** The bytes HISTORY puts before the event it holds: its kind, line (u32) and time (u64). */
    public static final int HISTORY_PREFIX_BYTES = 1 + 4 + 8;

    private static final KindTable<RoomEvent> KINDS = new KindTable<>(
            RoomEvent.class,
            kind -> "unknown event kind " + kind,
            new KindTable.Unlisted<>(Unrecognized.class, Unrecognized::kind, Unrecognized::new),
            row(
                    1,
                    Said.class,
                    (e, out) -> out.shortName(e.name()).rest(e.text()),
                    in -> new Said(in.shortName(), in.restAsText("SAID"))),
            row(
                    2,
                    Joined.class,
                    (e, out) -> out.shortName(e.name()),
                    in -> in.end("event", new Joined(in.shortName()))),
            row(3, Left.class, (e, out) -> out.shortName(e.name()), in -> in.end("event", new Left(in.shortName()))),
            row(
                    4,
                    TimedOut.class,
                    (e, out) -> out.shortName(e.name()),
                    in -> in.end("event", new TimedOut(in.shortName()))),
            row(
                    5,
                    Kicked.class,
                    (e, out) -> out.shortName(e.name()).rest(e.reason()),
                    in -> new Kicked(in.shortName(), in.rest())),
            row(
                    6,
                    Dropped.class,
                    (e, out) -> out.shortName(e.name()),
                    in -> in.end("event", new Dropped(in.shortName()))),
            row(7, Announced.class, (e, out) -> out.rest(e.text()), in -> new Announced(in.restAsText("ANNOUNCED"))),
            row(8, Closing.class, (e, out) -> {}, in -> in.end("event", new Closing())),
            row(9, YouWereKicked.class, (e, out) -> out.rest(e.reason()), in -> new YouWereKicked(in.rest())),
            row(
                    10,
                    NotRelayed.class,
                    (e, out) -> out.u8(problemCode(e.problem())),
                    in -> in.end(
                            "event",
                            new NotRelayed(
                                    in.code(ChatText.Problem.values(), EventCodec::problemCode, "text problem")))),
            row(
                    11,
                    YouAreIn.class,
                    (e, out) -> out.shortName(e.room()).u32(e.members()),
                    in -> in.end("event", new YouAreIn(in.shortName(), in.u32()))),
            row(
                    12,
                    RoomList.class,
                    (e, out) -> {
                        out.u32(e.total());
                        for (RoomCount room : e.rooms()) {
                            roomCount(room, out);
                        }
                    },
                    in -> {
                        long total = in.u32();
                        List<RoomCount> rooms = new ArrayList<>();
                        while (in.hasRemaining()) {
                            rooms.add(new RoomCount(in.shortName(), in.u32()));
                        }
                        return listing(() -> new RoomList(total, rooms));
                    }),
            row(
                    13,
                    MemberList.class,
                    (e, out) -> {
                        out.shortName(e.room());
                        names(e.total(), e.names(), out);
                    },
                    in -> {
                        String room = in.shortName();
                        return nameListing(in, (total, names) -> new MemberList(room, total, names));
                    }),
            row(
                    14,
                    PrivateFrom.class,
                    (e, out) -> out.shortName(e.name()).rest(e.text()),
                    in -> new PrivateFrom(in.shortName(), in.restAsText("PRIVATE_FROM"))),
            row(
                    15,
                    PrivateTo.class,
                    (e, out) -> out.shortName(e.name()).rest(e.text()),
                    in -> new PrivateTo(in.shortName(), in.restAsText("PRIVATE_TO"))),
            row(
                    16,
                    Acted.class,
                    (e, out) -> out.shortName(e.name()).rest(e.text()),
                    in -> new Acted(in.shortName(), in.restAsText("ACTED"))),
            row(
                    17,
                    Renamed.class,
                    (e, out) -> out.shortName(e.oldName()).shortName(e.newName()),
                    in -> in.end("event", new Renamed(in.shortName(), in.shortName()))),
            row(
                    18,
                    Failed.class,
                    (e, out) -> out.u8(e.failure().code()).u32(e.limit()).rest(e.subject()),
                    in -> new Failed(in.code(Failure.values(), Failure::code, "failure"), in.u32(), in.rest())),
            row(19, Muted.class, (e, out) -> out.u32(e.minutes()), in -> in.end("event", new Muted(in.u32()))),
            row(20, Unmuted.class, (e, out) -> {}, in -> in.end("event", new Unmuted())),
            row(
                    21,
                    ManyJoined.class,
                    (e, out) -> names(e.total(), e.names(), out),
                    in -> nameListing(in, ManyJoined::new)),
            row(22, ManyLeft.class, (e, out) -> names(e.total(), e.names(), out), in -> nameListing(in, ManyLeft::new)),
            row(
                    23,
                    SlowedDown.class,
                    (e, out) -> out.u32(e.linesPerSecond()),
                    in -> in.end("event", new SlowedDown(in.u32()))),
            row(
                    24,
                    Went.class,
                    (e, out) -> out.shortName(e.name()).shortName(e.room()),
                    in -> in.end("event", new Went(in.shortName(), in.shortName()))),
            row(
                    25,
                    Came.class,
                    (e, out) -> out.shortName(e.name()).shortName(e.room()),
                    in -> in.end("event", new Came(in.shortName(), in.shortName()))),
            row(
                    26,
                    AnnouncedToRoom.class,
                    (e, out) -> out.shortName(e.room()).rest(e.text()),
                    in -> new AnnouncedToRoom(in.shortName(), in.restAsText("ANNOUNCED_TO_ROOM"))),
            row(
                    27,
                    Banned.class,
                    (e, out) -> out.shortName(e.name()).u32(e.minutes()),
                    in -> in.end("event", new Banned(in.shortName(), in.u32()))),
            row(
                    28,
                    YouWereBanned.class,
                    (e, out) -> out.u32(e.minutes()),
                    in -> in.end("event", new YouWereBanned(in.u32()))),
            row(
                    HISTORY_KIND,
                    History.class,
                    (e, out) -> {
                        out.u32(e.line()).u64(e.atMillis());
                        write(e.event(), out);
                    },
                    in -> {
                        long line = in.u32();
                        long atMillis = in.u64();
                        RoomEvent event = read(in); // it runs to the end of the datagram, as its last field
                        return valid(() -> new History(line, atMillis, event));
                    }),
            row(30, Missed.class, (e, out) -> out.u32(e.lines()).rest(e.room()), in -> {
                long lines = in.u32();
                String room = in.rest();
                return valid(() -> new Missed(lines, room));
            }),
            row(31, TakesLineIds.class, (e, out) -> {}, in -> in.end("event", new TakesLineIds())));

    private EventCodec() {}

    /** Appends the event's kind and fields to {@code out}. */
    public static void encode(RoomEvent event, ByteBuffer out) {
        write(event, FieldWriter.into(out));
    }

    /**
     * The body of a {@link History} holding {@code body}, an event body as {@link #encode(RoomEvent)} made
     * it: the same bytes as encoding the record, without decoding the event again. The server keeps the
     * bodies it relayed and wraps them only when it tells them as history.
     *
     * @throws IllegalArgumentException if the history would not fit one EVENT, or a field is out of range
     */
    public static byte[] history(long line, long atMillis, byte[] body) {
        FieldChecks.requireUnsigned32(line, "line");
        if (atMillis < 0) {
            throw new IllegalArgumentException("atMillis " + atMillis + " is before 1970");
        }
        if (body.length == 0 || (body[0] & 0xFF) == HISTORY_KIND) {
            throw new IllegalArgumentException("a history holds one event, and not another history");
        }
        if (HISTORY_PREFIX_BYTES + body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException(
                    "a history of " + body.length + " bytes would take over " + MAX_BODY_BYTES + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(HISTORY_PREFIX_BYTES + body.length);
        FieldWriter.into(out).u8(HISTORY_KIND).u32(line).u64(atMillis);
        out.put(body);
        return out.array();
    }

    /** The kind events of {@code type} have on the wire. */
    public static int kindOf(Class<? extends RoomEvent> type) {
        return KINDS.codeOf(type);
    }

    /** The kind of the event whose body is {@code body}, as {@link #encode(RoomEvent)} made it. */
    public static int kindOf(byte[] body) {
        return body[0] & 0xFF;
    }

    /** The room line number of the HISTORY whose body is {@code body}, as {@link #history} made it. */
    public static long historyLine(byte[] body) {
        if (kindOf(body) != HISTORY_KIND || body.length <= HISTORY_PREFIX_BYTES) {
            throw new IllegalArgumentException("not a history's body");
        }
        return ByteBuffer.wrap(body, 1, 4).getInt() & 0xFFFF_FFFFL;
    }

    /** The event's body in an array of exactly its length, to be sent after many headers. */
    public static byte[] encode(RoomEvent event) {
        return KINDS.toArray(event);
    }

    /** How many bytes {@link #encode} writes for {@code event}. */
    public static int length(RoomEvent event) {
        return KINDS.length(event);
    }

    /** The longest prefix of {@code rooms} that one {@link RoomList} can carry. */
    public static List<RoomCount> roomsThatFit(List<RoomCount> rooms) {
        return prefixThatFits(new RoomList(0, List.of()), rooms, EventCodec::roomCount);
    }

    /** The longest prefix of {@code names} that one {@link MemberList} of {@code room} can carry. */
    public static List<String> namesThatFit(String room, List<String> names) {
        return prefixThatFits(new MemberList(room, 0, List.of()), names, (name, out) -> out.shortName(name));
    }

    static void write(RoomEvent event, FieldWriter out) {
        KINDS.write(event, out);
    }

    /**
     * The event {@code body} holds, as {@link #encode} wrote it: what a node of a cluster reads back from the
     * room events other nodes sequenced.
     *
     * @throws MalformedPacketException if it is not one event, whole
     */
    public static RoomEvent decode(byte[] body) throws MalformedPacketException {
        FieldReader in = new FieldReader(ByteBuffer.wrap(body));
        RoomEvent event = read(in);
        in.end("an event");
        return event;
    }

    static RoomEvent read(FieldReader in) throws MalformedPacketException {
        return KINDS.read(in.u8(), in);
    }

    /** Whether this side knows event {@code kind}: whether it has a row. */
    static boolean knows(int kind) {
        return KINDS.hasRow(kind);
    }

    /** A total, then names to the end: the end of MEMBER_LIST, and all of MANY_JOINED and MANY_LEFT. */
    private static void names(long total, List<String> names, FieldWriter out) {
        out.u32(total);
        for (String name : names) {
            out.shortName(name);
        }
    }

    /** Makes a listing of names from its total and the names listed. */
    private interface NameListing<E extends RoomEvent> {
        E make(long total, List<String> names);
    }

    /** Reads what {@link #names} writes, into the listing {@code make} makes. */
    private static <E extends RoomEvent> E nameListing(FieldReader in, NameListing<E> make)
            throws MalformedPacketException {
        long total = in.u32();
        List<String> names = new ArrayList<>();
        while (in.hasRemaining()) {
            names.add(in.shortName());
        }
        return listing(() -> make.make(total, names));
    }

    /** The longest prefix of {@code names} that one {@link ManyJoined} or {@link ManyLeft} can carry. */
    public static List<String> arrivalsThatFit(List<String> names) {
        return prefixThatFits(new ManyJoined(0, List.of()), names, (name, out) -> out.shortName(name));
    }

    /** One entry of a ROOM_LIST. */
    private static void roomCount(RoomCount room, FieldWriter out) {
        out.shortName(room.room()).u32(room.members());
    }

    /** The entries that fit after {@code empty}, a listing with none, each written by {@code entry}. */
    private static <E> List<E> prefixThatFits(RoomEvent empty, List<E> entries, KindTable.Writer<E> entry) {
        FieldWriter counter = FieldWriter.counting();
        write(empty, counter);
        int fitting = 0;
        for (E each : entries) {
            entry.write(each, counter);
            if (counter.length() > MAX_BODY_BYTES) {
                break;
            }
            fitting++;
        }
        return entries.subList(0, fitting);
    }

    /** A listing whose count says fewer than it lists is refused, not thrown. */
    private static <E extends RoomEvent> E listing(Supplier<E> make) throws MalformedPacketException {
        return valid(make);
    }

    /** An event whose fields its record refuses (a history in a history, say) is malformed, not thrown. */
    private static <E extends RoomEvent> E valid(Supplier<E> make) throws MalformedPacketException {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, e.getMessage());
        }
    }

    /** A text problem's wire code: fixed here, so that reordering the enum cannot change the format. */
    private static int problemCode(ChatText.Problem problem) {
        switch (problem) {
            case EMPTY:
                return 1;
            case TOO_LONG:
                return 2;
            case INVISIBLE_OR_CONTROL:
                return 3;
            case BLANK_RUN:
                return 4;
            case LOOKS_LIKE_ANNOUNCEMENT:
                return 5;
            default:
                throw new AssertionError(problem);
        }
    }
}
