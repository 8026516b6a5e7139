package org.udpchat.codec;

import static org.udpchat.codec.KindTable.row;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.udpchat.codec.ClearClientPacket.Hello;
import org.udpchat.codec.ClearClientPacket.Init;
import org.udpchat.codec.ClearServerPacket.Challenge;
import org.udpchat.codec.ClearServerPacket.Reply;
import org.udpchat.codec.ClearServerPacket.Unknown;
import org.udpchat.codec.ClearServerPacket.Upgrade;
import org.udpchat.codec.NativeClientPacket.Chat;
import org.udpchat.codec.NativeClientPacket.Login;
import org.udpchat.codec.NativeClientPacket.PathResponse;
import org.udpchat.codec.NativeClientPacket.Ping;
import org.udpchat.codec.NativeClientPacket.Quit;
import org.udpchat.codec.NativeClientPacket.Request;
import org.udpchat.codec.NativeServerPacket.Ended;
import org.udpchat.codec.NativeServerPacket.Event;
import org.udpchat.codec.NativeServerPacket.PathChallenge;
import org.udpchat.codec.NativeServerPacket.Pong;
import org.udpchat.codec.NativeServerPacket.Refused;
import org.udpchat.codec.NativeServerPacket.Welcome;

/**
 * The native protocol's datagrams, version {@value #VERSION}: binary, for the project's own clients,
 * beside the classic text on the same port. Every native datagram opens with four bytes:
 *
 * <pre>
 *    0        1        2        3
 *  +--------+--------+--------+--------+
 *  |  0xFF  |  0xAC  | version|  type  |
 *  +--------+--------+--------+--------+
 * </pre>
 *
 * <p>0xFF never occurs in UTF-8, so a native datagram is never valid classic text, and a classic
 * datagram (always UTF-8) never starts like this. Three families share the layout:
 *
 * <ul>
 *   <li><b>In clear</b>, the handshake ({@link ClearClientPacket}, {@link ClearServerPacket}):
 *       <pre>
 *  0x01 HELLO  nonce(8), zeros to {@value #HELLO_BYTES}+ bytes           0x81 CHALLENGE cookie(20) nonce(8)
 *  0x02 INIT   cookie(20) nonce(8) noise-1(32), zeros to {@value #INIT_BYTES}+   0x82 REPLY nonce(8) noise-2(104)
 *                                                             0x83 UPGRADE 13 version(u32) nonce(8)
 *                                                             0x8A UNKNOWN token(8)
 *       </pre>
 *   <li><b>Sealed</b>, everything of a session ({@link NativeClientPacket}, {@link NativeServerPacket}):
 *       each is written here as a <em>plain datagram</em>, which never travels as it is: the
 *       {@code SealedDatagram} of {@code org.udpchat.codec.secure} carries it encrypted. A plain session
 *       datagram goes on after its preamble with the same 16 bytes, big-endian:
 *       <pre>
 *    4                                  12                16                20
 *  +------------------------------------+-----------------+-----------------+-----------
 *  |  token: the session, 64 bits       |  seq  (u32)     |  ack  (u32)     | payload…
 *  +------------------------------------+-----------------+-----------------+-----------
 *       </pre>
 *       <pre>
 *  client → server                               server → client
 *  0x02 LOGIN   previous-token(8) proof(32)        0x82 WELCOME  token(8) resumption(32) flags(1) name [00 room]
 *               name [00 room]
 *  0x03 CHAT    session header, [line id], text    0x83 REFUSED    reason(1) limit(u32) [subject]
 *  0x04 QUIT    session header                     0x84 EVENT      session header, event
 *  0x05 ACK     session header (seq 0)             0x85 ACK        session header (seq 0)
 *  0x06 PING    session header (seq 0)             0x86 PONG       session header (seq 0)
 *  0x07 PATH_RESPONSE token(8) nonce(8)            0x87 PATH_CHALLENGE token(8) nonce(8)
 *  0x08 REQUEST session header, request           0x88 ENDED      token(8) reason(1)
 *       </pre>
 * </ul>
 *
 * <p>{@code seq} numbers the sender's reliable messages from 1 (0 in acks, pings and pongs); {@code ack}
 * acknowledges every reliable message of the other side up to and including that number. A REFUSED for
 * reason {@link RefusalReason#NAME_LOOKS_LIKE} goes on with the name the login looks like, UTF-8 to the
 * end; any other REFUSED ends with its limit. A line id (CHAT, and a request's ACTION) is optional: see
 * {@link LineId}. A cookie is a time slot (u32) and a 16-byte MAC. A name is
 * UTF-8 to the end of the datagram in LOGIN and WELCOME; a text is UTF-8 to the end of the datagram. An
 * event's layout is in {@link EventCodec}, a request's in {@link RequestCodec}. For example, event 7 of
 * session 0x0102030405060708 acknowledging 3, "bob joined", as a plain datagram:
 *
 * <pre>
 *  FF AC 02 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62
 * </pre>
 *
 * <p>UPGRADE answers a hello of another version, in that hello's version byte: its bytes are version 1's
 * REFUSED with reason {@value #UPGRADE_REASON} and the version this side speaks as the limit. Each type is
 * one row of a table: its code, record, writer and reader. Stateless and pure, like {@link ClassicCodec}.
 */
