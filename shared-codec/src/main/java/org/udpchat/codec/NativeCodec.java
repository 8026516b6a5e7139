package org.udpchat.codec;

import static org.udpchat.codec.KindTable.row;

import java.nio.ByteBuffer;
import org.udpchat.codec.NativeClientPacket.Chat;
import org.udpchat.codec.NativeClientPacket.Hello;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeClientPacket.PathResponse;
import org.udpchat.codec.NativeClientPacket.Ping;
import org.udpchat.codec.NativeClientPacket.Quit;
import org.udpchat.codec.NativeClientPacket.Request;
import org.udpchat.codec.NativeServerPacket.Challenge;
import org.udpchat.codec.NativeServerPacket.Ended;
import org.udpchat.codec.NativeServerPacket.Event;
import org.udpchat.codec.NativeServerPacket.PathChallenge;
import org.udpchat.codec.NativeServerPacket.Pong;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.NativeServerPacket.Welcome;

/**
 * The native protocol's datagrams: binary, for the project's own clients, beside the classic text on the
 * same port. Every native datagram opens with four bytes:
 *
 * <pre>
 *    0        1        2        3
 *  +--------+--------+--------+--------+
 *  |  0xFF  |  0xAC  | version|  type  |
 *  +--------+--------+--------+--------+
 * </pre>
 *
 * <p>0xFF never occurs in UTF-8, so a native datagram is never valid classic text, and a classic
 * datagram (always UTF-8) never starts like this. The version is {@value #VERSION}. Every datagram of a
 * session (everything after the login) goes on with the same 16 bytes, big-endian:
 *
 * <pre>
 *    4                                  12                16                20
 *  +------------------------------------+-----------------+-----------------+-----------
 *  |  token: the session, 64 bits       |  seq  (u32)     |  ack  (u32)     | payload…
 *  +------------------------------------+-----------------+-----------------+-----------
 * </pre>
 *
 * <p>{@code seq} numbers the sender's reliable messages from 1 (0 in acks, pings and pongs); {@code ack}
 * acknowledges every reliable message of the other side up to and including that number. Types, with what
 * follows the first four bytes:
 *
 * <pre>
 *  client → server                               server → client
 *  0x01 HELLO   nonce(8), zeros to {@value #HELLO_BYTES}+ bytes     0x81 CHALLENGE cookie(20) nonce(8)
 *  0x02 LOGIN   cookie(20) previous-token(8) nonce(8)   0x82 WELCOME  token(8) nonce(8) name [00 room]
 *               name [00 room]
 *  0x03 CHAT    session header, text               0x83 REFUSED    reason(1) limit(u32) nonce(8) [subject]
 *  0x04 QUIT    session header                     0x84 EVENT      session header, event
 *  0x05 ACK     session header (seq 0)             0x85 ACK        session header (seq 0)
 *  0x06 PING    session header (seq 0)             0x86 PONG       session header (seq 0)
 *  0x07 PATH_RESPONSE token(8) nonce(8)            0x87 PATH_CHALLENGE token(8) nonce(8)
 *  0x08 REQUEST session header, request           0x88 ENDED      token(8) reason(1)
 * </pre>
 *
 * <p>A REFUSED for reason {@link RefusalReason#NAME_LOOKS_LIKE} goes on with the name the login looks
 * like, UTF-8 to the end (none when it is the administrator's, or when it would make the refusal larger
 * than the login); any other REFUSED ends with its nonce. A cookie is a time slot (u32) and a 16-byte MAC. A name is UTF-8 to the end of the datagram in LOGIN
 * and WELCOME; a text is UTF-8 to the end of the datagram. An event's layout is in {@link EventCodec}, a
 * request's in {@link RequestCodec}. For example, event 7 of session 0x0102030405060708 acknowledging 3,
 * "bob joined":
 *
 * <pre>
 *  FF AC 01 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62
 * </pre>
 *
 * <p>Every session datagram a client sends is at least {@value #SESSION_HEADER_BYTES} bytes, and a path
 * challenge is exactly that, so the server can always challenge a new address without amplifying. Each
 * type is one row of {@link #CLIENT_TYPES} or {@link #SERVER_TYPES}: its code, record, writer and reader.
 * Stateless and pure, like {@link ClassicCodec}.
 */
