package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.udpchat.codec.NativeBytes.COOKIE;
import static org.udpchat.codec.NativeBytes.COOKIE_HEX;
import static org.udpchat.codec.NativeBytes.EVENT_HEADER;
import static org.udpchat.codec.NativeBytes.LOGIN_HEADER;
import static org.udpchat.codec.NativeBytes.MAX_U32;
import static org.udpchat.codec.NativeBytes.NOISE_FIRST_HEX;
import static org.udpchat.codec.NativeBytes.NOISE_SECOND_HEX;
import static org.udpchat.codec.NativeBytes.NONCE;
import static org.udpchat.codec.NativeBytes.NONCE_HEX;
import static org.udpchat.codec.NativeBytes.REQUEST_HEADER;
import static org.udpchat.codec.NativeBytes.SECRET;
import static org.udpchat.codec.NativeBytes.SECRET_HEX;
import static org.udpchat.codec.NativeBytes.TOKEN;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.WELCOME_HEADER;
import static org.udpchat.codec.NativeBytes.ZEROS_8_HEX;
import static org.udpchat.codec.NativeBytes.golden;
import static org.udpchat.codec.NativeBytes.hex;
import static org.udpchat.codec.NativeBytes.noiseFirst;
import static org.udpchat.codec.NativeBytes.noiseSecond;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.udpchat.codec.secure.SealedDatagram;

/**
 * Golden bytes of the native protocol, one row per layout (Aeron's {@code FlyweightTest} asserts each byte):
 * each row's datagram encodes to exactly its bytes, and its bytes decode to it.
 */
class NativeGoldenBytesTest {

