package org.udpchat.codec;

import java.util.Objects;

/**
 * A native message a client sends within a session, sealed on the wire (see {@code SealedDatagram}); the
 * handshake before it is a {@link ClearClientPacket}. Layouts are in {@link NativeCodec}; the tags keep the
 * classic letters' names: {@link Login}, {@link Chat}, {@link Quit}.
 */
public sealed interface NativeClientPacket extends Packet
        permits NativeClientPacket.Login,
                NativeClientPacket.Chat,
                NativeClientPacket.Quit,
                NativeClientPacket.Ack,
                NativeClientPacket.Ping,
                NativeClientPacket.PathResponse,
                NativeClientPacket.Request {

    /** The session token, or 0 in a LOGIN, which the sealed datagram around it routes. */
    long token();

    /**
     * Joins as {@code name}, the first message sealed under a new handshake's keys. {@code previousToken},
     * when not 0, is the token of this client's earlier session, and {@code proof} the resumption secret
     * that session's WELCOME gave: both together take the session (or, once it expired, what it missed)
     * back; the token alone is refused. {@code room} is the room to start in; empty for the server's default.
     */
    record Login(long previousToken, ResumptionSecret proof, String name, String room) implements NativeClientPacket {
        public Login {
            Objects.requireNonNull(proof, "proof == null");
            if ((previousToken == 0) != proof.isNone()) {
                throw new IllegalArgumentException(
                        "a previous token goes with its resumption secret, and none without");
            }
            FieldChecks.requireNativeName(name);
            FieldChecks.requireOptionalName(room, "room");
            FieldChecks.requireNativeFits(
                    NativeCodec.PREAMBLE_BYTES
                            + 8
                            + ResumptionSecret.BYTES
                            + Utf8.encodedLength(name)
                            + 1
                            + Utf8.encodedLength(room),
                    "login");
        }

        /** A first login, with no earlier session, into {@code room} (empty: the server's default). */
        public Login(String name, String room) {
            this(0, ResumptionSecret.NONE, name, room);
        }

        /** A first login into the server's default room. */
        public Login(String name) {
            this(0, ResumptionSecret.NONE, name, "");
        }

        @Override
        public long token() {
            return 0;
        }
    }

    /**
     * Says {@code text}: reliable message number {@code seq}; acknowledges server events up to {@code ack}.
     * {@code lineId}, when not {@link LineId#NONE}, is the id the client gave this line and keeps when it says
     * the line again at another node of a cluster, so that the room takes it once (see {@link LineId}).
     */
    record Chat(long token, long seq, long ack, String text, long lineId) implements NativeClientPacket {
        public Chat {
            FieldChecks.requireReliableHeader(token, seq, ack);
            FieldChecks.requireText(text);
            FieldChecks.requireNativeFits(
                    NativeCodec.SESSION_HEADER_BYTES + LineId.length(lineId) + Utf8.encodedLength(text), "chat");
        }

        /** A line without an id: the room takes it as often as it is said. */
        public Chat(long token, long seq, long ack, String text) {
            this(token, seq, ack, text, LineId.NONE);
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