public final class NativeCodec {

    public static final int VERSION = 1;

    /** The four-byte preamble. */
    public static final int PREAMBLE_BYTES = 4;

    /** Preamble, token, seq, ack. */
    public static final int SESSION_HEADER_BYTES = 20;

    /**
     * The least a hello may be: larger than the challenge it earns ({@value #CHALLENGE_BYTES} bytes), so
     * a forged hello cannot make the server send more than it received.
     */
    public static final int HELLO_BYTES = 64;

    /** The size of a challenge: preamble, cookie and the hello's nonce. */
    public static final int CHALLENGE_BYTES = PREAMBLE_BYTES + Cookie.BYTES + 8;

    private static final int MAGIC_0 = 0xFF;
    private static final int MAGIC_1 = 0xAC;

    private static final int EVENT = 0x84;

    /** Ends the name in LOGIN and WELCOME when a room follows it; no name or room may hold it. */
    private static final int ROOM_SEPARATOR = 0;

    private static final KindTable<NativeClientPacket> CLIENT_TYPES = new KindTable<>(
            NativeClientPacket.class,
            type -> String.format("unknown client packet type 0x%02X", type),
            row(0x01, Hello.class, (p, out) -> out.u64(p.nonce()).zeros(p.size() - PREAMBLE_BYTES - 8), in -> {
                int size = in.size();
                if (size < HELLO_BYTES) {
                    throw new MalformedPacketException(
                            MalformedPacketException.Reason.BAD_LENGTH,
                            "HELLO of " + size + " bytes is under the " + HELLO_BYTES
                                    + "-byte minimum that pays for the reply");
                }
                long nonce = in.u64();
                in.skipRest(); // the padding: whatever it holds, it only pays
                return new Hello(nonce, size);
            }),
            row(
                    0x02,
                    Login.class,
                    (p, out) -> {
                        cookie(p.cookie(), out).u64(p.previousToken()).u64(p.nonce());
                        nameAndRoom(p.name(), p.room(), out);
                    },
                    in -> {
                        Cookie cookie = readCookie(in);
                        long previousToken = in.u64();
                        long nonce = in.u64();
                        NameAndRoom who = restAsNameAndRoom(in, "LOGIN");
                        return new Login(cookie, previousToken, nonce, who.name(), who.room());
                    }),
            row(
                    0x03,
                    Chat.class,
                    (p, out) -> session(p.token(), p.seq(), p.ack(), out).rest(p.text()),
                    in -> new Chat(in.token(), in.sequence(), in.u32(), in.restAsText("CHAT"))),
            row(
                    0x04,
                    Quit.class,
                    (p, out) -> session(p.token(), p.seq(), p.ack(), out),
                    in -> in.end("QUIT", new Quit(in.token(), in.sequence(), in.u32()))),
            row(
                    0x05,
                    NativeClientPacket.Ack.class,
                    (p, out) -> session(p.token(), 0, p.ack(), out),
                    in -> unsequenced(in, "ACK", NativeClientPacket.Ack::new)),
            row(
                    0x06,
                    Ping.class,
                    (p, out) -> session(p.token(), 0, p.ack(), out),
                    in -> unsequenced(in, "PING", Ping::new)),
            row(
                    0x07,
                    PathResponse.class,
                    (p, out) -> out.u64(p.token()).u64(p.nonce()),
                    in -> in.end("PATH_RESPONSE", new PathResponse(in.token(), in.u64()))),
            row(
                    0x08,
                    Request.class,
                    (p, out) -> {
                        session(p.token(), p.seq(), p.ack(), out);
                        RequestCodec.write(p.request(), out);
                    },
                    in -> new Request(in.token(), in.sequence(), in.u32(), RequestCodec.read(in))));

