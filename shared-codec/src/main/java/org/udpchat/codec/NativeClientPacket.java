package org.udpchat.codec;

import java.util.Objects;

/**
 * A native datagram a client sends. Layouts are in {@link NativeCodec}; the tags keep the classic
 * letters' names: {@link Login}, {@link Chat}, {@link Quit}.
 */
public sealed interface NativeClientPacket extends Packet
        permits NativeClientPacket.Hello,
                NativeClientPacket.Login,
                NativeClientPacket.Chat,
                NativeClientPacket.Quit,
                NativeClientPacket.Ack,
                NativeClientPacket.Ping,
                NativeClientPacket.PathResponse,
                NativeClientPacket.Request {

    /** The session token, or 0 for the packets sent before there is one. */
    long token();

    /**
     * Asks for a cookie. {@code nonce} is the client's, echoed in the answer, so that an answer it did not
     * ask for is known as such. Padded with zeros to {@code size} bytes, at least
     * {@link NativeCodec#HELLO_BYTES}, so that the server's answer is never larger than the question.
     */
    record Hello(long nonce, int size) implements NativeClientPacket {
        public Hello {
            if (size < NativeCodec.HELLO_BYTES || size > Limits.MAX_NATIVE_DATAGRAM_BYTES) {
                throw new IllegalArgumentException("size " + size + " is not in " + NativeCodec.HELLO_BYTES + ".."
                        + Limits.MAX_NATIVE_DATAGRAM_BYTES);
            }
        }

        /** A hello with no nonce (0): answers to it cannot be told from forgeries. */
        public Hello(int size) {
            this(0, size);
        }

        @Override
        public long token() {
            return 0;
        }
    }

    /**
     * Joins as {@code name}, echoing the server's {@code cookie}. {@code previousToken}, when not 0, is the
     * token of this client's earlier session: presenting it takes the name back from that session.
     * {@code room} is the room to start in; empty for the server's default. {@code nonce}, the client's, is
     * echoed in the answer.
     */
    record Login(Cookie cookie, long previousToken, long nonce, String name, String room)
            implements NativeClientPacket {
        public Login {
            Objects.requireNonNull(cookie, "cookie == null");
            FieldChecks.requireNativeName(name);
            FieldChecks.requireOptionalName(room, "room");
            FieldChecks.requireNativeFits(
                    NativeCodec.PREAMBLE_BYTES
                            + Cookie.BYTES
                            + 16
                            + Utf8.encodedLength(name)
                            + 1
                            + Utf8.encodedLength(room),
                    "login");
        }

        /** A login with no nonce (0). */
        public Login(Cookie cookie, long previousToken, String name, String room) {
            this(cookie, previousToken, 0, name, room);
        }

        /** A login with no nonce (0) to the server's default room. */
        public Login(Cookie cookie, long previousToken, String name) {
            this(cookie, previousToken, 0, name, "");
        }

        @Override
        public long token() {
            return 0;
        }
    }

    /** Says {@code text}: reliable message number {@code seq}; acknowledges server events up to {@code ack}. */
    record Chat(long token, long seq, long ack, String text) implements NativeClientPacket {
        public Chat {
            FieldChecks.requireReliableHeader(token, seq, ack);
            FieldChecks.requireText(text);
            FieldChecks.requireNativeFits(NativeCodec.SESSION_HEADER_BYTES + Utf8.encodedLength(text), "chat");
        }
    }

    /** Leaves the room: reliable message number {@code seq}. */
    record Quit(long token, long seq, long ack) implements NativeClientPacket {
        public Quit {
            FieldChecks.requireReliableHeader(token, seq, ack);
        }
    }

    /** Acknowledges every server event up to and including {@code ack}. */
    record Ack(long token, long ack) implements NativeClientPacket {
        public Ack {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /** "Still here": sent when the client has been quiet; the server answers with a pong. */
    record Ping(long token, long ack) implements NativeClientPacket {
        public Ping {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /** Asks for {@code request}: reliable message number {@code seq}, in order with the chat. */
    record Request(long token, long seq, long ack, RoomRequest request) implements NativeClientPacket {
        public Request {
            FieldChecks.requireReliableHeader(token, seq, ack);
            Objects.requireNonNull(request, "request == null");
            FieldChecks.requireNativeFits(NativeCodec.SESSION_HEADER_BYTES + RequestCodec.length(request), "request");
        }
    }

    /** Answers a path challenge from the client's (new) address, echoing its {@code nonce}. */
    record PathResponse(long token, long nonce) implements NativeClientPacket {
        public PathResponse {
            FieldChecks.requireToken(token);
        }
    }
}