    /** What a client sends in clear: the handshake. */
    static Stream<Arguments> clearClientPackets() {
        return Stream.of(
                golden(
                        "HELLO: preamble, nonce and zeros to 64 bytes",
                        hello(NONCE_HEX, 64),
                        new ClearClientPacket.Hello(NONCE, 64)),
                golden(
                        "HELLO: nonce -1 big-endian",
                        hello("FF FF FF FF FF FF FF FF", 200),
                        new ClearClientPacket.Hello(-1, 200)),
                golden("HELLO with nonce 0", hello(ZEROS_8_HEX, 100), new ClearClientPacket.Hello(0, 100)),
                golden(
                        "HELLO of the largest size",
                        hello(NONCE_HEX, Limits.MAX_NATIVE_DATAGRAM_BYTES),
                        new ClearClientPacket.Hello(NONCE, Limits.MAX_NATIVE_DATAGRAM_BYTES)),
                golden(
                        "INIT: cookie, nonce, the ephemeral key, zeros to 128 bytes",
                        "FF AC 02 02  " + COOKIE_HEX + "  " + NONCE_HEX + " " + NOISE_FIRST_HEX + " 00".repeat(64),
                        new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst())),
                golden(
                        "INIT padded to 200 bytes",
                        "FF AC 02 02  " + COOKIE_HEX + "  FF FF FF FF FF FF FF FF " + NOISE_FIRST_HEX
                                + " 00".repeat(136),
                        new ClearClientPacket.Init(COOKIE, -1, noiseFirst(), 200)));
    }

    /** What a client seals: the plain datagrams of a session. */
    static Stream<Arguments> clientPackets() {
        return Stream.of(
                golden(
                        "LOGIN: no previous token, no proof, a name",
                        LOGIN_HEADER + " 62 6F 62",
                        new NativeClientPacket.Login("bob")),
                golden(
                        "LOGIN with an empty room: no room at all",
                        LOGIN_HEADER + " 62 6F 62",
                        new NativeClientPacket.Login("bob", "")),
                golden(
                        "LOGIN: a room after a NUL",
                        LOGIN_HEADER + " 62 6F 62  00  6C 6F 62 62 79",
                        new NativeClientPacket.Login("bob", "lobby")),
                golden(
                        "LOGIN with a previous token and its proof: 小明 in 大厅",
                        "FF AC 02 02 " + TOKEN_HEX + "  " + SECRET_HEX + "  E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85",
                        new NativeClientPacket.Login(TOKEN, SECRET, "小明", "大厅")),
                golden(
                        "LOGIN: previous token -2, big-endian",
                        "FF AC 02 02  FF FF FF FF FF FF FF FE  " + SECRET_HEX + "  62 6F 62",
                        new NativeClientPacket.Login(-2, SECRET, "bob", "")),
                golden(
                        "LOGIN: a proof with one bit set is a proof",
                        "FF AC 02 02 " + TOKEN_HEX + " 00".repeat(31) + " 01  62 6F 62",
                        new NativeClientPacket.Login(TOKEN, new ResumptionSecret(0, 0, 0, 1), "bob", "")),
                golden(
                        "LOGIN: a name may hold inner spaces",
                        LOGIN_HEADER + "  62 6F 62 20 20 73 6D 69 74 68",
                        new NativeClientPacket.Login("bob  smith")),
                golden(
                        "LOGIN: a room may hold inner spaces",
                        LOGIN_HEADER + "  62 6F 62 00  72 75 73 74 20 20 64 65 76",
                        new NativeClientPacket.Login("bob", "rust  dev")),
                golden(
                        "CHAT: hi  你好😀 (U+4F60, U+597D, U+1F600)",
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00"
                                + "  68 69 20 20 E4 BD A0 E5 A5 BD F0 9F 98 80",
                        new NativeClientPacket.Chat(TOKEN, 1, 0, "hi  你好😀")),
                golden(
                        "CHAT: a text keeps its surrounding spaces",
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  20 68 69 20",
                        new NativeClientPacket.Chat(TOKEN, 1, 0, " hi ")),
                golden(
                        "CHAT with a line id: FF, the id, then the text (LineId's example)",
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF 01 02 03 04 05 06 07 08  68 69",
                        new NativeClientPacket.Chat(TOKEN, 1, 0, "hi", 0x0102030405060708L)),
                golden(
                        "CHAT with line id -1: every bit set is an id",
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF FF FF FF FF FF FF FF FF  68 69",
                        new NativeClientPacket.Chat(TOKEN, 1, 0, "hi", -1)),
                golden(
                        "QUIT",
                        "FF AC 02 04 " + TOKEN_HEX + " FF FF FF FF  00 00 01 00",
                        new NativeClientPacket.Quit(TOKEN, MAX_U32, 256)),
                golden(
                        "ACK with seq 0",
                        "FF AC 02 05 " + TOKEN_HEX + " 00 00 00 00  00 00 00 2A",
                        new NativeClientPacket.Ack(TOKEN, 42)),
                golden(
                        "ACK of 2^32 - 1",
                        "FF AC 02 05 " + TOKEN_HEX + " 00 00 00 00  FF FF FF FF",
                        new NativeClientPacket.Ack(TOKEN, MAX_U32)),
                golden(
                        "PING",
                        "FF AC 02 06  80 00 00 00 00 00 00 00  00 00 00 00  FF FF FF FF",
                        new NativeClientPacket.Ping(Long.MIN_VALUE, MAX_U32)),
                golden(
                        "PATH_RESPONSE",
                        "FF AC 02 07 " + TOKEN_HEX + " 0A 0B 0C 0D 0E 0F 10 11",
                        new NativeClientPacket.PathResponse(TOKEN, 0x0A0B_0C0D_0E0F_1011L)));
    }

    /** What the server sends in clear: the handshake's answers, and the word to a stranger. */
    static Stream<Arguments> clearServerPackets() {
        return Stream.of(
                golden(
                        "CHALLENGE in 32 bytes",
                        "FF AC 02 81 " + COOKIE_HEX + "  " + NONCE_HEX,
                        new ClearServerPacket.Challenge(COOKIE, NONCE)),
                golden(
                        "CHALLENGE echoing nonce 0",
                        "FF AC 02 81 " + COOKIE_HEX + "  " + ZEROS_8_HEX,
                        new ClearServerPacket.Challenge(COOKIE, 0)),
                golden(
                        "REPLY in 116 bytes: the init's nonce and Noise's second message",
                        "FF AC 02 82  " + NONCE_HEX + " " + NOISE_SECOND_HEX,
                        new ClearServerPacket.Reply(NONCE, noiseSecond())),
                golden(
                        "UPGRADE in version 1's framing: version 1's REFUSED for reason 19, limit 2",
                        "FF AC 01 83  13  00 00 00 02  " + NONCE_HEX,
                        new ClearServerPacket.Upgrade(1, 2, NONCE)),
                golden(
                        "UPGRADE in this version's framing, from a server of version 3",
                        "FF AC 02 83  13  00 00 00 03  " + NONCE_HEX,
                        new ClearServerPacket.Upgrade(2, 3, NONCE)),
                golden(
                        "UPGRADE in version 255's framing, version 2^32 - 1",
                        "FF AC FF 83  13  FF FF FF FF  00 00 00 00 00 00 00 01",
                        new ClearServerPacket.Upgrade(255, MAX_U32, 1)),
                golden("UNKNOWN in 12 bytes", "FF AC 02 8A " + TOKEN_HEX, new ClearServerPacket.Unknown(TOKEN)),
                golden(
                        "UNKNOWN of token -1",
                        "FF AC 02 8A  FF FF FF FF FF FF FF FF",
                        new ClearServerPacket.Unknown(-1)));
    }

    /** What the server seals: the plain datagrams of a session. */
    static Stream<Arguments> serverPackets() {
        return Stream.of(
                golden(
                        "the Javadoc's example EVENT",
                        "FF AC 02 84  01 02 03 04 05 06 07 08  00 00 00 07  00 00 00 03  02 03 62 6F 62",
                        new NativeServerPacket.Event(TOKEN, 7, 3, new RoomEvent.Joined("bob"))),
                golden(
                        "WELCOME: token, resumption secret, name",
                        WELCOME_HEADER + "62 6F 62",
                        new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "")),
                golden(
                        "WELCOME with a room",
                        WELCOME_HEADER + "62 6F 62  00  6C 6F 62 62 79",
                        new NativeServerPacket.Welcome(TOKEN, SECRET, false, "bob", "lobby")),
                golden(
                        "WELCOME: a room after a NUL, 小明 in 大厅 (U+5927 U+5385)",
                        WELCOME_HEADER + "E5 B0 8F E6 98 8E  00  E5 A4 A7 E5 8E 85",
                        new NativeServerPacket.Welcome(TOKEN, SECRET, false, "小明", "大厅")),
                golden(
                        "WELCOME: token -1 and a secret of all ones",
                        "FF AC 02 82  FF FF FF FF FF FF FF FF " + " FF".repeat(32) + "  00  62 6F 62",
                        new NativeServerPacket.Welcome(-1, new ResumptionSecret(-1, -1, -1, -1), false, "bob", "")),
                golden(
                        "WELCOME of a resumed session: flags 01",
                        "FF AC 02 82 " + TOKEN_HEX + "  " + SECRET_HEX + "  01  62 6F 62",
                        new NativeServerPacket.Welcome(TOKEN, SECRET, true, "bob", "")),
                golden(
                        "REFUSED in 9 bytes: reason code and limit",
                        "FF AC 02 83  07  00 00 00 40",
                        new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64)),
                golden(
                        "REFUSED: name too long",
                        "FF AC 02 83 02 00 00 00 20",
                        new NativeServerPacket.Refused(RefusalReason.NAME_TOO_LONG, 32)),
                golden(
                        "REFUSED: server full",
                        "FF AC 02 83  0D  FF FF FF FF",
                        new NativeServerPacket.Refused(RefusalReason.SERVER_FULL, MAX_U32)),
                golden(
                        "REFUSED: looks like alice",
                        "FF AC 02 83  11  00 00 00 00  61 6C 69 63 65",
                        new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0, "alice")),
                golden(
                        "REFUSED: looks like the administrator, who is not named",
                        "FF AC 02 83  11  00 00 00 00",
                        new NativeServerPacket.Refused(RefusalReason.NAME_LOOKS_LIKE, 0)),
                golden(
                        "REFUSED: mixes scripts",
                        "FF AC 02 83  12  00 00 00 00",
                        new NativeServerPacket.Refused(RefusalReason.NAME_MIXED_SCRIPTS, 0)),
                golden(
                        "REFUSED: too many members from one address",
                        "FF AC 02 83  0E  00 00 00 04",
                        new NativeServerPacket.Refused(RefusalReason.TOO_MANY_FROM_ADDRESS, 4)),
                golden(
                        "REFUSED: too many rooms from one address",
                        "FF AC 02 83  0F  00 00 00 0A",
                        new NativeServerPacket.Refused(RefusalReason.TOO_MANY_ROOMS_FROM_ADDRESS, 10)),
                golden(
                        "REFUSED: a rejoin paused, for the seconds left",
                        "FF AC 02 83  10  00 00 00 1E",
                        new NativeServerPacket.Refused(RefusalReason.REJOIN_PAUSED, 30)),
                golden(
                        "ACK",
                        "FF AC 02 85 " + TOKEN_HEX + " 00 00 00 00  00 00 00 09",
                        new NativeServerPacket.Ack(TOKEN, 9)),
                golden(
                        "PONG",
                        "FF AC 02 86  FF FF FF FF FF FF FF FF  00 00 00 00  00 00 00 00",
                        new NativeServerPacket.Pong(-1, 0)),
                golden(
                        "PATH_CHALLENGE in 20 bytes",
                        "FF AC 02 87 " + TOKEN_HEX + " FF FF FF FF FF FF FF FF",
                        new NativeServerPacket.PathChallenge(TOKEN, -1)),
                golden(
                        "PATH_CHALLENGE",
                        "FF AC 02 87 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88",
                        new NativeServerPacket.PathChallenge(TOKEN, 0x1122_3344_5566_7788L)),
                golden(
                        "ENDED in 13 bytes",
                        "FF AC 02 88 " + TOKEN_HEX + " 03",
                        new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED)),
                golden(
                        "ENDED: dropped",
                        "FF AC 02 88 " + TOKEN_HEX + " 04",
                        new NativeServerPacket.Ended(TOKEN, EndReason.DROPPED)));
    }

    static Stream<Arguments> events() {
        return Stream.of(
                golden(
                        "SAID: a name's length, then the text to the end",
                        EVENT_HEADER + " 01  06 E5 B0 8F E6 98 8E  68 69",
                        event(new RoomEvent.Said("小明", "hi"))),
                golden(
                        "KICKED with an empty reason",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  05  03 62 6F 62",
                        new NativeServerPacket.Event(TOKEN, 2, 0, new RoomEvent.Kicked("bob", ""))),
                golden(
                        "KICKED with a reason",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 05  00 00 00 00  05 03 62 6F 62  73 70 61 6D",
                        new NativeServerPacket.Event(TOKEN, 5, 0, new RoomEvent.Kicked("bob", "spam"))),
                golden(
                        "YOU_WERE_KICKED with an empty reason",
                        EVENT_HEADER + " 09",
                        event(new RoomEvent.YouWereKicked(""))),
                golden(
                        "NOT_RELAYED: problems count from 1",
                        EVENT_HEADER + " 0A 03",
                        event(new RoomEvent.NotRelayed(ChatText.Problem.INVISIBLE_OR_CONTROL))),
                golden(
                        "NOT_RELAYED: a run of blanks",
                        EVENT_HEADER + " 0A 04",
                        event(new RoomEvent.NotRelayed(ChatText.Problem.BLANK_RUN))),
                golden(
                        "NOT_RELAYED: looks like an announcement",
                        EVENT_HEADER + " 0A 05",
                        event(new RoomEvent.NotRelayed(ChatText.Problem.LOOKS_LIKE_ANNOUNCEMENT))),
                golden(
                        "YOU_ARE_IN: the room, then the member count",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 03  00 00 00 01  0B  05 6C 6F 62 62 79  00 00 01 00",
                        new NativeServerPacket.Event(TOKEN, 3, 1, new RoomEvent.YouAreIn("lobby", 256))),
                golden(
                        "ROOM_LIST: the total, then each room and its count",
                        EVENT_HEADER + " 0C  00 00 00 03  05 6C 6F 62 62 79  00 00 00 02  06 E5 A4 A7 E5 8E 85"
                                + "  FF FF FF FF",
                        event(new RoomEvent.RoomList(
                                3,
                                List.of(new RoomEvent.RoomCount("lobby", 2), new RoomEvent.RoomCount("大厅", MAX_U32))))),
                golden(
                        "ROOM_LIST, empty: its total alone",
                        EVENT_HEADER + " 0C  00 00 00 00",
                        event(new RoomEvent.RoomList(0, List.of()))),
                golden(
                        "ROOM_LIST of 大厅 and lobby",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  0C  00 00 00 09"
                                + "  06 E5 A4 A7 E5 8E 85  00 00 00 0C  05 6C 6F 62 62 79  00 00 00 00",
                        new NativeServerPacket.Event(
                                TOKEN,
                                2,
                                0,
                                new RoomEvent.RoomList(
                                        9,
                                        List.of(
                                                new RoomEvent.RoomCount("大厅", 12),
                                                new RoomEvent.RoomCount("lobby", 0))))),
                golden(
                        "ROOM_LIST may say more than it lists",
                        EVENT_HEADER + " 0C 00 00 00 64  05 6C 6F 62 62 79  00 00 00 03",
                        event(new RoomEvent.RoomList(100, List.of(new RoomEvent.RoomCount("lobby", 3))))),
                golden(
                        "MEMBER_LIST: the room and the total, then each name",
                        EVENT_HEADER + " 0D  05 6C 6F 62 62 79  00 00 00 05  03 62 6F 62  06 E5 B0 8F E6 98 8E",
                        event(new RoomEvent.MemberList("lobby", 5, List.of("bob", "小明")))),
                golden(
                        "MEMBER_LIST, empty: the room and the total alone",
                        EVENT_HEADER + " 0D  05 6C 6F 62 62 79  00 00 00 00",
                        event(new RoomEvent.MemberList("lobby", 0, List.of()))),
                golden(
                        "MEMBER_LIST of 大厅",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00  0D  06 E5 A4 A7 E5 8E 85"
                                + "  00 00 00 02  06 E5 B0 8F E6 98 8E  03 62 6F 62",
                        new NativeServerPacket.Event(
                                TOKEN, 2, 0, new RoomEvent.MemberList("大厅", 2, List.of("小明", "bob")))),
                golden(
                        "MEMBER_LIST may say more than it lists",
                        EVENT_HEADER + " 0D 05 6C 6F 62 62 79  00 00 00 07",
                        event(new RoomEvent.MemberList("lobby", 7, List.of()))),
                golden(
                        "MEMBER_LIST may list exactly its total",
                        EVENT_HEADER + " 0D 05 6C 6F 62 62 79  00 00 00 02  03 62 6F 62  03 62 6F 62",
                        event(new RoomEvent.MemberList("lobby", 2, List.of("bob", "bob")))),
                golden(
                        "PRIVATE_FROM: a name's length, then the text to the end",
                        EVENT_HEADER + " 0E  03 62 6F 62  68 69",
                        event(new RoomEvent.PrivateFrom("bob", "hi"))),
                golden(
                        "PRIVATE_TO: a name's length, then the text to the end",
                        EVENT_HEADER + " 0F  06 E5 B0 8F E6 98 8E  E4 BD A0 E5 A5 BD",
                        event(new RoomEvent.PrivateTo("小明", "你好"))),
                golden(
                        "ACTED: a name's length, then the text to the end",
                        EVENT_HEADER + " 10  03 62 6F 62  77 61 76 65 73",
                        event(new RoomEvent.Acted("bob", "waves"))),
                golden(
                        "RENAMED: two names, each with its length",
                        EVENT_HEADER + " 11  03 62 6F 62  03 72 6F 62",
                        event(new RoomEvent.Renamed("bob", "rob"))),
                golden(
                        "RENAMED bob to 小明",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 04  00 00 00 00  11  03 62 6F 62"
                                + "  06 E5 B0 8F E6 98 8E",
                        new NativeServerPacket.Event(TOKEN, 4, 0, new RoomEvent.Renamed("bob", "小明"))),
                golden(
                        "FAILED: the code and the limit, then the subject to the end",
                        EVENT_HEADER + " 12  04  00 00 00 40  6C 6F 62 62 79",
                        event(new RoomEvent.Failed(Failure.ROOM_FULL, 64, "lobby"))),
                golden(
                        "FAILED with an empty subject, in 26 bytes",
                        EVENT_HEADER + " 12  09  00 00 01 2C",
                        event(new RoomEvent.Failed(Failure.MUTED, 300, ""))),
                golden(
                        "FAILED: the name is taken",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 04  00 00 00 00  12  07  00 00 00 00"
                                + "  E5 B0 8F E6 98 8E",
                        new NativeServerPacket.Event(TOKEN, 4, 0, new RoomEvent.Failed(Failure.NAME_TAKEN, 0, "小明"))),
                golden(
                        "FAILED: too many rooms, with an empty subject",
                        EVENT_HEADER + " 12 05 00 00 00 32",
                        event(new RoomEvent.Failed(Failure.TOO_MANY_ROOMS, 50, ""))),
                golden("MUTED: its minutes", EVENT_HEADER + " 13  00 00 00 0A", event(new RoomEvent.Muted(10))),
                golden("UNMUTED: its kind alone", EVENT_HEADER + " 14", event(new RoomEvent.Unmuted())),
                golden(
                        "FAILED: too many rooms from one address, with the room asked for",
                        EVENT_HEADER + " 12  0A  00 00 00 03  63 68 65 73 73",
                        event(new RoomEvent.Failed(Failure.TOO_MANY_ROOMS_FROM_ADDRESS, 3, "chess"))),
                golden(
                        "MANY_JOINED: the total, then each name",
                        EVENT_HEADER + " 15  00 00 00 0C  05 61 6C 69 63 65  03 62 6F 62  05 63 61 72 6F 6C",
                        event(new RoomEvent.ManyJoined(12, List.of("alice", "bob", "carol")))),
                golden(
                        "MANY_JOINED naming nobody: its total alone",
                        EVENT_HEADER + " 15  00 00 00 03",
                        event(new RoomEvent.ManyJoined(3, List.of()))),
                golden(
                        "MANY_JOINED may name exactly its total",
                        EVENT_HEADER + " 15  00 00 00 02  06 E5 B0 8F E6 98 8E  03 62 6F 62",
                        event(new RoomEvent.ManyJoined(2, List.of("小明", "bob")))),
                golden(
                        "MANY_JOINED in event 9, acknowledging 4",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 09  00 00 00 04  15  00 00 00 01  05 61 6C 69 63 65",
                        new NativeServerPacket.Event(TOKEN, 9, 4, new RoomEvent.ManyJoined(1, List.of("alice")))),
                golden(
                        "MANY_LEFT: the total, then each name",
                        EVENT_HEADER + " 16  00 00 00 07  03 62 6F 62  06 E5 B0 8F E6 98 8E",
                        event(new RoomEvent.ManyLeft(7, List.of("bob", "小明")))),
                golden(
                        "MANY_LEFT of 2^32 - 1, naming nobody",
                        EVENT_HEADER + " 16  FF FF FF FF",
                        event(new RoomEvent.ManyLeft(MAX_U32, List.of()))),
                golden(
                        "SLOWED_DOWN: lines per second",
                        EVENT_HEADER + " 17  00 00 00 02",
                        event(new RoomEvent.SlowedDown(2))),
                golden(
                        "SLOWED_DOWN to 2^32 - 1 lines per second",
                        EVENT_HEADER + " 17  FF FF FF FF",
                        event(new RoomEvent.SlowedDown(MAX_U32))),
                golden(
                        "WENT: who, then the room they went to",
                        EVENT_HEADER + " 18  05 61 6C 69 63 65  05 67 61 6D 65 73",
                        event(new RoomEvent.Went("alice", "games"))),
                golden(
                        "CAME: who, then the room they came from",
                        EVENT_HEADER + " 19  06 E5 B0 8F E6 98 8E  05 6C 6F 62 62 79",
                        event(new RoomEvent.Came("小明", "lobby"))),
                golden(
                        "ANNOUNCED_TO_ROOM: the room, then the text to the end",
                        EVENT_HEADER + " 1A  05 67 61 6D 65 73  68 69 20 20",
                        event(new RoomEvent.AnnouncedToRoom("games", "hi  "))),
                golden(
                        "BANNED for 5 minutes",
                        EVENT_HEADER + " 1B  03 62 6F 62  00 00 00 05",
                        event(new RoomEvent.Banned("bob", 5))),
                golden(
                        "BANNED until lifted",
                        EVENT_HEADER + " 1B  03 62 6F 62  00 00 00 00",
                        event(new RoomEvent.Banned("bob", 0))),
                golden(
                        "YOU_WERE_BANNED for 525,600 minutes",
                        EVENT_HEADER + " 1C  00 08 05 20",
                        event(new RoomEvent.YouWereBanned(525_600))),
                golden(
                        "HISTORY: line 7, said at 2025-12-01T12:02:00Z (1,764,590,520,000 ms), then SAID bob hi",
                        EVENT_HEADER + " 1D  00 00 00 07  00 00 01 9A D9 CA 86 C0  01 03 62 6F 62 68 69",
                        event(new RoomEvent.History(7, 1_764_590_520_000L, new RoomEvent.Said("bob", "hi")))),
                golden(
                        "HISTORY of a private message: line 0",
                        EVENT_HEADER + " 1D  00 00 00 00  00 00 00 00 00 00 00 01  0E 03 62 6F 62 68 69",
                        event(new RoomEvent.History(0, 1, new RoomEvent.PrivateFrom("bob", "hi")))),
                golden(
                        "MISSED: 37 lines of lobby",
                        EVENT_HEADER + " 1E  00 00 00 25  6C 6F 62 62 79",
                        event(new RoomEvent.Missed(37, "lobby"))),
                golden(
                        "MISSED: 2 private messages (no room)",
                        EVENT_HEADER + " 1E  00 00 00 02",
                        event(new RoomEvent.Missed(2, ""))),
                golden("TAKES_LINE_IDS: its kind alone", EVENT_HEADER + " 1F", event(new RoomEvent.TakesLineIds())),
                golden(
                        "an event of a kind this side does not know: its kind alone",
                        EVENT_HEADER + " 20",
                        event(new RoomEvent.Unrecognized(32))),
                golden(
                        "an event of kind 255, which this side does not know",
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 02  00 00 00 01  FF",
                        new NativeServerPacket.Event(TOKEN, 2, 1, new RoomEvent.Unrecognized(255))));
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                golden("JOIN_ROOM", REQUEST_HEADER + "01  6C 6F 62 62 79", request(new RoomRequest.JoinRoom("lobby"))),
                golden("LIST_ROOMS", REQUEST_HEADER + "02", request(new RoomRequest.ListRooms())),
                golden(
                        "WHO of the own room: nothing after the kind",
                        REQUEST_HEADER + "03",
                        request(new RoomRequest.Who(""))),
                golden("WHO of a room", REQUEST_HEADER + "03  E5 A4 A7 E5 8E 85", request(new RoomRequest.Who("大厅"))),
                golden(
                        "PRIVATE_MESSAGE",
                        REQUEST_HEADER + "04  03 62 6F 62  68 69",
                        request(new RoomRequest.PrivateMessage("bob", "hi"))),
                golden("ACTION", REQUEST_HEADER + "05  77 61 76 65 73", request(new RoomRequest.Action("waves"))),
                golden(
                        "ACTION with a line id",
                        REQUEST_HEADER + "05  FF 00 00 00 00 00 00 00 2A  77 61 76 65 73",
                        request(new RoomRequest.Action("waves", 42))),
                golden("NICK", REQUEST_HEADER + "06  E5 B0 8F E7 BA A2", request(new RoomRequest.Nick("小红"))),
                golden(
                        "PRIVATE_MESSAGE: a name's length, then the text to the end",
                        "FF AC 02 08 " + TOKEN_HEX + " 00 00 00 05  00 00 00 02  04  05 61 6C 69 63 65"
                                + "  68 69 20 E4 BD A0 E5 A5 BD",
                        new NativeClientPacket.Request(TOKEN, 5, 2, new RoomRequest.PrivateMessage("alice", "hi 你好"))),
                golden(
                        "WHO of the own room, acknowledging 2^32 - 1",
                        "FF AC 02 08 " + TOKEN_HEX + " 00 00 00 07  FF FF FF FF  03",
                        new NativeClientPacket.Request(TOKEN, 7, MAX_U32, new RoomRequest.Who(""))),
                golden(
                        "NICK 管理员: the name rules are the server's",
                        REQUEST_HEADER + "06 E7 AE A1 E7 90 86 E5 91 98",
                        request(new RoomRequest.Nick(Names.ADMINISTRATOR))),
                golden(
                        "JOIN_ROOM of 33 characters: the room rules are the server's",
                        REQUEST_HEADER + "01" + " 61".repeat(33),
                        request(new RoomRequest.JoinRoom("a".repeat(33)))));
    }

    /** A HELLO of {@code size} bytes: preamble, nonce, zeros. */
    private static String hello(String nonceHex, int size) {
        return "FF AC 02 01  " + nonceHex + " 00".repeat(size - 12);
    }

    /** Event 1 of session {@link NativeBytes#TOKEN}, acknowledging nothing: what {@link NativeBytes#EVENT_HEADER} says. */
    private static NativeServerPacket.Event event(RoomEvent event) {
        return new NativeServerPacket.Event(TOKEN, 1, 0, event);
    }

    /** Request 1 of session {@link NativeBytes#TOKEN}, acknowledging nothing: what {@link NativeBytes#REQUEST_HEADER} says. */
    private static NativeClientPacket.Request request(RoomRequest request) {
        return new NativeClientPacket.Request(TOKEN, 1, 0, request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"clearClientPackets", "clientPackets", "clearServerPackets", "serverPackets", "events", "requests"})
    void isExactlyItsBytes(String description, String hexBytes, Packet packet) throws MalformedPacketException {
        assertArrayEquals(hex(hexBytes), NativeCodec.encode(packet), "encoding");
        assertEquals(packet, NativeBytes.decodeAs(packet, hex(hexBytes)), "decoding");
    }

    /** Events of kinds this side does not know, with fields: decoded, the fields skipped, whatever they hold. */
    static Stream<Arguments> unrecognizedEvents() {
        return Stream.of(
                golden("kind 32 with a name", EVENT_HEADER + " 20  03 62 6F 62", event(new RoomEvent.Unrecognized(32))),
                golden(
                        "kind 99 with bytes no event could hold",
                        EVENT_HEADER + " 63  C0 AF 00 FF",
                        event(new RoomEvent.Unrecognized(99))),
                golden(
                        "kind 128 up to the native limit",
                        EVENT_HEADER + " 80" + " 7E".repeat(EventCodec.MAX_BODY_BYTES - 1),
                        event(new RoomEvent.Unrecognized(128))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unrecognizedEvents")
    void anEventOfAnUnknownKindDecodesToItsKindItsFieldsSkipped(String description, String hexBytes, Packet packet)
            throws MalformedPacketException {
        byte[] bytes = hex(hexBytes);

        assertEquals(packet, NativeBytes.decode(false, bytes));
        assertArrayEquals(
                Arrays.copyOf(bytes, NativeCodec.SESSION_HEADER_BYTES + 1),
                NativeCodec.encode(packet),
                "it encodes back to its header and kind");
    }

    @Test
    void fixedPacketsTakeTheirDocumentedSizes() {
        assertEquals(32, NativeCodec.CHALLENGE_BYTES);
        assertEquals(
                NativeCodec.CHALLENGE_BYTES, NativeCodec.encode(new ClearServerPacket.Challenge(COOKIE, NONCE)).length);
        assertEquals(104, NativeCodec.NOISE_SECOND_BYTES);
        assertEquals(116, NativeCodec.REPLY_BYTES);
        assertEquals(
                NativeCodec.REPLY_BYTES, NativeCodec.encode(new ClearServerPacket.Reply(NONCE, noiseSecond())).length);
        assertEquals(128, NativeCodec.INIT_BYTES);
        assertEquals(
                NativeCodec.INIT_BYTES,
                NativeCodec.encode(new ClearClientPacket.Init(COOKIE, NONCE, noiseFirst())).length);
        assertEquals(17, NativeCodec.encode(new ClearServerPacket.Upgrade(1, 2, NONCE)).length);
        assertEquals(12, NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)).length);
        assertEquals(9, NativeCodec.encode(new NativeServerPacket.Refused(RefusalReason.ROOM_FULL, 64)).length);
        assertEquals(
                NativeCodec.SESSION_HEADER_BYTES,
                NativeCodec.encode(new NativeServerPacket.PathChallenge(TOKEN, -1)).length);
        assertEquals(13, NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED)).length);
        assertEquals(26, NativeCodec.encode(event(new RoomEvent.Failed(Failure.MUTED, 300, ""))).length);
    }

    @Test
    void everyAnswerToAnUnprovenAddressIsNoLargerThanWhatEarnsIt() {
        // The server's rule against amplification, in the codec's own sizes.
        assertTrue(NativeCodec.CHALLENGE_BYTES <= NativeCodec.HELLO_BYTES);
        assertTrue(NativeCodec.REPLY_BYTES <= NativeCodec.INIT_BYTES);
        int upgrade = NativeCodec.encode(new ClearServerPacket.Upgrade(1, NativeCodec.VERSION, NONCE)).length;
        assertTrue(upgrade <= NativeCodec.HELLO_BYTES, "an UPGRADE answers a hello of at least 64 bytes");
        int unknown = NativeCodec.encode(new ClearServerPacket.Unknown(TOKEN)).length;
        int smallestSealed = SealedDatagram.OVERHEAD + NativeCodec.encode(new NativeClientPacket.Ack(TOKEN, 0)).length;
        assertEquals(56, smallestSealed, "a sealed ACK or PING is a client's smallest sealed datagram");
        assertTrue(unknown <= smallestSealed, "an UNKNOWN answers a sealed datagram");
        int pathChallenge =
                SealedDatagram.OVERHEAD + NativeCodec.encode(new NativeServerPacket.PathChallenge(TOKEN, NONCE)).length;
        assertEquals(smallestSealed, pathChallenge, "a sealed PATH_CHALLENGE answers any sealed datagram");
        int ended = SealedDatagram.OVERHEAD
                + NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, EndReason.EXPIRED)).length;
        assertTrue(ended <= smallestSealed, "a sealed ENDED answers any sealed datagram");
    }

    @Test
    void encodesRefusalAndEndReasonsWithTheirCodes() {
        for (RefusalReason reason : RefusalReason.values()) {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Refused(reason, 0));
            assertEquals(reason.code(), bytes[4], reason.name());
        }
        for (EndReason reason : EndReason.values()) {
            byte[] bytes = NativeCodec.encode(new NativeServerPacket.Ended(TOKEN, reason));
            assertEquals(reason.code(), bytes[12], reason.name());
        }
    }

    @Test
    void encodesFailuresWithTheirCodes() {
        for (Failure failure : Failure.values()) {
            byte[] bytes = NativeCodec.encode(event(new RoomEvent.Failed(failure, 0, "")));
            assertEquals(failure.code(), bytes[NativeCodec.SESSION_HEADER_BYTES + 1], failure.name());
        }
    }

    @Test
    void theEventCodecsJavadocExampleIsJoinedBob() {
        assertArrayEquals(hex("02 03 62 6F 62"), EventCodec.encode(new RoomEvent.Joined("bob")));
    }

    @Test
    void theRequestCodecsJavadocExampleIsNick() {
        ByteBuffer out = ByteBuffer.allocate(16);

        RequestCodec.write(new RoomRequest.Nick("小红"), FieldWriter.into(out));

        assertArrayEquals(hex("06 E5 B0 8F E7 BA A2"), Arrays.copyOf(out.array(), out.position()));
    }
}
