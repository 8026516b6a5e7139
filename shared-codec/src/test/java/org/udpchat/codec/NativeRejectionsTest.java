package org.udpchat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.udpchat.codec.MalformedPacketException.Reason.BAD_FIELD;
import static org.udpchat.codec.MalformedPacketException.Reason.BAD_LENGTH;
import static org.udpchat.codec.MalformedPacketException.Reason.EMPTY;
import static org.udpchat.codec.MalformedPacketException.Reason.MISSING_NAME;
import static org.udpchat.codec.MalformedPacketException.Reason.MISSING_TEXT;
import static org.udpchat.codec.MalformedPacketException.Reason.NOT_UTF8;
import static org.udpchat.codec.MalformedPacketException.Reason.OVERSIZED;
import static org.udpchat.codec.MalformedPacketException.Reason.UNKNOWN_TYPE;
import static org.udpchat.codec.MalformedPacketException.Reason.UNSUPPORTED_VERSION;
import static org.udpchat.codec.NativeBytes.COOKIE_HEX;
import static org.udpchat.codec.NativeBytes.EVENT_HEADER;
import static org.udpchat.codec.NativeBytes.LOGIN_HEADER;
import static org.udpchat.codec.NativeBytes.NOISE_FIRST_HEX;
import static org.udpchat.codec.NativeBytes.NOISE_SECOND_HEX;
import static org.udpchat.codec.NativeBytes.NONCE_HEX;
import static org.udpchat.codec.NativeBytes.NO_SECRET_HEX;
import static org.udpchat.codec.NativeBytes.REQUEST_HEADER;
import static org.udpchat.codec.NativeBytes.SECRET_HEX;
import static org.udpchat.codec.NativeBytes.TOKEN_HEX;
import static org.udpchat.codec.NativeBytes.WELCOME_HEADER;
import static org.udpchat.codec.NativeBytes.ZEROS_8_HEX;
import static org.udpchat.codec.NativeBytes.decode;
import static org.udpchat.codec.NativeBytes.decodeClear;
import static org.udpchat.codec.NativeBytes.hex;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a native datagram is rejected, whichever layer finds it (preamble, packet type, event or request
 * body): one row each, with its exact reason and message.
 */
class NativeRejectionsTest {

    private static final String NO_TOKEN_HEX = "00 00 00 00 00 00 00 00";

    /** The message of every rejection of a name or room the wire cannot carry. */
    private static final String UNUSABLE = ": empty, over 255 bytes, with a NUL or with surrounding whitespace";

    /** A row of a rejection table: decoding {@code hexBytes} fails for {@code reason}, saying exactly {@code message}. */
    private static Arguments rejection(
            String hexBytes, MalformedPacketException.Reason reason, String message, String description) {
        return arguments(hexBytes, reason, message, description);
    }

    /** Handshake datagrams the server receives in clear: HELLO and INIT, and whatever else comes in clear. */
    static Stream<Arguments> clearClientPackets() {
        return Stream.of(
                rejection("", EMPTY, "empty datagram", "empty"),
                rejection(
                        "FF AC 02 01" + " 00".repeat(1161),
                        OVERSIZED,
                        "datagram of 1165 bytes is over the 1164-byte limit",
                        "one byte over the native limit"),
                rejection(
                        "FF AD 02 01" + " 00".repeat(60),
                        UNKNOWN_TYPE,
                        "not a native datagram: no FF AC preamble",
                        "bad magic"),
                rejection(
                        "FF AC 02",
                        BAD_LENGTH,
                        "native datagram of 3 bytes is shorter than its 4-byte preamble",
                        "the preamble cut short"),
                rejection(
                        "FF AC 01 01" + " 00".repeat(60),
                        UNSUPPORTED_VERSION,
                        "native version 1, but this side speaks 2",
                        "a version 1 HELLO (the server looks for one with readOutdatedHello first)"),
                rejection(
                        "FF AC 03 02" + " 00".repeat(124),
                        UNSUPPORTED_VERSION,
                        "native version 3, but this side speaks 2",
                        "a version 3 INIT"),
                rejection(
                        "FF AC 02 01" + " 00".repeat(59),
                        BAD_LENGTH,
                        "HELLO of 63 bytes is under the 64-byte minimum that pays for the reply",
                        "HELLO of 63 bytes"),
                rejection(
                        "FF AC 02 01",
                        BAD_LENGTH,
                        "HELLO of 4 bytes is under the 64-byte minimum that pays for the reply",
                        "HELLO: the bare preamble"),
                rejection(
                        "FF AC 02 01  " + NONCE_HEX,
                        BAD_LENGTH,
                        "HELLO of 12 bytes is under the 64-byte minimum that pays for the reply",
                        "HELLO: preamble and nonce, unpadded"),
                rejection(
                        "FF AC 02 02  " + COOKIE_HEX + "  " + NONCE_HEX + NOISE_FIRST_HEX + " 00".repeat(63),
                        BAD_LENGTH,
                        "INIT of 127 bytes is under the 128-byte minimum that pays for the reply",
                        "INIT of 127 bytes"),
                rejection(
                        "FF AC 02 02  " + COOKIE_HEX + "  " + NONCE_HEX + NOISE_FIRST_HEX,
                        BAD_LENGTH,
                        "INIT of 64 bytes is under the 128-byte minimum that pays for the reply",
                        "INIT: its fields, unpadded"),
                rejection(
                        "FF AC 02 02",
                        BAD_LENGTH,
                        "INIT of 4 bytes is under the 128-byte minimum that pays for the reply",
                        "INIT: the bare preamble"),
                rejection(
                        "FF AC 02 02 " + ZEROS_8_HEX + NO_SECRET_HEX + " 62 6F 62",
                        BAD_LENGTH,
                        "INIT of 47 bytes is under the 128-byte minimum that pays for the reply",
                        "a plain LOGIN sent in clear is read as an INIT, and is too small for one"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69",
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x03 from a client",
                        "a plain CHAT sent in clear"),
                rejection(
                        "FF AC 02 09 " + TOKEN_HEX + " 00".repeat(8 + 4 + 16),
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x09 from a client",
                        "a sealed datagram fed to the clear decoder"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX + "  " + NONCE_HEX + " 00".repeat(32),
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x81 from a client",
                        "the server's CHALLENGE sent to the server"));
    }

