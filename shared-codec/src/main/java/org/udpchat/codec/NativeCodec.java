package org.udpchat.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The native protocol: binary datagrams for the project's own clients, beside the classic text on the
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
 *  0x03 CHAT    session header, text               0x83 REFUSED    reason(1) limit(u32) nonce(8)
 *  0x04 QUIT    session header                     0x84 EVENT      session header, event
 *  0x05 ACK     session header (seq 0)             0x85 ACK        session header (seq 0)
 *  0x06 PING    session header (seq 0)             0x86 PONG       session header (seq 0)
 *  0x07 PATH_RESPONSE token(8) nonce(8)            0x87 PATH_CHALLENGE token(8) nonce(8)
 *  0x08 REQUEST session header, request           0x88 ENDED      token(8) reason(1)
 * </pre>
 *
 * <p>A cookie is a time slot (u32) and a 16-byte MAC. A name is UTF-8 to the end of the datagram in LOGIN
 * and WELCOME, and a length byte then UTF-8 inside events; a text is UTF-8 to the end of the datagram.
 * An event opens with its kind: 1 SAID name text, 2 JOINED name, 3 LEFT name, 4 TIMED_OUT name, 5 KICKED
 * name reason, 6 DROPPED name, 7 ANNOUNCED text, 8 CLOSING, 9 YOU_WERE_KICKED reason, 10 NOT_RELAYED
 * problem(1), 11 YOU_ARE_IN room members(u32), 12 ROOM_LIST total(u32) {room members(u32)}*, 13 MEMBER_LIST
 * room total(u32) name*, 14 PRIVATE_FROM name text, 15 PRIVATE_TO name text, 16 ACTED name text, 17 RENAMED
 * old new, 18 FAILED failure(1) limit(u32) subject, 19 MUTED minutes(u32), 20 UNMUTED. A request opens with
 * its kind: 1 JOIN_ROOM room, 2 LIST_ROOMS, 3 WHO room-or-nothing, 4 PRIVATE_MESSAGE name text, 5 ACTION
 * text, 6 NICK name (a room or name at the end runs to the end of the datagram). For example, event 7 of session 0x0102030405060708 acknowledging 3, "bob joined":
 *
 * <pre>
 *  FF AC 01 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62
 * </pre>
 *
 * <p>Every session datagram a client sends is at least {@value #SESSION_HEADER_BYTES} bytes, and a path
 * challenge is exactly that, so the server can always challenge a new address without amplifying.
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

    private static final byte MAGIC_0 = (byte) 0xFF;
    private static final byte MAGIC_1 = (byte) 0xAC;

    static final int HELLO = 0x01;
    static final int LOGIN = 0x02;
    static final int CHAT = 0x03;
    static final int QUIT = 0x04;
    static final int CLIENT_ACK = 0x05;
    static final int PING = 0x06;
    static final int PATH_RESPONSE = 0x07;
    static final int REQUEST = 0x08;

    static final int CHALLENGE = 0x81;
    static final int WELCOME = 0x82;
    static final int REFUSED = 0x83;
    static final int EVENT = 0x84;
    static final int SERVER_ACK = 0x85;
    static final int PONG = 0x86;
    static final int PATH_CHALLENGE = 0x87;
    static final int ENDED = 0x88;

    private static final int SAID = 1;
    private static final int JOINED = 2;
    private static final int LEFT = 3;
    private static final int TIMED_OUT = 4;
    private static final int KICKED = 5;
    private static final int DROPPED = 6;
    private static final int ANNOUNCED = 7;
    private static final int CLOSING = 8;
    private static final int YOU_WERE_KICKED = 9;
    private static final int NOT_RELAYED = 10;
    private static final int YOU_ARE_IN = 11;
    private static final int ROOM_LIST = 12;
    private static final int MEMBER_LIST = 13;
    private static final int PRIVATE_FROM = 14;
    private static final int PRIVATE_TO = 15;
    private static final int ACTED = 16;
    private static final int RENAMED = 17;
    private static final int FAILED = 18;
    private static final int MUTED = 19;
    private static final int UNMUTED = 20;

    private static final int JOIN_ROOM = 1;
    private static final int LIST_ROOMS = 2;
    private static final int WHO = 3;
    private static final int PRIVATE_MESSAGE = 4;
    private static final int ACTION = 5;
    private static final int NICK = 6;

    /** Ends the name in LOGIN and WELCOME when a room follows it; no name or room may hold it. */
    private static final byte ROOM_SEPARATOR = 0;

    private NativeCodec() {}

    /** Whether the datagram in the buffer's remaining bytes is native rather than classic text. */
    public static boolean isNative(ByteBuffer datagram) {
        return datagram.hasRemaining() && datagram.get(datagram.position()) == MAGIC_0;
    }

    /** Appends the packet's bytes to {@code out}, which needs room for {@link Limits#MAX_NATIVE_DATAGRAM_BYTES}. */
    public static void encode(Packet packet, ByteBuffer out) {
        if (packet instanceof NativeClientPacket.Hello hello) {
            preamble(HELLO, out);
            out.putLong(hello.nonce());
            for (int i = PREAMBLE_BYTES + 8; i < hello.size(); i++) {
                out.put((byte) 0);
            }
        } else if (packet instanceof NativeClientPacket.Login login) {
            preamble(LOGIN, out);
            cookie(login.cookie(), out);
            out.putLong(login.previousToken());
            out.putLong(login.nonce());
            nameAndRoom(login.name(), login.room(), out);
        } else if (packet instanceof NativeClientPacket.Chat chat) {
            sessionHeader(CHAT, chat.token(), chat.seq(), chat.ack(), out);
            Utf8.encode(chat.text(), out);
        } else if (packet instanceof NativeClientPacket.Quit quit) {
            sessionHeader(QUIT, quit.token(), quit.seq(), quit.ack(), out);
        } else if (packet instanceof NativeClientPacket.Ack ack) {
            sessionHeader(CLIENT_ACK, ack.token(), 0, ack.ack(), out);
        } else if (packet instanceof NativeClientPacket.Ping ping) {
            sessionHeader(PING, ping.token(), 0, ping.ack(), out);
        } else if (packet instanceof NativeClientPacket.Request request) {
            sessionHeader(REQUEST, request.token(), request.seq(), request.ack(), out);
            encodeRequestBody(request.request(), out);
        } else if (packet instanceof NativeClientPacket.PathResponse response) {
            preamble(PATH_RESPONSE, out);
            out.putLong(response.token());
            out.putLong(response.nonce());
        } else if (packet instanceof NativeServerPacket.Challenge challenge) {
            preamble(CHALLENGE, out);
            cookie(challenge.cookie(), out);
            out.putLong(challenge.nonce());
        } else if (packet instanceof NativeServerPacket.Welcome welcome) {
            preamble(WELCOME, out);
            out.putLong(welcome.token());
            out.putLong(welcome.nonce());
            nameAndRoom(welcome.name(), welcome.room(), out);
        } else if (packet instanceof NativeServerPacket.Refused refused) {
            preamble(REFUSED, out);
            out.put((byte) refused.reason().code());
            out.putInt((int) refused.limit());
            out.putLong(refused.nonce());
        } else if (packet instanceof NativeServerPacket.Event event) {
            writeEventHeader(event.token(), event.seq(), event.ack(), out);
            encodeEventBody(event.event(), out);
        } else if (packet instanceof NativeServerPacket.Ack ack) {
            sessionHeader(SERVER_ACK, ack.token(), 0, ack.ack(), out);
        } else if (packet instanceof NativeServerPacket.Pong pong) {
            sessionHeader(PONG, pong.token(), 0, pong.ack(), out);
        } else if (packet instanceof NativeServerPacket.PathChallenge challenge) {
            preamble(PATH_CHALLENGE, out);
            out.putLong(challenge.token());
            out.putLong(challenge.nonce());
        } else if (packet instanceof NativeServerPacket.Ended ended) {
            preamble(ENDED, out);
            out.putLong(ended.token());
            out.put((byte) ended.reason().code());
        } else {
            throw new IllegalArgumentException("not a native packet: " + packet);
        }
    }

    /** The packet's bytes in a new array. */
    public static byte[] encode(Packet packet) {
        ByteBuffer out = ByteBuffer.allocate(Limits.MAX_NATIVE_DATAGRAM_BYTES);
        encode(packet, out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /**
     * Writes the first {@value #SESSION_HEADER_BYTES} bytes of an EVENT: the part that differs between
     * recipients. The relay encodes an event's body once ({@link #encodeEventBody}) and puts this header
     * before it for each recipient.
     */
    public static void writeEventHeader(long token, long seq, long ack, ByteBuffer out) {
        sessionHeader(EVENT, token, seq, ack, out);
    }

    /** Appends the event's kind and fields: the part of an EVENT every recipient shares. */
    public static void encodeEventBody(RoomEvent event, ByteBuffer out) {
        if (event instanceof RoomEvent.Said said) {
            out.put((byte) SAID);
            shortString(said.name(), out);
            Utf8.encode(said.text(), out);
        } else if (event instanceof RoomEvent.Joined joined) {
            out.put((byte) JOINED);
            shortString(joined.name(), out);
        } else if (event instanceof RoomEvent.Left left) {
            out.put((byte) LEFT);
            shortString(left.name(), out);
        } else if (event instanceof RoomEvent.TimedOut timedOut) {
            out.put((byte) TIMED_OUT);
            shortString(timedOut.name(), out);
        } else if (event instanceof RoomEvent.Kicked kicked) {
            out.put((byte) KICKED);
            shortString(kicked.name(), out);
            Utf8.encode(kicked.reason(), out);
        } else if (event instanceof RoomEvent.Dropped dropped) {
            out.put((byte) DROPPED);
            shortString(dropped.name(), out);
        } else if (event instanceof RoomEvent.Announced announced) {
            out.put((byte) ANNOUNCED);
            Utf8.encode(announced.text(), out);
        } else if (event instanceof RoomEvent.Closing) {
            out.put((byte) CLOSING);
        } else if (event instanceof RoomEvent.YouWereKicked kicked) {
            out.put((byte) YOU_WERE_KICKED);
            Utf8.encode(kicked.reason(), out);
        } else if (event instanceof RoomEvent.NotRelayed notRelayed) {
            out.put((byte) NOT_RELAYED);
            out.put((byte) problemCode(notRelayed.problem()));
        } else if (event instanceof RoomEvent.YouAreIn in) {
            out.put((byte) YOU_ARE_IN);
            shortString(in.room(), out);
            out.putInt((int) in.members());
        } else if (event instanceof RoomEvent.RoomList list) {
            out.put((byte) ROOM_LIST);
            out.putInt((int) list.total());
            for (RoomEvent.RoomCount room : list.rooms()) {
                shortString(room.room(), out);
                out.putInt((int) room.members());
            }
        } else if (event instanceof RoomEvent.MemberList list) {
            out.put((byte) MEMBER_LIST);
            shortString(list.room(), out);
            out.putInt((int) list.total());
            for (String name : list.names()) {
                shortString(name, out);
            }
        } else if (event instanceof RoomEvent.PrivateFrom message) {
            out.put((byte) PRIVATE_FROM);
            shortString(message.name(), out);
            Utf8.encode(message.text(), out);
        } else if (event instanceof RoomEvent.PrivateTo message) {
            out.put((byte) PRIVATE_TO);
            shortString(message.name(), out);
            Utf8.encode(message.text(), out);
        } else if (event instanceof RoomEvent.Acted acted) {
            out.put((byte) ACTED);
            shortString(acted.name(), out);
            Utf8.encode(acted.text(), out);
        } else if (event instanceof RoomEvent.Renamed renamed) {
            out.put((byte) RENAMED);
            shortString(renamed.oldName(), out);
            shortString(renamed.newName(), out);
        } else if (event instanceof RoomEvent.Failed failed) {
            out.put((byte) FAILED);
            out.put((byte) failed.failure().code());
            out.putInt((int) failed.limit());
            Utf8.encode(failed.subject(), out);
        } else if (event instanceof RoomEvent.Muted muted) {
            out.put((byte) MUTED);
            out.putInt((int) muted.minutes());
        } else if (event instanceof RoomEvent.Unmuted) {
            out.put((byte) UNMUTED);
        } else {
            throw new AssertionError(event);
        }
    }

    /** How many bytes {@link #encodeEventBody} writes for {@code event}. */
    public static int eventBodyLength(RoomEvent event) {
        if (event instanceof RoomEvent.Said said) {
            return 2 + Utf8.encodedLength(said.name()) + Utf8.encodedLength(said.text());
        } else if (event instanceof RoomEvent.Joined joined) {
            return 2 + Utf8.encodedLength(joined.name());
        } else if (event instanceof RoomEvent.Left left) {
            return 2 + Utf8.encodedLength(left.name());
        } else if (event instanceof RoomEvent.TimedOut timedOut) {
            return 2 + Utf8.encodedLength(timedOut.name());
        } else if (event instanceof RoomEvent.Kicked kicked) {
            return 2 + Utf8.encodedLength(kicked.name()) + Utf8.encodedLength(kicked.reason());
        } else if (event instanceof RoomEvent.Dropped dropped) {
            return 2 + Utf8.encodedLength(dropped.name());
        } else if (event instanceof RoomEvent.Announced announced) {
            return 1 + Utf8.encodedLength(announced.text());
        } else if (event instanceof RoomEvent.Closing) {
            return 1;
        } else if (event instanceof RoomEvent.YouWereKicked kicked) {
            return 1 + Utf8.encodedLength(kicked.reason());
        } else if (event instanceof RoomEvent.NotRelayed) {
            return 2;
        } else if (event instanceof RoomEvent.YouAreIn in) {
            return 2 + Utf8.encodedLength(in.room()) + 4;
        } else if (event instanceof RoomEvent.RoomList list) {
            int length = 1 + 4;
            for (RoomEvent.RoomCount room : list.rooms()) {
                length += roomCountLength(room);
            }
            return length;
        } else if (event instanceof RoomEvent.MemberList list) {
            int length = 2 + Utf8.encodedLength(list.room()) + 4;
            for (String name : list.names()) {
                length += 1 + Utf8.encodedLength(name);
            }
            return length;
        } else if (event instanceof RoomEvent.PrivateFrom message) {
            return 2 + Utf8.encodedLength(message.name()) + Utf8.encodedLength(message.text());
        } else if (event instanceof RoomEvent.PrivateTo message) {
            return 2 + Utf8.encodedLength(message.name()) + Utf8.encodedLength(message.text());
        } else if (event instanceof RoomEvent.Acted acted) {
            return 2 + Utf8.encodedLength(acted.name()) + Utf8.encodedLength(acted.text());
        } else if (event instanceof RoomEvent.Renamed renamed) {
            return 3 + Utf8.encodedLength(renamed.oldName()) + Utf8.encodedLength(renamed.newName());
        } else if (event instanceof RoomEvent.Failed failed) {
            return 6 + Utf8.encodedLength(failed.subject());
        } else if (event instanceof RoomEvent.Muted) {
            return 5;
        } else if (event instanceof RoomEvent.Unmuted) {
            return 1;
        } else {
            throw new AssertionError(event);
        }
    }

    /** How many bytes one entry of a {@link RoomEvent.RoomList} takes. */
    public static int roomCountLength(RoomEvent.RoomCount room) {
        return 1 + Utf8.encodedLength(room.room()) + 4;
    }

    /**
     * The most event-body bytes one EVENT datagram carries: what a server may fill with a listing. The
     * header is the only other part.
     */
    public static final int MAX_EVENT_BODY_BYTES = Limits.MAX_NATIVE_DATAGRAM_BYTES - SESSION_HEADER_BYTES;

    /** Appends a request's kind and fields: what follows a REQUEST's session header. */
    public static void encodeRequestBody(RoomRequest request, ByteBuffer out) {
        if (request instanceof RoomRequest.JoinRoom join) {
            out.put((byte) JOIN_ROOM);
            Utf8.encode(join.room(), out);
        } else if (request instanceof RoomRequest.ListRooms) {
            out.put((byte) LIST_ROOMS);
        } else if (request instanceof RoomRequest.Who who) {
            out.put((byte) WHO);
            Utf8.encode(who.room(), out);
        } else if (request instanceof RoomRequest.PrivateMessage message) {
            out.put((byte) PRIVATE_MESSAGE);
            shortString(message.to(), out);
            Utf8.encode(message.text(), out);
        } else if (request instanceof RoomRequest.Action action) {
            out.put((byte) ACTION);
            Utf8.encode(action.text(), out);
        } else if (request instanceof RoomRequest.Nick nick) {
            out.put((byte) NICK);
            Utf8.encode(nick.name(), out);
        } else {
            throw new AssertionError(request);
        }
    }

    /** How many bytes {@link #encodeRequestBody} writes for {@code request}. */
    public static int requestBodyLength(RoomRequest request) {
        if (request instanceof RoomRequest.JoinRoom join) {
            return 1 + Utf8.encodedLength(join.room());
        } else if (request instanceof RoomRequest.ListRooms) {
            return 1;
        } else if (request instanceof RoomRequest.Who who) {
            return 1 + Utf8.encodedLength(who.room());
        } else if (request instanceof RoomRequest.PrivateMessage message) {
            return 2 + Utf8.encodedLength(message.to()) + Utf8.encodedLength(message.text());
        } else if (request instanceof RoomRequest.Action action) {
            return 1 + Utf8.encodedLength(action.text());
        } else if (request instanceof RoomRequest.Nick nick) {
            return 1 + Utf8.encodedLength(nick.name());
        } else {
            throw new AssertionError(request);
        }
    }

    /** Decodes a native datagram a client sent, consuming the buffer's remaining bytes. */
    public static NativeClientPacket decodeClientPacket(ByteBuffer datagram) throws MalformedPacketException {
        Cursor in = new Cursor(datagram);
        int type = in.preamble();
        switch (type) {
            case HELLO: {
                if (datagram.limit() - in.start < HELLO_BYTES) {
                    throw new MalformedPacketException(
                            MalformedPacketException.Reason.BAD_LENGTH,
                            "HELLO of " + (datagram.limit() - in.start) + " bytes is under the " + HELLO_BYTES
                                    + "-byte minimum that pays for the reply");
                }
                int size = datagram.limit() - in.start;
                long nonce = in.u64();
                datagram.position(datagram.limit()); // the padding: whatever it holds, it only pays
                return new NativeClientPacket.Hello(nonce, size);
            }
            case LOGIN: {
                Cookie cookie = in.cookie();
                long previousToken = in.u64();
                long nonce = in.u64();
                String[] nameAndRoom = in.restAsNameAndRoom("LOGIN");
                return new NativeClientPacket.Login(cookie, previousToken, nonce, nameAndRoom[0], nameAndRoom[1]);
            }
            case CHAT: {
                long token = in.token();
                long seq = in.sequence();
                long ack = in.u32();
                String text = in.restAsText("CHAT");
                return new NativeClientPacket.Chat(token, seq, ack, text);
            }
            case QUIT: {
                long token = in.token();
                long seq = in.sequence();
                long ack = in.u32();
                in.end("QUIT");
                return new NativeClientPacket.Quit(token, seq, ack);
            }
            case CLIENT_ACK: {
                long token = in.token();
                in.zeroSeq("ACK");
                long ack = in.u32();
                in.end("ACK");
                return new NativeClientPacket.Ack(token, ack);
            }
            case PING: {
                long token = in.token();
                in.zeroSeq("PING");
                long ack = in.u32();
                in.end("PING");
                return new NativeClientPacket.Ping(token, ack);
            }
            case PATH_RESPONSE: {
                long token = in.token();
                long nonce = in.u64();
                in.end("PATH_RESPONSE");
                return new NativeClientPacket.PathResponse(token, nonce);
            }
            case REQUEST: {
                long token = in.token();
                long seq = in.sequence();
                long ack = in.u32();
                return new NativeClientPacket.Request(token, seq, ack, in.request());
            }
            default:
                throw in.unknownType(type, "client");
        }
    }

    /** Decodes a native datagram the server sent, consuming the buffer's remaining bytes. */
    public static NativeServerPacket decodeServerPacket(ByteBuffer datagram) throws MalformedPacketException {
        Cursor in = new Cursor(datagram);
        int type = in.preamble();
        switch (type) {
            case CHALLENGE: {
                Cookie cookie = in.cookie();
                long nonce = in.u64();
                in.end("CHALLENGE");
                return new NativeServerPacket.Challenge(cookie, nonce);
            }
            case WELCOME: {
                long token = in.token();
                long nonce = in.u64();
                String[] nameAndRoom = in.restAsNameAndRoom("WELCOME");
                return new NativeServerPacket.Welcome(token, nonce, nameAndRoom[0], nameAndRoom[1]);
            }
            case REFUSED: {
                RefusalReason reason = RefusalReason.ofCode(in.u8());
                long limit = in.u32();
                long nonce = in.u64();
                in.end("REFUSED");
                return new NativeServerPacket.Refused(reason, limit, nonce);
            }
            case EVENT: {
                long token = in.token();
                long seq = in.sequence();
                long ack = in.u32();
                return new NativeServerPacket.Event(token, seq, ack, in.event());
            }
            case SERVER_ACK: {
                long token = in.token();
                in.zeroSeq("ACK");
                long ack = in.u32();
                in.end("ACK");
                return new NativeServerPacket.Ack(token, ack);
            }
            case PONG: {
                long token = in.token();
                in.zeroSeq("PONG");
                long ack = in.u32();
                in.end("PONG");
                return new NativeServerPacket.Pong(token, ack);
            }
            case PATH_CHALLENGE: {
                long token = in.token();
                long nonce = in.u64();
                in.end("PATH_CHALLENGE");
                return new NativeServerPacket.PathChallenge(token, nonce);
            }
            case ENDED: {
                long token = in.token();
                EndReason reason = EndReason.ofCode(in.u8());
                in.end("ENDED");
                return new NativeServerPacket.Ended(token, reason);
            }
            default:
                throw in.unknownType(type, "server");
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
            default:
                throw new AssertionError(problem);
        }
    }

    private static ChatText.Problem problemOf(int code) throws MalformedPacketException {
        for (ChatText.Problem problem : ChatText.Problem.values()) {
            if (problemCode(problem) == code) {
                return problem;
            }
        }
        throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "unknown text problem " + code);
    }

    private static void preamble(int type, ByteBuffer out) {
        out.put(MAGIC_0).put(MAGIC_1).put((byte) VERSION).put((byte) type);
    }

    private static void sessionHeader(int type, long token, long seq, long ack, ByteBuffer out) {
        preamble(type, out);
        out.putLong(token);
        out.putInt((int) seq);
        out.putInt((int) ack);
    }

    private static void cookie(Cookie cookie, ByteBuffer out) {
        out.putInt((int) cookie.timeSlot());
        out.putLong(cookie.macHigh());
        out.putLong(cookie.macLow());
    }

    private static void nameAndRoom(String name, String room, ByteBuffer out) {
        Utf8.encode(name, out);
        if (!room.isEmpty()) {
            out.put(ROOM_SEPARATOR);
            Utf8.encode(room, out);
        }
    }

    private static void shortString(String text, ByteBuffer out) {
        out.put((byte) Utf8.encodedLength(text));
        Utf8.encode(text, out);
    }

    /** Reads fields off a datagram, turning every short read or bad value into a precise rejection. */
    private static final class Cursor {
        private final ByteBuffer in;
        private final int start;
        private int type;

        Cursor(ByteBuffer in) {
            this.in = in;
            this.start = in.position();
        }

        int preamble() throws MalformedPacketException {
            int size = in.remaining();
            if (size == 0) {
                throw new MalformedPacketException(MalformedPacketException.Reason.EMPTY, "empty datagram");
            }
            if (size > Limits.MAX_NATIVE_DATAGRAM_BYTES) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.OVERSIZED,
                        "datagram of " + size + " bytes is over the " + Limits.MAX_NATIVE_DATAGRAM_BYTES
                                + "-byte limit");
            }
            if (size < 2 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.UNKNOWN_TYPE, "not a native datagram: no FF AC preamble");
            }
            if (size < PREAMBLE_BYTES) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.BAD_LENGTH,
                        "native datagram of " + size + " bytes is shorter than its " + PREAMBLE_BYTES
                                + "-byte preamble");
            }
            int version = in.get() & 0xFF;
            if (version != VERSION) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.UNSUPPORTED_VERSION,
                        "native version " + version + ", but this side speaks " + VERSION);
            }
            type = in.get() & 0xFF;
            return type;
        }

        MalformedPacketException unknownType(int unknown, String side) {
            return new MalformedPacketException(
                    MalformedPacketException.Reason.UNKNOWN_TYPE,
                    String.format("unknown %s packet type 0x%02X", side, unknown));
        }

        private void need(int bytes) throws MalformedPacketException {
            if (in.remaining() < bytes) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.BAD_LENGTH,
                        String.format(
                                "type 0x%02X cut short: %d bytes, needs %d at least",
                                type, in.limit() - start, in.position() - start + bytes));
            }
        }

        int u8() throws MalformedPacketException {
            need(1);
            return in.get() & 0xFF;
        }

        long u32() throws MalformedPacketException {
            need(4);
            return in.getInt() & 0xFFFF_FFFFL;
        }

        long u64() throws MalformedPacketException {
            need(8);
            return in.getLong();
        }

        long token() throws MalformedPacketException {
            long token = u64();
            if (token == 0) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "token is 0");
            }
            return token;
        }

        long sequence() throws MalformedPacketException {
            long seq = u32();
            if (seq == 0) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, "seq is 0");
            }
            return seq;
        }

        void zeroSeq(String what) throws MalformedPacketException {
            if (u32() != 0) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, what + " has a seq");
            }
        }

        Cookie cookie() throws MalformedPacketException {
            long slot = u32();
            long high = u64();
            long low = u64();
            return new Cookie(slot, high, low);
        }

        void end(String what) throws MalformedPacketException {
            if (in.hasRemaining()) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.BAD_LENGTH,
                        what + " of " + (in.limit() - start) + " bytes is longer than its " + (in.position() - start)
                                + "-byte layout");
            }
        }

        /** The rest of the datagram as UTF-8; a bad byte's offset counts from the datagram's start. */
        String rest() throws MalformedPacketException {
            return Utf8.decode(in, in.position() - start);
        }

        String restAsName(String what) throws MalformedPacketException {
            String name = rest();
            requireUsableName(name, what + " has no usable name");
            return name;
        }

        /** A name, then optionally a NUL and a room: the two strings, the room empty when there is none. */
        String[] restAsNameAndRoom(String what) throws MalformedPacketException {
            String rest = rest();
            int separator = rest.indexOf((char) ROOM_SEPARATOR);
            String name = separator < 0 ? rest : rest.substring(0, separator);
            String room = separator < 0 ? "" : rest.substring(separator + 1);
            requireUsableName(name, what + " has no usable name");
            if (separator >= 0) {
                requireUsableName(room, what + " has no usable room after its NUL");
            }
            return new String[] {name, room};
        }

        private static void requireUsableName(String name, String problem) throws MalformedPacketException {
            if (name.isEmpty()
                    || !name.strip().equals(name)
                    || name.indexOf('\0') >= 0
                    || Utf8.encodedLength(name) > 255) {
                throw new MalformedPacketException(
                        MalformedPacketException.Reason.MISSING_NAME,
                        problem + ": empty, over 255 bytes, with a NUL or with surrounding whitespace");
            }
        }

        String restAsText(String what) throws MalformedPacketException {
            String text = rest();
            if (text.isEmpty()) {
                throw new MalformedPacketException(MalformedPacketException.Reason.MISSING_TEXT, what + " has no text");
            }
            return text;
        }

        String shortName() throws MalformedPacketException {
            int length = u8();
            need(length);
            ByteBuffer slice = in.slice();
            slice.limit(length);
            int fieldOffset = in.position() - start;
            in.position(in.position() + length);
            String name = Utf8.decode(slice, fieldOffset);
            requireUsableName(name, "a field has no usable name");
            return name;
        }

        RoomEvent event() throws MalformedPacketException {
            int kind = u8();
            switch (kind) {
                case SAID: {
                    String name = shortName();
                    return new RoomEvent.Said(name, restAsText("SAID"));
                }
                case JOINED:
                    return endWith(new RoomEvent.Joined(shortName()));
                case LEFT:
                    return endWith(new RoomEvent.Left(shortName()));
                case TIMED_OUT:
                    return endWith(new RoomEvent.TimedOut(shortName()));
                case KICKED: {
                    String name = shortName();
                    return new RoomEvent.Kicked(name, rest());
                }
                case DROPPED:
                    return endWith(new RoomEvent.Dropped(shortName()));
                case ANNOUNCED:
                    return new RoomEvent.Announced(restAsText("ANNOUNCED"));
                case CLOSING:
                    return endWith(new RoomEvent.Closing());
                case YOU_WERE_KICKED:
                    return new RoomEvent.YouWereKicked(rest());
                case NOT_RELAYED:
                    return endWith(new RoomEvent.NotRelayed(problemOf(u8())));
                case YOU_ARE_IN: {
                    String room = shortName();
                    return endWith(new RoomEvent.YouAreIn(room, u32()));
                }
                case ROOM_LIST: {
                    long total = u32();
                    List<RoomEvent.RoomCount> rooms = new ArrayList<>();
                    while (in.hasRemaining()) {
                        String room = shortName();
                        rooms.add(new RoomEvent.RoomCount(room, u32()));
                    }
                    return listing(() -> new RoomEvent.RoomList(total, rooms));
                }
                case MEMBER_LIST: {
                    String room = shortName();
                    long total = u32();
                    List<String> names = new ArrayList<>();
                    while (in.hasRemaining()) {
                        names.add(shortName());
                    }
                    return listing(() -> new RoomEvent.MemberList(room, total, names));
                }
                case PRIVATE_FROM: {
                    String name = shortName();
                    return new RoomEvent.PrivateFrom(name, restAsText("PRIVATE_FROM"));
                }
                case PRIVATE_TO: {
                    String name = shortName();
                    return new RoomEvent.PrivateTo(name, restAsText("PRIVATE_TO"));
                }
                case ACTED: {
                    String name = shortName();
                    return new RoomEvent.Acted(name, restAsText("ACTED"));
                }
                case RENAMED: {
                    String oldName = shortName();
                    return endWith(new RoomEvent.Renamed(oldName, shortName()));
                }
                case FAILED: {
                    Failure failure = Failure.ofCode(u8());
                    long limit = u32();
                    return new RoomEvent.Failed(failure, limit, rest());
                }
                case MUTED:
                    return endWith(new RoomEvent.Muted(u32()));
                case UNMUTED:
                    return endWith(new RoomEvent.Unmuted());
                default:
                    throw new MalformedPacketException(
                            MalformedPacketException.Reason.UNKNOWN_TYPE, "unknown event kind " + kind);
            }
        }

        /** A listing whose count says fewer than it lists is refused, not thrown. */
        private RoomEvent listing(java.util.function.Supplier<RoomEvent> make) throws MalformedPacketException {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException(MalformedPacketException.Reason.BAD_FIELD, e.getMessage());
            }
        }

        RoomRequest request() throws MalformedPacketException {
            int kind = u8();
            switch (kind) {
                case JOIN_ROOM:
                    return new RoomRequest.JoinRoom(restAsName("JOIN_ROOM"));
                case LIST_ROOMS:
                    end("LIST_ROOMS");
                    return new RoomRequest.ListRooms();
                case WHO: {
                    String room = rest();
                    if (!room.isEmpty()) {
                        requireUsableName(room, "WHO has no usable room");
                    }
                    return new RoomRequest.Who(room);
                }
                case PRIVATE_MESSAGE: {
                    String to = shortName();
                    return new RoomRequest.PrivateMessage(to, restAsText("PRIVATE_MESSAGE"));
                }
                case ACTION:
                    return new RoomRequest.Action(restAsText("ACTION"));
                case NICK:
                    return new RoomRequest.Nick(restAsName("NICK"));
                default:
                    throw new MalformedPacketException(
                            MalformedPacketException.Reason.UNKNOWN_TYPE, "unknown request kind " + kind);
            }
        }

        private RoomEvent endWith(RoomEvent event) throws MalformedPacketException {
            end("event");
            return event;
        }
    }
}