    private static final KindTable<NativeServerPacket> SERVER_TYPES = new KindTable<>(
            NativeServerPacket.class,
            type -> String.format("unknown server packet type 0x%02X", type),
            row(
                    0x81,
                    Challenge.class,
                    (p, out) -> cookie(p.cookie(), out).u64(p.nonce()),
                    in -> in.end("CHALLENGE", new Challenge(readCookie(in), in.u64()))),
            row(
                    0x82,
                    Welcome.class,
                    (p, out) -> {
                        out.u64(p.token()).u64(p.nonce());
                        nameAndRoom(p.name(), p.room(), out);
                    },
                    in -> {
                        long token = in.token();
                        long nonce = in.u64();
                        NameAndRoom who = restAsNameAndRoom(in, "WELCOME");
                        return new Welcome(token, nonce, who.name(), who.room());
                    }),
            row(
                    0x83,
                    Refused.class,
                    (p, out) -> out.u8(p.reason().code())
                            .u32(p.limit())
                            .u64(p.nonce())
                            .rest(p.subject()),
                    in -> {
                        RefusalReason reason = in.code(RefusalReason.values(), RefusalReason::code, "refusal reason");
                        long limit = in.u32();
                        long nonce = in.u64();
                        if (reason != RefusalReason.NAME_LOOKS_LIKE) {
                            return in.end("REFUSED", new Refused(reason, limit, nonce));
                        }
                        String subject = in.rest();
                        if (!subject.isEmpty()) {
                            FieldReader.requireUsableName(subject, "REFUSED has no usable name as its subject");
                        }
                        return new Refused(reason, limit, nonce, subject);
                    }),
            row(
                    EVENT,
                    Event.class,
                    (p, out) -> {
                        session(p.token(), p.seq(), p.ack(), out);
                        EventCodec.write(p.event(), out);
                    },
                    in -> new Event(in.token(), in.sequence(), in.u32(), EventCodec.read(in))),
            row(
                    0x85,
                    NativeServerPacket.Ack.class,
                    (p, out) -> session(p.token(), 0, p.ack(), out),
                    in -> unsequenced(in, "ACK", NativeServerPacket.Ack::new)),
            row(
                    0x86,
                    Pong.class,
                    (p, out) -> session(p.token(), 0, p.ack(), out),
                    in -> unsequenced(in, "PONG", Pong::new)),
            row(
                    0x87,
                    PathChallenge.class,
                    (p, out) -> out.u64(p.token()).u64(p.nonce()),
                    in -> in.end("PATH_CHALLENGE", new PathChallenge(in.token(), in.u64()))),
            row(
                    0x88,
                    Ended.class,
                    (p, out) -> out.u64(p.token()).u8(p.reason().code()),
                    in -> in.end(
                            "ENDED",
                            new Ended(in.token(), in.code(EndReason.values(), EndReason::code, "end reason")))));

    private NativeCodec() {}

    /** Whether the datagram in the buffer's remaining bytes is native rather than classic text. */
    public static boolean isNative(ByteBuffer datagram) {
        return datagram.hasRemaining() && datagram.get(datagram.position()) == (byte) MAGIC_0;
    }

    /** Appends the packet's bytes to {@code out}, which needs room for {@link Limits#MAX_NATIVE_DATAGRAM_BYTES}. */
    public static void encode(Packet packet, ByteBuffer out) {
        write(packet, FieldWriter.into(out));
    }

    /** The packet's bytes in an array of exactly their length. */
    public static byte[] encode(Packet packet) {
        FieldWriter counter = FieldWriter.counting();
        write(packet, counter);
        byte[] bytes = new byte[counter.length()];
        encode(packet, ByteBuffer.wrap(bytes));
        return bytes;
    }

    /**
     * Writes the first {@value #SESSION_HEADER_BYTES} bytes of an EVENT: the part that differs between
     * recipients. The relay encodes an event's body once ({@link EventCodec#encode(RoomEvent)}) and puts this
     * header before it for each recipient: straight into the buffer, with no writer to allocate, the bytes
     * the EVENT row writes.
     */
    public static void writeEventHeader(long token, long seq, long ack, ByteBuffer out) {
        out.put((byte) MAGIC_0).put((byte) MAGIC_1).put((byte) VERSION).put((byte) EVENT);
        out.putLong(token).putInt((int) seq).putInt((int) ack);
    }