    /** Handshake datagrams a client receives in clear: CHALLENGE, REPLY, UPGRADE (any framing), UNKNOWN. */
    static Stream<Arguments> clearServerPackets() {
        return Stream.of(
                rejection("", EMPTY, "empty datagram", "empty"),
                rejection(
                        "FF AC 02 82" + " 00".repeat(1161),
                        OVERSIZED,
                        "datagram of 1165 bytes is over the 1164-byte limit",
                        "one byte over the native limit"),
                rejection(
                        "FE AC 02 81 " + COOKIE_HEX + " " + NONCE_HEX,
                        UNKNOWN_TYPE,
                        "not a native datagram: no FF AC preamble",
                        "bad magic"),
                rejection(
                        "FF AC 01 81 " + COOKIE_HEX + " " + NONCE_HEX,
                        UNSUPPORTED_VERSION,
                        "native version 1, but this side speaks 2",
                        "a version 1 CHALLENGE"),
                rejection(
                        "FF AC 00 81 " + COOKIE_HEX + " " + NONCE_HEX,
                        UNSUPPORTED_VERSION,
                        "native version 0, but this side speaks 2",
                        "version 0"),
                rejection(
                        "FF AC FF 8A " + TOKEN_HEX,
                        UNSUPPORTED_VERSION,
                        "native version 255, but this side speaks 2",
                        "an UNKNOWN of version 255"),
                rejection(
                        "FF AC 02 81  01 02 03 04  11 12",
                        BAD_LENGTH,
                        "type 0x81 cut short: 10 bytes, needs 16 at least",
                        "CHALLENGE cut short in the cookie"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX + " A1 A2 A3 A4 A5 A6 A7",
                        BAD_LENGTH,
                        "type 0x81 cut short: 31 bytes, needs 32 at least",
                        "CHALLENGE one byte short of its nonce"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX,
                        BAD_LENGTH,
                        "type 0x81 cut short: 24 bytes, needs 32 at least",
                        "CHALLENGE without its nonce"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX + " " + NONCE_HEX + " 00",
                        BAD_LENGTH,
                        "CHALLENGE of 33 bytes is longer than its 32-byte layout",
                        "CHALLENGE with a trailing 00"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX + " " + NONCE_HEX + " " + NONCE_HEX,
                        BAD_LENGTH,
                        "CHALLENGE of 40 bytes is longer than its 32-byte layout",
                        "CHALLENGE with a second nonce"),
                rejection(
                        "FF AC 02 82 A1 A2 A3",
                        BAD_LENGTH,
                        "type 0x82 cut short: 7 bytes, needs 12 at least",
                        "REPLY cut short in the nonce"),
                rejection(
                        "FF AC 02 82 " + NONCE_HEX + NOISE_SECOND_HEX.substring(0, 3 * 103),
                        BAD_LENGTH,
                        "type 0x82 cut short: 115 bytes, needs 116 at least",
                        "REPLY one byte short of its Noise message"),
                rejection(
                        "FF AC 02 82 " + NONCE_HEX + NOISE_SECOND_HEX + " 00",
                        BAD_LENGTH,
                        "REPLY of 117 bytes is longer than its 116-byte layout",
                        "REPLY with a trailing byte"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + "  " + SECRET_HEX + "  62 6F 62",
                        BAD_LENGTH,
                        "type 0x82 cut short: 47 bytes, needs 116 at least",
                        "a plain WELCOME sent in clear is read as a REPLY, and is too small for one"),
                rejection(
                        "FF AC 01 83  13  00 00 00 02  A1 A2",
                        BAD_LENGTH,
                        "type 0x83 cut short: 11 bytes, needs 17 at least",
                        "UPGRADE cut short in the nonce"),
                rejection(
                        "FF AC 01 83",
                        BAD_LENGTH,
                        "type 0x83 cut short: 4 bytes, needs 5 at least",
                        "UPGRADE: the bare preamble"),
                rejection(
                        "FF AC 01 83  13  00 00 00 02  " + NONCE_HEX + " 00",
                        BAD_LENGTH,
                        "UPGRADE of 18 bytes is longer than its 17-byte layout",
                        "UPGRADE with a trailing byte"),
                rejection(
                        "FF AC 00 83  13  00 00 00 02  " + NONCE_HEX,
                        UNSUPPORTED_VERSION,
                        "native version 0, but this side speaks 2",
                        "an UPGRADE framed as version 0, which no version is (found by SealedDatagramFuzzTest:"
                                + " it threw IllegalArgumentException)"),
                rejection(
                        "FF AC 01 83  07  00 00 00 40  " + NONCE_HEX,
                        UNKNOWN_TYPE,
                        "a refusal in clear that is not an UPGRADE",
                        "a version 1 REFUSED for another reason (ROOM_FULL)"),
                rejection(
                        "FF AC 02 83  07  00 00 00 40",
                        UNKNOWN_TYPE,
                        "a refusal in clear that is not an UPGRADE",
                        "a plain REFUSED sent in clear"),
                rejection(
                        "FF AC 02 8A " + TOKEN_HEX.substring(0, 20),
                        BAD_LENGTH,
                        "type 0x8A cut short: 11 bytes, needs 12 at least",
                        "UNKNOWN cut short"),
                rejection(
                        "FF AC 02 8A " + TOKEN_HEX + " 00",
                        BAD_LENGTH,
                        "UNKNOWN of 13 bytes is longer than its 12-byte layout",
                        "UNKNOWN with a trailing byte"),
                rejection("FF AC 02 8A " + NO_TOKEN_HEX, BAD_FIELD, "token is 0", "UNKNOWN of token 0"),
                rejection(
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  08",
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x84 from the server",
                        "a plain EVENT sent in clear"),
                rejection(
                        "FF AC 02 89 " + TOKEN_HEX + " 00".repeat(8 + 4 + 16),
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x89 from the server",
                        "a sealed datagram fed to the clear decoder"),
                rejection(
                        "FF AC 02 01  " + NONCE_HEX + " 00".repeat(52),
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x01 from the server",
                        "a client's HELLO sent to the client"));
    }

