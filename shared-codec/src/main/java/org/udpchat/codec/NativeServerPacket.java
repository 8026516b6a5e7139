package org.udpchat.codec;

import java.util.Objects;

/**
 * A native message the server sends within a session, sealed on the wire; the handshake before it is a
 * {@link ClearServerPacket}. Layouts are in {@link NativeCodec}.
 */
public sealed interface NativeServerPacket extends Packet
        permits NativeServerPacket.Welcome,
                NativeServerPacket.Refused,
                NativeServerPacket.Event,
                NativeServerPacket.Ack,
                NativeServerPacket.Pong,
                NativeServerPacket.PathChallenge,
                NativeServerPacket.Ended {

    /** The session's token, or 0 in a REFUSED, which the sealed datagram around it routes. */
    long token();

    /**
     * The login was accepted: {@code token} names the session in every later datagram (it is the token the
     * handshake gave); the member is {@code name} in {@code room}. {@code resumption} is what the client
     * shows, sealed, to take this session back later. {@code resumed}: the login's previous session goes on
     * (its numbering both ways, everything in flight), rather than a new one starting at 1.
     */
    record Welcome(long token, ResumptionSecret resumption, boolean resumed, String name, String room)
            implements NativeServerPacket {
        public Welcome {
            FieldChecks.requireToken(token);
            Objects.requireNonNull(resumption, "resumption == null");
            if (resumption.isNone()) {
                throw new IllegalArgumentException("a welcome gives a resumption secret");
            }
            FieldChecks.requireNativeName(name);
            FieldChecks.requireOptionalName(room, "room");
        }
    }

    /**
     * The login was refused for {@code reason}; {@code limit} is the limit hit, or 0. {@code subject} is the
     * name a {@link RefusalReason#NAME_LOOKS_LIKE} login looks like, and empty for every other reason (and
     * for a look-alike of the administrator, or when the name would make the refusal larger than the login
     * it answers).
     */
    record Refused(RefusalReason reason, long limit, String subject) implements NativeServerPacket {
        public Refused {
            Objects.requireNonNull(reason, "reason == null");
            FieldChecks.requireUnsigned32(limit, "limit");
            FieldChecks.requireOptionalName(subject, "subject");
            if (!subject.isEmpty() && reason != RefusalReason.NAME_LOOKS_LIKE) {
                throw new IllegalArgumentException("only a NAME_LOOKS_LIKE refusal has a subject, not " + reason);
            }
        }

        /** A refusal with no subject. */
        public Refused(RefusalReason reason, long limit) {
            this(reason, limit, "");
        }

        @Override
        public long token() {
            return 0;
        }
    }

    /** Reliable event number {@code seq} of this session; acknowledges client messages up to {@code ack}. */
    record Event(long token, long seq, long ack, RoomEvent event) implements NativeServerPacket {
        public Event {
            FieldChecks.requireReliableHeader(token, seq, ack);
            Objects.requireNonNull(event, "event == null");
            FieldChecks.requireNativeFits(NativeCodec.SESSION_HEADER_BYTES + EventCodec.length(event), "event");
        }
    }

    /** Acknowledges every client message up to and including {@code ack}. */
    record Ack(long token, long ack) implements NativeServerPacket {
        public Ack {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /** The answer to a ping. */
    record Pong(long token, long ack) implements NativeServerPacket {
        public Pong {
            FieldChecks.requireUnsequencedHeader(token, ack);
        }
    }

    /**
     * The session's datagrams came from a new address: prove you receive there by echoing {@code nonce}
     * from it. Until then, the server keeps sending to the old address.
     */
    record PathChallenge(long token, long nonce) implements NativeServerPacket {
        public PathChallenge {
            FieldChecks.requireToken(token);
        }
    }

    /** This token's session has ended, for {@code reason}. */
    record Ended(long token, EndReason reason) implements NativeServerPacket {
        public Ended {
            FieldChecks.requireToken(token);
            Objects.requireNonNull(reason, "reason == null");
        }
    }
}