public final class NativeCodec {

    public static final int VERSION = 2;

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

    /** Noise NX's first message: the client's ephemeral public key, with an empty payload. */
    public static final int NOISE_FIRST_BYTES = 32;

    /**
     * Noise NX's second message: the server's ephemeral key (32), its static key sealed (32 + 16), and the
     * session's token sealed as the payload (8 + 16).
     */
    public static final int NOISE_SECOND_BYTES = 32 + 48 + 24;

    /** The size of a reply: preamble, the init's nonce and Noise's second message. */
    public static final int REPLY_BYTES = PREAMBLE_BYTES + 8 + NOISE_SECOND_BYTES;

    /**
     * The least an init may be: larger than the reply it earns ({@value #REPLY_BYTES} bytes), so that no
     * answer of the server's is larger than its question.
     */
    public static final int INIT_BYTES = 128;

    /** The reason byte of an UPGRADE, where version 1's REFUSED had its reason; no refusal has it. */
    public static final int UPGRADE_REASON = 19;

    private static final int UPGRADE = 0x83;

    /** WELCOME's flag: the previous session goes on. */
    private static final int RESUMED = 0x01;

    private static final int HELLO = 0x01;
    private static final int INIT = 0x02;
    private static final int MAGIC_0 = 0xFF;
    private static final int MAGIC_1 = 0xAC;

    private static final int EVENT = 0x84;

    /** Ends the name in LOGIN and WELCOME when a room follows it; no name or room may hold it. */
    private static final int ROOM_SEPARATOR = 0;

    private static final KindTable<ClearClientPacket> CLEAR_CLIENT_TYPES = new KindTable<>(
            ClearClientPacket.class,
            type -> String.format("unknown handshake packet type 0x%02X from a client", type),
            row(HELLO, Hello.class, (p, out) -> out.u64(p.nonce()).zeros(p.size() - PREAMBLE_BYTES - 8), in -> {
                int size = atLeast(in, HELLO_BYTES, "HELLO");
                long nonce = in.u64();
                in.skipRest(); // the padding: whatever it holds, it only pays
                return new Hello(nonce, size);
            }),
            row(
                    INIT,
                    Init.class,
                    (p, out) -> cookie(p.cookie(), out)
                            .u64(p.nonce())
                            .bytes(p.handshake())
                            .zeros(p.size() - PREAMBLE_BYTES - Cookie.BYTES - 8 - NOISE_FIRST_BYTES),
                    in -> {
                        int size = atLeast(in, INIT_BYTES, "INIT");
                        Cookie cookie = readCookie(in);
                        long nonce = in.u64();
                        byte[] handshake = in.bytes(NOISE_FIRST_BYTES);
                        in.skipRest(); // the padding
                        return new Init(cookie, nonce, handshake, size);
                    }));

    private static final KindTable<ClearServerPacket> CLEAR_SERVER_TYPES = new KindTable<>(
            ClearServerPacket.class,
            type -> String.format("unknown handshake packet type 0x%02X from the server", type),
            row(
                    0x81,
                    Challenge.class,
                    (p, out) -> cookie(p.cookie(), out).u64(p.nonce()),
                    in -> in.end("CHALLENGE", new Challenge(readCookie(in), in.u64()))),
            row(0x82, Reply.class, (p, out) -> out.u64(p.nonce()).bytes(p.handshake()), in -> {
                long nonce = in.u64();
                return in.end("REPLY", new Reply(nonce, in.bytes(NOISE_SECOND_BYTES)));
            }),
            row(
                    UPGRADE,
                    Upgrade.class,
                    (p, out) -> out.u8(UPGRADE_REASON).u32(p.serverVersion()).u64(p.nonce()),
                    in -> readUpgrade(in, VERSION)),
            row(0x8A, Unknown.class, (p, out) -> out.u64(p.token()), in -> in.end("UNKNOWN", new Unknown(in.token()))));