    /** Plain datagrams the server finds inside a client's sealed one: the client's session types. */
    static Stream<Arguments> clientPackets() {
        return Stream.of(
                rejection("", EMPTY, "empty datagram", "empty"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00" + " 78".repeat(1145),
                        OVERSIZED,
                        "datagram of 1165 bytes is over the 1164-byte limit",
                        "one byte over the native limit"),
                rejection(
                        "FF AD 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69",
                        UNKNOWN_TYPE,
                        "not a native datagram: no FF AC preamble",
                        "bad magic"),
                rejection(
                        "FF",
                        UNKNOWN_TYPE,
                        "not a native datagram: no FF AC preamble",
                        "shorter than the preamble, and not its start"),
                rejection(
                        "FF AC 02",
                        BAD_LENGTH,
                        "native datagram of 3 bytes is shorter than its 4-byte preamble",
                        "the preamble cut short"),
                rejection(
                        "FF AC 01 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69",
                        UNSUPPORTED_VERSION,
                        "native version 1, but this side speaks 2",
                        "a version 1 CHAT"),
                rejection(
                        "FF AC 03 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69",
                        UNSUPPORTED_VERSION,
                        "native version 3, but this side speaks 2",
                        "version 3"),
                rejection(
                        "FF AC 02 01" + " 00".repeat(60),
                        UNKNOWN_TYPE,
                        "unknown client packet type 0x01",
                        "a HELLO fed to the plain decoder"),
                rejection(
                        "FF AC 02 09 " + TOKEN_HEX + " 00".repeat(8 + 4 + 16),
                        UNKNOWN_TYPE,
                        "unknown client packet type 0x09",
                        "a sealed datagram fed to the plain decoder: seals do not nest"),
                rejection(
                        "FF AC 02 02  00 00 00",
                        BAD_LENGTH,
                        "type 0x02 cut short: 7 bytes, needs 12 at least",
                        "LOGIN cut short in the previous token"),
                rejection(
                        "FF AC 02 02 " + TOKEN_HEX + " 31".repeat(10),
                        BAD_LENGTH,
                        "type 0x02 cut short: 22 bytes, needs 28 at least",
                        "LOGIN cut short in the proof"),
                rejection(
                        "FF AC 02 02 " + TOKEN_HEX + " 31".repeat(31),
                        BAD_LENGTH,
                        "type 0x02 cut short: 43 bytes, needs 44 at least",
                        "LOGIN one byte short of its proof"),
                rejection(
                        "FF AC 02 02 " + TOKEN_HEX + NO_SECRET_HEX + " 62 6F 62",
                        BAD_FIELD,
                        "LOGIN's previous token and its proof must come together",
                        "LOGIN: a previous token without its proof (the token alone takes nothing back)"),
                rejection(
                        "FF AC 02 02 " + NO_TOKEN_HEX + " " + SECRET_HEX + " 62 6F 62",
                        BAD_FIELD,
                        "LOGIN's previous token and its proof must come together",
                        "LOGIN: a proof without a previous token"),
                rejection(
                        "FF AC 02 02 " + TOKEN_HEX + NO_SECRET_HEX,
                        BAD_FIELD,
                        "LOGIN's previous token and its proof must come together",
                        "LOGIN: a previous token without its proof, and no name: the pairing is checked first"),
                rejection(
                        "FF AC 02 03 01 02 03",
                        BAD_LENGTH,
                        "type 0x03 cut short: 7 bytes, needs 12 at least",
                        "CHAT cut short in the token"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00",
                        BAD_LENGTH,
                        "type 0x03 cut short: 18 bytes, needs 20 at least",
                        "CHAT cut short in the ack"),
                rejection(
                        "FF AC 02 05 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                        BAD_LENGTH,
                        "ACK of 21 bytes is longer than its 20-byte layout",
                        "ACK with a trailing byte"),
                rejection(
                        "FF AC 02 04 " + TOKEN_HEX + " 00 00 00 01  00 00 00 01  51",
                        BAD_LENGTH,
                        "QUIT of 21 bytes is longer than its 20-byte layout",
                        "QUIT with a trailing byte"),
                rejection(
                        "FF AC 02 06 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                        BAD_LENGTH,
                        "PING of 21 bytes is longer than its 20-byte layout",
                        "PING with a trailing byte"),
                rejection(
                        "FF AC 02 07 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88  00",
                        BAD_LENGTH,
                        "PATH_RESPONSE of 21 bytes is longer than its 20-byte layout",
                        "PATH_RESPONSE with a trailing byte"),
                rejection(
                        "FF AC 02 03 " + NO_TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69",
                        BAD_FIELD,
                        "token is 0",
                        "CHAT with token 0"),
                rejection(
                        "FF AC 02 04 " + NO_TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                        BAD_FIELD,
                        "token is 0",
                        "QUIT with token 0"),
                rejection(
                        "FF AC 02 05 " + NO_TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "token is 0",
                        "ACK with token 0"),
                rejection(
                        "FF AC 02 06 " + NO_TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "token is 0",
                        "PING with token 0"),
                rejection(
                        "FF AC 02 07 " + NO_TOKEN_HEX + " 11 22 33 44 55 66 77 88",
                        BAD_FIELD,
                        "token is 0",
                        "PATH_RESPONSE with token 0"),
                rejection(
                        "FF AC 02 08 " + NO_TOKEN_HEX + " 00 00 00 01  00 00 00 00  02",
                        BAD_FIELD,
                        "token is 0",
                        "REQUEST with token 0"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  68 69",
                        BAD_FIELD,
                        "seq is 0",
                        "CHAT with seq 0"),
                rejection(
                        "FF AC 02 04 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "seq is 0",
                        "QUIT with seq 0"),
                rejection(
                        "FF AC 02 08 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  02",
                        BAD_FIELD,
                        "seq is 0",
                        "REQUEST with seq 0"),
                rejection(
                        "FF AC 02 05 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                        BAD_FIELD,
                        "ACK has a seq",
                        "ACK with a seq"),
                rejection(
                        "FF AC 02 06 " + TOKEN_HEX + " FF FF FF FF  00 00 00 00",
                        BAD_FIELD,
                        "PING has a seq",
                        "PING with a seq"),
                rejection(
                        LOGIN_HEADER, MISSING_NAME, "LOGIN has no usable name" + UNUSABLE, "LOGIN with an empty name"),
                rejection(
                        LOGIN_HEADER + "20 62 6F 62",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name after a space"),
                rejection(
                        LOGIN_HEADER + "62 6F 62 20",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name before a space"),
                rejection(
                        LOGIN_HEADER + "62 6F 62 0A",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name before a newline"),
                rejection(
                        LOGIN_HEADER + "09",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name of a tab"),
                rejection(
                        LOGIN_HEADER + "E3 80 80 62",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name after an ideographic space"),
                rejection(
                        LOGIN_HEADER + " 78".repeat(256),
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name over 255 bytes"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a NUL followed by nothing"),
                rejection(
                        LOGIN_HEADER + " 00 6C 6F 62 62 79",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a room but no name"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 20  00 6C 6F 62 62 79",
                        MISSING_NAME,
                        "LOGIN has no usable name" + UNUSABLE,
                        "LOGIN: a name before a space, then a room"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 20 6C 6F 62 62 79",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room after a space"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 6C 6F 62 62 79 20",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room before a space"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 6C 6F 62 62 79 0A",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room before a newline"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 E3 80 80",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room of an ideographic space"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 00",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room of a NUL"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 6C 6F 00 62 62 79",
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a second NUL"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00" + " 78".repeat(256),
                        MISSING_NAME,
                        "LOGIN has no usable room after its NUL" + UNUSABLE,
                        "LOGIN: a room over 255 bytes"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00",
                        MISSING_TEXT,
                        "CHAT has no text",
                        "CHAT without text"),
                rejection(
                        LOGIN_HEADER + " 62 C0 AF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 45",
                        "LOGIN: a name with an overlong form, counted from the datagram's start"),
                rejection(
                        "FF AC 02 02 " + TOKEN_HEX + " " + SECRET_HEX + "  62 C0 AF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 45",
                        "LOGIN with a previous token and its proof: a name with an overlong form"),
                rejection(
                        LOGIN_HEADER + " 62 6F 62 00 6C C0 AF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 49",
                        "LOGIN: a room with an overlong form, counted from the datagram's start"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69 FF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 22",
                        "CHAT: a text with an FF byte"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF 00 00 00 00 00 00 00 00  68 69",
                        BAD_FIELD,
                        "a line id of 0: a line without one has no mark",
                        "CHAT: a line id of 0"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF 00 00 00 2A",
                        BAD_LENGTH,
                        "type 0x03 cut short: 25 bytes, needs 29 at least",
                        "CHAT: a line id cut short"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF 00 00 00 00 00 00 00 2A",
                        MISSING_TEXT,
                        "CHAT has no text",
                        "CHAT: a line id and no text"),
                rejection(
                        "FF AC 02 03 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  FF 00 00 00 00 00 00 00 2A  FF 68",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 29",
                        "CHAT: two line ids' marks: the second is the text's, and no UTF-8"));
    }

    /** Datagrams a client receives: the server's packet types. */
    static Stream<Arguments> serverPackets() {
        return Stream.of(
                rejection("", EMPTY, "empty datagram", "empty"),
                rejection(
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 01  00 00 00 00  07" + " 78".repeat(1144),
                        OVERSIZED,
                        "datagram of 1165 bytes is over the 1164-byte limit",
                        "one byte over the native limit"),
                rejection(
                        "FE AC 02 88 " + TOKEN_HEX + " 01",
                        UNKNOWN_TYPE,
                        "not a native datagram: no FF AC preamble",
                        "bad magic"),
                rejection(
                        "FF AC 01 88 " + TOKEN_HEX + " 01",
                        UNSUPPORTED_VERSION,
                        "native version 1, but this side speaks 2",
                        "a version 1 ENDED"),
                rejection(
                        "FF AC 00 88 " + TOKEN_HEX + " 01",
                        UNSUPPORTED_VERSION,
                        "native version 0, but this side speaks 2",
                        "version 0"),
                rejection(
                        "FF AC FF 88 " + TOKEN_HEX + " 01",
                        UNSUPPORTED_VERSION,
                        "native version 255, but this side speaks 2",
                        "version 255"),
                rejection(
                        "FF AC 01 83  13  00 00 00 02  " + NONCE_HEX,
                        UNSUPPORTED_VERSION,
                        "native version 1, but this side speaks 2",
                        "an UPGRADE in version 1's framing fed to the plain decoder"),
                rejection(
                        "FF AC 02 83  13  00 00 00 03  " + NONCE_HEX,
                        BAD_FIELD,
                        "unknown refusal reason 19",
                        "an UPGRADE in this version's framing fed to the plain decoder: no refusal has reason 19"),
                rejection(
                        "FF AC 02 81 " + COOKIE_HEX + " " + NONCE_HEX,
                        UNKNOWN_TYPE,
                        "unknown server packet type 0x81",
                        "a CHALLENGE fed to the plain decoder"),
                rejection(
                        "FF AC 02 8A " + TOKEN_HEX,
                        UNKNOWN_TYPE,
                        "unknown server packet type 0x8A",
                        "an UNKNOWN fed to the plain decoder"),
                rejection(
                        "FF AC 02 89 " + TOKEN_HEX + " 00".repeat(8 + 4 + 16),
                        UNKNOWN_TYPE,
                        "unknown server packet type 0x89",
                        "a sealed datagram fed to the plain decoder: seals do not nest"),
                rejection(
                        "FF AC 02 82 " + NONCE_HEX + NOISE_SECOND_HEX,
                        BAD_FIELD,
                        "WELCOME's flags 0xA0 hold bits no version has",
                        "a REPLY fed to the plain decoder is read as a WELCOME, and its bytes are no flags"),
                rejection(
                        "FF AC 02 83 06 00 00",
                        BAD_LENGTH,
                        "type 0x83 cut short: 7 bytes, needs 9 at least",
                        "REFUSED cut short in the limit"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + " A1 A2 A3",
                        BAD_LENGTH,
                        "type 0x82 cut short: 15 bytes, needs 20 at least",
                        "WELCOME cut short in the resumption secret"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + " " + " 31".repeat(31),
                        BAD_LENGTH,
                        "type 0x82 cut short: 43 bytes, needs 44 at least",
                        "WELCOME one byte short of its resumption secret"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + NO_SECRET_HEX + " 62 6F 62",
                        BAD_FIELD,
                        "WELCOME gives no resumption secret",
                        "WELCOME with a resumption secret of zeros"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + NO_SECRET_HEX,
                        BAD_FIELD,
                        "WELCOME gives no resumption secret",
                        "WELCOME with a resumption secret of zeros and no name: the secret is checked first"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + " " + SECRET_HEX + " 02 62 6F 62",
                        BAD_FIELD,
                        "WELCOME's flags 0x02 hold bits no version has",
                        "WELCOME with a flag no version has"),
                rejection(
                        "FF AC 02 82 " + TOKEN_HEX + " " + SECRET_HEX,
                        BAD_LENGTH,
                        "type 0x82 cut short: 44 bytes, needs 45 at least",
                        "WELCOME cut short before its flags"),
                rejection(
                        "FF AC 02 88 " + TOKEN_HEX,
                        BAD_LENGTH,
                        "type 0x88 cut short: 12 bytes, needs 13 at least",
                        "ENDED cut short before the reason"),
                rejection(
                        "FF AC 02 83 06 00 00 00 00 00",
                        BAD_LENGTH,
                        "REFUSED of 10 bytes is longer than its 9-byte layout",
                        "REFUSED with a trailing byte"),
                rejection(
                        "FF AC 02 83 07 00 00 00 40 " + NONCE_HEX,
                        BAD_LENGTH,
                        "REFUSED of 17 bytes is longer than its 9-byte layout",
                        "REFUSED with a nonce, as version 1 had"),
                rejection(
                        "FF AC 02 85 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                        BAD_LENGTH,
                        "ACK of 21 bytes is longer than its 20-byte layout",
                        "ACK with a trailing byte"),
                rejection(
                        "FF AC 02 86 " + TOKEN_HEX + " 00 00 00 00  00 00 00 01  00",
                        BAD_LENGTH,
                        "PONG of 21 bytes is longer than its 20-byte layout",
                        "PONG with a trailing byte"),
                rejection(
                        "FF AC 02 87 " + TOKEN_HEX + " 11 22 33 44 55 66 77 88  00",
                        BAD_LENGTH,
                        "PATH_CHALLENGE of 21 bytes is longer than its 20-byte layout",
                        "PATH_CHALLENGE with a trailing byte"),
                rejection(
                        "FF AC 02 88 " + TOKEN_HEX + " 01 00",
                        BAD_LENGTH,
                        "ENDED of 14 bytes is longer than its 13-byte layout",
                        "ENDED with a trailing byte"),
                rejection(
                        WELCOME_HEADER.replace(TOKEN_HEX, NO_TOKEN_HEX) + "62 6F 62",
                        BAD_FIELD,
                        "token is 0",
                        "WELCOME with token 0"),
                rejection(
                        "FF AC 02 84 " + NO_TOKEN_HEX + " 00 00 00 01  00 00 00 00  08",
                        BAD_FIELD,
                        "token is 0",
                        "EVENT with token 0"),
                rejection(
                        "FF AC 02 85 " + NO_TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "token is 0",
                        "ACK with token 0"),
                rejection(
                        "FF AC 02 86 " + NO_TOKEN_HEX + " 00 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "token is 0",
                        "PONG with token 0"),
                rejection(
                        "FF AC 02 87 " + NO_TOKEN_HEX + " 11 22 33 44 55 66 77 88",
                        BAD_FIELD,
                        "token is 0",
                        "PATH_CHALLENGE with token 0"),
                rejection("FF AC 02 88 " + NO_TOKEN_HEX + " 01", BAD_FIELD, "token is 0", "ENDED with token 0"),
                rejection(
                        "FF AC 02 84 " + TOKEN_HEX + " 00 00 00 00  00 00 00 00  08",
                        BAD_FIELD,
                        "seq is 0",
                        "EVENT with seq 0"),
                rejection(
                        "FF AC 02 85 " + TOKEN_HEX + " 80 00 00 00  00 00 00 00",
                        BAD_FIELD,
                        "ACK has a seq",
                        "ACK with a seq"),
                rejection(
                        "FF AC 02 86 " + TOKEN_HEX + " 00 00 00 02  00 00 00 00",
                        BAD_FIELD,
                        "PONG has a seq",
                        "PONG with a seq"),
                rejection("FF AC 02 83 00 00 00 00 00", BAD_FIELD, "unknown refusal reason 0", "REFUSED for reason 0"),
                rejection(
                        "FF AC 02 83 13 00 00 00 00",
                        BAD_FIELD,
                        "unknown refusal reason 19",
                        "REFUSED for reason 19, UPGRADE's in a version 1 REFUSED's layout: no refusal of this version"),
                rejection(
                        "FF AC 02 83 15 00 00 00 00",
                        BAD_FIELD,
                        "unknown refusal reason 21",
                        "REFUSED for reason 21, one past the last: a new reason needs a new client"),
                rejection(
                        "FF AC 02 83 12 00 00 00 00 61",
                        BAD_LENGTH,
                        "REFUSED of 10 bytes is longer than its 9-byte layout",
                        "REFUSED with a subject for a reason other than a look-alike"),
                rejection(
                        "FF AC 02 83 11 00 00 00 00 20 61",
                        MISSING_NAME,
                        "REFUSED has no usable name as its subject: empty, over 255 bytes, with a NUL or with surrounding whitespace",
                        "REFUSED for a look-alike whose subject has surrounding whitespace"),
                rejection(
                        "FF AC 02 83 FF 00 00 00 00",
                        BAD_FIELD,
                        "unknown refusal reason 255",
                        "REFUSED for reason 255"),
                rejection("FF AC 02 88 " + TOKEN_HEX + " 00", BAD_FIELD, "unknown end reason 0", "ENDED for reason 0"),
                rejection("FF AC 02 88 " + TOKEN_HEX + " 06", BAD_FIELD, "unknown end reason 6", "ENDED for reason 6"),
                rejection(
                        "FF AC 02 88 " + TOKEN_HEX + " FF",
                        BAD_FIELD,
                        "unknown end reason 255",
                        "ENDED for reason 255"),
                rejection(
                        WELCOME_HEADER,
                        MISSING_NAME,
                        "WELCOME has no usable name" + UNUSABLE,
                        "WELCOME with an empty name"),
                rejection(
                        WELCOME_HEADER + "62 6F 62 20",
                        MISSING_NAME,
                        "WELCOME has no usable name" + UNUSABLE,
                        "WELCOME: a name before a space"),
                rejection(
                        WELCOME_HEADER + "62 6F 62 00",
                        MISSING_NAME,
                        "WELCOME has no usable room after its NUL" + UNUSABLE,
                        "WELCOME: a NUL followed by nothing"),
                rejection(
                        WELCOME_HEADER + "62 6F 62 00 20 6C 6F 62 62 79",
                        MISSING_NAME,
                        "WELCOME has no usable room after its NUL" + UNUSABLE,
                        "WELCOME: a room after a space"),
                rejection(
                        WELCOME_HEADER + "00 6C 6F 62 62 79",
                        MISSING_NAME,
                        "WELCOME has no usable name" + UNUSABLE,
                        "WELCOME: a room but no name"),
                rejection(
                        WELCOME_HEADER + "62 ED A0 80",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 46",
                        "WELCOME: a name with an encoded surrogate"),
                rejection(
                        WELCOME_HEADER + "62 C0 AF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 46",
                        "WELCOME: a name with an overlong form"),
                rejection(
                        WELCOME_HEADER + "62 6F 62 00 ED A0 80",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 49",
                        "WELCOME: a room with an encoded surrogate"),
                rejection(
                        WELCOME_HEADER + "62 6F 62 00 6C C0 AF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 50",
                        "WELCOME: a room with an overlong form"));
    }

    /** An EVENT whose body is {@code body}. */
    private static Arguments event(
            String body, MalformedPacketException.Reason reason, String message, String description) {
        return rejection(EVENT_HEADER + body, reason, message, description);
    }

    private static Arguments eventWithUnusableName(String body, String description) {
        return event(body, MISSING_NAME, "a field has no usable name" + UNUSABLE, description);
    }

    static Stream<Arguments> events() {
        return Stream.of(
                event("", BAD_LENGTH, "type 0x84 cut short: 20 bytes, needs 21 at least", "cut short before its kind"),
                event(
                        "02 04 62 6F 62",
                        BAD_LENGTH,
                        "type 0x84 cut short: 25 bytes, needs 26 at least",
                        "a name's length runs past the end"),
                event(
                        "02 03 62 6F 62  00",
                        BAD_LENGTH,
                        "event of 26 bytes is longer than its 25-byte layout",
                        "JOINED with a trailing byte"),
                event(
                        "08 00",
                        BAD_LENGTH,
                        "event of 22 bytes is longer than its 21-byte layout",
                        "CLOSING with a trailing byte"),
                event(
                        "0A 01 00",
                        BAD_LENGTH,
                        "event of 23 bytes is longer than its 22-byte layout",
                        "NOT_RELAYED with a trailing byte"),
                event("0A 00", BAD_FIELD, "unknown text problem 0", "NOT_RELAYED for problem 0"),
                event("0A 06", BAD_FIELD, "unknown text problem 6", "NOT_RELAYED for problem 6"),
                event("0A FF", BAD_FIELD, "unknown text problem 255", "NOT_RELAYED for problem 255"),
                eventWithUnusableName("01 00 68 69", "SAID by a name of length 0"),
                eventWithUnusableName("02 00", "JOINED by a name of length 0"),
                eventWithUnusableName("03 00", "LEFT by a name of length 0"),
                eventWithUnusableName("04 00", "TIMED_OUT of a name of length 0"),
                eventWithUnusableName("05 00", "KICKED: a name of length 0"),
                eventWithUnusableName("06 00", "DROPPED: a name of length 0"),
                eventWithUnusableName("05 00 72 65", "KICKED with a reason: a name of length 0"),
                eventWithUnusableName("02 04 62 6F 62 20", "JOINED: a name before a space"),
                eventWithUnusableName("02 03 62 00 62", "JOINED: a NUL in the name"),
                eventWithUnusableName("01 04 62 6F 62 00  68 69", "SAID: a NUL after the name"),
                eventWithUnusableName("0B 05 6C 6F 00 62 79  00 00 00 01", "YOU_ARE_IN: a NUL in the room"),
                eventWithUnusableName("0C 00 00 00 01  03 64 00 76  00 00 00 01", "ROOM_LIST: a NUL in a room"),
                eventWithUnusableName("0D 05 6C 6F 62 62 79  00 00 00 01  03 62 00 62", "MEMBER_LIST: a NUL in a name"),
                eventWithUnusableName("0E 03 62 00 62  68 69", "PRIVATE_FROM: a NUL in the name"),
                eventWithUnusableName("11 03 62 6F 62  03 72 00 62", "RENAMED: a NUL in the new name"),
                eventWithUnusableName("0B 00  00 00 00 01", "YOU_ARE_IN: a room of length 0"),
                eventWithUnusableName("0C 00 00 00 01  00  00 00 00 01", "ROOM_LIST: a room of length 0"),
                eventWithUnusableName("0D 00  00 00 00 00", "MEMBER_LIST: a room of length 0"),
                eventWithUnusableName("0D 05 6C 6F 62 62 79  00 00 00 01  00", "MEMBER_LIST: a name of length 0"),
                eventWithUnusableName("0E 00 68 69", "PRIVATE_FROM: a name of length 0"),
                eventWithUnusableName("0F 00 68 69", "PRIVATE_TO: a name of length 0"),
                eventWithUnusableName("10 00 68 69", "ACTED: a name of length 0"),
                eventWithUnusableName("11 00  03 72 6F 62", "RENAMED: an old name of length 0"),
                eventWithUnusableName("11 03 62 6F 62  00", "RENAMED: a new name of length 0"),
                event("01 03 62 6F 62", MISSING_TEXT, "SAID has no text", "SAID without text"),
                event("07", MISSING_TEXT, "ANNOUNCED has no text", "ANNOUNCED without text"),
                event("0E 03 62 6F 62", MISSING_TEXT, "PRIVATE_FROM has no text", "PRIVATE_FROM without text"),
                event("0F 03 62 6F 62", MISSING_TEXT, "PRIVATE_TO has no text", "PRIVATE_TO without text"),
                event("10 03 62 6F 62", MISSING_TEXT, "ACTED has no text", "ACTED without text"),
                event("00 03 62 6F 62", UNKNOWN_TYPE, "unknown event kind 0", "kind 0"),
                event(
                        "00",
                        UNKNOWN_TYPE,
                        "unknown event kind 0",
                        "kind 0 alone: no kind, not one this side does not know"),
                event(
                        "0B 05 6C 6F 62 62 79  00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 29 bytes, needs 31 at least",
                        "YOU_ARE_IN cut short in its member count"),
                event(
                        "0B 05 6C 6F 62 62 79  00 00 00 01  00",
                        BAD_LENGTH,
                        "event of 32 bytes is longer than its 31-byte layout",
                        "YOU_ARE_IN with a trailing byte"),
                event(
                        "0C 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 23 bytes, needs 25 at least",
                        "ROOM_LIST cut short in its total"),
                event(
                        "0C 00 00 00 01  05 6C 6F 62 62 79  00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 33 bytes, needs 35 at least",
                        "ROOM_LIST cut short in the count of an entry"),
                event(
                        "0C 00 00 00 01  05 6C 6F 62 62 79",
                        BAD_LENGTH,
                        "type 0x84 cut short: 31 bytes, needs 35 at least",
                        "ROOM_LIST: an entry without its count"),
                event(
                        "0C 00 00 00 01  09 6C 6F 62 62 79",
                        BAD_LENGTH,
                        "type 0x84 cut short: 31 bytes, needs 35 at least",
                        "ROOM_LIST: a room's length runs past the end"),
                event(
                        "0C 00 00 00 01  05 6C 6F 62 62 79  00 00 00 02  03 64 65 76  00 00 00 01",
                        BAD_FIELD,
                        "2 rooms listed of 1",
                        "ROOM_LIST lists more rooms than its total"),
                event(
                        "0C 00 00 00 00  05 6C 6F 62 62 79  00 00 00 02",
                        BAD_FIELD,
                        "1 rooms listed of 0",
                        "ROOM_LIST of no rooms in all lists one"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 30 bytes, needs 31 at least",
                        "MEMBER_LIST cut short in its total"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00 02  05 62 6F 62",
                        BAD_LENGTH,
                        "type 0x84 cut short: 35 bytes, needs 37 at least",
                        "MEMBER_LIST: a name's length runs past the end"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00 01  03 62 6F 62  05 61 6C 69 63 65",
                        BAD_FIELD,
                        "2 names listed of 1",
                        "MEMBER_LIST lists more names than its total"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00 00  03 62 6F 62",
                        BAD_FIELD,
                        "1 names listed of 0",
                        "MEMBER_LIST of no members in all lists one"),
                event(
                        "11 03 62 6F 62  03 72 6F 62  00",
                        BAD_LENGTH,
                        "event of 30 bytes is longer than its 29-byte layout",
                        "RENAMED with a trailing byte"),
                event(
                        "11 03 62 6F 62  03 72 6F 62  68 69",
                        BAD_LENGTH,
                        "event of 31 bytes is longer than its 29-byte layout",
                        "RENAMED with a trailing text"),
                event(
                        "11 03 62 6F 62  03 72 6F 62  03 62 6F 62",
                        BAD_LENGTH,
                        "event of 33 bytes is longer than its 29-byte layout",
                        "RENAMED with a third name"),
                event(
                        "11 03 62 6F 62",
                        BAD_LENGTH,
                        "type 0x84 cut short: 25 bytes, needs 26 at least",
                        "RENAMED without its new name"),
                event("12 00 00 00 00 00", BAD_FIELD, "unknown failure 0", "FAILED for failure 0"),
                event(
                        "12 0E 00 00 00 00",
                        BAD_FIELD,
                        "unknown failure 14",
                        "FAILED for failure 14, one past the last: a new failure needs a new client"),
                event("12 7F 00 00 00 00", BAD_FIELD, "unknown failure 127", "FAILED for failure 127"),
                event("12 FF 00 00 00 00", BAD_FIELD, "unknown failure 255", "FAILED for failure 255"),
                event(
                        "12",
                        BAD_LENGTH,
                        "type 0x84 cut short: 21 bytes, needs 22 at least",
                        "FAILED cut short before its code"),
                event(
                        "12 04 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 24 bytes, needs 26 at least",
                        "FAILED cut short in its limit"),
                event(
                        "13 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 23 bytes, needs 25 at least",
                        "MUTED cut short in its minutes"),
                event(
                        "13 00 00 00 0A  00",
                        BAD_LENGTH,
                        "event of 26 bytes is longer than its 25-byte layout",
                        "MUTED with a trailing byte"),
                event(
                        "14 00",
                        BAD_LENGTH,
                        "event of 22 bytes is longer than its 21-byte layout",
                        "UNMUTED with a trailing byte"),
                event(
                        "1F 00",
                        BAD_LENGTH,
                        "event of 22 bytes is longer than its 21-byte layout",
                        "TAKES_LINE_IDS with a trailing byte"),
                event("02 02 62 80", NOT_UTF8, "not valid UTF-8 at byte 23", "JOINED: a lone continuation byte"),
                event("01 01 62  E4 BD", NOT_UTF8, "not valid UTF-8 at byte 23", "SAID: a text cut short"),
                event("07 F4 90 80 80", NOT_UTF8, "not valid UTF-8 at byte 21", "ANNOUNCED: over U+10FFFF"),
                event("05 01 62  80", NOT_UTF8, "not valid UTF-8 at byte 23", "KICKED: a lone continuation byte"),
                event("09 C3", NOT_UTF8, "not valid UTF-8 at byte 21", "YOU_WERE_KICKED: a reason cut short"),
                event("0B 02 62 80  00 00 00 01", NOT_UTF8, "not valid UTF-8 at byte 23", "YOU_ARE_IN: the room"),
                event(
                        "0C 00 00 00 01  02 62 80  00 00 00 01",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 27",
                        "ROOM_LIST: a room"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00 01  02 62 80",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 33",
                        "MEMBER_LIST: a name"),
                event(
                        "0D 05 6C 6F 62 62 79  00 00 00 01  03 62 FF 62",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 33",
                        "MEMBER_LIST: an FF byte inside a name, counted from the datagram's start"),
                event("0E 03 62 6F 62  E4 BD", NOT_UTF8, "not valid UTF-8 at byte 25", "PRIVATE_FROM: the text"),
                event("10 03 62 6F 62  FF", NOT_UTF8, "not valid UTF-8 at byte 25", "ACTED: the text"),
                event("11 03 62 6F 62  02 62 80", NOT_UTF8, "not valid UTF-8 at byte 27", "RENAMED: the new name"),
                event("12 01 00 00 00 00  62 C0 AF", NOT_UTF8, "not valid UTF-8 at byte 27", "FAILED: the subject"),
                event(
                        "15",
                        BAD_LENGTH,
                        "type 0x84 cut short: 21 bytes, needs 25 at least",
                        "MANY_JOINED cut short before its total"),
                event(
                        "15 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 23 bytes, needs 25 at least",
                        "MANY_JOINED cut short in its total"),
                event(
                        "15 00 00 00 02  05 62 6F 62",
                        BAD_LENGTH,
                        "type 0x84 cut short: 29 bytes, needs 31 at least",
                        "MANY_JOINED: a name's length runs past the end"),
                event(
                        "15 00 00 00 02  03 62 6F 62  01",
                        BAD_LENGTH,
                        "type 0x84 cut short: 30 bytes, needs 31 at least",
                        "MANY_JOINED with a trailing byte: a name's length with no name after it"),
                event(
                        "15 00 00 00 01  03 62 6F 62  05 61 6C 69 63 65",
                        BAD_FIELD,
                        "2 names listed of 1",
                        "MANY_JOINED names more than its total"),
                event(
                        "15 00 00 00 00  03 62 6F 62",
                        BAD_FIELD,
                        "1 names listed of 0",
                        "MANY_JOINED of nobody names one"),
                eventWithUnusableName(
                        "15 00 00 00 02  03 62 6F 62  00", "MANY_JOINED with a trailing 00: a name of length 0"),
                eventWithUnusableName("15 00 00 00 01  03 62 00 62", "MANY_JOINED: a NUL in a name"),
                eventWithUnusableName("15 00 00 00 01  04 62 6F 62 20", "MANY_JOINED: a name before a space"),
                event(
                        "15 00 00 00 01  02 62 80",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 27",
                        "MANY_JOINED: a lone continuation byte in a name"),
                event(
                        "16 00 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 24 bytes, needs 25 at least",
                        "MANY_LEFT cut short in its total"),
                event(
                        "16 00 00 00 01  04 62 6F 62",
                        BAD_LENGTH,
                        "type 0x84 cut short: 29 bytes, needs 30 at least",
                        "MANY_LEFT: a name's length runs past the end"),
                event(
                        "16 00 00 00 01  03 62 6F 62  03 62 6F 62",
                        BAD_FIELD,
                        "2 names listed of 1",
                        "MANY_LEFT names more than its total"),
                eventWithUnusableName("16 00 00 00 01  00", "MANY_LEFT: a name of length 0"),
                event(
                        "16 00 00 00 01  03 62 FF 62",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 27",
                        "MANY_LEFT: an FF byte inside a name"),
                event(
                        "17",
                        BAD_LENGTH,
                        "type 0x84 cut short: 21 bytes, needs 25 at least",
                        "SLOWED_DOWN without its rate"),
                event(
                        "17 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 23 bytes, needs 25 at least",
                        "SLOWED_DOWN cut short in its rate"),
                event(
                        "17 00 00 00 02  00",
                        BAD_LENGTH,
                        "event of 26 bytes is longer than its 25-byte layout",
                        "SLOWED_DOWN with a trailing byte"),
                event(
                        "17 00 00 00 02  00 00 00 03",
                        BAD_LENGTH,
                        "event of 29 bytes is longer than its 25-byte layout",
                        "SLOWED_DOWN with a second rate"),
                event(
                        "18  05 61 6C 69 63 65",
                        BAD_LENGTH,
                        "type 0x84 cut short: 27 bytes, needs 28 at least",
                        "WENT without its room"),
                eventWithUnusableName("18  05 61 6C 69 63 65  00", "WENT: a room of length 0"),
                event(
                        "18  01 61  01 62  00",
                        BAD_LENGTH,
                        "event of 26 bytes is longer than its 25-byte layout",
                        "WENT with a trailing byte"),
                event(
                        "19  01 61",
                        BAD_LENGTH,
                        "type 0x84 cut short: 23 bytes, needs 24 at least",
                        "CAME without its room"),
                event("19  01 61  01 FF", NOT_UTF8, "not valid UTF-8 at byte 24", "CAME: an FF byte in the room"),
                event("1A  01 61", MISSING_TEXT, "ANNOUNCED_TO_ROOM has no text", "ANNOUNCED_TO_ROOM without its text"),
                event(
                        "1B  01 61  00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 25 bytes, needs 27 at least",
                        "BANNED cut short in its minutes"),
                event(
                        "1C  00 00 00 05  00",
                        BAD_LENGTH,
                        "event of 26 bytes is longer than its 25-byte layout",
                        "YOU_WERE_BANNED with a trailing byte"),
                event(
                        "1D  00 00 00 01  00 00 00 00 00 00 00 01",
                        BAD_LENGTH,
                        "type 0x84 cut short: 33 bytes, needs 34 at least",
                        "HISTORY without the event it holds"),
                event(
                        "1D  00 00 00 01  00 00 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 29 bytes, needs 33 at least",
                        "HISTORY cut short in its time"),
                event(
                        "1D  00 00 00 01  00 00 00 00 00 00 00 01  1D 00 00 00 01 00 00 00 00 00 00 00 01  08",
                        BAD_FIELD,
                        "a history event holds a history event",
                        "HISTORY in a HISTORY"),
                event(
                        "1D  00 00 00 01  80 00 00 00 00 00 00 00  08",
                        BAD_FIELD,
                        "atMillis -9223372036854775808 is before 1970",
                        "HISTORY at a time before 1970 (the top bit of its u64 set)"),
                event(
                        "1D  00 00 00 01  00 00 00 00 00 00 00 01  01 03 62 6F 62",
                        MISSING_TEXT,
                        "SAID has no text",
                        "HISTORY of a SAID without its text"),
                event(
                        "1E  00 00 00",
                        BAD_LENGTH,
                        "type 0x84 cut short: 24 bytes, needs 25 at least",
                        "MISSED cut short in its count"),
                event(
                        "1E  00 00 00 01  20 61",
                        BAD_FIELD,
                        "name has surrounding whitespace: ' a'",
                        "MISSED of a room with a leading space"),
                event(
                        "1E  00 00 00 01  61 FF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 26",
                        "MISSED: an FF byte in the room"));
    }

    /** A REQUEST whose body is {@code body}. */
    private static Arguments request(
            String body, MalformedPacketException.Reason reason, String message, String description) {
        return rejection(REQUEST_HEADER + body, reason, message, description);
    }

    private static Arguments requestWithUnusableName(String body, String what, String description) {
        return request(body, MISSING_NAME, what + UNUSABLE, description);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                request(
                        "",
                        BAD_LENGTH,
                        "type 0x08 cut short: 20 bytes, needs 21 at least",
                        "cut short before its kind"),
                request("00 62 6F 62", UNKNOWN_TYPE, "unknown request kind 0", "kind 0"),
                request("07 62 6F 62", UNKNOWN_TYPE, "unknown request kind 7", "kind 7"),
                request("7F 62 6F 62", UNKNOWN_TYPE, "unknown request kind 127", "kind 127"),
                request("FF 62 6F 62", UNKNOWN_TYPE, "unknown request kind 255", "kind 255"),
                request(
                        "02 00",
                        BAD_LENGTH,
                        "LIST_ROOMS of 22 bytes is longer than its 21-byte layout",
                        "LIST_ROOMS with a trailing byte"),
                requestWithUnusableName("01", "JOIN_ROOM has no usable name", "JOIN_ROOM without a room"),
                requestWithUnusableName(
                        "01 20 6C 6F 62 62 79", "JOIN_ROOM has no usable name", "JOIN_ROOM: a room after a space"),
                requestWithUnusableName(
                        "01 6C 6F 62 62 79 20", "JOIN_ROOM has no usable name", "JOIN_ROOM: a room before a space"),
                requestWithUnusableName(
                        "01 6C 6F 62 62 79 0A", "JOIN_ROOM has no usable name", "JOIN_ROOM: a room before a newline"),
                requestWithUnusableName(
                        "01 E3 80 80 62", "JOIN_ROOM has no usable name", "JOIN_ROOM: an ideographic space first"),
                requestWithUnusableName("01 09", "JOIN_ROOM has no usable name", "JOIN_ROOM: a room of a tab"),
                requestWithUnusableName(
                        "01 6C 6F 00 62 62 79", "JOIN_ROOM has no usable name", "JOIN_ROOM: a NUL in the room"),
                requestWithUnusableName(
                        "01 6C 6F 62 62 79 00", "JOIN_ROOM has no usable name", "JOIN_ROOM: a NUL after the room"),
                requestWithUnusableName("01 00", "JOIN_ROOM has no usable name", "JOIN_ROOM: a room of a NUL"),
                requestWithUnusableName(
                        "01" + " 78".repeat(256), "JOIN_ROOM has no usable name", "JOIN_ROOM: a room over 255 bytes"),
                requestWithUnusableName("06", "NICK has no usable name", "NICK without a name"),
                requestWithUnusableName("06 62 00 62", "NICK has no usable name", "NICK: a NUL in the name"),
                requestWithUnusableName("06 62 6F 62 00", "NICK has no usable name", "NICK: a NUL after the name"),
                requestWithUnusableName("06 20 62 6F 62", "NICK has no usable name", "NICK: a name after a space"),
                requestWithUnusableName(
                        "06 62 6F 62 E3 80 80", "NICK has no usable name", "NICK: an ideographic space last"),
                requestWithUnusableName(
                        "06" + " E4 B8 AD".repeat(85) + " 78", "NICK has no usable name", "NICK: a name of 256 bytes"),
                requestWithUnusableName("03 20 62", "WHO has no usable room", "WHO: a room after a space"),
                requestWithUnusableName("03 62 20", "WHO has no usable room", "WHO: a room before a space"),
                requestWithUnusableName("03 00", "WHO has no usable room", "WHO: a room of a NUL"),
                requestWithUnusableName("03 62 00 62", "WHO has no usable room", "WHO: a NUL in the room"),
                requestWithUnusableName("03 0A", "WHO has no usable room", "WHO: a room of a newline"),
                requestWithUnusableName(
                        "03" + " 78".repeat(256), "WHO has no usable room", "WHO: a room over 255 bytes"),
                request("04 03 62 6F 62", MISSING_TEXT, "PRIVATE_MESSAGE has no text", "PRIVATE_MESSAGE without text"),
                requestWithUnusableName(
                        "04 00 68 69", "a field has no usable name", "PRIVATE_MESSAGE to a name of length 0"),
                requestWithUnusableName(
                        "04 03 62 00 62 68 69", "a field has no usable name", "PRIVATE_MESSAGE: a NUL in the name"),
                requestWithUnusableName(
                        "04 04 62 6F 62 20 68 69",
                        "a field has no usable name",
                        "PRIVATE_MESSAGE: a name before a space"),
                requestWithUnusableName(
                        "04 04 20 62 6F 62 68 69",
                        "a field has no usable name",
                        "PRIVATE_MESSAGE: a name after a space"),
                request(
                        "04 05 62 6F 62",
                        BAD_LENGTH,
                        "type 0x08 cut short: 25 bytes, needs 27 at least",
                        "PRIVATE_MESSAGE: a name's length runs past the end"),
                request(
                        "04",
                        BAD_LENGTH,
                        "type 0x08 cut short: 21 bytes, needs 22 at least",
                        "PRIVATE_MESSAGE cut short before its name's length"),
                request("05", MISSING_TEXT, "ACTION has no text", "ACTION without text"),
                request(
                        "05 FF 00 00 00 00 00 00 00 00  68 69",
                        BAD_FIELD,
                        "a line id of 0: a line without one has no mark",
                        "ACTION: a line id of 0"),
                request(
                        "05 FF 00 00 00 00 00 00 00 07",
                        MISSING_TEXT,
                        "ACTION has no text",
                        "ACTION: a line id, no text"),
                request("01 6C 6F FF", NOT_UTF8, "not valid UTF-8 at byte 23", "JOIN_ROOM: an FF byte"),
                request("03 E4 BD", NOT_UTF8, "not valid UTF-8 at byte 21", "WHO: a room cut short"),
                request(
                        "04 02 62 80  68 69",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 23",
                        "PRIVATE_MESSAGE: a lone continuation byte in the name"),
                request(
                        "04 03 62 6F 62  68 69 C3",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 27",
                        "PRIVATE_MESSAGE: a text cut short"),
                request("05 F4 90 80 80", NOT_UTF8, "not valid UTF-8 at byte 21", "ACTION: over U+10FFFF"),
                request(
                        "05 68 FF",
                        NOT_UTF8,
                        "not valid UTF-8 at byte 22",
                        "ACTION: an FF byte, counted from the datagram's start"),
                request("06 62 C0 AF", NOT_UTF8, "not valid UTF-8 at byte 22", "NICK: an overlong form"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource({"clientPackets", "requests"})
    void rejectsClientDatagram(
            String hexBytes, MalformedPacketException.Reason reason, String message, String description) {
        assertRejected(true, hexBytes, reason, message);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource({"serverPackets", "events"})
    void rejectsServerDatagram(
            String hexBytes, MalformedPacketException.Reason reason, String message, String description) {
        assertRejected(false, hexBytes, reason, message);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("clearClientPackets")
    void rejectsClientHandshake(
            String hexBytes, MalformedPacketException.Reason reason, String message, String description) {
        assertRejectedInClear(true, hexBytes, reason, message);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("clearServerPackets")
    void rejectsServerHandshake(
            String hexBytes, MalformedPacketException.Reason reason, String message, String description) {
        assertRejectedInClear(false, hexBytes, reason, message);
    }

    /** Types no packet has, of either side, in an otherwise well-formed session datagram. */
    static Stream<Arguments> unknownTypes() {
        return Stream.of(0x00, 0x09, 0x7F, 0x80, 0x89, 0xFF).flatMap(type -> {
            String datagram = String.format("FF AC 02 %02X ", type) + TOKEN_HEX + " 00 00 00 01  00 00 00 00  68 69";
            return Stream.of(
                    arguments(true, datagram, String.format("unknown client packet type 0x%02X", type)),
                    arguments(false, datagram, String.format("unknown server packet type 0x%02X", type)));
        });
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource
    void unknownTypes(boolean asClient, String hexBytes, String message) {
        assertRejected(asClient, hexBytes, UNKNOWN_TYPE, message);
    }

    @Test
    void everyCodeWithoutARowIsUnknown() {
        for (int code = 0; code < 256; code++) {
            String hex = String.format("%02X", code);
            if (code < 0x01 || code > 0x08) {
                assertRejected(true, "FF AC 02 " + hex, UNKNOWN_TYPE, "unknown client packet type 0x" + hex);
            }
            if (code < 0x81 || code > 0x88) {
                assertRejected(false, "FF AC 02 " + hex, UNKNOWN_TYPE, "unknown server packet type 0x" + hex);
            }
            if (code < 0x01 || code > 0x02) {
                assertRejectedInClear(
                        true,
                        "FF AC 02 " + hex,
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x" + hex + " from a client");
            }
            if ((code < 0x81 || code > 0x83) && code != 0x8A) {
                assertRejectedInClear(
                        false,
                        "FF AC 02 " + hex,
                        UNKNOWN_TYPE,
                        "unknown handshake packet type 0x" + hex + " from the server");
            }
            if (code == 0) {
                assertRejected(false, EVENT_HEADER + hex, UNKNOWN_TYPE, "unknown event kind 0");
            }
            if (code < 1 || code > 6) {
                assertRejected(true, REQUEST_HEADER + hex, UNKNOWN_TYPE, "unknown request kind " + code);
            }
        }
    }

    @Test
    void everyEventKindWithoutARowButZeroIsUnrecognizedNotRejected() throws MalformedPacketException {
        // A newer server's kinds: rejecting them would leave them unacknowledged, resent until the client is dropped.
        for (int kind = 32; kind < 256; kind++) {
            String hex = String.format("%02X", kind);
            assertEquals(
                    new NativeServerPacket.Event(NativeBytes.TOKEN, 1, 0, new RoomEvent.Unrecognized(kind)),
                    decode(false, hex(EVENT_HEADER + hex + " 03 62 6F 62")),
                    "kind " + kind);
        }
    }

    @ParameterizedTest
    @MethodSource("org.udpchat.codec.NativeCodecTest#serverPackets")
    void rejectsEveryServerPacketSentToTheServer(NativeServerPacket packet) {
        byte[] bytes = NativeCodec.encode(packet);

        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(true, bytes));

        assertEquals(UNKNOWN_TYPE, e.reason());
        assertEquals(String.format("unknown client packet type 0x%02X", bytes[3] & 0xFF), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.udpchat.codec.NativeCodecTest#clientPackets")
    void rejectsEveryClientPacketSentToTheClient(NativeClientPacket packet) {
        byte[] bytes = NativeCodec.encode(packet);

        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(false, bytes));

        assertEquals(UNKNOWN_TYPE, e.reason());
        assertEquals(String.format("unknown server packet type 0x%02X", bytes[3] & 0xFF), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("org.udpchat.codec.NativeCodecTest#clearServerPackets")
    void rejectsEveryClearServerPacketSentToTheServer(ClearServerPacket packet) {
        byte[] bytes = NativeCodec.encode(packet);

        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decodeClear(true, bytes));

        if (bytes[2] == NativeCodec.VERSION) {
            assertEquals(UNKNOWN_TYPE, e.reason());
            assertEquals(
                    String.format("unknown handshake packet type 0x%02X from a client", bytes[3] & 0xFF),
                    e.getMessage());
        } else {
            assertEquals(UNSUPPORTED_VERSION, e.reason(), "an UPGRADE in another version's framing");
        }
        assertThrows(MalformedPacketException.class, () -> decode(true, bytes), "nor is it a plain datagram");
    }

    @ParameterizedTest
    @MethodSource("org.udpchat.codec.NativeCodecTest#clearClientPackets")
    void rejectsEveryClearClientPacketSentToTheClient(ClearClientPacket packet) {
        byte[] bytes = NativeCodec.encode(packet);

        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decodeClear(false, bytes));

        assertEquals(UNKNOWN_TYPE, e.reason());
        assertEquals(
                String.format("unknown handshake packet type 0x%02X from the server", bytes[3] & 0xFF), e.getMessage());
        assertThrows(MalformedPacketException.class, () -> decode(false, bytes), "nor is it a plain datagram");
    }

    @ParameterizedTest
    @MethodSource("org.udpchat.codec.NativeCodecTest#clearClientPackets")
    void noHelloIsEverAPlainDatagramOfTheServers(ClearClientPacket packet) {
        // A HELLO has type 0x01, which no session datagram has; an INIT (0x02) may read as a LOGIN, which is
        // harmless: the server decodes plain datagrams only from what opened under a session's key.
        byte[] bytes = NativeCodec.encode(packet);
        if (packet instanceof ClearClientPacket.Hello) {
            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> decode(true, bytes));
            assertEquals("unknown client packet type 0x01", e.getMessage());
        }
    }

    private static void assertRejectedInClear(
            boolean asClient, String hexBytes, MalformedPacketException.Reason reason, String message) {
        MalformedPacketException e =
                assertThrows(MalformedPacketException.class, () -> decodeClear(asClient, hex(hexBytes)), hexBytes);

        assertEquals(reason, e.reason(), hexBytes);
        assertEquals(message, e.getMessage(), hexBytes);
    }

    private static void assertRejected(
            boolean asClient, String hexBytes, MalformedPacketException.Reason reason, String message) {
        MalformedPacketException e =
                assertThrows(MalformedPacketException.class, () -> decode(asClient, hex(hexBytes)), hexBytes);

        assertEquals(reason, e.reason(), hexBytes);
        assertEquals(message, e.getMessage(), hexBytes);
    }
}