    /** Decodes a native datagram a client sent, consuming the buffer's remaining bytes. */
    public static NativeClientPacket decodeClientPacket(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        return CLIENT_TYPES.read(preamble(in), in);
    }

    /** Decodes a native datagram the server sent, consuming the buffer's remaining bytes. */
    public static NativeServerPacket decodeServerPacket(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        return SERVER_TYPES.read(preamble(in), in);
    }

    private static void write(Packet packet, FieldWriter out) {
        if (packet instanceof NativeClientPacket client) {
            CLIENT_TYPES.write(client, preamble(out));
        } else if (packet instanceof NativeServerPacket server) {
            SERVER_TYPES.write(server, preamble(out));
        } else {
            throw new IllegalArgumentException("not a native packet: " + packet);
        }
    }

    /** The preamble up to the type, which the type's table writes. */
    private static FieldWriter preamble(FieldWriter out) {
        return out.u8(MAGIC_0).u8(MAGIC_1).u8(VERSION);
    }

    /** Reads the preamble and returns the type, which the rejections of a datagram cut short name. */
    private static int preamble(FieldReader in) throws MalformedPacketException {
        int size = in.size();
        MalformedPacketException.checkSize(size, Limits.MAX_NATIVE_DATAGRAM_BYTES);
        if (size < 2 || in.u8() != MAGIC_0 || in.u8() != MAGIC_1) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.UNKNOWN_TYPE, "not a native datagram: no FF AC preamble");
        }
        if (size < PREAMBLE_BYTES) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_LENGTH,
                    "native datagram of " + size + " bytes is shorter than its " + PREAMBLE_BYTES + "-byte preamble");
        }
        int version = in.u8();
        if (version != VERSION) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version " + version + ", but this side speaks " + VERSION);
        }
        return in.type(in.u8());
    }

    /** Token, seq, ack: the session header after the preamble. */
    private static FieldWriter session(long token, long seq, long ack, FieldWriter out) {
        return out.u64(token).u32(seq).u32(ack);
    }

    /** A make of ACK, PING or PONG from the fields its header carries. */
    private interface Unsequenced<P> {
        P make(long token, long ack);
    }

    /** An ACK, PING or PONG: the session header with seq 0, and nothing after it. */
    private static <P> P unsequenced(FieldReader in, String what, Unsequenced<P> packet)
            throws MalformedPacketException {
        long token = in.token();
        in.zeroSeq(what);
        return in.end(what, packet.make(token, in.u32()));
    }

    private static FieldWriter cookie(Cookie cookie, FieldWriter out) {
        return out.u32(cookie.timeSlot()).u64(cookie.macHigh()).u64(cookie.macLow());
    }

    private static Cookie readCookie(FieldReader in) throws MalformedPacketException {
        return new Cookie(in.u32(), in.u64(), in.u64());
    }

    /** LOGIN's and WELCOME's name and room; an empty room is no room at all. */
    private record NameAndRoom(String name, String room) {}

    private static void nameAndRoom(String name, String room, FieldWriter out) {
        out.rest(name);
        if (!room.isEmpty()) {
            out.u8(ROOM_SEPARATOR).rest(room);
        }
    }

    /** A name, then optionally a NUL and a room: the room is empty when there is none. */
    private static NameAndRoom restAsNameAndRoom(FieldReader in, String what) throws MalformedPacketException {
        String rest = in.rest();
        int separator = rest.indexOf(ROOM_SEPARATOR);
        String name = separator < 0 ? rest : rest.substring(0, separator);
        String room = separator < 0 ? "" : rest.substring(separator + 1);
        FieldReader.requireUsableName(name, what + " has no usable name");
        if (separator >= 0) {
            FieldReader.requireUsableName(room, what + " has no usable room after its NUL");
        }
        return new NameAndRoom(name, room);
    }
}