    private static final KindTable<NativeClientPacket> CLIENT_TYPES = new KindTable<>(
            NativeClientPacket.class,
            type -> String.format("unknown client packet type 0x%02X", type),
            row(
                    0x02,
                    Login.class,
                    (p, out) -> {
                        resumption(p.proof(), out.u64(p.previousToken()));
                        nameAndRoom(p.name(), p.room(), out);
                    },
                    in -> {
                        long previousToken = in.u64();
                        ResumptionSecret proof = readResumption(in);
                        if ((previousToken == 0) != proof.isNone()) {
                            throw new MalformedPacketException(
                                    MalformedPacketException.Reason.BAD_FIELD,
                                    "LOGIN's previous token and its proof must come together");
                        }
                        NameAndRoom who = restAsNameAndRoom(in, "LOGIN");
                        return new Login(previousToken, proof, who.name(), who.room());
                    }),
            row(
                    0x03,
                    Chat.class,
                    (p, out) -> LineId.write(p.lineId(), session(p.token(), p.seq(), p.ack(), out))
                            .rest(p.text()),
                    in -> {
                        long token = in.token();
                        long seq = in.sequence();
                        long ack = in.u32();
                        long lineId = LineId.read(in);
                        return new Chat(token, seq, ack, in.restAsText("CHAT"), lineId);
                    }),
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
                    0x82,
                    Welcome.class,
                    (p, out) -> {
                        resumption(p.resumption(), out.u64(p.token())).u8(p.resumed() ? RESUMED : 0);
                        nameAndRoom(p.name(), p.room(), out);
                    },
                    in -> {
                        long token = in.token();
                        ResumptionSecret resumption = readResumption(in);
                        if (resumption.isNone()) {
                            throw new MalformedPacketException(
                                    MalformedPacketException.Reason.BAD_FIELD, "WELCOME gives no resumption secret");
                        }
                        int flags = in.u8();
                        if ((flags & ~RESUMED) != 0) {
                            throw new MalformedPacketException(
                                    MalformedPacketException.Reason.BAD_FIELD,
                                    String.format("WELCOME's flags 0x%02X hold bits no version has", flags));
                        }
                        NameAndRoom who = restAsNameAndRoom(in, "WELCOME");
                        return new Welcome(token, resumption, flags == RESUMED, who.name(), who.room());
                    }),
            row(
                    0x83,
                    Refused.class,
                    (p, out) -> out.u8(p.reason().code()).u32(p.limit()).rest(p.subject()),
                    in -> {
                        RefusalReason reason = in.code(RefusalReason.values(), RefusalReason::code, "refusal reason");
                        long limit = in.u32();
                        if (reason != RefusalReason.NAME_LOOKS_LIKE) {
                            return in.end("REFUSED", new Refused(reason, limit));
                        }
                        String subject = in.rest();
                        if (!subject.isEmpty()) {
                            FieldReader.requireUsableName(subject, "REFUSED has no usable name as its subject");
                        }
                        return new Refused(reason, limit, subject);
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

    /**
     * Whether the datagram in the buffer's remaining bytes is framed as this version's INIT, by its preamble
     * alone (nothing else is read): so that a server can refuse an address that may start no more handshakes
     * for the price of four bytes, as a flood of them would otherwise be decoded one by one.
     */
    public static boolean isInit(ByteBuffer datagram) {
        int at = datagram.position();
        return datagram.remaining() >= PREAMBLE_BYTES
                && datagram.get(at) == (byte) MAGIC_0
                && datagram.get(at + 1) == (byte) MAGIC_1
                && datagram.get(at + 2) == (byte) VERSION
                && datagram.get(at + 3) == (byte) INIT;
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

    /**
     * Decodes a plain session datagram a client sent (what a sealed datagram carries, once opened),
     * consuming the buffer's remaining bytes. Never call it on bytes from the network that were not sealed:
     * nothing of a session travels in clear.
     */
    public static NativeClientPacket decodeClientPacket(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        return CLIENT_TYPES.read(preamble(in), in);
    }

    /** Decodes a plain session datagram the server sent (once opened), consuming the buffer's remaining bytes. */
    public static NativeServerPacket decodeServerPacket(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        return SERVER_TYPES.read(preamble(in), in);
    }

    /** Decodes a handshake datagram a client sent in clear, consuming the buffer's remaining bytes. */
    public static ClearClientPacket decodeClientHandshake(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        return CLEAR_CLIENT_TYPES.read(preamble(in), in);
    }

    /**
     * Decodes a handshake datagram the server sent in clear, consuming the buffer's remaining bytes. An
     * UPGRADE is read in whatever version it is framed: it is how a server of another version says which it
     * speaks.
     */
    public static ClearServerPacket decodeServerHandshake(ByteBuffer datagram) throws MalformedPacketException {
        FieldReader in = new FieldReader(datagram);
        int framing = magicAndVersion(in);
        int type = in.type(in.u8());
        if (type == UPGRADE && framing != 0) { // 0 is no version, so no UPGRADE can be framed in it
            return readUpgrade(in, framing);
        }
        requireVersion(framing);
        return CLEAR_SERVER_TYPES.read(type, in);
    }

    /** A hello of another version, which the server answers with an {@link Upgrade}. */
    public record OutdatedHello(int version, long nonce, int size) {}

    /**
     * The hello of a client that speaks another version of the native protocol, in the buffer's remaining
     * bytes (not consumed): its version byte and nonce, if it is one and at least {@value #HELLO_BYTES}
     * bytes (every version's hello has been), so that the UPGRADE that answers it is smaller.
     */
    public static Optional<OutdatedHello> readOutdatedHello(ByteBuffer datagram) {
        ByteBuffer view = datagram.slice();
        int size = view.remaining();
        if (size < HELLO_BYTES
                || size > Limits.MAX_NATIVE_DATAGRAM_BYTES
                || (view.get(0) & 0xFF) != MAGIC_0
                || (view.get(1) & 0xFF) != MAGIC_1
                || (view.get(2) & 0xFF) == VERSION
                || (view.get(2) & 0xFF) == 0
                || (view.get(3) & 0xFF) != HELLO) {
            return Optional.empty();
        }
        return Optional.of(new OutdatedHello(view.get(2) & 0xFF, view.getLong(PREAMBLE_BYTES), size));
    }

    private static void write(Packet packet, FieldWriter out) {
        if (packet instanceof NativeClientPacket client) {
            CLIENT_TYPES.write(client, preamble(out));
        } else if (packet instanceof NativeServerPacket server) {
            SERVER_TYPES.write(server, preamble(out));
        } else if (packet instanceof ClearClientPacket clear) {
            CLEAR_CLIENT_TYPES.write(clear, preamble(out));
        } else if (packet instanceof Upgrade upgrade) {
            // framed in the version of the hello it answers, which is all that client can read
            CLEAR_SERVER_TYPES.write(upgrade, out.u8(MAGIC_0).u8(MAGIC_1).u8(upgrade.framing()));
        } else if (packet instanceof ClearServerPacket clear) {
            CLEAR_SERVER_TYPES.write(clear, preamble(out));
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
        requireVersion(magicAndVersion(in));
        return in.type(in.u8());
    }

    /** Reads the magic bytes and returns the version byte. */
    private static int magicAndVersion(FieldReader in) throws MalformedPacketException {
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
        return in.u8();
    }

    private static void requireVersion(int version) throws MalformedPacketException {
        if (version != VERSION) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                    "native version " + version + ", but this side speaks " + VERSION);
        }
    }

    private static Upgrade readUpgrade(FieldReader in, int framing) throws MalformedPacketException {
        if (in.u8() != UPGRADE_REASON) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.UNKNOWN_TYPE, "a refusal in clear that is not an UPGRADE");
        }
        long serverVersion = in.u32();
        return in.end("UPGRADE", new Upgrade(framing, serverVersion, in.u64()));
    }

    /** The datagram's size, refused when under {@code least} bytes: the padding that pays for the reply. */
    private static int atLeast(FieldReader in, int least, String what) throws MalformedPacketException {
        int size = in.size();
        if (size < least) {
            throw new MalformedPacketException(
                    MalformedPacketException.Reason.BAD_LENGTH,
                    what + " of " + size + " bytes is under the " + least + "-byte minimum that pays for the reply");
        }
        return size;
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

    private static FieldWriter resumption(ResumptionSecret secret, FieldWriter out) {
        return out.u64(secret.first()).u64(secret.second()).u64(secret.third()).u64(secret.fourth());
    }

    private static ResumptionSecret readResumption(FieldReader in) throws MalformedPacketException {
        return new ResumptionSecret(in.u64(), in.u64(), in.u64(), in.u64());
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
